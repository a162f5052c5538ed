import type {
  Category,
  Handoff,
  Location,
  Me,
  PatchRequestBody,
  Person,
  RequestAction,
  RequestDetail,
  RequestSummary,
} from '@followthrough/shared';
import { priorities, priorityRank } from '@followthrough/shared/constants';
import type { PostedAction, RequestChange } from '../../api/requests';
import { retryImport } from '../../lib/chunk-retry';
import { priorityLabels } from '../../lib/labels';
import { formatDateTime, fromLocalInput } from '../../lib/time';
import type { BodySchemas } from './body-schemas';

/** What the person typed, by field name; field names are the body's own keys. */
export type Values = Record<string, string>;
export type Errors = Record<string, string>;

export type FieldKind = 'text' | 'textarea' | 'datetime' | 'select' | 'person' | 'rating';

export interface Option {
  value: string;
  label: string;
}

export interface FieldSpec {
  name: string;
  label: string;
  kind: FieldKind;
  optional?: boolean;
  hint?: string;
  /** Kinder words than the schema's when a required field is left empty. */
  whenEmpty?: string;
  /** A select's choices; the empty choice is `placeholder`. */
  options?: Option[];
  /** For a person: who may be chosen, beyond being active. */
  include?: (person: Person) => boolean;
  /** A select's empty choice, or what choosing nobody means for a person. */
  placeholder?: string;
  rows?: number;
}

/** One form: the fields, how they become the contract's body, and what to say afterwards. */
export interface ActionSpec {
  /** The form's name in ids: an action, or handoff-done / handoff-cancel. */
  key: string;
  title: string;
  intro?: string;
  submit: string;
  pending: string;
  /** The button that closes the form without doing anything. */
  dismiss?: string;
  tone?: 'primary' | 'danger';
  fields: FieldSpec[];
  initial?: Values;
  /** The shared body schema the server validates with, by its name in body-schemas.ts. */
  schema: keyof BodySchemas;
  toBody(values: Values): Record<string, unknown>;
  /** Rules the client can check beyond the schema (e.g. a note when confirming for someone else). */
  check?(values: Values): Errors;
  /** Said when the body would be empty (an edit that changes nothing). */
  nothingChanged?: string;
  change(body: never): RequestChange;
  /** What to tell the person once it is done. */
  done(result: RequestDetail | Handoff): string;
}

/** What the forms need to know about the request and the people around it. */
export interface SpecContext {
  request: RequestSummary;
  me: Pick<Me, 'id'>;
  people: readonly Person[];
  categories?: readonly Category[];
  locations?: readonly Location[];
}

/** The actions of the action bar, in the order a person would look for them. */
export const barActions = [
  'accept',
  'decline',
  'take',
  'confirm',
  'reopen',
  'resolve',
  'start',
  'wait',
  'follow-up',
  'handoff',
  'offer',
  'assign',
  'nudge',
  'escalate',
  'edit',
  'cancel',
] as const satisfies readonly RequestAction[];
export type BarAction = (typeof barActions)[number];

/** The label of each action's button. */
export const actionLabels: Record<BarAction, string> = {
  accept: 'Accept ownership',
  decline: 'Decline',
  take: 'Take ownership',
  confirm: 'Confirm outcome',
  reopen: 'Reopen',
  resolve: 'Resolve',
  start: 'Back to in progress',
  wait: 'Wait on something',
  'follow-up': 'Set follow-up',
  handoff: 'Hand off',
  offer: 'Offer ownership',
  assign: 'Assign owner',
  nudge: 'Nudge owner',
  escalate: 'Escalate',
  edit: 'Edit',
  cancel: 'Cancel request',
};

/**
 * Whether an action is the main button for this person: the next step they are
 * the one expected to take. Others may be allowed to take it (any staff may take
 * an unowned request, a lead may confirm on the requester's behalf), but for them
 * it stays a plain button.
 */
