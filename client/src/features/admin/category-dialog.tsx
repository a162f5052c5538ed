import {
  type Category,
  createCategoryBody,
  type Person,
  type Priority,
  type Team,
  updateCategoryBody,
} from '@followthrough/shared';
import { type FormEvent, useRef, useState } from 'react';
import { useCreateCategory, useUpdateCategory } from '../../api/admin';
import { ActionDialog } from '../../components/actions/action-dialog';
import { FormField } from '../../components/form-field';
import { PeoplePicker } from '../../components/people-picker';
import { priorityLabels } from '../../lib/labels';
import {
  type FieldErrors,
  focusFirstError,
  hasFieldErrors,
  serverErrors,
  validate,
} from './admin-forms';
import { useFocusOnOpen, WriteError } from './admin-ui';
import {
  type Amount,
  formatTarget,
  type Measure,
  measureHints,
  measureLabels,
  measures,
  specDefaults,
  targetPriorities,
  targetsByPriority,
  toAmount,
  toMinutes,
  type Unit,
  units,
} from './targets';

type TargetValues = Record<Priority, Record<Measure, Amount>>;

interface Values {
  name: string;
  teamId: string;
  defaultOwnerId: string;
  active: boolean;
  targets: TargetValues;
}

type Times = Record<Priority, Record<Measure, number>>;

const targetKey = (priority: Priority, measure: Measure) => `targets.${priority}.${measure}`;
const targetId = (priority: Priority, measure: Measure) => `category-${priority}-${measure}`;

/** Field keys in screen order, so the first error gets focus. */
const fields = [
  'name',
  'teamId',
  'defaultOwnerId',
  'targets',
  ...targetPriorities.flatMap((p) => measures.map((m) => targetKey(p, m))),
];
const fieldId = (field: string) => {
  const [, priority, measure] = field.split('.');
  if (priority && measure) return targetId(priority as Priority, measure as Measure);
  // The list as a whole: its first time.
  return field === 'targets' ? targetId('urgent', 'ownWithinMinutes') : `category-${field}`;
};

function amountsOf(times: Times): TargetValues {
  const out = {} as TargetValues;
  for (const p of targetPriorities) {
    out[p] = {} as Record<Measure, Amount>;
    for (const m of measures) out[p][m] = toAmount(times[p][m]);
  }
  return out;
}

/** The priorities whose times differ from where the form started, as the API takes them. */
function changedTargets(start: Times, values: Values) {
  return targetPriorities.flatMap((priority) => {
    const times = Object.fromEntries(
      measures.map((m) => [m, toMinutes(values.targets[priority][m])]),
    ) as Record<Measure, number>;
    const same = measures.every((m) => times[m] === start[priority][m]);
    return same ? [] : [{ priority, ...times }];
  });
}

/** The body of a create or a change, with the priorities it sends in order. */
function bodyOf(category: Category | null, start: Times, values: Values) {
  const targets = changedTargets(start, values);
  const body: Record<string, unknown> = {};
  if (!category || values.name.trim() !== category.name) body.name = values.name;
  if (!category || values.teamId !== category.teamId) body.teamId = values.teamId;
  const owner = values.defaultOwnerId || null;
  if (category ? owner !== category.defaultOwnerId : owner) body.defaultOwnerId = owner;
  if (!category) body.active = values.active;
  if (targets.length > 0) body.targets = targets;
  return { body, sent: targets.map((t) => t.priority) };
}

/**
 * Errors by the form's keys: a target's is named by its priority (the API names it by its
 * place in the list sent), in words a person can act on.
 */
function formErrors(errors: FieldErrors, sent: readonly Priority[]): FieldErrors {
  const out: FieldErrors = {};
  for (const [path, message] of Object.entries(errors)) {
    const [field, index, measure] = path.split('.');
    if (field !== 'targets') {
      if (!path.includes('.')) out[path] = message;
      continue;
    }
    const priority = sent[Number(index)];
    if (priority && measure && (measures as readonly string[]).includes(measure)) {
      out[targetKey(priority, measure as Measure)] = 'Enter a time of at least a minute';
    }
  }
  // About the list as a whole, or a time the form cannot place: said above the targets.
  const placed = Object.keys(out).some((k) => k.startsWith('targets.'));
  if (errors.targets && !placed) out.targets = errors.targets;
  return out;
}

