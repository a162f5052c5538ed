import { createTeamBody, type Person, type Team, updateTeamBody } from '@followthrough/shared';
import { type FormEvent, useRef, useState } from 'react';
import { useCreateTeam, useUpdateTeam } from '../../api/admin';
import { ActionDialog } from '../../components/actions/action-dialog';
import { FormField } from '../../components/form-field';
import { PeoplePicker } from '../../components/people-picker';
import {
  type FieldErrors,
  focusFirstError,
  hasFieldErrors,
  sameIds,
  serverErrors,
  validate,
} from './admin-forms';
import { useFocusOnOpen, WriteError } from './admin-ui';

interface Values {
  name: string;
  memberIds: string[];
  leadIds: string[];
}

const fields = ['name', 'memberIds', 'leadIds'] as const;
const fieldId = (field: string) => (field === 'name' ? 'team-name' : 'team-members');

function updateBody(team: Team, values: Values) {
  const body: Record<string, unknown> = {};
  if (values.name.trim() !== team.name) body.name = values.name;
  if (!sameIds(values.memberIds, team.memberIds)) body.memberIds = values.memberIds;
  if (!sameIds(values.leadIds, team.leadIds)) body.leadIds = values.leadIds;
  return body;
}

/** Checks a new team with the contract's schema. */
export const validateNewTeam = (values: Values) => validate(createTeamBody, values);

/** Checks a team's change; nothing changed is nothing to send. */
export function validateTeamChange(team: Team, values: Values) {
  const body = updateBody(team, values);
  if (Object.keys(body).length === 0) return { data: null, errors: {} as FieldErrors };
  return validate(updateTeamBody, body);
}

/**
 * The server names a person by their place in the list sent (`leadIds.2`): say who it is.
 * Messages about the lists are shown once, with the people picker.
 */
function pickerError(errors: FieldErrors, sent: Values | null, people: readonly Person[]) {
  for (const list of ['leadIds', 'memberIds'] as const) {
    const key = Object.keys(errors).find((k) => k.startsWith(`${list}.`));
    if (key && sent) {
      const id = sent[list][Number(key.split('.')[1])];
      const who = people.find((p) => p.id === id)?.name;
      return who ? `${who}: ${errors[key]}` : errors[key];
    }
    if (errors[list]) return errors[list];
  }
  return undefined;
}

/**
 * Who is in the team and who leads it: people are added one by one with the picker, and
 * each one listed has Member and Lead. Checking Lead makes them a member too, and
 * unchecking Member stops them leading: a lead must be a member.
 */
