import { describe, expect, it } from 'vitest';
import {
  accept,
  assign,
  decline,
  offer,
  take,
  withdrawOffer,
} from '../../../server/src/domain/ownership';
import { changed, ctxOf, now, people, person, refused, state, unowned } from './state';

describe('take', () => {
  it('makes the caller the owner of an unowned new request, in progress', () => {
    const c = changed(take(unowned(), ctxOf('staff'), { note: 'Mine' }));
    expect(c.set).toEqual({
      ownerId: people.staff.id,
      ownedAt: now,
      status: 'in_progress',
      pendingOwnerId: null,
      offeredAt: null,
      // The new owner acted: their activity clock starts.
      lastOwnerActivityAt: now,
      updatedAt: now,
    });
    expect(c.events).toEqual([
      { type: 'ownership_taken', actorId: people.staff.id, at: now, data: { note: 'Mine' } },
    ]);
    expect(c.notify).toEqual([]);
    expect(c.requestId).toBe('req-1');
  });

  it('records the offer it lapses, and keeps a first ownedAt', () => {
    const earlier = new Date('2026-04-01T00:00:00Z');
    const c = changed(
      take(unowned({ pendingOwnerId: people.pending.id, ownedAt: earlier }), ctxOf('staff'), {}),
    );
    expect(c.set.ownedAt).toBe(earlier);
    expect(c.events[0]!.data).toEqual({ lapsedOffer: people.pending.id });
  });

  it('is refused (409) on an owned request', () => {
    expect(refused(take(state(), ctxOf('staff'), {}))).toMatchObject({
      status: 409,
      code: 'ACTION_NOT_ALLOWED',
      state: 'in_progress',
    });
  });
});

describe('offer', () => {
  const to = person(people.pending.id, { name: 'Pat Pending' });

  it('names a pending owner; the owner stays; the pending owner is told', () => {
    const c = changed(offer(state(), ctxOf('owner'), { to: to.id, note: 'Yours?' }, { to }));
    expect(c.set).toEqual({
      pendingOwnerId: to.id,
      offeredAt: now,
      lastOwnerActivityAt: now,
      updatedAt: now,
    });
    expect(c.events).toEqual([
      {
        type: 'ownership_offered',
        actorId: people.owner.id,
        at: now,
        data: { to: to.id, note: 'Yours?' },
      },
    ]);
    expect(c.notify).toEqual([{ personId: to.id, kind: 'offer_received' }]);
  });

  it('by a lead, does not move the owner’s activity clock', () => {
    const c = changed(offer(state(), ctxOf('lead'), { to: to.id }, { to }));
    expect(c.set.lastOwnerActivityAt).toBeUndefined();
  });

  it('to oneself tells nobody', () => {
    const self = person(people.staff.id);
    const c = changed(offer(unowned(), ctxOf('staff'), { to: self.id }, { to: self }));
    expect(c.notify).toEqual([]);
  });

  it('refuses an unknown or deactivated person, and the owner, naming `to`', () => {
    expect(refused(offer(state(), ctxOf('owner'), { to: 'p-x' }, { to: null }))).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
      errors: [{ path: 'to', message: 'No such person' }],
    });
    const gone = person('p-gone', { active: false, name: 'Gone Person' });
    expect(refused(offer(state(), ctxOf('owner'), { to: gone.id }, { to: gone }))).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
      errors: [{ path: 'to', message: 'Gone Person is deactivated' }],
    });
    const owner = person(people.owner.id, { name: 'Olga Owner' });
    const already = offer(state(), ctxOf('lead'), { to: owner.id }, { to: owner });
    expect(refused(already)).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
      errors: [{ path: 'to', message: 'Already the owner' }],
    });
    expect(already.ok ? '' : already.message).toBe('Olga Owner already owns this request.');
  });

  it('checks who may offer before the person named', () => {
    expect(refused(offer(state(), ctxOf('staff'), { to: 'p-x' }, { to: null })).status).toBe(403);
  });
});

