import { notificationKinds } from '@followthrough/shared';
import { describe, expect, it } from 'vitest';
import {
  groupByDay,
  notificationSentence,
} from '../../client/src/features/notifications/notification-text';

const dana = { id: '00000000-0000-4000-8000-00000000d001', name: 'Dana Owner', active: true };

describe('what a notification says', () => {
  it('is a sentence with the person who caused it', () => {
    expect(notificationSentence({ kind: 'offer_received', actor: dana })).toBe(
      'Dana Owner offered you ownership',
    );
    expect(notificationSentence({ kind: 'confirmation_asked', actor: dana })).toBe(
      'Dana Owner resolved it and asks you to confirm the outcome',
    );
    expect(notificationSentence({ kind: 'commented', actor: dana })).toBe('Dana Owner commented');
  });

  it('says what came due when nobody caused it', () => {
    expect(notificationSentence({ kind: 'follow_up_due', actor: null })).toBe(
      'Your follow-up is due',
    );
    expect(notificationSentence({ kind: 'handoff_overdue', actor: null })).toBe(
      'A handoff is past its expected-by date',
    );
  });

  it('has words for every kind, with and without a person', () => {
    for (const kind of notificationKinds) {
      expect(notificationSentence({ kind, actor: dana })).toMatch(/^Dana Owner \w/);
      expect(notificationSentence({ kind, actor: null })).toMatch(/^[A-Z]/);
    }
  });
});

describe('the inbox groups', () => {
  const now = new Date(2025, 5, 12, 15, 0);
  const at = (d: Date) => ({ at: d.toISOString() });

  it('puts this calendar day under Today and the rest under Earlier, keeping the order', () => {
    const items = [
      at(new Date(2025, 5, 12, 14, 0)),
      at(new Date(2025, 5, 12, 0, 5)),
      at(new Date(2025, 5, 11, 23, 55)),
      at(new Date(2025, 4, 1, 9, 0)),
    ];
    expect(groupByDay(items, now)).toEqual([
      { label: 'Today', items: items.slice(0, 2) },
      { label: 'Earlier', items: items.slice(2) },
    ]);
  });

  it('leaves out a group with nothing in it', () => {
    expect(groupByDay([at(new Date(2025, 0, 1))], now).map((g) => g.label)).toEqual(['Earlier']);
    expect(groupByDay([], now)).toEqual([]);
  });
});
