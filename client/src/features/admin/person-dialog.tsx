import {
  createPersonBody,
  type Person,
  type Role,
  roles,
  type Team,
  updatePersonBody,
} from '@followthrough/shared';
import { type FormEvent, useState } from 'react';
import { type CreatedPerson, useCreatePerson, useUpdatePerson } from '../../api/admin';
import { ActionDialog } from '../../components/actions/action-dialog';
import { FormField } from '../../components/form-field';
import {
  type FieldErrors,
  focusFirstError,
  hasFieldErrors,
  roleHints,
  roleLabels,
  sameIds,
  serverErrors,
  validate,
} from './admin-forms';
import { InviteLink, useFocusOnOpen, WriteError } from './admin-ui';

type SignIn = 'invite' | 'password';

interface Values {
  name: string;
  email: string;
  role: Role;
  teamIds: string[];
  signIn: SignIn;
  password: string;
}

const fields = ['name', 'email', 'role', 'teamIds', 'password'] as const;
const fieldId = (field: string) => `person-${field}`;

/** The body of an add: the password only when the admin chose to set one. */
function createBody(values: Values) {
  return {
    name: values.name,
    email: values.email.trim(),
    role: values.role,
    teamIds: values.teamIds,
    ...(values.signIn === 'password' ? { password: values.password } : {}),
  };
}

/** The body of an edit: only what changed. */
function updateBody(person: Person, values: Values) {
  const body: Record<string, unknown> = {};
  if (values.name.trim() !== person.name) body.name = values.name;
  if (values.email.trim() !== person.email) body.email = values.email.trim();
  if (values.role !== person.role) body.role = values.role;
  if (!sameIds(values.teamIds, person.teamIds)) body.teamIds = values.teamIds;
  return body;
}

/** Checks an add with the contract's schema. */
export const validateNewPerson = (values: Values) => validate(createPersonBody, createBody(values));

/** Checks an edit with the contract's schema; nothing changed is not an error, just nothing to send. */
export function validatePersonChange(person: Person, values: Values) {
  const body = updateBody(person, values);
  if (Object.keys(body).length === 0) return { data: null, errors: {} as FieldErrors };
  return validate(updatePersonBody, body);
}

const errorsOf = (person: Person | null, values: Values) =>
  person ? validatePersonChange(person, values).errors : validateNewPerson(values).errors;

/**
 * Adds a person (with a password, or an invite link shown to copy) or edits one:
 * name, email, role and teams.
 */
