import type { StalledReason } from '@followthrough/shared';

/**
 * SPEC §5, as data: for each stalled reason, when it can hold and the moment
 * it starts to, over the request row `r`. This table is the only statement
 * of the rules: the list's and review's SQL (modules/requests/requests.sql.ts)
 * and the database's kept moment (`request_stalls_at`, db/generated.ts) are
 * both generated from it.
 *
 * Placeholders stand for what each reader finds its own way: `{own}` and
 * `{quiet}` the priority's target intervals, `{ownerInactive}` whether the
 * owner has been deactivated and `{ownerDeactivatedAt}` when.
 */
export interface StalledRule {
  /** How much the reason needs a lead: the review queue's order (see severitySql). */
  weight: number;
  /** SQL condition under which the reason can hold. */
  holds: string;
  /** SQL for the moment it starts to hold (what `since` reports). */
  since: string;
  /**
   * `after`: stalled once `since` has passed, so the kept moment is `since`;
   * `at once`: stalled for as long as `holds` (its `since` is always past).
   */
  starts: 'after' | 'at once';
}

/**
 * Weights, highest first: nobody answers for the outcome at all, then a
 * promise to the requester is broken, then a promise inside the team, then
 * drift.
 */
export const stalledRules: Record<StalledReason, StalledRule> = {
  unowned: {
    weight: 6,
    holds: 'r.owner_id is null',
    since: 'r.created_at + {own}',
    starts: 'after',
  },
  offer_unanswered: {
    weight: 3,
    holds: 'r.pending_owner_id is not null',
    since: 'r.offered_at + {own}',
    starts: 'after',
  },
  no_activity: {
    weight: 2,
    holds: 'r.owner_id is not null',
    since: 'coalesce(r.last_owner_activity_at, r.owned_at, r.created_at) + {quiet}',
    starts: 'after',
  },
  // A follow-up is a promise to act by its moment, met by any owner event after it was set.
  follow_up_overdue: {
    weight: 4,
    holds:
      'r.next_follow_up_at is not null and (r.last_owner_activity_at is null or r.last_owner_activity_at <= r.follow_up_set_at)',
    since: 'r.next_follow_up_at',
    starts: 'after',
  },
  handoff_overdue: {
    weight: 4,
    holds: 'r.open_handoff_due_at is not null',
    since: 'r.open_handoff_due_at',
    starts: 'after',
  },
  past_target: { weight: 5, holds: 'true', since: 'r.target_at', starts: 'after' },
  owner_inactive: {
    weight: 6,
    holds: '{ownerInactive}',
    since: 'coalesce({ownerDeactivatedAt}, r.updated_at)',
    starts: 'at once',
  },
  reopened_repeatedly: {
    weight: 3,
    holds: 'r.reopen_count >= 2',
    since: 'coalesce(r.last_reopened_at, r.updated_at)',
    starts: 'at once',
  },
};

/** Fills a rule's placeholders with one reader's expressions. */
export function fillRule(
  text: string,
  values: { own: string; quiet: string; ownerInactive: string; ownerDeactivatedAt: string },
): string {
  return text.replace(
    /\{(own|quiet|ownerInactive|ownerDeactivatedAt)\}/g,
    (_, k: keyof typeof values) => values[k],
  );
}

/**
 * A review item's severity, in SQL over columns that hold each reason's
 * `since` (null when it does not hold): its weightiest reason, then its
 * priority (`rank`, 0 for low … 3 for urgent), then how many reasons hold.
 * Larger is more severe; 0 means not stalled.
 */
export function severitySql(sinceColumn: (reason: StalledReason) => string, rank: string) {
  const reasons = Object.keys(stalledRules) as StalledReason[];
  const worst = `greatest(${reasons
    .map((r) => `case when ${sinceColumn(r)} is not null then ${stalledRules[r].weight} else 0 end`)
    .join(', ')})`;
  const held = reasons.map((r) => `(${sinceColumn(r)} is not null)::int`).join(' + ');
  return `(case when ${worst} = 0 then 0 else ${worst} * 100 + (${rank}) * 10 + least(${held}, 9) end)`;
}
