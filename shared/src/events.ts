import { z } from 'zod';
import { isoDateTime, personRef, priority, uuid } from './common';

export const eventTypes = [
  'created',
  'ownership_offered',
  'ownership_accepted',
  'ownership_declined',
  'ownership_withdrawn',
  'ownership_assigned',
  'ownership_taken',
  'status_changed',
  'handoff_created',
  'handoff_completed',
  'handoff_cancelled',
  'follow_up_set',
  'comment',
  'resolved',
  'confirmed',
  'auto_confirmed',
  'reopened',
  'cancelled',
  'nudged',
  'escalated',
  'field_changed',
  'attachment_added',
  'attachment_removed',
] as const;
export const eventType = z.enum(eventTypes);
export type EventType = z.infer<typeof eventType>;

// Payloads are what was written at the time, so text is kept as stored (no
// trimming or length rules: those belong to the bodies that produced it) and
// unknown keys are refused, so a writer and its readers cannot drift apart.
const note = z.string().optional();
/** A person named by id; null where there was nobody (an unowned request). */
const personId = uuid;
const nobodyOr = personId.nullable();
/** Set on the events that routing to a category's default owner wrote. */
const routed = { routed: z.literal(true).optional(), reason: z.string().optional() };

export const createdEventData = z.strictObject({
  title: z.string(),
  priority,
  categoryId: uuid,
  desiredOutcome: z.string(),
  /** Logged against a registered asset (SPEC §14), e.g. from its QR label. */
  assetId: uuid.optional(),
});

export const ownershipOfferedEventData = z.strictObject({ to: personId, note, ...routed });

export const ownershipAcceptedEventData = z.strictObject({
  /** The owner before (null when it was unowned). */
  from: nobodyOr,
  note,
});

export const ownershipDeclinedEventData = z.strictObject({ reason: z.string() });

/** A pending offer withdrawn without an answer: its person was deactivated (SPEC §12). */
export const ownershipWithdrawnEventData = z.strictObject({
  from: personId,
  reason: z.literal('deactivated'),
});

export const ownershipAssignedEventData = z.strictObject({
  to: personId,
  from: nobodyOr,
  note,
});

export const ownershipTakenEventData = z.strictObject({
  note,
  /** The person whose pending offer lapsed when someone else took it. */
  lapsedOffer: personId.optional(),
  ...routed,
});

// start and wait are the only status moves recorded as status_changed; the
// others have their own events (resolved, reopened, cancelled…).
export const statusChangedEventData = z.discriminatedUnion('to', [
  z.strictObject({
    from: z.literal('in_progress'),
    to: z.literal('waiting'),
    /** On what it waits. */
    note: z.string(),
    nextFollowUpAt: isoDateTime,
  }),
  z.strictObject({ from: z.literal('waiting'), to: z.literal('in_progress'), note }),
]);

export const handoffCreatedEventData = z.strictObject({
  handoffId: uuid,
  /** Who it went to, as typed (a person, a team, a supplier). */
  to: z.string(),
  toPersonId: personId.optional(),
  ask: z.string(),
  expectedBy: isoDateTime,
});

export const handoffCompletedEventData = z.strictObject({ handoffId: uuid, note });

export const handoffCancelledEventData = z.strictObject({ handoffId: uuid, note });

export const followUpSetEventData = z.strictObject({ at: isoDateTime, note });

export const commentEventData = z.strictObject({ body: z.string() });

export const resolvedEventData = z.strictObject({ summary: z.string() });

export const confirmedEventData = z.strictObject({
  note,
  rating: z.number().int().min(1).max(5).optional(),
  /** A lead or admin confirmed for the requester. */
  onBehalf: z.literal(true).optional(),
});

export const autoConfirmedEventData = z.strictObject({});

export const reopenedEventData = z.strictObject({
  reason: z.string(),
  from: z.enum(['resolved', 'closed']),
});

export const cancelledEventData = z.strictObject({ reason: z.string() });

export const nudgedEventData = z.strictObject({
  note: z.string(),
  nextFollowUpAt: isoDateTime,
  /** The owner the nudge was for. */
  owner: nobodyOr,
});