export function PersonDialog({
  person,
  teams,
  opener,
  onClose,
  onDone,
}: {
  /** Null: a new person. */
  person: Person | null;
  teams: readonly Team[];
  opener: HTMLElement | null;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const [values, setValues] = useState<Values>({
    name: person?.name ?? '',
    email: person?.email ?? '',
    role: person?.role ?? 'staff',
    teamIds: person?.teamIds ?? [],
    signIn: 'invite',
    password: '',
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [submitted, setSubmitted] = useState(false);
  const [created, setCreated] = useState<CreatedPerson | null>(null);
  const create = useCreatePerson();
  const update = useUpdatePerson();
  const write = person ? update : create;
  useFocusOnOpen(fieldId('name'));

  function change(next: Values) {
    setValues(next);
    // Once a submit has shown errors, keep them true as the person types.
    if (submitted) setErrors(errorsOf(person, next));
  }

  function refused(error: unknown) {
    const found = serverErrors(error);
    setErrors(found);
    focusFirstError(found, fields, fieldId);
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (write.isPending) return;
    setSubmitted(true);
    if (person) {
      const checked = validatePersonChange(person, values);
      setErrors(checked.errors);
      if (checked.data === undefined) {
        focusFirstError(checked.errors, fields, fieldId);
      } else if (checked.data === null) {
        onClose();
      } else {
        update.mutate(
          { id: person.id, body: checked.data },
          { onSuccess: (saved) => onDone(`${saved.name} was saved.`), onError: refused },
        );
      }
      return;
    }
    const checked = validateNewPerson(values);
    setErrors(checked.errors);
    if (!checked.data) {
      focusFirstError(checked.errors, fields, fieldId);
      return;
    }
    create.mutate(checked.data, {
      onSuccess: (saved) => {
        if (saved.inviteUrl) setCreated(saved);
        else onDone(`${saved.name} was added and can sign in with the password you set.`);
      },
      onError: refused,
    });
  }

  const generalError = write.isError && !hasFieldErrors(errors, fields) ? write.error : null;

  if (created?.inviteUrl) {
    const finish = () => onDone(`${created.name} was added. Their invite link works for 7 days.`);
    return (
      <ActionDialog
        id="person-dialog"
        title={`${created.name} was added`}
        onClose={finish}
        returnFocus={opener}
      >
        <InviteLink name={created.name} url={created.inviteUrl} />
        <div className="form-actions">
          <button type="button" className="button button-secondary" onClick={finish}>
            Done
          </button>
        </div>
      </ActionDialog>
    );
  }

  return (
    <ActionDialog
      id="person-dialog"
      title={person ? `Edit ${person.name}` : 'Add a person'}
      onClose={onClose}
      returnFocus={opener}
    >
      <form className="form" noValidate onSubmit={handleSubmit}>
        {generalError ? (
          <WriteError
            title={person ? 'The changes were not saved' : 'The person was not added'}
            error={generalError}
          />
        ) : null}
        <FormField id={fieldId('name')} label="Name" error={errors.name}>
          {(control) => (
            <input
              {...control}
              type="text"
              autoComplete="off"
              value={values.name}
              onChange={(e) => change({ ...values, name: e.target.value })}
            />
          )}
        </FormField>
        <FormField id={fieldId('email')} label="Email" error={errors.email}>
          {(control) => (
            <input
              {...control}
              type="email"
              autoComplete="off"
              spellCheck={false}
              value={values.email}
              onChange={(e) => change({ ...values, email: e.target.value })}
            />
          )}
        </FormField>
        <FormField
          id={fieldId('role')}
          label="Role"
          error={errors.role}
          hint={roleHints[values.role]}
          hintAfter
        >
          {(control) => (
            <select
              {...control}
              value={values.role}
              onChange={(e) => change({ ...values, role: e.target.value as Role })}
            >
              {roles.map((r) => (
                <option key={r} value={r}>
                  {roleLabels[r]}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <fieldset
          className={errors.teamIds ? 'field choice-group field-invalid' : 'field choice-group'}
          aria-describedby={errors.teamIds ? `${fieldId('teamIds')}-error` : undefined}
        >
          <legend className="field-label">
            Teams<span className="field-optional"> (optional)</span>
          </legend>
          {teams.length === 0 ? <p className="field-hint">There are no teams yet.</p> : null}
          <div className="check-grid">
            {teams.map((team, i) => (
              <label key={team.id} className="check">
                <input
                  id={i === 0 ? fieldId('teamIds') : undefined}
                  type="checkbox"
                  checked={values.teamIds.includes(team.id)}
                  onChange={(e) =>
                    change({
                      ...values,
                      teamIds: e.target.checked
                        ? [...values.teamIds, team.id]
                        : values.teamIds.filter((id) => id !== team.id),
                    })
                  }
                />
                <span>{team.name}</span>
              </label>
            ))}
          </div>
          {errors.teamIds ? (
            <p className="field-error" id={`${fieldId('teamIds')}-error`}>
              {errors.teamIds}
            </p>
          ) : null}
        </fieldset>
        {person ? null : (
          <fieldset className="field choice-group">
            <legend className="field-label">How they sign in</legend>
            {(
              [
                [
                  'invite',
                  'Send an invite link',
                  'You get a link to copy and send them; with it they choose their own password.',
                ],
                ['password', 'Set a password now', 'Tell them the password yourself.'],
              ] as const
            ).map(([value, label, hint]) => (
              <label key={value} className="choice">
                <input
                  type="radio"
                  name="person-sign-in"
                  value={value}
                  checked={values.signIn === value}
                  onChange={() => change({ ...values, signIn: value })}
                />
                <span>
                  <span className="choice-label">{label}</span>
                  <span className="choice-hint">{hint}</span>
                </span>
              </label>
            ))}
          </fieldset>
        )}
        {!person && values.signIn === 'password' ? (
          <FormField
            id={fieldId('password')}
            label="Password"
            hint="At least 12 characters."
            error={errors.password}
          >
            {(control) => (
              <input
                {...control}
                type="password"
                autoComplete="new-password"
                value={values.password}
                onChange={(e) => change({ ...values, password: e.target.value })}
              />
            )}
          </FormField>
        ) : null}
        <div className="form-actions">
          <button
            type="submit"
            className="button button-primary"
            aria-disabled={write.isPending || undefined}
          >
            {write.isPending ? 'Saving…' : person ? 'Save changes' : 'Add person'}
          </button>
          <button type="button" className="button button-quiet" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </ActionDialog>
  );
}
