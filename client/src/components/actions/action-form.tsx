import type { Handoff, RequestDetail } from '@followthrough/shared';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { type ApiError, errorMessage, isApiError } from '../../api/client';
import type { RequestRef } from '../../api/requests';
import { ratingLabels } from '../../lib/labels';
import { toLocalInput } from '../../lib/time';
import { FormField } from '../form-field';
import { PeoplePicker } from '../people-picker';
import {
  type ActionSpec,
  type Errors,
  type FieldSpec,
  loadBodySchemas,
  loadedBodySchemas,
  type Values,
  validateAction,
} from './action-specs';
import { formDrafts, useHeldChange, useHoldRequest } from './held-changes';
import { actionOf, type ConflictAttempt, isConflict, useRequestChange } from './use-request-change';

const ratings = ['1', '2', '3', '4', '5'] as const;

/** What the person wrote in the form's text fields, for saying what is kept. */
function writtenText(spec: ActionSpec, values: Values): string {
  return spec.fields
    .filter((f) => f.kind === 'text' || f.kind === 'textarea')
    .filter((f) => (values[f.name] ?? '') !== (spec.initial?.[f.name] ?? ''))
    .map((f) => (values[f.name] ?? '').trim())
    .filter((v) => v !== '')
    .join(' · ');
}

function blankValues(spec: ActionSpec): Values {
  const values: Values = {};
  for (const field of spec.fields) values[field.name] = '';
  return { ...values, ...spec.initial };
}

