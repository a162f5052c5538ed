import { describe, expect, it } from 'vitest';
import { escalate, nudge } from '../../../server/src/domain/review';
import { changed, ctxOf, DAY, HOUR, later, now, people, person, refused, state } from './state';

describe('nudge', () => {
  it('sets the follow-up, records the owner it was for, and tells them', () => {
    const at = later(DAY);
    const c = changed(
      nudge(state(), ctxOf('lead'), { note: 'Members ask', nextFollowUpAt: at.toISOString() }),
    );
    expect(c.set).toEqual({ nextFollowUpAt: at, followUpSetAt: now, updatedAt: now });
    expect(c.events).toEqual([
      {
        type: 'nudged',
        actorId: people.lead.id,
        at: now,
        data: { note: 'Members ask', nextFollowUpAt: at.toISOString(), owner: people.owner.id },
      },
    ]);
    expect(c.notify).toEqual([{ personId: people.owner.id, kind: 'nudged' }]);
  });

  it('on an unowned request tells nobody', () => {
    const s = state({ status: 'new', ownerId: null });
    const body = { note: 'x', nextFollowUpAt: later(DAY).toISOString() };
    expect(changed(nudge(s, ctxOf('admin'), body)).notify).toEqual([]);
  });

  it('is for leads and admins, with a future date', () => {
    const body = { note: 'x', nextFollowUpAt: later(DAY).toISOString() };
    expect(refused(nudge(state(), ctxOf('owner'), body)).status).toBe(403);
    expect(
      refused(nudge(state(), ctxOf('lead'), { note: 'x', nextFollowUpAt: now.toISOString() })),
    ).toMatchObject({ status: 400, errors: [{ path: 'nextFollowUpAt' }] });
  });
});

describe('escalate', () => {
  const none = { assignTo: null, targets: {} };

  it('raises the priority; the target follows it from the creation time; the owner is told', () => {
    const s = state();
    const c = changed(escalate(s, ctxOf('lead'), { note: 'Hurt', priority: 'urgent' }, none));
    expect(c.set).toEqual({
      priority: 'urgent',
      targetAt: new Date(s.createdAt.getTime() + DAY),
      updatedAt: now,
    });
    expect(c.events[0]).toEqual({
      type: 'escalated',
      actorId: people.lead.id,
      at: now,
      data: { note: 'Hurt', priority: 'urgent', from: 'normal' },
    });
    expect(c.notify).toEqual([{ personId: people.owner.id, kind: 'nudged' }]);
  });

  it('uses the category’s own target for the new priority', () => {
    const s = state();
    const c = changed(
      escalate(
        s,
        ctxOf('lead'),
        { note: 'x', priority: 'high' },
        {
          assignTo: null,
          targets: { high: 120 },
        },
      ),
    );
    expect(c.set.targetAt).toEqual(new Date(s.createdAt.getTime() + 2 * HOUR));
  });

  it('assigns at once and tells the new owner (not the old one) they were assigned', () => {
    const to = person(people.staff.id);
    const c = changed(
      escalate(
        state(),
        ctxOf('admin'),
        { note: 'Sam takes it', assignTo: to.id },
        {
          ...none,
          assignTo: to,
        },
      ),
    );
    expect(c.set).toMatchObject({
      ownerId: to.id,
      lastOwnerActivityAt: now,
      pendingOwnerId: null,
    });
    expect(c.events[0]!.data).toEqual({
      note: 'Sam takes it',
      assignTo: to.id,
      previousOwner: people.owner.id,
    });
    expect(c.notify).toEqual([{ personId: to.id, kind: 'assigned' }]);
  });

  it('refuses a priority that is not higher, and an unknown or current owner, naming the field', () => {
    expect(refused(escalate(state(), ctxOf('lead'), { note: 'x', priority: 'low' }, none))).toEqual(
      {
        status: 400,
        code: 'VALIDATION_FAILED',
        errors: [{ path: 'priority', message: 'Must be higher than normal' }],
      },
    );
    expect(
      refused(escalate(state(), ctxOf('lead'), { note: 'x', assignTo: 'p-x' }, none)),
    ).toMatchObject({ errors: [{ path: 'assignTo', message: 'No such person' }] });
    const owner = person(people.owner.id);
    expect(
      refused(
        escalate(
          state(),
          ctxOf('lead'),
          { note: 'x', assignTo: owner.id },
          {
            ...none,
            assignTo: owner,
          },
        ),
      ),
    ).toMatchObject({ errors: [{ path: 'assignTo', message: 'Already the owner' }] });
  });

  it('is for leads and admins on open requests', () => {
    const body = { note: 'x', priority: 'urgent' as const };
    expect(refused(escalate(state(), ctxOf('owner'), body, none)).status).toBe(403);
    expect(refused(escalate(state({ status: 'resolved' }), ctxOf('lead'), body, none)).status).toBe(
      409,
    );
  });
});
