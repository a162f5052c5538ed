import type { Notification, NotificationKind } from '@followthrough/shared';

interface Wording {
  /** After the name of the person who caused it. */
  by: string;
  /** When nobody did: the system, or a moment that came. */
  bySystem: string;
}

const wordings: Record<NotificationKind, Wording> = {
  offer_received: {
    by: 'offered you ownership',
    bySystem: 'You were offered ownership',
  },
  assigned: {
    by: 'made you the owner',
    bySystem: 'You were made the owner',
  },
  confirmation_asked: {
    by: 'resolved it and asks you to confirm the outcome',
    bySystem: 'It was resolved: please confirm the outcome',
  },
  reopened: {
    by: 'reopened a request you own',
    bySystem: 'A request you own was reopened',
  },
  nudged: {
    by: 'nudged you to follow up',
    bySystem: 'You were nudged to follow up',
  },
  handoff_received: {
    by: 'handed work off to you',
    bySystem: 'Work was handed off to you',
  },
  follow_up_due: {
    by: 'says your follow-up is due',
    bySystem: 'Your follow-up is due',
  },
  handoff_overdue: {
    by: 'says a handoff is overdue',
    bySystem: 'A handoff is past its expected-by date',
  },
  commented: {
    by: 'commented',
    bySystem: 'There is a new comment',
  },
};

/** What happened, in one sentence: "Dana Owner offered you ownership". */
export function notificationSentence(n: Pick<Notification, 'kind' | 'actor'>): string {
  const wording = wordings[n.kind];
  return n.actor ? `${n.actor.name} ${wording.by}` : wording.bySystem;
}

/** Today (this device's calendar day) or earlier, for the inbox's two groups. */
export function isToday(iso: string, now = new Date()): boolean {
  const d = new Date(iso);
  return (
    d.getFullYear() === now.getFullYear() &&
    d.getMonth() === now.getMonth() &&
    d.getDate() === now.getDate()
  );
}

/** The inbox's groups, newest first within each; empty groups are left out. */
export function groupByDay<T extends Pick<Notification, 'at'>>(
  items: readonly T[],
  now = new Date(),
): { label: 'Today' | 'Earlier'; items: T[] }[] {
  const today = items.filter((n) => isToday(n.at, now));
  const earlier = items.filter((n) => !isToday(n.at, now));
  return [
    { label: 'Today' as const, items: today },
    { label: 'Earlier' as const, items: earlier },
  ].filter((g) => g.items.length > 0);
}
