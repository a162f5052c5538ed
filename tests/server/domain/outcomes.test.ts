import { describe, expect, it } from 'vitest';
import {
  autoConfirm,
  cancel,
  confirm,
  followUp,
  reopen,
  resolve,
  start,
  wait,
} from '../../../server/src/domain/outcomes';
import { changed, ctxOf, DAY, HOUR, later, now, people, refused, state } from './state';

const futureRefusal = (path: string) => ({
  status: 400,
  code: 'VALIDATION_FAILED',
  errors: [{ path, message: 'Must be in the future' }],
});

describe('start and wait', () => {
  it('wait says on what and commits to a follow-up; the owner acted', () => {
    const at = later(2 * DAY);
    const c = changed(
      wait(state(), ctxOf('owner'), { note: 'Belt on order', nextFollowUpAt: at.toISOString() }),
    );
    expect(c.set).toEqual({
      status: 'waiting',
      nextFollowUpAt: at,
      followUpSetAt: now,
      lastOwnerActivityAt: now,
      updatedAt: now,
    });
    expect(c.events).toEqual([
      {
        type: 'status_changed',
        actorId: people.owner.id,
        at: now,
        data: {
          from: 'in_progress',
          to: 'waiting',
          note: 'Belt on order',
          nextFollowUpAt: at.toISOString(),
        },
      },
    ]);
  });

  it('wait refuses a follow-up that is not in the future, and a waiting request', () => {
    const body = { note: 'x', nextFollowUpAt: now.toISOString() };
    expect(refused(wait(state(), ctxOf('owner'), body))).toEqual(futureRefusal('nextFollowUpAt'));
    expect(refused(wait(state({ status: 'waiting' }), ctxOf('owner'), body)).status).toBe(409);
  });

  it('start returns a waiting request to in progress', () => {
    const c = changed(start(state({ status: 'waiting' }), ctxOf('lead'), { note: 'Parts came' }));
    expect(c.set).toEqual({ status: 'in_progress', updatedAt: now });
    expect(c.events[0]).toMatchObject({
      type: 'status_changed',
      actorId: people.lead.id,
      data: { from: 'waiting', to: 'in_progress', note: 'Parts came' },
    });
    expect(refused(start(state(), ctxOf('owner'), {})).status).toBe(409);
    expect(refused(start(state({ status: 'waiting' }), ctxOf('staff'), {})).status).toBe(403);
  });
});

describe('follow-up', () => {
  it('sets the promise and when it was made', () => {
    const at = later(DAY);
    const c = changed(followUp(state(), ctxOf('owner'), { at: at.toISOString() }));
    expect(c.set).toEqual({
      nextFollowUpAt: at,
      followUpSetAt: now,
      lastOwnerActivityAt: now,
      updatedAt: now,
    });
    expect(c.events[0]!.data).toEqual({ at: at.toISOString() });
    expect(refused(followUp(state(), ctxOf('owner'), { at: later(-HOUR).toISOString() }))).toEqual(
      futureRefusal('at'),
    );
  });
});

describe('resolve', () => {
  it('resolves, clears the follow-up and any offer, and asks the requester to confirm', () => {
    const c = changed(
      resolve(state({ pendingOwnerId: people.pending.id }), ctxOf('owner'), { summary: 'Fixed' }),
    );
    expect(c.set).toEqual({
      status: 'resolved',
      resolvedAt: now,
      nextFollowUpAt: null,
      pendingOwnerId: null,
      offeredAt: null,
      lastOwnerActivityAt: now,
      updatedAt: now,
    });
    expect(c.events).toEqual([
      { type: 'resolved', actorId: people.owner.id, at: now, data: { summary: 'Fixed' } },
    ]);
    expect(c.notify).toEqual([{ personId: people.requester.id, kind: 'confirmation_asked' }]);
  });

  it('asks nobody when the requester resolved it themselves', () => {
    const s = state({ ownerId: people.requester.id });
    expect(changed(resolve(s, ctxOf('requester'), { summary: 'Done' })).notify).toEqual([]);
  });

  it('is refused with HANDOFF_OPEN while a handoff is open', () => {
    const s = state({
      handoffs: [{ id: 'h1', status: 'open', toPersonId: null, expectedBy: later(DAY) }],
    });
    expect(refused(resolve(s, ctxOf('owner'), { summary: 'x' }))).toMatchObject({
      status: 409,
      code: 'HANDOFF_OPEN',
      state: 'in_progress',
    });
  });
});

describe('confirm', () => {
  const resolved = state({ status: 'resolved', resolvedAt: later(-DAY) });

  it('closes as confirmed with the rating', () => {
    const c = changed(confirm(resolved, ctxOf('requester'), { rating: 5, note: 'Great' }));
    expect(c.set).toEqual({
      status: 'closed',
      closeReason: 'confirmed',
      closedAt: now,
      updatedAt: now,
    });
    expect(c.events[0]).toEqual({
      type: 'confirmed',
      actorId: people.requester.id,
      at: now,
      data: { note: 'Great', rating: 5 },
    });
  });

  it('on the requester’s behalf needs a note, and says so', () => {
    expect(refused(confirm(resolved, ctxOf('lead'), {}))).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
      errors: [{ path: 'note', message: 'Say why you confirm on the requester’s behalf' }],
    });
    const c = changed(confirm(resolved, ctxOf('lead'), { note: 'Asked at the desk' }));
    expect(c.events[0]!.data).toEqual({ note: 'Asked at the desk', onBehalf: true });
  });

  it('is not the owner’s', () => {
    expect(refused(confirm(resolved, ctxOf('owner'), {})).status).toBe(403);
  });
});