export function isPrimaryAction(
  action: BarAction,
  {
    request,
    me,
    categories,
  }: {
    request: Pick<RequestSummary, 'requester' | 'owner' | 'pendingOwner' | 'category'>;
    me: Pick<Me, 'id' | 'teams'>;
    categories: readonly Category[] | undefined;
  },
): boolean {
  switch (action) {
    case 'accept':
      return request.pendingOwner?.id === me.id;
    case 'take': {
      // Expected of the team the category routes to; unknown until the directory loads.
      const teamId = categories?.find((c) => c.id === request.category.id)?.teamId;
      return teamId !== undefined && me.teams.some((t) => t.id === teamId);
    }
    case 'confirm':
      return request.requester.id === me.id;
    case 'resolve':
      return request.owner?.id === me.id;
    default:
      return false;
  }
}

const note = (label = 'Note', hint?: string): FieldSpec => ({
  name: 'note',
  label,
  kind: 'textarea',
  optional: true,
  rows: 2,
  ...(hint ? { hint } : {}),
});

const reason = (label: string, whenEmpty: string, hint?: string): FieldSpec => ({
  name: 'reason',
  label,
  kind: 'textarea',
  rows: 3,
  whenEmpty,
  ...(hint ? { hint } : {}),
});

const when = (name: string, label: string, whenEmpty: string, hint?: string): FieldSpec => ({
  name,
  label,
  kind: 'datetime',
  whenEmpty,
  ...(hint ? { hint } : {}),
});

/** Text fields trimmed and left out when empty; dates as ISO; a rating as a number. */
function bodyOf(fields: readonly FieldSpec[], values: Values): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of fields) {
    const raw = values[field.name] ?? '';
    if (raw.trim() === '') continue;
    if (field.kind === 'datetime') body[field.name] = fromLocalInput(raw) ?? raw;
    else if (field.kind === 'rating') body[field.name] = Number(raw);
    else body[field.name] = raw;
  }
  return body;
}

/** Anyone active but these (the owner, say, who cannot be offered their own request). */
function except(ids: readonly (string | undefined)[]) {
  return (person: Person) => !ids.includes(person.id);
}

const nameOf = (people: readonly Person[], id: unknown) =>
  people.find((p) => p.id === id)?.name ?? 'them';

const detailOf = (result: RequestDetail | Handoff) =>
  'allowedActions' in result ? result : undefined;

function post(action: PostedAction) {
  return (body: object): RequestChange => ({ kind: 'action', action, body });
}

/** Builds a spec whose fields turn into the body one-to-one. */
function simple(
  spec: Omit<ActionSpec, 'toBody' | 'change'> & { action: PostedAction },
): ActionSpec {
  const { action, ...rest } = spec;
  return {
    ...rest,
    toBody: (values) => bodyOf(spec.fields, values),
    change: post(action) as ActionSpec['change'],
  };
}

