import {
  type EventPayload,
  type EventType,
  eventData,
  eventPayload,
  eventTypes,
  requestEvent,
} from '@followthrough/shared';
import { describe, expect, it } from 'vitest';

const ids = {
  dana: '0195f2a0-0000-7000-8000-00000000d001',
  marco: '0195f2a0-0000-7000-8000-00000000d002',
  category: '0195f2a0-0000-7000-8000-00000000c001',
  otherCategory: '0195f2a0-0000-7000-8000-00000000c002',
  location: '0195f2a0-0000-7000-8000-00000000e001',
  handoff: '0195f2a0-0000-7000-8000-00000000f001',
  request: '0195f2a0-0000-7000-8000-00000000a001',
  attachment: '0195f2a0-0000-7000-8000-00000000b001',
};
const at = '2026-05-04T09:30:00.000Z';

// Each payload as a writer writes it today: the HTTP actions (server/src/modules),
// create and its routing, auto-confirm, and the demo generator (server/src/seed).
const written: Record<EventType, { by: string; data: unknown }[]> = {
  created: [
    {
      by: 'create',
      data: {
        title: 'Treadmill 3',
        priority: 'normal',
        categoryId: ids.category,
        desiredOutcome: 'Runs',
      },
    },
  ],
  ownership_offered: [
    { by: 'offer', data: { to: ids.marco } },
    { by: 'offer with a note', data: { to: ids.marco, note: 'You know treadmills' } },
    {
      by: 'create, routed to the default owner',
      data: { to: ids.dana, routed: true, reason: 'default owner of the category' },
    },
  ],
  ownership_accepted: [
    { by: 'accept while unowned', data: { from: null } },
    { by: 'accept from an owner', data: { from: ids.dana, note: 'On it' } },
  ],
  ownership_declined: [{ by: 'decline', data: { reason: 'On leave' } }],
  ownership_withdrawn: [
    { by: 'deactivating the person offered it', data: { from: ids.marco, reason: 'deactivated' } },
  ],
  ownership_assigned: [
    { by: 'assign', data: { to: ids.marco, from: ids.dana } },
    {
      by: 'assign an unowned one, with a note',
      data: { to: ids.marco, from: null, note: 'Yours' },
    },
  ],
  ownership_taken: [
    { by: 'take (generator)', data: {} },
    { by: 'take with a note', data: { note: 'Mine' } },
    { by: 'take over a pending offer', data: { lapsedOffer: ids.dana } },
    {
      by: 'create by the default owner',
      data: { routed: true, reason: 'default owner of the category' },
    },
  ],
  status_changed: [
    {
      by: 'wait',
      data: { from: 'in_progress', to: 'waiting', note: 'Parts', nextFollowUpAt: at },
    },
    { by: 'start', data: { from: 'waiting', to: 'in_progress' } },
    { by: 'start with a note', data: { from: 'waiting', to: 'in_progress', note: 'Parts came' } },
  ],
  handoff_created: [
    {
      by: 'handoff to a supplier',
      data: { handoffId: ids.handoff, to: 'Acme Fitness Repair', ask: 'Quote', expectedBy: at },
    },
    {
      by: 'handoff to a person',
      data: {
        handoffId: ids.handoff,
        to: 'Marco',
        toPersonId: ids.marco,
        ask: 'Quote',
        expectedBy: at,
      },
    },
  ],
  handoff_completed: [
    { by: 'complete', data: { handoffId: ids.handoff } },
    { by: 'complete with a note', data: { handoffId: ids.handoff, note: 'Drain cleared' } },
  ],
  handoff_cancelled: [
    { by: 'cancel the handoff', data: { handoffId: ids.handoff } },
    {
      by: 'cancel the request (server)',
      data: { handoffId: ids.handoff, note: 'The request was cancelled' },
    },
    {
      by: 'cancel the request (generator)',
      data: { handoffId: ids.handoff, note: 'Request cancelled' },
    },
  ],
  follow_up_set: [
    { by: 'follow-up', data: { at } },
    { by: 'follow-up with a note', data: { at, note: 'Calling them Monday' } },
  ],
  comment: [{ by: 'comment', data: { body: 'Parts ordered.' } }],
  resolved: [{ by: 'resolve', data: { summary: 'Belt replaced' } }],
  confirmed: [
    { by: 'confirm', data: {} },
    { by: 'confirm with a rating and note', data: { rating: 5, note: 'Great' } },
    { by: 'confirm on behalf', data: { note: 'Sam said so', onBehalf: true } },
  ],
  auto_confirmed: [{ by: 'auto-confirm', data: {} }],
  reopened: [
    { by: 'reopen a resolved one', data: { reason: 'Slips again', from: 'resolved' } },
    { by: 'reopen a closed one', data: { reason: 'Slips again', from: 'closed' } },
  ],
  cancelled: [{ by: 'cancel', data: { reason: 'Duplicate' } }],
  nudged: [
    { by: 'nudge', data: { note: 'Any news?', nextFollowUpAt: at, owner: ids.dana } },
    { by: 'nudge while unowned', data: { note: 'Anyone?', nextFollowUpAt: at, owner: null } },
  ],
  escalated: [
    {
      by: 'escalate the priority (server and generator)',
      data: { note: 'Members waiting', priority: 'urgent', from: 'normal' },
    },
    {
      by: 'escalate by assigning',
      data: { note: 'Members waiting', assignTo: ids.marco, previousOwner: ids.dana },
    },
    {
      by: 'escalate an unowned one both ways',
      data: {
        note: 'Members waiting',
        priority: 'high',
        from: 'low',
        assignTo: ids.marco,
        previousOwner: null,
      },
    },
  ],
  field_changed: [
    {
      by: 'edit',
      data: {
        changes: {
          title: { from: 'Old', to: 'Treadmill 3 belt slips' },
          description: { from: '', to: 'Slips at speed' },
          desiredOutcome: { from: 'Runs', to: 'Runs safely' },
          categoryId: { from: ids.category, to: ids.otherCategory },
          locationId: { from: null, to: ids.location },
          asset: { from: 'Treadmill #3', to: null },
          priority: { from: 'normal', to: 'high' },
          targetAt: { from: at, to: '2026-05-07T09:30:00.000+02:00' },
        },
      },
    },
    { by: 'edit one field', data: { changes: { locationId: { from: ids.location, to: null } } } },
  ],
  attachment_added: [
    {
      by: 'upload',
      data: {
        attachmentId: ids.attachment,
        filename: 'belt.jpg',
        contentType: 'image/jpeg',
        size: 48213,
      },
    },
  ],
  attachment_removed: [
    { by: 'remove', data: { attachmentId: ids.attachment, filename: 'belt.jpg' } },
  ],
};

