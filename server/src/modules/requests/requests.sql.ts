import { priorities, type StalledReason, stalledReasons } from '@followthrough/shared';
import { type SQL, sql } from 'drizzle-orm';
import { fillRule, stalledRules } from '../../domain/stalled';
import { defaultTargets } from '../../domain/targets';

/**
 * How a stalled expression reaches the targets and the owner: `lookup` by
 * scalar subqueries (keeps `requests` alone in the FROM, so an ordered index
 * scan with LIMIT stops after one page), or `joined` to aliases `t` (the
 * category's targets) and `ow` (the owner) when every open row is read anyway.
 */
export type StalledSource = 'lookup' | 'joined';

/** A priority's target minutes, from the category's row or the §6 default. */
function minutes(
  column: 'own_within_minutes' | 'quiet_for_minutes',
  key: 'ownWithinMinutes' | 'quietForMinutes',
  source: StalledSource,
) {
  const cases = priorities.map((p) => `when '${p}' then ${defaultTargets[p][key]}`).join(' ');
  const value =
    source === 'joined'
      ? `t.${column}`
      : `(select t.${column} from category_targets t where t.category_id = r.category_id and t.priority = r.priority)`;
  return `coalesce(${value}, case r.priority ${cases} end) * interval '1 minute'`;
}

const isOpen = `r.status in ('new', 'in_progress', 'waiting')`;

/**
 * SPEC §5 in SQL, generated from domain/stalled.ts: for each reason, the
 * moment its condition began, or null. Read-time derivation, so a stalled
 * filter is always current. `$now` is the request's clock.
 */
export function stalledSince(
  now: SQL,
  source: StalledSource = 'lookup',
): Record<StalledReason, SQL> {
  const n = sql`${now}::timestamptz`;
  const values = {
    own: minutes('own_within_minutes', 'ownWithinMinutes', source),
    quiet: minutes('quiet_for_minutes', 'quietForMinutes', source),
    ownerInactive:
      source === 'joined'
        ? 'ow.active = false'
        : 'r.owner_id is not null and (select not p.active from people p where p.id = r.owner_id)',
    ownerDeactivatedAt:
      source === 'joined'
        ? 'ow.deactivated_at'
        : '(select p.deactivated_at from people p where p.id = r.owner_id)',
  };
  const out = {} as Record<StalledReason, SQL>;
  for (const reason of stalledReasons) {
    const rule = stalledRules[reason];
    const holds = fillRule(rule.holds, values);
    const since = fillRule(rule.since, values);
    out[reason] =
      rule.starts === 'after'
        ? sql.join([
            sql.raw(`case when ${isOpen} and ${holds} and (${since}) < `),
            n,
            sql.raw(` then ${since} end`),
          ])
        : sql.raw(`case when ${isOpen} and ${holds} then ${since} end`);
  }
  return out;
}

/**
 * Exactly the open rows for which some stalled reason holds at `now`, as a
 * range over requests_stalls_idx (the first moment a reason holds, kept by
 * the database). Equal to "any of stalledSince() is not null" on open rows.
 */
export function stalledNow(now: SQL): SQL {
  return sql`r.stalls_at < ${now}::timestamptz`;
}

export const stalledColumn = (reason: StalledReason) => `stalled_${reason}`;

/**
 * Each row's lookups (targets, owner, names) as fenced lateral joins: OFFSET 0
 * keeps them parameterised nested loops, one index probe per row, so an
 * ordered index walk under LIMIT still stops after one page, and the stalled
 * expressions read `t` and `ow` instead of looking them up again and again.
 */
export const requestJoins = sql.raw(`
    left join lateral (select t.own_within_minutes, t.quiet_for_minutes from category_targets t
      where t.category_id = r.category_id and t.priority = r.priority offset 0) t on true
    left join lateral (select c.name, c.team_id from categories c where c.id = r.category_id offset 0) c on true
    left join lateral (select l.name from locations l where l.id = r.location_id offset 0) l on true
    left join lateral (select a.name, a.tag from assets a where a.id = r.asset_id offset 0) a on true
    left join lateral (select p.name, p.active from people p where p.id = r.requester_id offset 0) rq on true
    left join lateral (select p.name, p.active, p.deactivated_at from people p where p.id = r.owner_id offset 0) ow on true
    left join lateral (select p.name, p.active from people p where p.id = r.pending_owner_id offset 0) po on true`);

/**
 * The owner's last event when it met the follow-up: whenever a follow-up is set
 * and the overdue rule's condition does not hold, so the screens and the rule
 * cannot disagree about which follow-ups are kept.
 */
const followUpMetAt = `case when r.next_follow_up_at is not null and not coalesce((${stalledRules.follow_up_overdue.holds}), false) then r.last_owner_activity_at end`;

/**
 * The select list and joins shared by the list, the detail and the action responses, over
 * `source` (the requests table, or a derived table of its rows named r).
 */
export function requestSelect(now: SQL, extra?: SQL, source: SQL = sql`requests r`): SQL {
  const since = stalledSince(now, 'joined');
  const stalledCols = sql.join(
    stalledReasons.map(
      (reason) => sql`${since[reason]} as ${sql.identifier(stalledColumn(reason))}`,
    ),
    sql`, `,
  );
  return sql`
    select r.id, r.number, r.title, r.description, r.desired_outcome, r.category_id,
      c.name as category_name, c.team_id, r.location_id, l.name as location_name, r.asset,
      r.asset_id, a.name as asset_name, a.tag as asset_tag, r.priority,
      r.requester_id, rq.name as requester_name, rq.active as requester_active, r.on_behalf_of,
      r.owner_id, ow.name as owner_name, ow.active as owner_active,
      r.pending_owner_id, po.name as pending_owner_name, po.active as pending_owner_active,
      r.status, r.close_reason, r.target_at, r.next_follow_up_at,
      ${sql.raw(followUpMetAt)} as follow_up_met_at, r.created_at, r.updated_at,
      r.owned_at, r.resolved_at, r.closed_at, r.reopen_count, r.version, r.open_handoffs,
      ${stalledCols}${extra ? sql`, ${extra}` : sql``}
    from ${source} ${requestJoins}`;
}
