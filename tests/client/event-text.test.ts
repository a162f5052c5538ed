import type { RequestEvent } from '@followthrough/shared';
import { describe, expect, it } from 'vitest';
import { describeTimeline } from '../../client/src/features/requests/event-text';
import { formatDateTime } from '../../client/src/lib/time';
import { anEvent } from './helpers';

const ids = {
  dana: '00000000-0000-4000-8000-00000000d001',
  marco: '00000000-0000-4000-8000-00000000d002',
  lee: '00000000-0000-4000-8000-00000000d003',
  gone: '00000000-0000-4000-8000-00000000d0ff',
  equipment: '00000000-0000-4000-8000-00000000c001',
  facilities: '00000000-0000-4000-8000-00000000c002',
  pool: '00000000-0000-4000-8000-00000000c003',
  handoff: '00000000-0000-4000-8000-00000000f009',
};
const names: Record<string, string> = {
  [ids.dana]: 'Dana Owner',
  [ids.marco]: 'Marco Ruiz',
  [ids.lee]: 'Lee Lead',
  [ids.equipment]: 'Equipment',
  [ids.facilities]: 'Facilities',
  [ids.pool]: 'Pool deck',
};
const actor = (id: keyof typeof ids) => ({ id: ids[id], name: names[ids[id]]!, active: true });
const lookup = (id: string) => names[id];
const ctx = {
  personName: lookup,
  categoryName: lookup,
  locationName: lookup,
  requesterName: 'Sam Staff',
};

/** One event, told as the timeline tells it: "<actor> <action>" and the quote. */
function tell(event: Partial<RequestEvent>) {
  const [told] = describeTimeline([anEvent(event)], ctx);
  return { sentence: `${told!.actor} ${told!.action}`, quote: told!.quote };
}

