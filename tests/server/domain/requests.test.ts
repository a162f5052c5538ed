import { describe, expect, it } from 'vitest';
import {
  type CategoryFacts,
  comment,
  createRequest,
  editRequest,
} from '../../../server/src/domain/requests';
import { changed, ctxOf, DAY, HOUR, now, people, refused, state, TEAM } from './state';

const category = (over: Partial<CategoryFacts> = {}): CategoryFacts => ({
  id: 'cat-equipment',
  active: true,
  teamId: TEAM,
  defaultOwner: { id: people.owner.id, active: true },
  resolveWithin: {},
  ...over,
});

const body = {
  title: 'Treadmill 3 belt slips',
  desiredOutcome: 'Runs safely',
  categoryId: 'cat-equipment',
  priority: 'normal' as const,
};

describe('create', () => {
  it('inserts a new request and offers it to the category’s default owner, by the system', () => {
    const c = changed(
      createRequest(ctxOf('staff'), body, { id: 'new-1', category: category(), location: null }),
    );
    expect(c.requestId).toBe('new-1');
    expect(c.insert).toEqual({
      title: body.title,
      description: '',
      desiredOutcome: body.desiredOutcome,
      categoryId: body.categoryId,
      locationId: null,
      asset: null,
      assetId: null,
      priority: 'normal',
      requesterId: people.staff.id,
      onBehalfOf: null,
      status: 'new',
      ownerId: null,
      ownedAt: null,
      lastOwnerActivityAt: null,
      pendingOwnerId: people.owner.id,
      offeredAt: now,
      targetAt: new Date(now.getTime() + 7 * DAY),
      createdAt: now,
      updatedAt: now,
    });
    expect(c.events).toEqual([
      {
        type: 'created',
        actorId: people.staff.id,
        at: now,
        data: {
          title: body.title,
          priority: 'normal',
          categoryId: body.categoryId,
          desiredOutcome: body.desiredOutcome,
        },
      },
      {
        type: 'ownership_offered',
        actorId: null,
        at: now,
        data: { to: people.owner.id, routed: true, reason: 'default owner of the category' },
      },
    ]);
    expect(c.notify).toEqual([{ personId: people.owner.id, kind: 'offer_received' }]);
  });

  it('gives the default owner the request at once when they log it', () => {
    const c = changed(
      createRequest(ctxOf('owner'), body, { id: 'new-1', category: category(), location: null }),
    );
    expect(c.insert).toMatchObject({
      status: 'in_progress',
      ownerId: people.owner.id,
      ownedAt: now,
      lastOwnerActivityAt: now,
      pendingOwnerId: null,
      offeredAt: null,
    });
    expect(c.events.map((e) => [e.type, e.actorId])).toEqual([
      ['created', people.owner.id],
      ['ownership_taken', people.owner.id],
    ]);
    expect(c.notify).toEqual([]);
  });

  it('leaves it unowned without an active default owner', () => {
    for (const defaultOwner of [null, { id: people.owner.id, active: false }]) {
      const c = changed(
        createRequest(ctxOf('staff'), body, {
          id: 'new-1',
          category: category({ defaultOwner }),
          location: null,
        }),
      );
      expect(c.insert).toMatchObject({ status: 'new', ownerId: null, pendingOwnerId: null });
      expect(c.events.map((e) => e.type)).toEqual(['created']);
      expect(c.notify).toEqual([]);
    }
  });

  it('takes the target from the category for the priority, else from SPEC §6', () => {
    const urgent = { ...body, priority: 'urgent' as const };
    const byDefault = changed(
      createRequest(ctxOf('staff'), urgent, { id: 'n', category: category(), location: null }),
    );
    expect(byDefault.insert!.targetAt).toEqual(new Date(now.getTime() + DAY));
    const own = changed(
      createRequest(ctxOf('staff'), urgent, {
        id: 'n',
        category: category({ resolveWithin: { urgent: 90 } }),
        location: null,
      }),
    );
    expect(own.insert!.targetAt).toEqual(new Date(now.getTime() + 90 * 60_000));
  });

  it('keeps the optional fields, with blanks as null', () => {
    const c = changed(
      createRequest(
        ctxOf('staff'),
        { ...body, description: 'Loud', asset: '', onBehalfOf: 'A member', locationId: 'loc-1' },
        { id: 'n', category: category(), location: { active: true } },
      ),
    );
    expect(c.insert).toMatchObject({
      description: 'Loud',
      asset: null,
      onBehalfOf: 'A member',
      locationId: 'loc-1',
    });
  });

  it('refuses an unknown or retired category or location, naming the field', () => {
    const facts = { id: 'n', category: category(), location: null };
    expect(refused(createRequest(ctxOf('staff'), body, { ...facts, category: null }))).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
      errors: [{ path: 'categoryId', message: 'No such category' }],
    });
    expect(
      refused(
        createRequest(ctxOf('staff'), body, { ...facts, category: category({ active: false }) }),
      ),
    ).toMatchObject({
      errors: [{ path: 'categoryId', message: 'This category is no longer in use' }],
    });
    const located = { ...body, locationId: 'loc-1' };
    expect(refused(createRequest(ctxOf('staff'), located, facts))).toMatchObject({
      errors: [{ path: 'locationId', message: 'No such location' }],
    });
    expect(
      refused(createRequest(ctxOf('staff'), located, { ...facts, location: { active: false } })),
    ).toMatchObject({
      errors: [{ path: 'locationId', message: 'This location is no longer in use' }],
    });
  });
});