function MembersPicker({
  people,
  values,
  error,
  onChange,
}: {
  /** Who is listed: the team's people as it was, and anyone added since. */
  people: readonly Person[];
  values: Values;
  error: string | undefined;
  onChange: (next: Values) => void;
}) {
  const [added, setAdded] = useState('');
  const errorId = error ? 'team-members-error' : undefined;
  const members = new Set(values.memberIds);
  const leads = new Set(values.leadIds);
  const listed = new Set(people.map((p) => p.id));

  const setMember = (id: string, on: boolean) =>
    onChange({
      ...values,
      memberIds: on ? [...values.memberIds, id] : values.memberIds.filter((m) => m !== id),
      leadIds: on ? values.leadIds : values.leadIds.filter((l) => l !== id),
    });
  const setLead = (id: string, on: boolean) =>
    onChange({
      ...values,
      memberIds: on && !members.has(id) ? [...values.memberIds, id] : values.memberIds,
      leadIds: on ? [...values.leadIds, id] : values.leadIds.filter((l) => l !== id),
    });

  return (
    <fieldset
      className={error ? 'field choice-group field-invalid' : 'field choice-group'}
      aria-describedby={errorId}
    >
      <legend className="field-label">Members and leads</legend>
      <p className="field-hint">
        Leads review the team’s stalled requests and read its figures; a lead is always a member.{' '}
        {members.size === 1 ? '1 member' : `${members.size} members`},{' '}
        {leads.size === 1 ? '1 lead' : `${leads.size} leads`}.
      </p>
      <FormField
        id="team-add-person"
        label="Add a person"
        hint="Type a name, email or team; they join as a member."
      >
        {(control) => (
          <PeoplePicker
            {...control}
            label="Add a person"
            value=""
            include={(p) => !listed.has(p.id)}
            onChange={(id) => {
              if (id === '') return;
              setAdded(id);
              onChange({ ...values, memberIds: [...values.memberIds, id] });
            }}
          />
        )}
      </FormField>
      <output className="visually-hidden">
        {added ? `${people.find((p) => p.id === added)?.name ?? 'They'} added as a member.` : ''}
      </output>
      <ul className="member-list">
        {people.map((person, i) => (
          <li key={person.id}>
            <fieldset className="member-row" aria-label={person.name}>
              <span className="member-name">
                {person.name}
                {person.active ? null : <span className="muted"> (deactivated)</span>}
              </span>
              <label className="member-check">
                <input
                  id={i === 0 ? 'team-members' : undefined}
                  type="checkbox"
                  checked={members.has(person.id)}
                  onChange={(e) => setMember(person.id, e.target.checked)}
                />
                Member
              </label>
              <label className="member-check">
                <input
                  type="checkbox"
                  checked={leads.has(person.id)}
                  onChange={(e) => setLead(person.id, e.target.checked)}
                />
                Lead
              </label>
            </fieldset>
          </li>
        ))}
        {people.length === 0 ? <li className="muted">Nobody yet.</li> : null}
      </ul>
      {error ? (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

/** Adds a team, or renames one and changes who is in it and who leads it. */
export function TeamDialog({
  team,
  people,
  opener,
  onClose,
  onDone,
}: {
  /** Null: a new team. */
  team: Team | null;
  people: readonly Person[];
  opener: HTMLElement | null;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const [values, setValues] = useState<Values>({
    name: team?.name ?? '',
    memberIds: team?.memberIds ?? [],
    leadIds: team?.leadIds ?? [],
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [submitted, setSubmitted] = useState(false);
  const sent = useRef<Values | null>(null);
  const create = useCreateTeam();
  const update = useUpdateTeam();
  const write = team ? update : create;
  useFocusOnOpen('team-name');
  /** Listed with Member and Lead: the team as it was (deactivated members too, so saving
   * drops nobody unseen), and whoever was added since, even once unchecked again. */
  const [listedIds, setListedIds] = useState<readonly string[]>(() => team?.memberIds ?? []);
  const listed = people.filter((p) => listedIds.includes(p.id));

  const errorsOf = (next: Values) =>
    team ? validateTeamChange(team, next).errors : validateNewTeam(next).errors;

  function change(next: Values) {
    const added = next.memberIds.filter((id) => !listedIds.includes(id));
    if (added.length > 0) setListedIds([...listedIds, ...added]);
    setValues(next);
    if (submitted) setErrors(errorsOf(next));
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
    sent.current = values;
    if (team) {
      const checked = validateTeamChange(team, values);
      setErrors(checked.errors);
      if (checked.data === undefined) focusFirstError(checked.errors, fields, fieldId);
      else if (checked.data === null) onClose();
      else
        update.mutate(
          { id: team.id, body: checked.data },
          { onSuccess: (saved) => onDone(`${saved.name} was saved.`), onError: refused },
        );
      return;
    }
    const checked = validateNewTeam(values);
    setErrors(checked.errors);
    if (!checked.data) {
      focusFirstError(checked.errors, fields, fieldId);
      return;
    }
    create.mutate(checked.data, {
      onSuccess: (saved) => onDone(`${saved.name} was added.`),
      onError: refused,
    });
  }

  const generalError = write.isError && !hasFieldErrors(errors, fields) ? write.error : null;

  return (
    <ActionDialog
      id="team-dialog"
      title={team ? `Edit ${team.name}` : 'Add a team'}
      onClose={onClose}
      returnFocus={opener}
    >
      <form className="form" noValidate onSubmit={handleSubmit}>
        {generalError ? (
          <WriteError
            title={team ? 'The changes were not saved' : 'The team was not added'}
            error={generalError}
          />
        ) : null}
        <FormField id="team-name" label="Name" error={errors.name}>
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
        <MembersPicker
          people={listed}
          values={values}
          error={pickerError(errors, sent.current, people)}
          onChange={change}
        />
        <div className="form-actions">
          <button
            type="submit"
            className="button button-primary"
            aria-disabled={write.isPending || undefined}
          >
            {write.isPending ? 'Saving…' : team ? 'Save changes' : 'Add team'}
          </button>
          <button type="button" className="button button-quiet" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </ActionDialog>
  );
}
