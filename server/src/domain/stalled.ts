import type { Priority, StalledReason } from '@followthrough/shared';
import { priorityRank } from '@followthrough/shared';

/**
 * How much each stalled reason needs a lead, highest first: nobody answers
 * for the outcome at all, then a promise to the requester is broken, then
 * a promise inside the team, then drift.
 */
export const reasonWeight: Record<StalledReason, number> = {
  unowned: 6,
  owner_inactive: 6,
  past_target: 5,
  handoff_overdue: 4,
  follow_up_overdue: 4,
  offer_unanswered: 3,
  reopened_repeatedly: 3,
  no_activity: 2,
};

/**
 * A review item's severity: its weightiest reason, then its priority, then
 * how many reasons hold. Larger is more severe; 0 means not stalled.
 */
export function severity(reasons: readonly StalledReason[], priority: Priority): number {
  if (reasons.length === 0) return 0;
  const worst = Math.max(...reasons.map((r) => reasonWeight[r]));
  return worst * 100 + priorityRank[priority] * 10 + Math.min(reasons.length, 9);
}
