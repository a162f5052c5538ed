import { describe, expect, it } from 'vitest';
import type { HandoffState } from '../../../server/src/domain/change';
import { createHandoff, updateHandoff } from '../../../server/src/domain/handoffs';
import { changed, ctxOf, DAY, later, now, people, person, refused, state } from './state';

const open = (id: string, expectedBy: Date, toPersonId: string | null = null): HandoffState => ({
  id,
  status: 'open',
  toPersonId,
  expectedBy,
});

describe('create a handoff', () => {
  it('adds an open handoff, keeps the soonest expected-by, and tells the person named', () => {
    const s = state({ handoffs: [open('h0', later(3 * DAY))] });
    const expectedBy = later(DAY);
    const to = person(people.handoffPerson.id);
    const c = changed(
      createHandoff(
        s,
        ctxOf('owner'),
        {
          to: 'Hana',
          toPersonId: to.id,
          ask: 'Replace the belt',
          expectedBy: expectedBy.toISOString(),
        },
        { id: 'h1', toPerson: to },
      ),
    );
    expect(c.handoffInserts).toEqual([
      {
        id: 'h1',
        requestId: s.id,
        toText: 'Hana',
        toPersonId: to.id,
        ask: 'Replace the belt',
        expectedBy,
        createdById: people.owner.id,
        createdAt: now,
      },
    ]);
    expect(c.set).toEqual({
      openHandoffs: 2,
      openHandoffDueAt: expectedBy,
      lastOwnerActivityAt: now,
      updatedAt: now,
    });
    expect(c.events).toEqual([
      {
        type: 'handoff_created',
        actorId: people.owner.id,
        at: now,
        data: {
          handoffId: 'h1',
          to: 'Hana',
          toPersonId: to.id,
          ask: 'Replace the belt',
          expectedBy: expectedBy.toISOString(),
        },
      },
    ]);
    expect(c.notify).toEqual([{ personId: to.id, kind: 'handoff_received' }]);
  });

  it('to a vendor tells nobody', () => {
    const body = { to: 'Acme Fitness Repair', ask: 'Quote', expectedBy: later(DAY).toISOString() };
    const c = changed(createHandoff(state(), ctxOf('owner'), body, { id: 'h1', toPerson: null }));
    expect(c.notify).toEqual([]);
    expect(c.events[0]!.data).not.toHaveProperty('toPersonId');
  });

  it('refuses a past expected-by and an inactive person, naming the field', () => {
    const past = { to: 'x', ask: 'y', expectedBy: now.toISOString() };
    expect(
      refused(createHandoff(state(), ctxOf('owner'), past, { id: 'h', toPerson: null })),
    ).toMatchObject({
      status: 400,
      errors: [{ path: 'expectedBy', message: 'Must be in the future' }],
    });
    const gone = person('p-gone', { active: false, name: 'Gone' });
    const body = {
      to: 'Gone',
      toPersonId: gone.id,
      ask: 'y',
      expectedBy: later(DAY).toISOString(),
    };
    expect(
      refused(createHandoff(state(), ctxOf('owner'), body, { id: 'h', toPerson: gone })),
    ).toMatchObject({ errors: [{ path: 'toPersonId', message: 'Gone is deactivated' }] });
  });

  it('is for working requests, by the owner, a lead or an admin', () => {
    const body = { to: 'x', ask: 'y', expectedBy: later(DAY).toISOString() };
    const facts = { id: 'h', toPerson: null };
    expect(refused(createHandoff(state(), ctxOf('staff'), body, facts)).status).toBe(403);
    expect(
      refused(createHandoff(state({ status: 'new', ownerId: null }), ctxOf('lead'), body, facts))
        .status,
    ).toBe(409);
  });
});

describe('complete or cancel a handoff', () => {
  const s = state({
    handoffs: [
      open('h1', later(DAY), people.handoffPerson.id),
      open('h2', later(2 * DAY)),
      { id: 'h3', status: 'done', toPersonId: null, expectedBy: later(-DAY) },
    ],
  });

  it('completes it with the note; the open facts count what stays open', () => {
    const c = changed(
      updateHandoff(
        s,
        ctxOf('handoffPerson'),
        { status: 'done', note: 'Fixed' },
        { handoffId: 'h1' },
      ),
    );
    expect(c.handoffUpdates).toEqual([
      {
        id: 'h1',
        status: 'done',
        completedAt: now,
        completedById: people.handoffPerson.id,
        note: 'Fixed',
      },
    ]);
    expect(c.set).toEqual({ openHandoffs: 1, openHandoffDueAt: later(2 * DAY), updatedAt: now });
    expect(c.events).toEqual([
      {
        type: 'handoff_completed',
        actorId: people.handoffPerson.id,
        at: now,
        data: { handoffId: 'h1', note: 'Fixed' },
      },
    ]);
  });

  it('cancels the last open one', () => {
    const one = state({ handoffs: [open('h2', later(DAY))] });
    const c = changed(
      updateHandoff(one, ctxOf('owner'), { status: 'cancelled' }, { handoffId: 'h2' }),
    );
    expect(c.set).toEqual({
      openHandoffs: 0,
      openHandoffDueAt: null,
      lastOwnerActivityAt: now,
      updatedAt: now,
    });
    expect(c.handoffUpdates[0]!.note).toBeNull();
    expect(c.events[0]).toMatchObject({ type: 'handoff_cancelled', data: { handoffId: 'h2' } });
  });

  it('answers 404 for another request’s handoff, 409 for a closed one, 403 to other staff', () => {
    expect(
      refused(updateHandoff(s, ctxOf('owner'), { status: 'done' }, { handoffId: 'hx' })),
    ).toEqual({ status: 404, code: 'NOT_FOUND' });
    expect(
      refused(updateHandoff(s, ctxOf('owner'), { status: 'done' }, { handoffId: 'h3' })),
    ).toEqual({ status: 409, code: 'HANDOFF_NOT_OPEN', state: 'done' });
    expect(
      refused(updateHandoff(s, ctxOf('staff'), { status: 'done' }, { handoffId: 'h1' })),
    ).toEqual({ status: 403, code: 'FORBIDDEN' });
    // The person of one handoff may not close another.
    expect(
      refused(updateHandoff(s, ctxOf('handoffPerson'), { status: 'done' }, { handoffId: 'h2' }))
        .status,
    ).toBe(403);
  });
});
