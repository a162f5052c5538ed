import type {
  NotificationKind as AnyNotificationKind,
  CloseReason,
  EventData,
  EventPayload,
  EventType,
  Priority,
  RequestAction,
  Status,
} from '@followthrough/shared';
import type { Refusal } from './errors';
import { type Actor, type RequestFacts, refusalOf, type Settings } from './lifecycle';

/** One handoff of the request, as the transitions read it. */
export interface HandoffState {
  id: string;
  status: 'open' | 'done' | 'cancelled';
  toPersonId: string | null;
  expectedBy: Date;
}

/** The request as it stands, locked, with all its handoffs (oldest first): plain data. */
export interface RequestState {
  id: string;
  status: Status;
  closeReason: CloseReason | null;
  closedAt: Date | null;
  requesterId: string;
  ownerId: string | null;
  pendingOwnerId: string | null;
  /** The team the request's category routes to. */
  teamId: string;
  categoryId: string;
  locationId: string | null;
  assetId: string | null;
  title: string;
  description: string;
  desiredOutcome: string;
  asset: string | null;
  priority: Priority;
  targetAt: Date;
  createdAt: Date;
  ownedAt: Date | null;
  resolvedAt: Date | null;
  reopenCount: number;
  handoffs: readonly HandoffState[];
}

/** The columns of a request row a change may write (the names of db/schema/requests.ts). */
export interface RequestFields {
  title: string;
  description: string;
  desiredOutcome: string;
  categoryId: string;
  locationId: string | null;
  asset: string | null;
  assetId: string | null;
  priority: Priority;
  requesterId: string;
  onBehalfOf: string | null;
  ownerId: string | null;
  pendingOwnerId: string | null;
  offeredAt: Date | null;
  status: Status;
  closeReason: CloseReason | null;
  targetAt: Date;
  nextFollowUpAt: Date | null;
  followUpSetAt: Date | null;
  lastOwnerActivityAt: Date | null;
  openHandoffs: number;
  openHandoffDueAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  ownedAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  reopenCount: number;
  lastReopenedAt: Date | null;
}

/** A new request row: every field a create decides (the rest keep their defaults). */
export type NewRequestFields = Pick<
  RequestFields,
  | 'title'
  | 'description'
  | 'desiredOutcome'
  | 'categoryId'
  | 'locationId'
  | 'asset'
  | 'assetId'
  | 'priority'
  | 'requesterId'
  | 'onBehalfOf'
  | 'status'
  | 'ownerId'
  | 'ownedAt'
  | 'lastOwnerActivityAt'
  | 'pendingOwnerId'
  | 'offeredAt'
  | 'targetAt'
  | 'createdAt'
  | 'updatedAt'
>;

/** An event to append: a type with that type's data (shared/src/events.ts); `actorId` null is the system. */
export type EventDraft = EventPayload & { actorId: string | null; at: Date };

/** An event of one type; the data is checked against that type's payload. */
export const eventDraft = <T extends EventType>(
  type: T,
  data: EventData<T>,
  actorId: string | null,
  at: Date,
): EventDraft => ({ type, data, actorId, at }) as EventDraft;

export interface HandoffDraft {
  id: string;
  requestId: string;
  toText: string;
  toPersonId: string | null;
  ask: string;
  expectedBy: Date;
  createdById: string;
  createdAt: Date;
}

/** Completing or cancelling one open handoff. */
export interface HandoffClose {
  id: string;
  status: 'done' | 'cancelled';
  completedAt: Date;
  completedById: string;
  note: string | null;
}

/** SPEC §13 kinds an action causes (the time-based ones come from the notifications job). */
export type NotificationKind = Exclude<AnyNotificationKind, 'follow_up_due' | 'handoff_overdue'>;

export interface Recipient {
  personId: string;
  kind: NotificationKind;
}

/**
 * What one action does to one request, to be written as one: the row's new
 * fields (or the whole row, for a create), the events to append (the version
 * moves by their number), handoff writes, and the people to tell.
 */
export interface Change {
  requestId: string;
  /** A create: the new row. Otherwise the row is updated with `set`. */
  insert?: NewRequestFields;
  set: Partial<RequestFields> & { updatedAt: Date };
  events: EventDraft[];
  handoffInserts: HandoffDraft[];
  handoffUpdates: HandoffClose[];
  notify: Recipient[];
}

export type Outcome = { ok: true; change: Change } | Refusal;

/** The one acting and the moment: what every transition is given besides the request. */
export interface ActionContext {
  /** The acting person with the teams they lead (their relations follow from the request). */
  actor: Actor;
  now: Date;
  settings: Settings;
}

/** A person a body names, as the directory has them (null: no such person). */
export type PersonFacts = { id: string; name: string; active: boolean } | null;

/** A category's resolve-within minutes per priority, where it sets them (else §6). */
export type ResolveTargets = Partial<Record<Priority, number>>;

/** The lifecycle rules' view of a request. */
export function factsOf(state: RequestState): RequestFacts {
  const open = state.handoffs.filter((h) => h.status === 'open');
  return {
    status: state.status,
    closeReason: state.closeReason,
    closedAt: state.closedAt,
    requesterId: state.requesterId,
    ownerId: state.ownerId,
    pendingOwnerId: state.pendingOwnerId,
    teamId: state.teamId,
    openHandoffs: open.length,
    handoffPersonIds: open.flatMap((h) => (h.toPersonId ? [h.toPersonId] : [])),
  };
}