/** The form for one action of the action bar, or of a card in My work. */
export function actionSpec(action: BarAction, ctx: SpecContext): ActionSpec {
  const { request, me } = ctx;
  const requester = request.requester.name;
  const owner = request.owner?.name;

  switch (action) {
    case 'take':
      return simple({
        action,
        key: action,
        title: 'Take ownership',
        intro: 'You become accountable for this outcome until the person who asked has it.',
        submit: 'Take ownership',
        pending: 'Taking ownership…',
        fields: [note()],
        schema: 'noteBody',
        done: () => 'You own this request now.',
      });
    case 'accept':
      return simple({
        action,
        key: action,
        title: 'Accept ownership',
        intro: 'You become accountable for this outcome until the person who asked has it.',
        submit: 'Accept',
        pending: 'Accepting…',
        fields: [note()],
        schema: 'noteBody',
        done: () => 'You own this request now.',
      });
    case 'start':
      return simple({
        action,
        key: action,
        title: 'Back to in progress',
        intro: 'Stop waiting and carry on with the work.',
        submit: 'Back to in progress',
        pending: 'Saving…',
        fields: [note()],
        schema: 'noteBody',
        done: () => 'It is in progress again.',
      });
    case 'decline':
      return simple({
        action,
        key: action,
        title: 'Decline ownership',
        intro: 'Say why, so whoever offered it can find the right person.',
        submit: 'Decline',
        pending: 'Declining…',
        fields: [reason('Reason', 'Say why you are declining')],
        schema: 'reasonBody',
        done: () => 'You declined the offer.',
      });
    case 'reopen':
      return simple({
        action,
        key: action,
        title: 'Reopen',
        intro: `It goes back to ${owner ?? 'its owner'}, in progress.`,
        submit: 'Reopen',
        pending: 'Reopening…',
        fields: [reason('What is still not right?', 'Say what is still not right')],
        schema: 'reasonBody',
        done: () => `Reopened. It is back with ${owner ?? 'its owner'}, in progress.`,
      });
    case 'cancel':
      return simple({
        action,
        key: action,
        title: 'Cancel the request',
        intro:
          'It closes without an outcome, and any open handoff is called off. The person who asked sees your reason.',
        submit: 'Cancel request',
        pending: 'Cancelling…',
        dismiss: 'Keep it open',
        tone: 'danger',
        fields: [reason('Reason', 'Say why it is being cancelled')],
        schema: 'reasonBody',
        done: () => 'The request is cancelled.',
      });
    case 'wait':
      return simple({
        action,
        key: action,
        title: 'Wait on something',
        intro: 'Say what it is waiting on, and commit to when you will look again.',
        submit: 'Set to waiting',
        pending: 'Saving…',
        fields: [
          {
            name: 'note',
            label: 'Waiting on',
            kind: 'textarea',
            rows: 2,
            whenEmpty: 'Say what it is waiting on',
          },
          when('nextFollowUpAt', 'Follow up by', 'Choose when you will follow up'),
        ],
        schema: 'waitBody',
        done: (r) => {
          const at = detailOf(r)?.nextFollowUpAt;
          return at ? `Waiting. You follow up by ${formatDateTime(at)}.` : 'Waiting.';
        },
      });
    case 'follow-up':
      return simple({
        action,
        key: action,
        title: 'Set the next follow-up',
        intro: 'A promise of when you will act on it next; a lead sees it if it passes.',
        submit: 'Set follow-up',
        pending: 'Saving…',
        fields: [
          when('at', 'Follow up by', 'Choose when you will follow up'),
          note('What will you do then?'),
        ],
        schema: 'followUpBody',
        done: (r) => {
          const at = detailOf(r)?.nextFollowUpAt;
          return at ? `Next follow-up: ${formatDateTime(at)}.` : 'Follow-up set.';
        },
      });
    case 'resolve':
      return simple({
        action,
        key: action,
        title: 'Resolve',
        intro: `${requester} will be asked to confirm that this is the outcome they needed.`,
        submit: 'Resolve',
        pending: 'Resolving…',
        fields: [
          {
            name: 'summary',
            label: 'What was done?',
            kind: 'textarea',
            rows: 3,
            whenEmpty: 'Say what was done',
            hint: 'The person who asked reads this before confirming.',
          },
        ],
        schema: 'resolveBody',
        done: () => `Resolved. ${requester} will be asked to confirm.`,
      });
    case 'confirm': {
      const onBehalf = me.id !== request.requester.id;
      const fields: FieldSpec[] = [
        {
          name: 'rating',
          label: 'How well was it done?',
          kind: 'rating',
          optional: true,
        },
        onBehalf
          ? {
              name: 'note',
              label: `Why you are confirming for ${requester}`,
              kind: 'textarea',
              rows: 2,
              whenEmpty: `Say why you are confirming on ${requester}’s behalf`,
            }
          : note('Anything to add?'),
      ];
      return simple({
        action,
        key: action,
        title: 'Confirm the outcome',
        intro: onBehalf
          ? `You are confirming on behalf of ${requester}, who logged it; say why.`
          : 'Confirming closes the request as done.',
        submit: 'Confirm',
        pending: 'Confirming…',
        fields,
        schema: 'confirmBody',
        check: (values): Errors =>
          onBehalf && (values.note ?? '').trim() === ''
            ? { note: `Say why you are confirming on ${requester}’s behalf` }
            : {},
        done: () => 'Confirmed and closed. Thank you.',
      });
    }
    case 'nudge':
      return simple({
        action,
        key: action,
        title: `Nudge ${owner ?? 'the owner'}`,
        intro: 'A word to the owner, and a new date by which they follow up.',
        submit: 'Nudge',
        pending: 'Nudging…',
        fields: [
          {
            name: 'note',
            label: `Message to ${owner ?? 'the owner'}`,
            kind: 'textarea',
            rows: 2,
            whenEmpty: 'Write what the owner should do',
          },
          when('nextFollowUpAt', 'Follow up by', 'Choose when they should follow up'),
        ],
        schema: 'nudgeBody',
        done: () => `Nudged ${owner ?? 'the owner'}.`,
      });
    case 'escalate': {
      const higher = priorities.filter((p) => priorityRank[p] > priorityRank[request.priority]);
      return simple({
        action,
        key: action,
        title: 'Escalate',
        intro: 'Raise the priority, give it a new owner, or both.',
        submit: 'Escalate',
        pending: 'Escalating…',
        fields: [
          {
            name: 'note',
            label: 'Why',
            kind: 'textarea',
            rows: 2,
            whenEmpty: 'Say why it is escalated',
          },
          {
            name: 'priority',
            label: 'Priority',
            kind: 'select',
            optional: true,
            placeholder: `Keep ${priorityLabels[request.priority].toLowerCase()}`,
            options: higher.map((p) => ({ value: p, label: priorityLabels[p] })),
          },
          {
            name: 'assignTo',
            label: 'New owner',
            kind: 'person',
            optional: true,
            placeholder: owner ? `Keep ${owner}` : 'Leave it unowned',
            include: except([request.owner?.id]),
          },
        ],
        schema: 'escalateBody',
        done: () => 'Escalated.',
      });
    }
    case 'offer':
    case 'assign': {
      const offer = action === 'offer';
      return simple({
        action,
        key: action,
        title: offer ? 'Offer ownership' : 'Assign an owner',
        intro: offer
          ? `They become the owner when they accept; until then ${owner ? `${owner} stays accountable` : 'it stays unowned'}.`
          : 'They become the owner at once; this is recorded as an assignment.',
        submit: offer ? 'Offer' : 'Assign',
        pending: offer ? 'Offering…' : 'Assigning…',
        fields: [
          {
            name: 'to',
            label: offer ? 'Offer to' : 'Assign to',
            kind: 'person',
            placeholder: 'Type a name, email or team',
            whenEmpty: offer ? 'Choose who to offer it to' : 'Choose who will own it',
            include: except([request.owner?.id, offer ? request.pendingOwner?.id : undefined]),
          },
          note(offer ? 'Why them?' : 'Note'),
        ],
        schema: 'offerBody',
        done: (r) => {
          const detail = detailOf(r);
          return offer
            ? `Offered to ${detail?.pendingOwner?.name ?? 'them'}. They answer from My work.`
            : `${detail?.owner?.name ?? 'The new owner'} owns it now.`;
        },
      });
    }
    case 'handoff':
      return handoffSpec(ctx);
    case 'edit':
      return editSpec(ctx);
  }
}