describe('event payloads', () => {
  it('have one variant per event type, in the order of eventTypes', () => {
    expect(eventPayload.options.map((o) => o.shape.type.value)).toEqual([...eventTypes]);
    expect(requestEvent.options.map((o) => o.shape.type.value)).toEqual([...eventTypes]);
    expect(Object.keys(eventData)).toEqual([...eventTypes]);
  });

  for (const type of eventTypes) {
    it(`${type}: parses what every writer writes, unchanged`, () => {
      for (const { by, data } of written[type]) {
        const parsed = eventPayload.safeParse({ type, data });
        expect(parsed.error?.issues, by).toBeUndefined();
        expect(parsed.data, by).toEqual({ type, data });
      }
    });
  }

  it('refuses data that belongs to another type, or a key no writer writes', () => {
    const refused: unknown[] = [
      { type: 'comment', data: { summary: 'Belt replaced' } },
      { type: 'comment', data: { body: 'x', note: 'y' } },
      { type: 'ownership_taken', data: { lapsedOfer: ids.dana } },
      { type: 'auto_confirmed', data: { note: 'x' } },
      { type: 'ownership_offered', data: { to: 'Marco Ruiz' } },
      { type: 'handoff_created', data: { handoffId: ids.handoff, to: 'Acme', ask: 'x' } },
      { type: 'confirmed', data: { rating: 6 } },
      { type: 'reopened', data: { reason: 'x', from: 'in_progress' } },
      { type: 'resolved' },
      { type: 'renamed', data: {} },
    ];
    for (const payload of refused) {
      expect(eventPayload.safeParse(payload).success, JSON.stringify(payload)).toBe(false);
    }
  });

  it('holds the pairs that travel together: wait with its date, start without one', () => {
    const wait = { from: 'in_progress', to: 'waiting', note: 'Parts' };
    expect(eventPayload.safeParse({ type: 'status_changed', data: wait }).success).toBe(false);
    const backwards = { from: 'in_progress', to: 'in_progress' };
    expect(eventPayload.safeParse({ type: 'status_changed', data: backwards }).success).toBe(false);
  });

  it('an escalation raises, assigns or both, and says what it was before', () => {
    const refused = [
      { note: 'x' },
      { note: 'x', priority: 'urgent' },
      { note: 'x', assignTo: ids.marco },
      { note: 'x', from: 'low' },
    ];
    for (const data of refused) {
      expect(
        eventPayload.safeParse({ type: 'escalated', data }).success,
        JSON.stringify(data),
      ).toBe(false);
    }
  });

  it('an edit changes at least one field, each from → to', () => {
    const refused = [
      { changes: {} },
      { changes: { priority: { to: 'high' } } },
      { changes: { owner: { from: null, to: ids.dana } } },
    ];
    for (const data of refused) {
      expect(eventPayload.safeParse({ type: 'field_changed', data }).success).toBe(false);
    }
  });

  it('a timeline entry is the payload with who, when and which request', () => {
    const entry = {
      id: '42',
      requestId: ids.request,
      actor: { id: ids.dana, name: 'Dana Owner', active: true },
      type: 'resolved',
      at,
      data: { summary: 'Belt replaced' },
    };
    const parsed = requestEvent.parse(entry);
    expect(parsed).toEqual(entry);
    // The type narrows the data.
    if (parsed.type === 'resolved') expect(parsed.data.summary).toBe('Belt replaced');
    const system = { ...entry, actor: null, type: 'auto_confirmed', data: {} };
    expect(requestEvent.parse(system)).toEqual(system);
    expect(requestEvent.safeParse({ ...entry, type: 'comment' }).success).toBe(false);
  });

  it('types a writer’s draft: the data must be the one its type carries', () => {
    const draft = { type: 'comment', data: { body: 'Parts ordered.' } } satisfies EventPayload;
    // @ts-expect-error a comment carries a body, not a summary
    const wrong: EventPayload = { type: 'comment', data: { summary: 'Belt replaced' } };
    expect(eventPayload.parse(draft)).toEqual(draft);
    expect(eventPayload.safeParse(wrong).success).toBe(false);
  });
});