describe('accept', () => {
  it('makes the pending owner the owner; a new request starts', () => {
    const c = changed(
      accept(unowned({ pendingOwnerId: people.pending.id }), ctxOf('pending'), { note: 'On it' }),
    );
    expect(c.set).toEqual({
      ownerId: people.pending.id,
      ownedAt: now,
      pendingOwnerId: null,
      offeredAt: null,
      status: 'in_progress',
      lastOwnerActivityAt: now,
      updatedAt: now,
    });
    expect(c.events).toEqual([
      {
        type: 'ownership_accepted',
        actorId: people.pending.id,
        at: now,
        data: { from: null, note: 'On it' },
      },
    ]);
  });

  it('on a request in progress keeps its status and records the owner before', () => {
    const s = state({ pendingOwnerId: people.pending.id });
    const c = changed(accept(s, ctxOf('pending'), {}));
    expect(c.set.status).toBeUndefined();
    expect(c.set.ownedAt).toBe(s.ownedAt);
    expect(c.events[0]!.data).toEqual({ from: people.owner.id });
  });

  it('is the pending owner’s alone (403), and needs an offer (409)', () => {
    const s = state({ pendingOwnerId: people.pending.id });
    expect(refused(accept(s, ctxOf('owner'), {})).status).toBe(403);
    expect(refused(accept(state(), ctxOf('pending'), {})).status).toBe(409);
  });
});

describe('decline', () => {
  it('clears the offer with the reason; the owner stays', () => {
    const s = state({ pendingOwnerId: people.pending.id });
    const c = changed(decline(s, ctxOf('pending'), { reason: 'On leave' }));
    expect(c.set).toEqual({ pendingOwnerId: null, offeredAt: null, updatedAt: now });
    expect(c.events).toEqual([
      {
        type: 'ownership_declined',
        actorId: people.pending.id,
        at: now,
        data: { reason: 'On leave' },
      },
    ]);
    expect(refused(decline(s, ctxOf('staff'), { reason: 'x' })).status).toBe(403);
  });
});

describe('withdrawOffer', () => {
  it('clears an offer to a deactivated person, by the admin; the owner stays accountable', () => {
    const s = state({ pendingOwnerId: people.pending.id });
    const c = changed(withdrawOffer(s, ctxOf('admin')));
    expect(c.set).toEqual({ pendingOwnerId: null, offeredAt: null, updatedAt: now });
    expect(c.events).toEqual([
      {
        type: 'ownership_withdrawn',
        actorId: people.admin.id,
        at: now,
        data: { from: people.pending.id, reason: 'deactivated' },
      },
    ]);
    expect(c.notify).toEqual([]);
  });

  it('is refused (409) with no offer pending, or on a request no longer open', () => {
    expect(refused(withdrawOffer(state(), ctxOf('admin'))).status).toBe(409);
    const closed = state({ pendingOwnerId: people.pending.id, status: 'resolved' });
    expect(refused(withdrawOffer(closed, ctxOf('admin'))).status).toBe(409);
  });
});

describe('assign', () => {
  const to = person(people.staff.id);

  it('changes the owner at once, restarts their clock, and tells them', () => {
    const c = changed(
      assign(
        unowned({ pendingOwnerId: 'p-pending' }),
        ctxOf('lead'),
        { to: to.id, note: 'You' },
        {
          to,
        },
      ),
    );
    expect(c.set).toEqual({
      ownerId: to.id,
      ownedAt: now,
      lastOwnerActivityAt: now,
      pendingOwnerId: null,
      offeredAt: null,
      status: 'in_progress',
      updatedAt: now,
    });
    expect(c.events).toEqual([
      {
        type: 'ownership_assigned',
        actorId: people.lead.id,
        at: now,
        data: { to: to.id, from: null, note: 'You' },
      },
    ]);
    expect(c.notify).toEqual([{ personId: to.id, kind: 'assigned' }]);
  });

  it('a lead assigning to themselves is not told', () => {
    const me = person(people.lead.id);
    expect(changed(assign(state(), ctxOf('lead'), { to: me.id }, { to: me })).notify).toEqual([]);
  });

  it('is for leads and admins; to an active person who does not own it already', () => {
    expect(refused(assign(state(), ctxOf('owner'), { to: to.id }, { to })).status).toBe(403);
    expect(refused(assign(state(), ctxOf('admin'), { to: 'p-x' }, { to: null }))).toMatchObject({
      errors: [{ path: 'to', message: 'No such person' }],
    });
    const owner = person(people.owner.id);
    expect(refused(assign(state(), ctxOf('admin'), { to: owner.id }, { to: owner }))).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
      errors: [{ path: 'to', message: 'Already the owner' }],
    });
  });
});