function handoffSpec({ people }: SpecContext): ActionSpec {
  const fields: FieldSpec[] = [
    {
      name: 'to',
      label: 'Handed to',
      kind: 'text',
      hint: 'A team, person or vendor, e.g. Maintenance or Acme Fitness Repair.',
      whenEmpty: 'Say who the work goes to',
    },
    {
      name: 'toPersonId',
      label: 'Person in Followthrough',
      kind: 'person',
      optional: true,
      placeholder: 'Nobody in particular',
      hint: 'They can then mark it done themselves.',
    },
    {
      name: 'ask',
      label: 'What did you ask for?',
      kind: 'textarea',
      rows: 2,
      whenEmpty: 'Say what you asked for',
    },
    when('expectedBy', 'Expected back by', 'Choose when you expect it back'),
  ];
  return {
    key: 'handoff',
    title: 'Hand off work',
    intro: 'Someone else does part of the work; you stay accountable for the outcome.',
    submit: 'Hand off',
    pending: 'Handing off…',
    fields,
    schema: 'createHandoffBody',
    toBody: (values) => {
      const body = bodyOf(fields, values);
      // Choosing a person is enough to say who it went to.
      if (body.to === undefined && body.toPersonId) body.to = nameOf(people, body.toPersonId);
      return body;
    },
    change: ((body) => ({ kind: 'handoff', body })) as ActionSpec['change'],
    done: (r) => ('to' in r ? `Handed off to ${r.to}.` : 'Handed off.'),
  };
}

