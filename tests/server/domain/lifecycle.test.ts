import type { RequestAction, Status } from '@followthrough/shared';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../server/src/domain/errors';
import {
  type Actor,
  actionNames,
  allowedActions,
  assertAllowed,
  confirmsOnBehalf,
  decide,
  mayUpdateHandoff,
  type Relation,
  type RequestFacts,
} from '../../../server/src/domain/lifecycle';

const now = new Date('2026-05-01T12:00:00Z');
const settings = { reopenWindowDays: 14 };
const TEAM = 'team-facilities';

/** One person per relation (plus a lead of another team, who is plain staff here). */
const people: Record<Relation | 'otherLead', Actor> = {
  requester: { id: 'p-requester', role: 'staff', leadTeamIds: [] },
  owner: { id: 'p-owner', role: 'staff', leadTeamIds: [] },
  pendingOwner: { id: 'p-pending', role: 'staff', leadTeamIds: [] },
  handoffPerson: { id: 'p-handoff', role: 'staff', leadTeamIds: [] },
  lead: { id: 'p-lead', role: 'lead', leadTeamIds: [TEAM] },
  admin: { id: 'p-admin', role: 'admin', leadTeamIds: [] },
  staff: { id: 'p-staff', role: 'staff', leadTeamIds: [] },
  otherLead: { id: 'p-other-lead', role: 'lead', leadTeamIds: ['team-aquatics'] },
};

/** The states a request can be in, as the rules tell them apart. */
const states: Record<string, RequestFacts> = {
  'new, unowned': facts({ status: 'new', ownerId: null }),
  'new, unowned, offered': facts({ status: 'new', ownerId: null, pendingOwnerId: 'p-pending' }),
  in_progress: facts({ status: 'in_progress' }),
  'in_progress, offered on': facts({ status: 'in_progress', pendingOwnerId: 'p-pending' }),
  'in_progress, handoff open': facts({
    status: 'in_progress',
    openHandoffs: 1,
    handoffPersonIds: ['p-handoff'],
  }),
  waiting: facts({ status: 'waiting' }),
  'waiting, handoff open': facts({
    status: 'waiting',
    openHandoffs: 2,
    handoffPersonIds: ['p-handoff'],
  }),
  resolved: facts({ status: 'resolved' }),
  'closed confirmed, recent': facts({
    status: 'closed',
    closeReason: 'confirmed',
    closedAt: daysAgo(3),
  }),
  'closed auto_confirmed, recent': facts({
    status: 'closed',
    closeReason: 'auto_confirmed',
    closedAt: daysAgo(14),
  }),
  'closed confirmed, long ago': facts({
    status: 'closed',
    closeReason: 'confirmed',
    closedAt: daysAgo(15),
  }),
  'closed cancelled': facts({ status: 'closed', closeReason: 'cancelled', closedAt: daysAgo(1) }),
};

function daysAgo(n: number) {
  return new Date(now.getTime() - n * 86_400_000);
}

function facts(over: Partial<RequestFacts> & { status: Status }): RequestFacts {
  return {
    closeReason: null,
    closedAt: null,
    requesterId: 'p-requester',
    ownerId: 'p-owner',
    pendingOwnerId: null,
    teamId: TEAM,
    openHandoffs: 0,
    handoffPersonIds: [],
    ...over,
  };
}

const OPEN = [
  'new, unowned',
  'new, unowned, offered',
  'in_progress',
  'in_progress, offered on',
  'in_progress, handoff open',
  'waiting',
  'waiting, handoff open',
];
const WORKING = [
  'in_progress',
  'in_progress, offered on',
  'in_progress, handoff open',
  'waiting',
  'waiting, handoff open',
];
const ALL = Object.keys(states);
const OWNER_LEAD_ADMIN: Relation[] = ['owner', 'lead', 'admin'];
const LEAD_ADMIN: Relation[] = ['lead', 'admin'];
const EVERYONE: (Relation | 'otherLead')[] = Object.keys(people) as (Relation | 'otherLead')[];
/** In an unowned state, the person called "owner" holds no owner relation. */
const withOwner = (list: Relation[]) => (s: string) =>
  s.startsWith('new, unowned') ? list.filter((r) => r !== 'owner') : list;

/**
 * SPEC §4, restated as expectations: the states that admit each action, and
 * who may do it in them. Written out by hand, not derived from the module.
 */
const spec: Record<
  RequestAction,
  { states: string[]; who: (state: string) => (Relation | 'otherLead')[] }
