import { VIEW_NAME_MAX } from '@followthrough/shared/constants';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { errorMessage, isApiError } from '../../api/client';
import { directoryQueries } from '../../api/directory';
import { useSignedInPerson } from '../../app/use-signed-in-person';
import { FormField } from '../../components/form-field';

/**
 * The teams this person may share a view with: the ones they lead, or every team for an admin.
 * Only what to offer; the API decides (and refuses anyone else with 403).
 */
export function useShareTeams(): { id: string; name: string }[] {
  const person = useSignedInPerson();
  const isAdmin = person.role === 'admin';
  const all = useQuery({ ...directoryQueries.teams(), enabled: isAdmin });
  if (isAdmin) return all.data ?? person.teams;
  return person.teams.filter((t) => t.isLead);
}

export interface ViewFormValues {
  name: string;
  /** '' keeps the view to its owner. */
  teamId: string;
}

type Errors = Partial<Record<'name' | 'sharedWithTeamId', string>>;

/** A view's name and who else sees it: for saving a new view and for changing one. */
export function ViewForm({
  idPrefix,
  initial,
  submitLabel,
  pendingLabel,
  onSubmit,
  onCancel,
  children,
}: {
  idPrefix: string;
  initial: ViewFormValues;
  submitLabel: string;
  pendingLabel: string;
  onSubmit: (values: ViewFormValues) => Promise<unknown>;
  onCancel: () => void;
  children?: React.ReactNode;
}) {
  const teams = useShareTeams();
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const nameRef = useRef<HTMLInputElement>(null);
  // A view already shared with a team its owner no longer leads keeps that choice on offer.
  const teamChoices =
    initial.teamId && !teams.some((t) => t.id === initial.teamId)
      ? [...teams, { id: initial.teamId, name: 'Its team (as now)' }]
      : teams;

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    if (pending) return;
    const name = values.name.trim();
    if (!name) {
      setErrors({ name: 'Give the view a name' });
      nameRef.current?.focus();
      return;
    }
    setErrors({});
    setFormError(null);
    setPending(true);
    try {
      await onSubmit({ ...values, name });
    } catch (error) {
      const fields = isApiError(error) ? error.fieldErrors() : {};
      const known: Errors = {
        ...(fields.name ? { name: fields.name } : {}),
        ...(fields.sharedWithTeamId ? { sharedWithTeamId: fields.sharedWithTeamId } : {}),
      };
      if (Object.keys(known).length > 0) {
        setErrors(known);
        if (known.name) nameRef.current?.focus();
      } else {
        setFormError(errorMessage(error));
      }
    } finally {
      setPending(false);
    }
  }

  return (
    <form className="form view-form" noValidate onSubmit={handleSubmit}>
      {children}
      {formError ? (
        <div className="notice notice-error" role="alert">
          <p>{formError}</p>
        </div>
      ) : null}
      <FormField id={`${idPrefix}-name`} label="Name" error={errors.name}>
        {(control) => (
          <input
            {...control}
            ref={nameRef}
            type="text"
            name="name"
            required
            maxLength={VIEW_NAME_MAX}
            autoComplete="off"
            value={values.name}
            onChange={(event) => setValues((v) => ({ ...v, name: event.target.value }))}
          />
        )}
      </FormField>
      {teamChoices.length > 0 ? (
        <FormField
          id={`${idPrefix}-team`}
          label="Share with team"
          optional
          hint="Its members see the view and its count in their navigation; only you can change it."
          error={errors.sharedWithTeamId}
        >
          {(control) => (
            <select
              {...control}
              name="sharedWithTeamId"
              value={values.teamId}
              onChange={(event) => setValues((v) => ({ ...v, teamId: event.target.value }))}
            >
              <option value="">Only me</option>
              {teamChoices.map((team) => (
                <option key={team.id} value={team.id}>
                  {team.name}
                </option>
              ))}
            </select>
          )}
        </FormField>
      ) : null}
      <div className="form-actions">
        <button
          type="submit"
          className="button button-primary"
          aria-disabled={pending || undefined}
        >
          {pending ? pendingLabel : submitLabel}
        </button>
        <button type="button" className="button button-quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
