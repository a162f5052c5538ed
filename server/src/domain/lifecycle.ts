import type { RequestAction, Role, Status } from '@followthrough/shared';
import { errorOf, type Refusal, refuse } from './errors';

/** How the caller stands to one request; one person may hold several relations. */
export type Relation =
  | 'requester'
  | 'owner'
  | 'pendingOwner'
  | 'handoffPerson'
  | 'lead'
  | 'admin'
  | 'staff';

export const relations: readonly Relation[] = [
  'requester',
  'owner',
  'pendingOwner',
  'handoffPerson',
  'lead',
  'admin',
  'staff',
];

/** The facts of a request the rules read: plain data, no I/O. */
export interface RequestFacts {
  status: Status;
  closeReason: 'confirmed' | 'auto_confirmed' | 'cancelled' | null;
  closedAt: Date | null;
  requesterId: string;
  ownerId: string | null;
  pendingOwnerId: string | null;
  /** The team the request's category routes to. */
  teamId: string;
  openHandoffs: number;
  /** People named on the request's open handoffs. */
  handoffPersonIds: readonly string[];
}

export interface Actor {
  id: string;
  role: Role;
  /** Teams this person leads. */
  leadTeamIds: readonly string[];
}

export interface Settings {
  reopenWindowDays: number;
}

export function relationsOf(actor: Actor, r: RequestFacts): Set<Relation> {
  const out = new Set<Relation>(['staff']);
  if (actor.id === r.requesterId) out.add('requester');
  if (r.ownerId !== null && actor.id === r.ownerId) out.add('owner');
  if (r.pendingOwnerId !== null && actor.id === r.pendingOwnerId) out.add('pendingOwner');
  if (r.handoffPersonIds.includes(actor.id)) out.add('handoffPerson');
  if (actor.leadTeamIds.includes(r.teamId)) out.add('lead');
  if (actor.role === 'admin') out.add('admin');
  return out;
}

const openStatuses: readonly Status[] = ['new', 'in_progress', 'waiting'];
export const isOpen = (s: Status) => openStatuses.includes(s);

const DAY_MS = 86_400_000;

interface Rule {
  /** Whether the request's current state admits the action at all (else 409). */
  when: (r: RequestFacts, now: Date, settings: Settings) => boolean;
  /** Who may do it, given how they stand to the request (else 403). */
  who: (rel: Set<Relation>, r: RequestFacts) => boolean;
}

const any =
  (...allowed: Relation[]) =>
  (rel: Set<Relation>) =>
    allowed.some((a) => rel.has(a));
const ownerLeadAdmin = any('owner', 'lead', 'admin');
const leadAdmin = any('lead', 'admin');
const open = (r: RequestFacts) => isOpen(r.status);
const working = (r: RequestFacts) => r.status === 'in_progress' || r.status === 'waiting';

/** SPEC §4, as data: action × state × relation. */
export const lifecycle: Record<RequestAction, Rule> = {
  edit: { when: open, who: any('requester', 'owner', 'lead', 'admin') },
  take: { when: (r) => r.status === 'new' && r.ownerId === null, who: any('staff') },
  offer: {
    when: open,
    who: (rel, r) => ownerLeadAdmin(rel) || r.ownerId === null,
  },
  accept: { when: (r) => open(r) && r.pendingOwnerId !== null, who: any('pendingOwner') },
  decline: { when: (r) => open(r) && r.pendingOwnerId !== null, who: any('pendingOwner') },
  assign: { when: open, who: leadAdmin },
  start: { when: (r) => r.status === 'waiting', who: ownerLeadAdmin },
  wait: { when: (r) => r.status === 'in_progress', who: ownerLeadAdmin },
  'follow-up': { when: open, who: ownerLeadAdmin },
  handoff: { when: working, who: ownerLeadAdmin },
  resolve: { when: (r) => working(r) && r.openHandoffs === 0, who: ownerLeadAdmin },
  confirm: { when: (r) => r.status === 'resolved', who: any('requester', 'lead', 'admin') },
  reopen: {
    when: (r, now, s) =>
      r.status === 'resolved' ||
      (r.status === 'closed' &&
        r.closeReason !== 'cancelled' &&
        r.closedAt !== null &&
        now.getTime() - r.closedAt.getTime() <= s.reopenWindowDays * DAY_MS),
    who: any('requester', 'owner', 'lead', 'admin'),
  },
  cancel: { when: open, who: ownerLeadAdmin },
  comment: { when: () => true, who: any('staff') },
  nudge: { when: open, who: leadAdmin },
  escalate: { when: open, who: leadAdmin },
};