function editSpec({ request, categories = [], locations = [] }: SpecContext): ActionSpec {
  const initial: Values = {
    title: request.title,
    desiredOutcome: request.desiredOutcome,
    description: request.description,
    categoryId: request.category.id,
    locationId: request.location?.id ?? '',
    asset: request.asset ?? '',
    priority: request.priority,
  };
  const categoryOptions = categories
    .filter((c) => c.active || c.id === request.category.id)
    .map((c) => ({ value: c.id, label: c.name }));
  // The request's own category is a choice even before the directory has loaded.
  if (!categoryOptions.some((o) => o.value === request.category.id)) {
    categoryOptions.unshift({ value: request.category.id, label: request.category.name });
  }
  const locationOptions = locations
    .filter((l) => l.active || l.id === request.location?.id)
    .map((l) => ({ value: l.id, label: l.name }));
  if (request.location && !locationOptions.some((o) => o.value === request.location?.id)) {
    locationOptions.unshift({ value: request.location.id, label: request.location.name });
  }
  const fields: FieldSpec[] = [
    { name: 'title', label: 'Title', kind: 'text', whenEmpty: 'Give the request a short title' },
    {
      name: 'desiredOutcome',
      label: 'Desired outcome',
      kind: 'textarea',
      rows: 3,
      hint: 'What does done look like for the person who asked?',
      whenEmpty: 'Say what done looks like for the person who asked',
    },
    { name: 'description', label: 'Description', kind: 'textarea', rows: 3, optional: true },
    { name: 'categoryId', label: 'Category', kind: 'select', options: categoryOptions },
    {
      name: 'locationId',
      label: 'Location',
      kind: 'select',
      optional: true,
      placeholder: 'No particular place',
      options: locationOptions,
    },
    { name: 'asset', label: 'Asset', kind: 'text', optional: true },
    {
      name: 'priority',
      label: 'Priority',
      kind: 'select',
      options: priorities.map((p) => ({ value: p, label: priorityLabels[p] })),
    },
  ];
  return {
    key: 'edit',
    title: 'Edit the request',
    submit: 'Save changes',
    pending: 'Saving…',
    fields,
    initial,
    schema: 'patchRequestBody',
    nothingChanged: 'Nothing has changed yet.',
    // Only what changed is sent, so the record says exactly what was edited.
    toBody: (values) => {
      const body: Record<string, unknown> = {};
      for (const field of fields) {
        const value = values[field.name] ?? '';
        if (value.trim() === (initial[field.name] ?? '').trim()) continue;
        if (field.name === 'locationId' || field.name === 'asset') {
          body[field.name] = value.trim() === '' ? null : value;
        } else body[field.name] = value;
      }
      return body;
    },
    change: ((body: PatchRequestBody) => ({ kind: 'edit', body })) as ActionSpec['change'],
    done: () => 'Saved.',
  };
}

