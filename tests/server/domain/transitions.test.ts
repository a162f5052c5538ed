import type { RequestAction } from '@followthrough/shared';
import { describe, expect, it } from 'vitest';
import {
  type ActionContext,
  factsOf,
  type Outcome,
  type RequestState,
  stateAfter,
} from '../../../server/src/domain/change';
import { createHandoff, updateHandoff } from '../../../server/src/domain/handoffs';
import { decide } from '../../../server/src/domain/lifecycle';
import * as outcomes from '../../../server/src/domain/outcomes';
import * as ownership from '../../../server/src/domain/ownership';
import { comment, createRequest, editRequest } from '../../../server/src/domain/requests';
import * as review from '../../../server/src/domain/review';
import {
  ctxOf,
  DAY,
  later,
  now,
  people,
  person,
  settings,
  state,
  unowned,
  type Who,
} from './state';

const soon = later(DAY).toISOString();
const newcomer = person('p-newcomer');

/** Each action with a body and directory facts that are valid whenever the rules admit it. */
const run: Record<RequestAction, (s: RequestState, ctx: ActionContext) => Outcome> = {
  edit: (s, c) => editRequest(s, c, { title: 'Another title' }, { category: null, location: null }),
  take: (s, c) => ownership.take(s, c, {}),
  offer: (s, c) => ownership.offer(s, c, { to: newcomer.id }, { to: newcomer }),
  accept: (s, c) => ownership.accept(s, c, {}),
  decline: (s, c) => ownership.decline(s, c, { reason: 'No' }),
  assign: (s, c) => ownership.assign(s, c, { to: newcomer.id }, { to: newcomer }),
  start: (s, c) => outcomes.start(s, c, {}),
  wait: (s, c) => outcomes.wait(s, c, { note: 'Parts', nextFollowUpAt: soon }),
  'follow-up': (s, c) => outcomes.followUp(s, c, { at: soon }),
  handoff: (s, c) =>
    createHandoff(
      s,
      c,
      { to: 'Maintenance', ask: 'Fix', expectedBy: soon },
      {
        id: 'h-new',
        toPerson: null,
      },
    ),
  resolve: (s, c) => outcomes.resolve(s, c, { summary: 'Done' }),
  // The note lets a lead or admin confirm on the requester's behalf.
  confirm: (s, c) => outcomes.confirm(s, c, { note: 'Asked them' }),
  reopen: (s, c) => outcomes.reopen(s, c, { reason: 'Again' }),
  cancel: (s, c) => outcomes.cancel(s, c, { reason: 'Duplicate' }),
  comment: (s, c) => comment(s, c, { body: 'Hello' }),
  nudge: (s, c) => review.nudge(s, c, { note: 'Please', nextFollowUpAt: soon }),
  escalate: (s, c) =>
    review.escalate(
      s,
      c,
      { note: 'Now', assignTo: newcomer.id },
      {
        assignTo: newcomer,
        targets: {},
      },
    ),
};

const openHandoff = {
  id: 'h1',
  status: 'open' as const,
  toPersonId: 'p-handoff',
  expectedBy: later(DAY),
};
const states: Record<string, RequestState> = {
  'new, unowned': unowned(),
  'new, offered': unowned({ pendingOwnerId: people.pending.id }),
  in_progress: state(),
  'in_progress, offered on': state({ pendingOwnerId: people.pending.id }),
  'in_progress, handoff open': state({ handoffs: [openHandoff] }),
  waiting: state({ status: 'waiting' }),
  'waiting, handoff open': state({ status: 'waiting', handoffs: [openHandoff] }),
  resolved: state({ status: 'resolved', resolvedAt: later(-DAY) }),
  'closed, recent': state({ status: 'closed', closeReason: 'confirmed', closedAt: later(-DAY) }),
  'closed, long ago': state({
    status: 'closed',
    closeReason: 'confirmed',
    closedAt: later(-30 * DAY),
  }),
  cancelled: state({ status: 'closed', closeReason: 'cancelled', closedAt: later(-DAY) }),
};