/** The 403/409 for an action the caller may not take now, or null. */
export const refusalFor = (action: RequestAction, state: RequestState, ctx: ActionContext) =>
  refusalOf(action, ctx.actor, factsOf(state), ctx.now, ctx.settings);

/**
 * The people to tell, without the one whose action caused it and without
 * telling anyone the same thing twice.
 */
export function recipients(
  actorId: string | null,
  list: readonly (readonly [personId: string | null | undefined, kind: NotificationKind])[],
): Recipient[] {
  const out: Recipient[] = [];
  for (const [personId, kind] of list) {
    if (!personId || personId === actorId) continue;
    if (out.some((r) => r.personId === personId && r.kind === kind)) continue;
    out.push({ personId, kind });
  }
  return out;
}

/** The open-handoff facts the stalled rules read, from the handoffs that stay open. */
export function openHandoffFields(open: readonly Pick<HandoffState, 'expectedBy'>[]) {
  let due: Date | null = null;
  for (const h of open) if (!due || h.expectedBy < due) due = h.expectedBy;
  return { openHandoffs: open.length, openHandoffDueAt: due };
}

/**
 * Builds the change of an action by `ctx.actor` at `ctx.now`. When the owner
 * (after the change) is among the actors, their activity clock moves: the
 * stalled rules read it.
 */
export function changeOf(
  state: Pick<RequestState, 'id' | 'ownerId'>,
  ctx: Pick<ActionContext, 'now'>,
  parts: {
    set?: Partial<RequestFields>;
    events: EventDraft[];
    handoffInserts?: HandoffDraft[];
    handoffUpdates?: HandoffClose[];
    notify?: Recipient[];
  },
): Outcome {
  const set = parts.set ?? {};
  const ownerAfter = set.ownerId !== undefined ? set.ownerId : state.ownerId;
  const ownerActed = parts.events.some((e) => e.actorId !== null && e.actorId === ownerAfter);
  return {
    ok: true,
    change: {
      requestId: state.id,
      set: {
        ...set,
        ...(ownerActed ? { lastOwnerActivityAt: ctx.now } : {}),
        updatedAt: ctx.now,
      },
      events: parts.events,
      handoffInserts: parts.handoffInserts ?? [],
      handoffUpdates: parts.handoffUpdates ?? [],
      notify: parts.notify ?? [],
    },
  };
}

/** An event by the acting person, now. */
export const eventBy = <T extends EventType>(
  ctx: Pick<ActionContext, 'actor' | 'now'>,
  type: T,
  data: EventData<T>,
): EventDraft => eventDraft(type, data, ctx.actor.id, ctx.now);

/** `{ note }` when a note was given, else nothing (payloads carry no undefined keys). */
export const noteOf = (note: string | undefined) => (note ? { note } : {});

/**
 * The request as it stands after a change: lets a caller with no database
 * (the demo generator, tests) run one transition after another and commit
 * them all at once. `teamId` is needed for a create only.
 */
export function stateAfter(
  before: RequestState | null,
  change: Change,
  teamId = before?.teamId,
): RequestState {
  const base: RequestState | null =
    before ??
    (change.insert && teamId !== undefined
      ? {
          id: change.requestId,
          status: change.insert.status,
          closeReason: null,
          closedAt: null,
          requesterId: change.insert.requesterId,
          ownerId: change.insert.ownerId,
          pendingOwnerId: change.insert.pendingOwnerId,
          teamId,
          categoryId: change.insert.categoryId,
          locationId: change.insert.locationId,
          assetId: change.insert.assetId,
          title: change.insert.title,
          description: change.insert.description,
          desiredOutcome: change.insert.desiredOutcome,
          asset: change.insert.asset,
          priority: change.insert.priority,
          targetAt: change.insert.targetAt,
          createdAt: change.insert.createdAt,
          ownedAt: change.insert.ownedAt,
          resolvedAt: null,
          reopenCount: 0,
          handoffs: [],
        }
      : null);
  if (!base) throw new Error('a change to an unknown request needs the state it applies to');
  const pick = <K extends keyof RequestState & keyof RequestFields>(key: K): RequestState[K] =>
    key in change.set ? (change.set[key] as unknown as RequestState[K]) : base[key];
  const closed = new Map(change.handoffUpdates.map((u) => [u.id, u.status]));
  return {
    ...base,
    status: pick('status'),
    closeReason: pick('closeReason'),
    closedAt: pick('closedAt'),
    ownerId: pick('ownerId'),
    pendingOwnerId: pick('pendingOwnerId'),
    categoryId: pick('categoryId'),
    locationId: pick('locationId'),
    title: pick('title'),
    description: pick('description'),
    desiredOutcome: pick('desiredOutcome'),
    asset: pick('asset'),
    priority: pick('priority'),
    targetAt: pick('targetAt'),
    ownedAt: pick('ownedAt'),
    resolvedAt: pick('resolvedAt'),
    reopenCount: pick('reopenCount'),
    handoffs: [
      ...base.handoffs.map((h) => ({ ...h, status: closed.get(h.id) ?? h.status })),
      ...change.handoffInserts.map((h) => ({
        id: h.id,
        status: 'open' as const,
        toPersonId: h.toPersonId,
        expectedBy: h.expectedBy,
      })),
    ],
  };
}