/** Completing or cancelling one handoff. */
export function handoffUpdateSpec(handoff: Handoff, status: 'done' | 'cancelled'): ActionSpec {
  const to = handoff.toPerson?.name ?? handoff.to;
  const done = status === 'done';
  const fields = [note(done ? 'What came back?' : 'Why is it no longer needed?')];
  return {
    key: done ? 'handoff-done' : 'handoff-cancel',
    title: done ? `Mark the handoff to ${to} done` : `Cancel the handoff to ${to}`,
    intro: done
      ? 'The work you asked for has come back.'
      : 'The work is no longer needed from them.',
    submit: done ? 'Mark done' : 'Cancel handoff',
    pending: 'Saving…',
    dismiss: done ? 'Cancel' : 'Keep it open',
    tone: done ? 'primary' : 'danger',
    fields,
    schema: 'updateHandoffBody',
    toBody: (values) => ({ status, ...bodyOf(fields, values) }),
    change: ((body) => ({
      kind: 'handoff-update',
      handoffId: handoff.id,
      body,
    })) as ActionSpec['change'],
    done: () => (done ? `The handoff to ${to} is done.` : `The handoff to ${to} is cancelled.`),
  };
}

export const commentSpec: ActionSpec = simple({
  action: 'comment',
  key: 'comment',
  title: 'Comment',
  submit: 'Comment',
  pending: 'Posting…',
  fields: [
    {
      name: 'body',
      label: 'Add a comment',
      kind: 'textarea',
      rows: 3,
      whenEmpty: 'Write a comment first',
    },
  ],
  schema: 'commentBody',
  done: () => 'Comment added.',
});

let bodySchemas: BodySchemas | undefined;
let loadingBodySchemas: Promise<BodySchemas> | undefined;

/**
 * Loads the body schemas (and zod with them) once; a form starts this when it is first used,
 * so a screen's first load does without them. A failed load is tried again on the next call.
 */
export function loadBodySchemas(): Promise<BodySchemas> {
  loadingBodySchemas ??= retryImport(() => import('./body-schemas')).then(
    (loaded) => {
      bodySchemas = loaded.bodySchemas;
      return bodySchemas;
    },
    (error: unknown) => {
      loadingBodySchemas = undefined;
      throw error;
    },
  );
  return loadingBodySchemas;
}

/** The body schemas once loaded, without waiting. */
export const loadedBodySchemas = (): BodySchemas | undefined => bodySchemas;

/**
 * Checks the values against the shared body schema (and the few rules the
 * client can know, such as a follow-up being in the future). Returns the body to
 * send, or the messages by field and for the form as a whole.
 */
export function validateAction(
  spec: ActionSpec,
  values: Values,
  schemas: BodySchemas,
  now = Date.now(),
): { body?: unknown; errors: Errors; formError?: string } {
  const errors: Errors = {};
  const body = spec.toBody(values);
  if (spec.nothingChanged && Object.keys(body).length === 0) {
    return { errors, formError: spec.nothingChanged };
  }
  let formError: string | undefined;
  const parsed = schemas[spec.schema].safeParse(body);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? '');
      const field = spec.fields.find((f) => f.name === name);
      if (!field) {
        formError ??= issue.message;
        continue;
      }
      if (errors[name]) continue;
      const empty = (values[name] ?? '').trim() === '';
      errors[name] = empty
        ? (field.whenEmpty ?? issue.message)
        : field.kind === 'datetime'
          ? 'Enter a whole date and time'
          : issue.message;
    }
  }
  for (const field of spec.fields) {
    const value = body[field.name];
    if (field.kind !== 'datetime' || errors[field.name] || typeof value !== 'string') continue;
    const at = Date.parse(value);
    if (!Number.isNaN(at) && at <= now) errors[field.name] = 'Choose a time in the future';
  }
  for (const [name, message] of Object.entries(spec.check?.(values) ?? {})) {
    errors[name] ??= message;
  }
  if (Object.keys(errors).length > 0 || formError || !parsed.success) {
    return { errors, ...(formError ? { formError } : {}) };
  }
  return { body: parsed.data, errors };
}