describe('reopen', () => {
  it('reopens a resolved request, counts it, and tells the owner', () => {
    const c = changed(
      reopen(state({ status: 'resolved', reopenCount: 1 }), ctxOf('requester'), {
        reason: 'Slipping again',
      }),
    );
    expect(c.set).toEqual({
      status: 'in_progress',
      closeReason: null,
      closedAt: null,
      reopenCount: 2,
      lastReopenedAt: now,
      updatedAt: now,
    });
    expect(c.events[0]).toEqual({
      type: 'reopened',
      actorId: people.requester.id,
      at: now,
      data: { reason: 'Slipping again', from: 'resolved' },
    });
    expect(c.notify).toEqual([{ personId: people.owner.id, kind: 'reopened' }]);
  });

  it('reopens a closed one within the window, not after it, and never a cancelled one', () => {
    const closed = (days: number, closeReason: 'confirmed' | 'cancelled' = 'confirmed') =>
      state({ status: 'closed', closeReason, closedAt: later(-days * DAY) });
    const c = changed(reopen(closed(14), ctxOf('owner'), { reason: 'x' }));
    expect(c.events[0]!.data).toEqual({ reason: 'x', from: 'closed' });
    // The owner reopening tells nobody.
    expect(c.notify).toEqual([]);
    expect(refused(reopen(closed(15), ctxOf('owner'), { reason: 'x' })).status).toBe(409);
    expect(refused(reopen(closed(1, 'cancelled'), ctxOf('owner'), { reason: 'x' })).status).toBe(
      409,
    );
  });
});

describe('cancel', () => {
  it('closes with the reason and calls off each open handoff first', () => {
    const s = state({
      handoffs: [
        { id: 'h-done', status: 'done', toPersonId: null, expectedBy: later(-DAY) },
        { id: 'h1', status: 'open', toPersonId: 'p-handoff', expectedBy: later(DAY) },
        { id: 'h2', status: 'open', toPersonId: null, expectedBy: later(2 * DAY) },
      ],
    });
    const c = changed(cancel(s, ctxOf('lead'), { reason: 'Treadmill retired' }));
    expect(c.set).toEqual({
      status: 'closed',
      closeReason: 'cancelled',
      closedAt: now,
      nextFollowUpAt: null,
      pendingOwnerId: null,
      offeredAt: null,
      openHandoffs: 0,
      openHandoffDueAt: null,
      updatedAt: now,
    });
    const note = 'The request was cancelled';
    expect(c.handoffUpdates).toEqual([
      { id: 'h1', status: 'cancelled', completedAt: now, completedById: people.lead.id, note },
      { id: 'h2', status: 'cancelled', completedAt: now, completedById: people.lead.id, note },
    ]);
    expect(c.events.map((e) => [e.type, e.data])).toEqual([
      ['handoff_cancelled', { handoffId: 'h1', note }],
      ['handoff_cancelled', { handoffId: 'h2', note }],
      ['cancelled', { reason: 'Treadmill retired' }],
    ]);
  });

  it('is refused on a resolved request and to plain staff', () => {
    expect(
      refused(cancel(state({ status: 'resolved' }), ctxOf('owner'), { reason: 'x' })).status,
    ).toBe(409);
    expect(refused(cancel(state(), ctxOf('staff'), { reason: 'x' })).status).toBe(403);
  });
});

describe('auto-confirm', () => {
  const resolvedAt = new Date('2026-04-20T08:30:00.000Z');
  const row = { id: 'req-1', status: 'resolved' as const, resolvedAt, ownerId: 'p-owner' };

  it('closes by the system, dated when the quiet period ended', () => {
    const c = changed(autoConfirm(row, { now, days: 5 }));
    const at = new Date(resolvedAt.getTime() + 5 * DAY);
    expect(c.set).toEqual({
      status: 'closed',
      closeReason: 'auto_confirmed',
      closedAt: at,
      updatedAt: now,
    });
    expect(c.events).toEqual([{ type: 'auto_confirmed', actorId: null, at, data: {} }]);
    expect(c.notify).toEqual([]);
  });

  it('leaves alone what is not resolved, or not for long enough', () => {
    expect(refused(autoConfirm(row, { now, days: 12 })).status).toBe(409);
    expect(refused(autoConfirm({ ...row, status: 'closed' }, { now, days: 5 })).status).toBe(409);
    expect(refused(autoConfirm({ ...row, resolvedAt: null }, { now, days: 5 })).status).toBe(409);
  });
});