describe('edit', () => {
  const facts = { category: null, location: null };

  it('records each field that changed, from → to', () => {
    const s = state();
    const c = changed(
      editRequest(s, ctxOf('requester'), { title: 'New title', description: '' }, facts),
    );
    expect(c.set).toEqual({ title: 'New title', updatedAt: now });
    expect(c.events).toEqual([
      {
        type: 'field_changed',
        actorId: people.requester.id,
        at: now,
        data: { changes: { title: { from: s.title, to: 'New title' } } },
      },
    ]);
    expect(c.notify).toEqual([]);
  });

  it('moves the target with a new priority, from the category it will have', () => {
    const s = state();
    const c = changed(
      editRequest(
        s,
        ctxOf('owner'),
        { priority: 'high' },
        {
          category: category({ resolveWithin: { high: 6 * 60 } }),
          location: null,
        },
      ),
    );
    const targetAt = new Date(s.createdAt.getTime() + 6 * HOUR);
    expect(c.set).toEqual({
      priority: 'high',
      targetAt,
      lastOwnerActivityAt: now,
      updatedAt: now,
    });
    expect(c.events[0]!.data).toEqual({
      changes: {
        priority: { from: 'normal', to: 'high' },
        targetAt: { from: s.targetAt.toISOString(), to: targetAt.toISOString() },
      },
    });
  });

  it('a given target wins over the priority’s', () => {
    const to = '2026-06-01T00:00:00.000Z';
    const c = changed(
      editRequest(
        state(),
        ctxOf('lead'),
        { priority: 'low', targetAt: to },
        {
          category: category(),
          location: null,
        },
      ),
    );
    expect(c.set.targetAt).toEqual(new Date(to));
  });

  it('clears an asset given as blank, and a location given as null', () => {
    const s = state({ asset: 'TM-3', locationId: 'loc-1' });
    const c = changed(editRequest(s, ctxOf('owner'), { asset: '', locationId: null }, facts));
    expect(c.set).toMatchObject({ asset: null, locationId: null });
  });

  it('refuses an edit that changes nothing, naming the first field', () => {
    const s = state();
    expect(refused(editRequest(s, ctxOf('owner'), { title: s.title }, facts))).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
      errors: [{ path: 'title', message: 'Nothing would change' }],
    });
  });

  it('refuses an unknown or retired category and an unknown location', () => {
    const s = state();
    expect(refused(editRequest(s, ctxOf('owner'), { categoryId: 'cat-x' }, facts))).toMatchObject({
      errors: [{ path: 'categoryId', message: 'No such category' }],
    });
    expect(
      refused(
        editRequest(
          s,
          ctxOf('owner'),
          { categoryId: 'cat-x' },
          {
            category: category({ id: 'cat-x', active: false }),
            location: null,
          },
        ),
      ),
    ).toMatchObject({
      errors: [{ path: 'categoryId', message: 'This category is no longer in use' }],
    });
    expect(refused(editRequest(s, ctxOf('owner'), { locationId: 'loc-x' }, facts))).toMatchObject({
      errors: [{ path: 'locationId', message: 'No such location' }],
    });
  });

  it('is for the requester, owner, lead or admin of an open request', () => {
    expect(refused(editRequest(state(), ctxOf('staff'), { title: 'x' }, facts)).status).toBe(403);
    expect(
      refused(editRequest(state({ status: 'resolved' }), ctxOf('owner'), { title: 'x' }, facts))
        .status,
    ).toBe(409);
  });
});

describe('comment', () => {
  it('is anyone’s, and tells the owner and the requester, never the one commenting', () => {
    const c = changed(comment(state(), ctxOf('staff'), { body: 'Vendor comes Monday' }));
    expect(c.set).toEqual({ updatedAt: now });
    expect(c.events).toEqual([
      { type: 'comment', actorId: people.staff.id, at: now, data: { body: 'Vendor comes Monday' } },
    ]);
    expect(c.notify).toEqual([
      { personId: people.owner.id, kind: 'commented' },
      { personId: people.requester.id, kind: 'commented' },
    ]);
    expect(changed(comment(state(), ctxOf('owner'), { body: 'x' })).notify).toEqual([
      { personId: people.requester.id, kind: 'commented' },
    ]);
  });

  it('by the owner moves their activity clock; a closed request still takes comments', () => {
    const c = changed(
      comment(
        state({ status: 'closed', closeReason: 'confirmed', closedAt: now }),
        ctxOf('owner'),
        {
          body: 'x',
        },
      ),
    );
    expect(c.set).toEqual({ lastOwnerActivityAt: now, updatedAt: now });
  });

  it('tells one person once when they are both owner and requester', () => {
    const s = state({ requesterId: people.owner.id });
    expect(changed(comment(s, ctxOf('staff'), { body: 'x' })).notify).toEqual([
      { personId: people.owner.id, kind: 'commented' },
    ]);
  });
});