export const escalatedEventData = z
  .strictObject({
    note: z.string(),
    priority: priority.optional(),
    /** The priority before, whenever `priority` is given. */
    from: priority.optional(),
    assignTo: personId.optional(),
    /** The owner before, whenever `assignTo` is given. */
    previousOwner: nobodyOr.optional(),
  })
  .refine((d) => d.priority !== undefined || d.assignTo !== undefined, {
    message: 'An escalation raises the priority, assigns, or both',
  })
  .refine(
    (d) =>
      (d.priority === undefined) === (d.from === undefined) &&
      (d.assignTo === undefined) === (d.previousOwner === undefined),
    { message: 'A raised priority carries the one before; an assignment the owner before' },
  );

const change = <T extends z.ZodType>(value: T) => z.strictObject({ from: value, to: value });

export const fieldChangedEventData = z.strictObject({
  /** Each edited field, from → to (only the ones that changed). */
  changes: z
    .strictObject({
      title: change(z.string()),
      description: change(z.string()),
      desiredOutcome: change(z.string()),
      categoryId: change(uuid),
      locationId: change(uuid.nullable()),
      asset: change(z.string().nullable()),
      priority: change(priority),
      targetAt: change(isoDateTime),
    })
    .partial()
    .refine((c) => Object.keys(c).length > 0, { message: 'An edit changes at least one field' }),
});

/** A photo or document attached (SPEC §14); its bytes live in their own table. */
export const attachmentAddedEventData = z.strictObject({
  attachmentId: uuid,
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int(),
});

/** An attachment removed; its bytes are deleted with it. */
export const attachmentRemovedEventData = z.strictObject({
  attachmentId: uuid,
  filename: z.string(),
});

/** The `data` schema of each event type. */
export const eventData = {
  created: createdEventData,
  ownership_offered: ownershipOfferedEventData,
  ownership_accepted: ownershipAcceptedEventData,
  ownership_declined: ownershipDeclinedEventData,
  ownership_withdrawn: ownershipWithdrawnEventData,
  ownership_assigned: ownershipAssignedEventData,
  ownership_taken: ownershipTakenEventData,
  status_changed: statusChangedEventData,
  handoff_created: handoffCreatedEventData,
  handoff_completed: handoffCompletedEventData,
  handoff_cancelled: handoffCancelledEventData,
  follow_up_set: followUpSetEventData,
  comment: commentEventData,
  resolved: resolvedEventData,
  confirmed: confirmedEventData,
  auto_confirmed: autoConfirmedEventData,
  reopened: reopenedEventData,
  cancelled: cancelledEventData,
  nudged: nudgedEventData,
  escalated: escalatedEventData,
  field_changed: fieldChangedEventData,
  attachment_added: attachmentAddedEventData,
  attachment_removed: attachmentRemovedEventData,
} as const satisfies Record<EventType, z.ZodType>;

/** One `{ type, data }` variant per event type, plus the fields `extra` names. */
function eventUnion<S extends z.ZodRawShape>(extra: S) {
  const of = <T extends EventType>(type: T) =>
    z.object({ ...extra, type: z.literal(type), data: eventData[type] });
  return z.discriminatedUnion('type', [
    of('created'),
    of('ownership_offered'),
    of('ownership_accepted'),
    of('ownership_declined'),
    of('ownership_withdrawn'),
    of('ownership_assigned'),
    of('ownership_taken'),
    of('status_changed'),
    of('handoff_created'),
    of('handoff_completed'),
    of('handoff_cancelled'),
    of('follow_up_set'),
    of('comment'),
    of('resolved'),
    of('confirmed'),
    of('auto_confirmed'),
    of('reopened'),
    of('cancelled'),
    of('nudged'),
    of('escalated'),
    of('field_changed'),
    of('attachment_added'),
    of('attachment_removed'),
  ]);
}

/** What a writer appends: an event type with the data that type carries. */
export const eventPayload = eventUnion({});
export type EventPayload = z.infer<typeof eventPayload>;
/** The data of one event type, e.g. `EventData<'resolved'>` is `{ summary: string }`. */
export type EventData<T extends EventType> = Extract<EventPayload, { type: T }>['data'];

export const requestEvent = eventUnion({
  id: z.string(),
  requestId: uuid,
  /** null when the system acted (auto-confirm, routing to a default owner). */
  actor: personRef.nullable(),
  at: isoDateTime,
}).meta({ id: 'RequestEvent' });
export type RequestEvent = z.infer<typeof requestEvent>;