/** The schema's words for an empty choice are "Invalid UUID": say what to do instead. */
function kinder(errors: FieldErrors, values: Values): FieldErrors {
  if (errors.teamId && values.teamId === '') errors.teamId = 'Choose the team it routes to';
  return errors;
}

/** Checks a new category with the contract's schema. */
export function validateNewCategory(start: Times, values: Values) {
  const { body, sent } = bodyOf(null, start, values);
  const checked = validate(createCategoryBody, body);
  return { data: checked.data, errors: kinder(formErrors(checked.errors, sent), values), sent };
}

/** Checks a category's change; nothing changed is nothing to send. */
export function validateCategoryChange(category: Category, start: Times, values: Values) {
  const { body, sent } = bodyOf(category, start, values);
  if (Object.keys(body).length === 0) return { data: null, errors: {} as FieldErrors, sent };
  const checked = validate(updateCategoryBody, body);
  return { data: checked.data, errors: kinder(formErrors(checked.errors, sent), values), sent };
}

function DurationInput({
  priority,
  measure,
  value,
  error,
  onChange,
}: {
  priority: Priority;
  measure: Measure;
  value: Amount;
  error: string | undefined;
  onChange: (next: Amount) => void;
}) {
  const id = targetId(priority, measure);
  const errorId = error ? `${id}-error` : undefined;
  const minutes = toMinutes(value);
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label className="field-label" htmlFor={id}>
        {measureLabels[measure]}
      </label>
      <div className="duration">
        <input
          id={id}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          value={value.amount}
          aria-invalid={error ? true : undefined}
          aria-describedby={[`${id}-hint`, errorId].filter(Boolean).join(' ')}
          onChange={(e) => onChange({ ...value, amount: e.target.value })}
        />
        <select
          aria-label={`${measureLabels[measure]}: unit`}
          value={value.unit}
          onChange={(e) => onChange({ ...value, unit: e.target.value as Unit })}
        >
          {units.map((u) => (
            <option key={u} value={u}>
              {u}
            </option>
          ))}
        </select>
      </div>
      <p className="field-hint" id={`${id}-hint`}>
        {Number.isFinite(minutes) && minutes > 0
          ? `${formatTarget(minutes)}: ${measureHints[measure]}`
          : measureHints[measure]}
      </p>
      {error ? (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

/**
 * Adds a category or changes one: its name, the team it routes to, the person new
 * requests are offered to, and its service targets in hours and days.
 */
export function CategoryDialog({
  category,
  teams,
  people,
  opener,
  onClose,
  onDone,
}: {
  /** Null: a new category. */
  category: Category | null;
  teams: readonly Team[];
  people: readonly Person[];
  opener: HTMLElement | null;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const start = useRef<Times>(
    category ? targetsByPriority(category.targets) : { ...specDefaults },
  ).current;
  const [values, setValues] = useState<Values>(() => ({
    name: category?.name ?? '',
    teamId: category?.teamId ?? '',
    defaultOwnerId: category?.defaultOwnerId ?? '',
    active: category?.active ?? true,
    targets: amountsOf(start),
  }));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [submitted, setSubmitted] = useState(false);
  const sent = useRef<readonly Priority[]>([]);
  const create = useCreateCategory();
  const update = useUpdateCategory();
  const write = category ? update : create;
  useFocusOnOpen('category-name');

  function change(next: Values) {
    setValues(next);
    if (submitted) {
      setErrors(
        category
          ? validateCategoryChange(category, start, next).errors
          : validateNewCategory(start, next).errors,
      );
    }
  }

  function setTarget(priority: Priority, measure: Measure, amount: Amount) {
    change({
      ...values,
      targets: {
        ...values.targets,
        [priority]: { ...values.targets[priority], [measure]: amount },
      },
    });
  }

  function refused(error: unknown) {
    const found = formErrors(serverErrors(error), sent.current);
    setErrors(found);
    focusFirstError(found, fields, fieldId);
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (write.isPending) return;
    setSubmitted(true);
    if (category) {
      const checked = validateCategoryChange(category, start, values);
      setErrors(checked.errors);
      sent.current = checked.sent;
      if (checked.data === undefined) focusFirstError(checked.errors, fields, fieldId);
      else if (checked.data === null) onClose();
      else
        update.mutate(
          { id: category.id, body: checked.data },
          { onSuccess: (saved) => onDone(`${saved.name} was saved.`), onError: refused },
        );
      return;
    }
    const checked = validateNewCategory(start, values);
    setErrors(checked.errors);
    sent.current = checked.sent;
    if (!checked.data) {
      focusFirstError(checked.errors, fields, fieldId);
      return;
    }
    create.mutate(checked.data, {
      onSuccess: (saved) => onDone(`${saved.name} was added.`),
      onError: refused,
    });
  }

  const current = people.find((p) => p.id === values.defaultOwnerId);
  const team = teams.find((t) => t.id === values.teamId);
  const generalError = write.isError && !hasFieldErrors(errors, fields) ? write.error : null;

  return (
    <ActionDialog
      id="category-dialog"
      title={category ? `Edit ${category.name}` : 'Add a category'}
      onClose={onClose}
      returnFocus={opener}
    >
      <form className="form category-form" noValidate onSubmit={handleSubmit}>
        {generalError ? (
          <WriteError
            title={category ? 'The changes were not saved' : 'The category was not added'}
            error={generalError}
          />
        ) : null}
        <FormField id="category-name" label="Name" error={errors.name}>
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
        <div className="form-row">
          <FormField
            id="category-teamId"
            label="Team"
            hint="Its leads review the requests of this category."
            error={errors.teamId}
          >
            {(control) => (
              <select
                {...control}
                value={values.teamId}
                onChange={(e) => change({ ...values, teamId: e.target.value })}
              >
                <option value="">Choose a team</option>
                {teams.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </select>
            )}
          </FormField>
          <FormField
            id="category-defaultOwnerId"
            label="Default owner"
            optional
            hint={
              current && !current.active
                ? `${current.name} is deactivated: new requests wait for someone to take them.`
                : 'New requests are offered to them; without one they wait to be taken.'
            }
            error={errors.defaultOwnerId}
          >
            {(control) => (
              <PeoplePicker
                {...control}
                label="Default owner"
                placeholder="No default owner"
                value={values.defaultOwnerId}
                onChange={(id) => change({ ...values, defaultOwnerId: id })}
                // The team's own people come first: they are the likely owners.
                {...(team
                  ? {
                      first: { label: `In ${team.name}`, test: (p) => p.teamIds.includes(team.id) },
                    }
                  : {})}
              />
            )}
          </FormField>
        </div>
        {category ? null : (
          <label className="admin-check">
            <input
              type="checkbox"
              checked={values.active}
              onChange={(e) => change({ ...values, active: e.target.checked })}
            />
            <span>
              <span className="choice-label">Offer it when logging a request</span>
              <span className="choice-hint">Leave unchecked to set it up first.</span>
            </span>
          </label>
        )}
        <div className="targets-editor">
          <h3 className="targets-title">Service targets</h3>
          <p className="field-hint">
            {category
              ? 'New times apply to the stalled rules of its open requests at once; targets already set on a request stay.'
              : 'These start at the usual times; change the ones this category needs.'}
          </p>
          {errors.targets ? <p className="field-error">{errors.targets}</p> : null}
          {targetPriorities.map((priority) => (
            <fieldset key={priority} className="targets-priority">
              <legend className="field-label">{priorityLabels[priority]}</legend>
              <div className="targets-grid">
                {measures.map((measure) => (
                  <DurationInput
                    key={measure}
                    priority={priority}
                    measure={measure}
                    value={values.targets[priority][measure]}
                    error={errors[targetKey(priority, measure)]}
                    onChange={(amount) => setTarget(priority, measure, amount)}
                  />
                ))}
              </div>
            </fieldset>
          ))}
        </div>
        <div className="form-actions">
          <button
            type="submit"
            className="button button-primary"
            aria-disabled={write.isPending || undefined}
          >
            {write.isPending ? 'Saving…' : category ? 'Save changes' : 'Add category'}
          </button>
          <button type="button" className="button button-quiet" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </ActionDialog>
  );
}
