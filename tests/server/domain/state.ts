import type {
  ActionContext,
  Change,
  Outcome,
  RequestState,
} from '../../../server/src/domain/change';
import type { Actor } from '../../../server/src/domain/lifecycle';

/** Small factories for the pure transitions: plain data, no database. */
export const now = new Date('2026-05-01T12:00:00.000Z');
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const later = (ms: number) => new Date(now.getTime() + ms);
export const settings = { reopenWindowDays: 14 };
export const TEAM = 'team-facilities';

export const people = {
  requester: { id: 'p-requester', role: 'staff', leadTeamIds: [] },
  owner: { id: 'p-owner', role: 'staff', leadTeamIds: [] },
  pending: { id: 'p-pending', role: 'staff', leadTeamIds: [] },
  handoffPerson: { id: 'p-handoff', role: 'staff', leadTeamIds: [] },
  lead: { id: 'p-lead', role: 'lead', leadTeamIds: [TEAM] },
  admin: { id: 'p-admin', role: 'admin', leadTeamIds: [] },
  staff: { id: 'p-staff', role: 'staff', leadTeamIds: [] },
} satisfies Record<string, Actor>;
export type Who = keyof typeof people;

/** The directory's view of a person the body names. */
export const person = (id: string, over: { active?: boolean; name?: string } = {}) => ({
  id,
  name: over.name ?? `Person ${id}`,
  active: over.active ?? true,
});

export const ctxOf = (who: Who, at = now): ActionContext => ({
  actor: people[who],
  now: at,
  settings,
});

const created = new Date('2026-04-28T09:00:00.000Z');

/** A request owned by p-owner, in progress, logged by p-requester three days ago. */
export function state(over: Partial<RequestState> = {}): RequestState {
  return {
    id: 'req-1',
    status: 'in_progress',
    closeReason: null,
    closedAt: null,
    requesterId: people.requester.id,
    ownerId: people.owner.id,
    pendingOwnerId: null,
    teamId: TEAM,
    categoryId: 'cat-equipment',
    locationId: null,
    title: 'Treadmill 3 belt slips',
    description: '',
    desiredOutcome: 'Treadmill 3 runs safely',
    asset: null,
    assetId: null,
    priority: 'normal',
    targetAt: new Date(created.getTime() + 7 * DAY),
    createdAt: created,
    ownedAt: new Date(created.getTime() + HOUR),
    resolvedAt: null,
    reopenCount: 0,
    handoffs: [],
    ...over,
  };
}

export const unowned = (over: Partial<RequestState> = {}) =>
  state({ status: 'new', ownerId: null, ownedAt: null, ...over });

/** The change of an outcome that must be allowed. */
export function changed(outcome: Outcome): Change {
  if (!outcome.ok) {
    throw new Error(`expected a change, got ${outcome.status} ${outcome.code}: ${outcome.message}`);
  }
  return outcome.change;
}

/** The refusal of an outcome that must be refused, as the problem fields a test compares. */
export function refused(outcome: Outcome) {
  if (outcome.ok) throw new Error('expected a refusal, got a change');
  return { status: outcome.status, code: outcome.code, ...outcome.extra };
}