describe('The timeline in words', () => {
  it('names the people that ownership events carry as ids', () => {
    expect(
      tell({
        type: 'ownership_offered',
        actor: actor('dana'),
        data: { to: ids.marco, note: 'You know treadmills' },
      }),
    ).toEqual({
      sentence: 'Dana Owner offered ownership to Marco Ruiz',
      quote: 'You know treadmills',
    });
    expect(
      tell({ type: 'ownership_accepted', actor: actor('marco'), data: { from: ids.dana } }),
    ).toEqual({ sentence: 'Marco Ruiz accepted ownership from Dana Owner', quote: undefined });
    expect(
      tell({ type: 'ownership_declined', actor: actor('marco'), data: { reason: 'On leave' } }),
    ).toEqual({ sentence: 'Marco Ruiz declined ownership', quote: 'On leave' });
    expect(
      tell({
        type: 'ownership_assigned',
        actor: actor('lee'),
        data: { to: ids.marco, from: ids.dana },
      }).sentence,
    ).toBe('Lee Lead made Marco Ruiz the owner in place of Dana Owner');
    expect(
      tell({ type: 'ownership_taken', actor: actor('marco'), data: { lapsedOffer: ids.dana } })
        .sentence,
    ).toBe('Marco Ruiz took ownership; the offer to Dana Owner lapsed');
    // Someone the directory no longer lists is still "someone", never an id.
    expect(
      tell({ type: 'ownership_offered', actor: actor('dana'), data: { to: ids.gone } }).sentence,
    ).toBe('Dana Owner offered ownership to someone');
  });

  it('tells waits, follow-ups, nudges and escalations with their dates', () => {
    const at = '2026-05-04T09:30:00.000Z';
    expect(
      tell({
        type: 'status_changed',
        actor: actor('dana'),
        data: { from: 'in_progress', to: 'waiting', note: 'Parts', nextFollowUpAt: at },
      }),
    ).toEqual({
      sentence: `Dana Owner set it to waiting, following up by ${formatDateTime(at)}`,
      quote: 'Parts',
    });
    expect(
      tell({
        type: 'status_changed',
        actor: actor('dana'),
        data: { from: 'waiting', to: 'in_progress' },
      }).sentence,
    ).toBe('Dana Owner moved it from waiting to in progress');
    expect(tell({ type: 'follow_up_set', actor: actor('dana'), data: { at } }).sentence).toBe(
      `Dana Owner committed to follow up by ${formatDateTime(at)}`,
    );
    expect(
      tell({
        type: 'nudged',
        actor: actor('lee'),
        data: { note: 'Any news?', nextFollowUpAt: at, owner: ids.dana },
      }),
    ).toEqual({
      sentence: `Lee Lead nudged Dana Owner to follow up by ${formatDateTime(at)}`,
      quote: 'Any news?',
    });
    expect(
      tell({
        type: 'escalated',
        actor: actor('lee'),
        data: {
          note: 'Members are waiting',
          priority: 'urgent',
          from: 'normal',
          assignTo: ids.marco,
          previousOwner: ids.dana,
        },
      }).sentence,
    ).toBe(
      'Lee Lead escalated it: raised the priority from normal to urgent and made Marco Ruiz the owner in place of Dana Owner',
    );
  });

  it('follows a handoff from creation to cancellation by its id', () => {
    const told = describeTimeline(
      [
        anEvent({
          type: 'handoff_created',
          actor: actor('dana'),
          data: {
            handoffId: ids.handoff,
            to: 'Acme Fitness Repair',
            toPersonId: ids.marco,
            ask: 'Quote a belt',
            expectedBy: '2026-05-06T12:00:00.000Z',
          },
        }),
        anEvent({
          type: 'handoff_cancelled',
          actor: actor('dana'),
          data: { handoffId: ids.handoff, note: 'Fixed in house' },
        }),
      ],
      ctx,
    );
    expect(told.map((t) => `${t.actor} ${t.action}`)).toEqual([
      `Dana Owner handed this off to Acme Fitness Repair (Marco Ruiz), expecting it by ${formatDateTime('2026-05-06T12:00:00.000Z')}`,
      'Dana Owner cancelled the handoff to Acme Fitness Repair',
    ]);
    expect(told[1]!.quote).toBe('Fixed in house');
  });

  it('tells the outcome: confirmation with rating, on behalf, reopen and cancel', () => {
    expect(
      tell({
        type: 'confirmed',
        actor: { ...actor('dana'), name: 'Sam Staff' },
        data: { rating: 5 },
      }).sentence,
    ).toBe('Sam Staff confirmed the outcome and rated it 5 out of 5');
    expect(
      tell({
        type: 'confirmed',
        actor: actor('lee'),
        data: { note: 'Sam said so', onBehalf: true },
      }),
    ).toEqual({
      sentence: 'Lee Lead confirmed the outcome on behalf of Sam Staff',
      quote: 'Sam said so',
    });
    expect(
      tell({
        type: 'reopened',
        actor: actor('dana'),
        data: { reason: 'Slips again', from: 'closed' },
      }),
    ).toEqual({
      sentence: 'Dana Owner reopened the request after it was closed',
      quote: 'Slips again',
    });
    expect(tell({ type: 'cancelled', actor: actor('lee'), data: { reason: 'Duplicate' } })).toEqual(
      { sentence: 'Lee Lead cancelled the request', quote: 'Duplicate' },
    );
    expect(tell({ type: 'auto_confirmed', actor: null, data: {} }).sentence).toBe(
      'The system confirmed it automatically after a quiet period',
    );
  });

  it('says what an edit changed, with names for categories and locations', () => {
    expect(
      tell({
        type: 'field_changed',
        actor: actor('dana'),
        data: {
          changes: {
            priority: { from: 'normal', to: 'high' },
            categoryId: { from: ids.equipment, to: ids.facilities },
            locationId: { from: null, to: ids.pool },
            title: { from: 'Old', to: 'Treadmill 3 belt slips' },
          },
        },
      }).sentence,
    ).toBe(
      'Dana Owner changed the priority from normal to high, the category from Equipment to Facilities, the location to Pool deck and the title to “Treadmill 3 belt slips”',
    );
  });
});