describe('every transition obeys the lifecycle table (domain/lifecycle.ts)', () => {
  for (const [action, transition] of Object.entries(run) as [RequestAction, typeof run.edit][]) {
    for (const [name, s] of Object.entries(states)) {
      for (const who of Object.keys(people) as Who[]) {
        const verdict = decide(action, people[who], factsOf(s), now, settings);
        const expected = verdict.ok ? 'change' : verdict.status;
        it(`${action} · ${name} · ${who} → ${expected}`, () => {
          const outcome = transition(s, ctxOf(who));
          expect(outcome.ok ? 'change' : outcome.status).toBe(expected);
          if (!outcome.ok) {
            expect(outcome.code).toBe(verdict.ok ? undefined : verdict.code);
            return;
          }
          const c = outcome.change;
          // Every change records at least one event, dated now, by the one acting.
          expect(c.events.length).toBeGreaterThan(0);
          expect(c.events.every((e) => e.actorId === people[who].id && e.at === now)).toBe(true);
          expect(c.set.updatedAt).toBe(now);
          // Nobody is told about their own action.
          expect(c.notify.map((r) => r.personId)).not.toContain(people[who].id);
          // The owner after the change acted: their activity clock is now.
          const ownerAfter = c.set.ownerId !== undefined ? c.set.ownerId : s.ownerId;
          if (ownerAfter === people[who].id) expect(c.set.lastOwnerActivityAt).toBe(now);
        });
      }
    }
  }
});

describe('a refused action', () => {
  it('names the state and what the caller may do instead (409)', () => {
    const outcome = run.wait(states.resolved!, ctxOf('requester'));
    expect(outcome).toEqual({
      ok: false,
      status: 409,
      code: 'ACTION_NOT_ALLOWED',
      message: 'A request that is resolved cannot be given the action "wait".',
      extra: { state: 'resolved', allowedActions: ['confirm', 'reopen', 'comment'] },
    });
  });

  it('says who may not (403)', () => {
    expect(run.resolve(states.in_progress!, ctxOf('staff'))).toEqual({
      ok: false,
      status: 403,
      code: 'FORBIDDEN',
      message: 'You may not resolve this request.',
      extra: {},
    });
  });
});

describe('one transition after another, with no database (stateAfter)', () => {
  it('follows a request from create to a reopen, each step on the state the last one left', () => {
    const category = {
      id: 'cat-equipment',
      active: true,
      teamId: 'team-facilities',
      defaultOwner: { id: people.pending.id, active: true },
      resolveWithin: {},
    };
    const step = (s: RequestState | null, outcome: Outcome, teamId?: string) => {
      if (!outcome.ok) throw new Error(`${outcome.code}: ${outcome.message}`);
      return { state: stateAfter(s, outcome.change, teamId), change: outcome.change };
    };
    let { state: s } = step(
      null,
      createRequest(
        ctxOf('requester'),
        {
          title: 'Bike squeaks',
          desiredOutcome: 'Quiet',
          categoryId: category.id,
          priority: 'high',
        },
        { id: 'req-9', category, location: null },
      ),
      category.teamId,
    );
    expect(s).toMatchObject({ id: 'req-9', status: 'new', pendingOwnerId: people.pending.id });
    ({ state: s } = step(s, ownership.accept(s, ctxOf('pending'), {})));
    expect(s).toMatchObject({
      status: 'in_progress',
      ownerId: people.pending.id,
      pendingOwnerId: null,
    });
    const handoff = { to: 'Acme', ask: 'Part', expectedBy: soon };
    ({ state: s } = step(
      s,
      createHandoff(s, ctxOf('pending'), handoff, { id: 'h9', toPerson: null }),
    ));
    expect(s.handoffs).toEqual([
      { id: 'h9', status: 'open', toPersonId: null, expectedBy: new Date(soon) },
    ]);
    expect(outcomes.resolve(s, ctxOf('pending'), { summary: 'x' })).toMatchObject({
      code: 'HANDOFF_OPEN',
    });
    ({ state: s } = step(
      s,
      updateHandoff(s, ctxOf('pending'), { status: 'done' }, { handoffId: 'h9' }),
    ));
    ({ state: s } = step(s, outcomes.resolve(s, ctxOf('pending'), { summary: 'Oiled' })));
    expect(s).toMatchObject({ status: 'resolved', resolvedAt: now });
    ({ state: s } = step(s, outcomes.confirm(s, ctxOf('requester'), { rating: 4 })));
    expect(s).toMatchObject({ status: 'closed', closeReason: 'confirmed', closedAt: now });
    ({ state: s } = step(s, outcomes.reopen(s, ctxOf('requester'), { reason: 'Squeaks again' })));
    expect(s).toMatchObject({ status: 'in_progress', reopenCount: 1, closeReason: null });
  });

  it('needs the state a change applies to, unless it is a create', () => {
    const outcome = run.comment(states.in_progress!, ctxOf('staff'));
    if (!outcome.ok) throw new Error('refused');
    expect(() => stateAfter(null, outcome.change)).toThrow();
  });
});