> = {
  edit: { states: OPEN, who: withOwner(['requester', 'owner', 'lead', 'admin']) },
  take: { states: ['new, unowned', 'new, unowned, offered'], who: () => EVERYONE },
  offer: {
    states: OPEN,
    who: (s) => (s.startsWith('new, unowned') ? EVERYONE : OWNER_LEAD_ADMIN),
  },
  accept: {
    states: ['new, unowned, offered', 'in_progress, offered on'],
    who: () => ['pendingOwner'],
  },
  decline: {
    states: ['new, unowned, offered', 'in_progress, offered on'],
    who: () => ['pendingOwner'],
  },
  assign: { states: OPEN, who: () => LEAD_ADMIN },
  start: { states: ['waiting', 'waiting, handoff open'], who: () => OWNER_LEAD_ADMIN },
  wait: {
    states: ['in_progress', 'in_progress, offered on', 'in_progress, handoff open'],
    who: () => OWNER_LEAD_ADMIN,
  },
  'follow-up': { states: OPEN, who: withOwner(OWNER_LEAD_ADMIN) },
  handoff: { states: WORKING, who: () => OWNER_LEAD_ADMIN },
  resolve: {
    states: ['in_progress', 'in_progress, offered on', 'waiting'],
    who: () => OWNER_LEAD_ADMIN,
  },
  confirm: { states: ['resolved'], who: () => ['requester', 'lead', 'admin'] },
  reopen: {
    states: ['resolved', 'closed confirmed, recent', 'closed auto_confirmed, recent'],
    who: () => ['requester', 'owner', 'lead', 'admin'],
  },
  cancel: { states: OPEN, who: withOwner(OWNER_LEAD_ADMIN) },
  comment: { states: ALL, who: () => EVERYONE },
  nudge: { states: OPEN, who: () => LEAD_ADMIN },
  escalate: { states: OPEN, who: () => LEAD_ADMIN },
};

describe('the lifecycle rules (SPEC §4)', () => {
  it('covers every action', () => {
    expect(Object.keys(spec).sort()).toEqual([...actionNames].sort());
  });

  for (const action of actionNames) {
    describe(action, () => {
      for (const [stateName, r] of Object.entries(states)) {
        for (const [who, actor] of Object.entries(people)) {
          const admits = spec[action].states.includes(stateName);
          const allowed = admits && spec[action].who(stateName).includes(who as Relation);
          const expected = allowed ? 'ok' : admits ? 403 : 409;
          it(`${stateName} · ${who} → ${expected}`, () => {
            const v = decide(action, actor, r, now, settings);
            expect(v.ok ? 'ok' : v.status).toBe(expected);
          });
        }
      }
    });
  }
});

describe('refusals', () => {
  it('names HANDOFF_OPEN when resolve waits on a handoff', () => {
    const r = states['in_progress, handoff open']!;
    expect(decide('resolve', people.owner, r, now, settings)).toEqual({
      ok: false,
      status: 409,
      code: 'HANDOFF_OPEN',
    });
  });

  it('throws a 409 carrying the state and the actions the caller has', () => {
    const r = states.resolved!;
    try {
      assertAllowed('wait', people.requester, r, now, settings);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(DomainError);
      const e = err as DomainError;
      expect(e.status).toBe(409);
      expect(e.extra).toEqual({
        state: 'resolved',
        allowedActions: ['confirm', 'reopen', 'comment'],
      });
    }
  });

  it('throws a 403 when the state admits the action but not from this caller', () => {
    expect(() =>
      assertAllowed('resolve', people.staff, states.in_progress!, now, settings),
    ).toThrow(expect.objectContaining({ status: 403, code: 'FORBIDDEN' }));
  });
});

describe('allowedActions', () => {
  it('gives the owner of a working request what they may do now', () => {
    expect(allowedActions(people.owner, states.in_progress!, now, settings)).toEqual([
      'edit',
      'offer',
      'wait',
      'follow-up',
      'handoff',
      'resolve',
      'cancel',
      'comment',
    ]);
  });

  it('gives a person with several relations the union of them', () => {
    const selfRequested = { ...states.resolved!, requesterId: 'p-owner' };
    expect(allowedActions(people.owner, selfRequested, now, settings)).toEqual([
      'confirm',
      'reopen',
      'comment',
    ]);
  });
});

describe('completing or cancelling a handoff', () => {
  const r = states['in_progress, handoff open']!;
  it.each([
    ['owner', true],
    ['lead', true],
    ['admin', true],
    ['handoffPerson', true],
    ['requester', false],
    ['staff', false],
    ['otherLead', false],
  ] as const)('%s → %s', (who, expected) => {
    expect(mayUpdateHandoff(people[who], r, 'p-handoff')).toBe(expected);
  });
});

describe('confirming on someone’s behalf', () => {
  it('is what a lead or admin does for the requester, and not the requester themselves', () => {
    const r = states.resolved!;
    expect(confirmsOnBehalf(people.requester, r)).toBe(false);
    expect(confirmsOnBehalf(people.lead, r)).toBe(true);
    expect(confirmsOnBehalf(people.admin, r)).toBe(true);
  });
});