export const actionNames = Object.keys(lifecycle) as RequestAction[];

export type Verdict =
  | { ok: true }
  | { ok: false; status: 403 | 409; code: 'FORBIDDEN' | 'ACTION_NOT_ALLOWED' | 'HANDOFF_OPEN' };

/**
 * May this actor do this action to this request now? A state that does not
 * admit the action is a 409 whoever asks; a state that does, but not for this
 * caller, is a 403.
 */
export function decide(
  action: RequestAction,
  actor: Actor,
  r: RequestFacts,
  now: Date,
  settings: Settings,
): Verdict {
  const rule = lifecycle[action];
  if (!rule.when(r, now, settings)) {
    const blockedByHandoff = action === 'resolve' && working(r) && r.openHandoffs > 0;
    return {
      ok: false,
      status: 409,
      code: blockedByHandoff ? 'HANDOFF_OPEN' : 'ACTION_NOT_ALLOWED',
    };
  }
  if (!rule.who(relationsOf(actor, r), r)) return { ok: false, status: 403, code: 'FORBIDDEN' };
  return { ok: true };
}

/** The actions this actor may take now, in a stable order. */
export function allowedActions(
  actor: Actor,
  r: RequestFacts,
  now: Date,
  settings: Settings,
): RequestAction[] {
  return actionNames.filter((a) => decide(a, actor, r, now, settings).ok);
}

const words: Record<Status, string> = {
  new: 'new',
  in_progress: 'in progress',
  waiting: 'waiting',
  resolved: 'resolved',
  closed: 'closed',
};

/** The 403/409 the API answers when the action is refused, or null when it is allowed. */
export function refusalOf(
  action: RequestAction,
  actor: Actor,
  r: RequestFacts,
  now: Date,
  settings: Settings,
): Refusal | null {
  const v = decide(action, actor, r, now, settings);
  if (v.ok) return null;
  if (v.status === 403) return refuse(403, 'FORBIDDEN', `You may not ${action} this request.`);
  const detail =
    v.code === 'HANDOFF_OPEN'
      ? `This request cannot be resolved while ${r.openHandoffs} handoff${r.openHandoffs === 1 ? ' is' : 's are'} still open. Complete or cancel the handoff first.`
      : `A request that is ${words[r.status]} cannot be given the action "${action}".`;
  return refuse(409, v.code, detail, {
    state: r.status,
    allowedActions: allowedActions(actor, r, now, settings),
  });
}

/** Throws the 403/409 the API answers when the action is refused. */
export function assertAllowed(
  action: RequestAction,
  actor: Actor,
  r: RequestFacts,
  now: Date,
  settings: Settings,
): void {
  const refusal = refusalOf(action, actor, r, now, settings);
  if (refusal) throw errorOf(refusal);
}

/** Completing or cancelling a handoff: owner, lead, admin, or the handoff's own person. */
export function mayUpdateHandoff(actor: Actor, r: RequestFacts, handoffPersonId: string | null) {
  const rel = relationsOf(actor, r);
  return ownerLeadAdmin(rel) || (handoffPersonId !== null && handoffPersonId === actor.id);
}

/** A lead or admin confirming for the requester must say why (SPEC §4 confirm). */
export function confirmsOnBehalf(actor: Actor, r: RequestFacts): boolean {
  return actor.id !== r.requesterId;
}
