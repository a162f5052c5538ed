import { type OrganisationSettings, updateSettingsBody } from '@followthrough/shared';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { adminQueries, useUpdateSettings } from '../../api/admin';
import { FormField } from '../../components/form-field';
import { PageHeader } from '../../components/page-header';
import { ErrorState, LoadingState } from '../../components/states';
import {
  type FieldErrors,
  focusFirstError,
  hasFieldErrors,
  serverErrors,
  validate,
} from './admin-forms';
import { FlashRegion, useFlash, WriteError } from './admin-ui';

interface Values {
  organisationName: string;
  autoConfirmDays: string;
  reopenWindowDays: string;
}

const fields = ['organisationName', 'autoConfirmDays', 'reopenWindowDays'] as const;
const fieldId = (field: string) => `settings-${field}`;

/** A whole number as typed, or the text itself so the schema says what is wrong with it. */
const asNumber = (text: string): number | string =>
  /^\s*-?\d+\s*$/.test(text) ? Number(text) : text;

const valuesOf = (s: OrganisationSettings): Values => ({
  organisationName: s.organisationName,
  autoConfirmDays: String(s.autoConfirmDays),
  reopenWindowDays: String(s.reopenWindowDays),
});

/** Kinder words than "expected number, received string" for what is not a whole number. */
const notWhole = 'Enter a whole number of days';

/** Checks the changed settings with the contract's schema; nothing changed is nothing to send. */
export function validateSettings(current: OrganisationSettings, values: Values) {
  const body: Record<string, unknown> = {};
  if (values.organisationName.trim() !== current.organisationName) {
    body.organisationName = values.organisationName;
  }
  for (const key of ['autoConfirmDays', 'reopenWindowDays'] as const) {
    const value = asNumber(values[key]);
    if (value !== current[key]) body[key] = value;
  }
  if (Object.keys(body).length === 0) return { data: null, errors: {} as FieldErrors };
  const checked = validate(updateSettingsBody, body);
  for (const key of ['autoConfirmDays', 'reopenWindowDays'] as const) {
    if (checked.errors[key] && typeof body[key] === 'string') checked.errors[key] = notWhole;
  }
  return checked;
}

function SettingsForm({ current }: { current: OrganisationSettings }) {
  const [values, setValues] = useState<Values>(() => valuesOf(current));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [submitted, setSubmitted] = useState(false);
  const save = useUpdateSettings();
  const { flash, say, clear } = useFlash();

  function change(next: Values) {
    setValues(next);
    if (submitted) setErrors(validateSettings(current, next).errors);
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (save.isPending) return;
    setSubmitted(true);
    const checked = validateSettings(current, values);
    setErrors(checked.errors);
    if (checked.data === undefined) {
      focusFirstError(checked.errors, fields, fieldId);
      return;
    }
    if (checked.data === null) {
      say('Nothing has changed.');
      return;
    }
    save.mutate(checked.data, {
      onSuccess: (saved) => {
        setValues(valuesOf(saved));
        setSubmitted(false);
        say('The settings were saved. They apply at once.');
      },
      onError: (error) => {
        const found = serverErrors(error);
        setErrors(found);
        focusFirstError(found, fields, fieldId);
      },
    });
  }

  const generalError = save.isError && !hasFieldErrors(errors, fields) ? save.error : null;

  return (
    <>
      <FlashRegion flash={flash} onDismiss={clear} />
      <form className="form card settings-form" noValidate onSubmit={handleSubmit}>
        {generalError ? (
          <WriteError title="The settings were not saved" error={generalError} />
        ) : null}
        <FormField
          id={fieldId('organisationName')}
          label="Organisation name"
          error={errors.organisationName}
        >
          {(control) => (
            <input
              {...control}
              type="text"
              autoComplete="organization"
              value={values.organisationName}
              onChange={(e) => change({ ...values, organisationName: e.target.value })}
            />
          )}
        </FormField>
        <div className="form-row">
          <FormField
            id={fieldId('autoConfirmDays')}
            label="Confirm automatically after (days)"
            hint="A resolved request that its requester neither confirms nor reopens closes by itself after this many days: 1 to 365."
            error={errors.autoConfirmDays}
          >
            {(control) => (
              <input
                {...control}
                type="text"
                inputMode="numeric"
                autoComplete="off"
                value={values.autoConfirmDays}
                onChange={(e) => change({ ...values, autoConfirmDays: e.target.value })}
              />
            )}
          </FormField>
          <FormField
            id={fieldId('reopenWindowDays')}
            label="Reopen window (days)"
            hint="How many days after a request closes its requester may still reopen it: 0 (not once it is closed) to 3650."
            error={errors.reopenWindowDays}
          >
            {(control) => (
              <input
                {...control}
                type="text"
                inputMode="numeric"
                autoComplete="off"
                value={values.reopenWindowDays}
                onChange={(e) => change({ ...values, reopenWindowDays: e.target.value })}
              />
            )}
          </FormField>
        </div>
        <div className="form-actions">
          <button
            type="submit"
            className="button button-primary"
            aria-disabled={save.isPending || undefined}
          >
            {save.isPending ? 'Saving…' : 'Save settings'}
          </button>
        </div>
      </form>
    </>
  );
}

/** Admin › Settings: the organisation's name and how long outcomes wait. */
export function SettingsPage() {
  const settings = useQuery(adminQueries.settings());
  return (
    <div className="page-narrow">
      <PageHeader title="Settings" documentTitle="Settings · Admin" eyebrow="Admin">
        <p>Changes apply at once.</p>
      </PageHeader>
      {settings.isPending ? (
        <LoadingState label="Loading the settings…" lines={3} />
      ) : settings.isError ? (
        <ErrorState
          title="The settings could not be loaded"
          error={settings.error}
          onRetry={() => settings.refetch()}
        />
      ) : (
        <SettingsForm current={settings.data} />
      )}
    </div>
  );
}