function RatingField({
  id,
  field,
  value,
  error,
  onChange,
}: {
  id: string;
  field: FieldSpec;
  value: string;
  error: string | undefined;
  onChange: (value: string) => void;
}) {
  const errorId = error ? `${id}-error` : undefined;
  return (
    <fieldset
      className={error ? 'field field-invalid rating' : 'field rating'}
      aria-describedby={errorId}
    >
      <legend className="field-label">
        {field.label}
        {field.optional ? <span className="field-optional"> (optional)</span> : null}
      </legend>
      <div className="rating-options">
        {ratings.map((r) => (
          <label key={r} className="rating-option">
            <input
              type="radio"
              name={id}
              value={r}
              checked={value === r}
              onChange={() => onChange(r)}
            />
            <span>
              {r} – {ratingLabels[Number(r) as 1 | 2 | 3 | 4 | 5]}
            </span>
          </label>
        ))}
        {field.optional ? (
          <label className="rating-option">
            <input
              type="radio"
              name={id}
              value=""
              checked={value === ''}
              onChange={() => onChange('')}
            />
            <span>No rating</span>
          </label>
        ) : null}
      </div>
      {error ? (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

function Field({
  id,
  field,
  value,
  error,
  onChange,
}: {
  id: string;
  field: FieldSpec;
  value: string;
  error: string | undefined;
  onChange: (value: string) => void;
}) {
  if (field.kind === 'rating') {
    return <RatingField id={id} field={field} value={value} error={error} onChange={onChange} />;
  }
  return (
    <FormField
      id={id}
      label={field.label}
      hint={field.hint}
      error={error}
      optional={field.optional ?? false}
    >
      {(control) =>
        field.kind === 'textarea' ? (
          <textarea
            {...control}
            name={field.name}
            rows={field.rows ?? 3}
            value={value}
            onChange={(e) => onChange(e.target.value)}
          />
        ) : field.kind === 'select' ? (
          <select
            {...control}
            name={field.name}
            value={value}
            onChange={(e) => onChange(e.target.value)}
          >
            {field.placeholder !== undefined ? <option value="">{field.placeholder}</option> : null}
            {(field.options ?? []).map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        ) : field.kind === 'person' ? (
          <PeoplePicker
            {...control}
            name={field.name}
            label={field.label}
            value={value}
            onChange={onChange}
            {...(field.include ? { include: field.include } : {})}
            {...(field.placeholder !== undefined ? { placeholder: field.placeholder } : {})}
          />
        ) : field.kind === 'datetime' ? (
          <input
            {...control}
            name={field.name}
            type="datetime-local"
            min={toLocalInput(new Date())}
            value={value}
            onChange={(e) => onChange(e.target.value)}
          />
        ) : (
          <input
            {...control}
            name={field.name}
            type="text"
            autoComplete="off"
            value={value}
            onChange={(e) => onChange(e.target.value)}
          />
        )
      }
    </FormField>
  );
}

/** Said in the form when the request changed while it was open, with a way to see how. */
function ChangedNotice({ onShow }: { onShow: () => void }) {
  return (
    <div className="notice notice-warn changed-notice" role="status">
      <p>
        This request changed while you were working on it — review the latest before you submit.
        What you typed is kept.
      </p>
      <button type="button" className="link-button" onClick={onShow}>
        Show the latest
      </button>
    </div>
  );
}

/**
 * One action's form: inline validation from the shared body schema, the change
 * sent with If-Match, the server's field errors shown by their fields. A 409 or
 * 412 is handed to `onConflict`, which reloads the request and says what happened;
 * what was typed stays in the form, or, when the form closes because the request's new
 * state no longer allows it, comes back when it is opened again.
 * While open (or, for an always-shown form, once something is typed) live changes
 * to the request wait for the person to ask for them.
 */
export function ActionForm({
  spec,
  request,
  idPrefix,
  onDone,
  onCancel,
  onConflict,
  autoFocus = true,
  holdWhile = 'open',
}: {
  spec: ActionSpec;
  request: RequestRef;
  idPrefix: string;
  onDone: (message: string, result: RequestDetail | Handoff) => void;
  onCancel?: () => void;
  onConflict: (error: ApiError, attempt: ConflictAttempt) => void | Promise<void>;
  autoFocus?: boolean;
  /** `typed`: a form that is always on the page holds changes only once it has content. */
  holdWhile?: 'open' | 'typed';
}) {
  const [values, setValues] = useState<Values>(
    () => formDrafts.get(request.id, spec.key) ?? blankValues(spec),
  );
  const typed = Object.entries(values).some(
    ([name, value]) => value !== (spec.initial?.[name] ?? ''),
  );
  useHoldRequest(request, holdWhile === 'open' || typed);
  const held = useHeldChange(request);
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitted, setSubmitted] = useState(false);
  /** The last submit was refused because the request had changed; the form is still allowed. */
  const [refused, setRefused] = useState(false);
  const formErrorRef = useRef<HTMLDivElement>(null);
  const change = useRequestChange();
  // Set while a first submit waits for the body schemas, so a second click sends nothing.
  const checking = useRef(false);
  const fieldId = (name: string) => `${idPrefix}-${name}`;

  // The field itself, or for a radio group its checked choice (as Tab would), else its first.
  const focusField = (name: string) => {
    const el =
      document.getElementById(fieldId(name)) ??
      document.querySelector<HTMLInputElement>(`input[name="${fieldId(name)}"]:checked`) ??
      document.querySelector<HTMLInputElement>(`input[name="${fieldId(name)}"]`);
    el?.focus();
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: focus once, when the form opens
  useEffect(() => {
    const first = spec.fields[0];
    if (autoFocus && first) focusField(first.name);
  }, []);

  useEffect(() => {
    if (formError) formErrorRef.current?.focus();
  }, [formError]);

  function update(name: string, value: string) {
    const next = { ...values, [name]: value };
    setValues(next);
    // Once a submit has shown errors, keep them true as the person types.
    const schemas = loadedBodySchemas();
    if (submitted && schemas) setErrors(validateAction(spec, next, schemas).errors);
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (change.isPending || checking.current) return;
    let schemas = loadedBodySchemas();
    if (!schemas) {
      checking.current = true;
      try {
        schemas = await loadBodySchemas();
      } catch {
        setFormError('This form could not be checked. Reload the page and try again.');
        return;
      } finally {
        checking.current = false;
      }
    }
    setSubmitted(true);
    setRefused(false);
    const checked = validateAction(spec, values, schemas);
    setErrors(checked.errors);
    setFormError(checked.formError ?? null);
    if (checked.body === undefined) {
      const first = spec.fields.find((f) => checked.errors[f.name]);
      if (first) focusField(first.name);
      return;
    }
    const sent = spec.change(checked.body as never);
    try {
      const result = await change.mutateAsync({
        ref: { id: request.id, key: request.key, version: request.version },
        change: sent,
      });
      formDrafts.forget(request.id, spec.key);
      onDone(spec.done(result), result);
    } catch (error) {
      if (isConflict(error)) {
        formDrafts.keep(request.id, spec.key, values);
        setRefused(true);
        await onConflict(error, {
          action: actionOf(sent),
          label: spec.title,
          typed: writtenText(spec, values),
          version: request.version,
        });
        return;
      }
      if (isApiError(error) && error.status === 400) {
        const fromServer = error.fieldErrors();
        const known = spec.fields.filter((f) => fromServer[f.name]);
        if (known.length > 0) {
          setErrors(Object.fromEntries(known.map((f) => [f.name, fromServer[f.name]!])));
          focusField(known[0]!.name);
          return;
        }
      }
      setFormError(errorMessage(error));
    }
  }

  const pending = change.isPending;
  return (
    <form
      className="form action-form"
      noValidate
      onSubmit={handleSubmit}
      // The checks load as the person starts on the form, ready by the time they send it.
      onFocus={() => void loadBodySchemas().catch(() => {})}
    >
      {spec.intro ? <p className="action-intro">{spec.intro}</p> : null}
      {held.newer ? (
        <ChangedNotice
          onShow={() => {
            void held.show();
            // The notice goes once the latest is in; the person carries on where they type.
            const first = spec.fields[0];
            if (first) focusField(first.name);
          }}
        />
      ) : null}
      {refused && !held.newer ? (
        <p className="notice notice-warn refused-notice">
          Not sent: the request had changed. What you typed is kept; check the latest, then{' '}
          {spec.submit.toLowerCase()} again.
        </p>
      ) : null}
      {formError ? (
        <div className="notice notice-error" role="alert" tabIndex={-1} ref={formErrorRef}>
          <p>{formError}</p>
        </div>
      ) : null}
      {spec.fields.map((field) => (
        <Field
          key={field.name}
          id={fieldId(field.name)}
          field={field}
          value={values[field.name] ?? ''}
          error={errors[field.name]}
          onChange={(value) => update(field.name, value)}
        />
      ))}
      <div className="form-actions">
        <button
          type="submit"
          className={spec.tone === 'danger' ? 'button button-danger' : 'button button-primary'}
          aria-disabled={pending || undefined}
        >
          {pending ? spec.pending : spec.submit}
        </button>
        {onCancel ? (
          <button
            type="button"
            className="button button-quiet"
            onClick={() => {
              // Closing the form on purpose lets go of what was kept from a refusal.
              formDrafts.forget(request.id, spec.key);
              onCancel();
            }}
          >
            {spec.dismiss ?? 'Cancel'}
          </button>
        ) : null}
      </div>
    </form>
  );
}
