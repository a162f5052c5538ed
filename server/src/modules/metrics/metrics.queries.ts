import type { MetricsGroupBy } from '@followthrough/shared';
import { type SQL, sql } from 'drizzle-orm';
import { queryRows } from '../../db/raw';
import type { Executor } from '../../db/types';
import { stalledSince } from '../requests/requests.sql';

/**
 * The figures of SPEC §7 in SQL, over the request rows and their events.
 * The rows carry facts written with each event (owned_at, resolved_at,
 * closed_at, close_reason, reopen_count); docs/figures.md defines the same
 * figures over the events alone, and a test holds the two equal.
 */

export interface Range {
  /** Inclusive start of the first day, UTC. */
  start: string;
  /** Exclusive end: the day after `to`, UTC. */
  end: string;
}

const groups: Record<
  Exclude<MetricsGroupBy, 'none'>,
  { id: string; name: string; join: string }
> = {
  category: { id: 'c.id', name: 'c.name', join: '' },
  team: { id: 't.id', name: 't.name', join: 'join teams t on t.id = c.team_id' },
  owner: { id: 'o.id', name: 'o.name', join: 'left join people o on o.id = r.owner_id' },
  location: { id: 'l.id', name: 'l.name', join: 'left join locations l on l.id = r.location_id' },
};

export interface TimesRow {
  measure: 'own' | 'resolve' | 'outcome';
  group_id: string | null;
  group_name: string | null;
  /** null on the per-group total row. */
  week: string | null;
  n: number;
  median: number | null;
  p90: number | null;
}

/** Median and p90, in hours, per measure, group and week, plus each group's total. */
export function timesRows(db: Executor, range: Range, groupBy: MetricsGroupBy) {
  const g = groupBy === 'none' ? null : groups[groupBy];
  const gid = sql.raw(g ? `${g.id}::text` : 'null::text');
  const gname = sql.raw(g ? g.name : 'null::text');
  const join = sql.raw(g?.join ?? '');
  const measure = (name: string, end: string, extra: string) => sql`
    select ${name}::text as measure, ${gid} as gid, ${gname} as gname,
      ${sql.raw(end)} as ended, extract(epoch from ${sql.raw(end)} - r.created_at) / 3600.0 as hours
    from requests r join categories c on c.id = r.category_id ${join}
    where ${sql.raw(end)} >= ${range.start}::timestamptz and ${sql.raw(end)} < ${range.end}::timestamptz ${sql.raw(extra)}`;
  const closedOk = `and r.status = 'closed' and r.close_reason in ('confirmed', 'auto_confirmed')`;
  return queryRows<TimesRow>(
    db,
    sql`with d as (
      ${measure('own', 'r.owned_at', '')}
      union all ${measure('resolve', 'r.resolved_at', closedOk)}
      union all ${measure('outcome', 'r.closed_at', closedOk)}
    )
    select measure, gid as group_id, gname as group_name,
      to_char(date_trunc('week', ended at time zone 'UTC'), 'YYYY-MM-DD') as week,
      count(*)::int as n,
      percentile_cont(0.5) within group (order by hours) as median,
      percentile_cont(0.9) within group (order by hours) as p90
    from d group by grouping sets ((measure, gid, gname, date_trunc('week', ended at time zone 'UTC')), (measure, gid, gname))
    order by gname nulls first, gid, week nulls first, measure`,
  );
}

/** Open requests now: by status, owner, age band, and stalled reason. */
export async function openRows(db: Executor, now: Date) {
  const at = sql`${now.toISOString()}::timestamptz`;
  const open = sql.raw(`r.status in ('new', 'in_progress', 'waiting')`);
  const byStatus = queryRows<{ status: string; n: number }>(
    db,
    sql`select r.status::text as status, count(*)::int as n from requests r where ${open} group by r.status`,
  );
  const byOwner = queryRows<{
    id: string | null;
    name: string | null;
    active: boolean | null;
    n: number;
  }>(
    db,
    sql`select o.id, o.name, o.active, count(*)::int as n from requests r
      left join people o on o.id = r.owner_id where ${open} group by o.id, o.name, o.active
      order by count(*) desc, o.name nulls first`,
  );
  const byAge = queryRows<{ band: string; n: number }>(
    db,
    sql`select case
        when ${at} - r.created_at < interval '1 day' then 'under_1d'
        when ${at} - r.created_at < interval '3 days' then '1_3d'
        when ${at} - r.created_at < interval '7 days' then '3_7d'
        when ${at} - r.created_at < interval '30 days' then '7_30d'
        else 'over_30d' end as band, count(*)::int as n
      from requests r where ${open} group by 1`,
  );
  const since = stalledSince(sql`${now.toISOString()}`);
  const stalled = queryRows<Record<string, number>>(
    db,
    sql`select ${sql.join(
      Object.entries(since).map(
        ([reason, expr]) => sql`count(${expr})::int as ${sql.identifier(reason)}`,
      ),
      sql`, `,
    )}
      from requests r
      where ${open}`,
  );
  return {
    byStatus: await byStatus,
    byOwner: await byOwner,
    byAge: await byAge,
    stalled: (await stalled)[0] ?? {},
  };
}

export interface RatesRow {
  on_target: number;
  resolved: number;
  reopened: number;
  closed: number;
  confirmed: number;
  closings: number;
  handoffs_on_time: number;
  handoffs_done: number;
  rated: number;
  rating_sum: number;
}

/** Counts behind the rates of a period. */
export async function ratesRow(db: Executor, range: Range): Promise<RatesRow> {
  const inRange = (col: string) =>
    sql`${sql.raw(col)} >= ${range.start}::timestamptz and ${sql.raw(col)} < ${range.end}::timestamptz`;
  const [row] = await queryRows<RatesRow>(
    db,
    sql`select
      (select count(*) filter (where r.resolved_at <= r.target_at) from requests r
        where r.status = 'closed' and r.close_reason in ('confirmed', 'auto_confirmed') and ${inRange('r.resolved_at')})::int as on_target,
      (select count(*) from requests r
        where r.status = 'closed' and r.close_reason in ('confirmed', 'auto_confirmed') and ${inRange('r.resolved_at')})::int as resolved,
      (select count(*) filter (where r.reopen_count > 0) from requests r
        where r.status = 'closed' and r.close_reason in ('confirmed', 'auto_confirmed') and ${inRange('r.closed_at')})::int as reopened,
      (select count(*) from requests r
        where r.status = 'closed' and r.close_reason in ('confirmed', 'auto_confirmed') and ${inRange('r.closed_at')})::int as closed,
      (select count(*) filter (where e.type = 'confirmed') from events e
        where e.type in ('confirmed', 'auto_confirmed') and ${inRange('e.at')})::int as confirmed,
      (select count(*) from events e
        where e.type in ('confirmed', 'auto_confirmed') and ${inRange('e.at')})::int as closings,
      (select count(*) filter (where h.completed_at <= h.expected_by) from handoffs h
        where h.status = 'done' and ${inRange('h.completed_at')})::int as handoffs_on_time,
      (select count(*) from handoffs h where h.status = 'done' and ${inRange('h.completed_at')})::int as handoffs_done,
      (select count(*) from events e where e.type = 'confirmed' and e.data ? 'rating' and ${inRange('e.at')})::int as rated,
      (select coalesce(sum((e.data->>'rating')::int), 0) from events e
        where e.type = 'confirmed' and e.data ? 'rating' and ${inRange('e.at')})::int as rating_sum`,
  );
  return row!;
}

export interface LevelRow {
  group_id: string | null;
  group_name: string | null;
  closed: number;
  differentiated: number;
  competitive: number;
  commoditized: number;
}

/** Each request closed in the period, in exactly one service level, counted per team or owner. */
export function serviceLevelRows(db: Executor, range: Range, by: 'team' | 'owner') {
  const g = groups[by];
  const followUpMissed: SQL = sql`exists (
      select 1 from events f
      cross join lateral (select coalesce(f.data->>'at', f.data->>'nextFollowUpAt')::timestamptz as due) d
      where f.request_id = r.id
        and f.type in ('follow_up_set', 'status_changed', 'nudged')
        and d.due is not null and d.due < r.closed_at
        and not exists (
          select 1 from events o where o.request_id = r.id and o.actor_id = r.owner_id
            and o.at > f.at and o.at <= d.due))`;
  const handoffOverdue: SQL = sql`exists (
      select 1 from handoffs h where h.request_id = r.id
        and coalesce(h.completed_at, r.closed_at) > h.expected_by)`;
  return queryRows<LevelRow>(
    db,
    sql`with closed as (
      select ${sql.raw(`${g.id}::text`)} as gid, ${sql.raw(g.name)} as gname,
        case
          when r.close_reason = 'cancelled' or r.reopen_count >= 2 or ${handoffOverdue} or ${followUpMissed}
            then 'commoditized'
          when r.resolved_at > r.target_at or r.close_reason = 'auto_confirmed' or r.reopen_count = 1
            then 'competitive'
          else 'differentiated'
        end as level
      from requests r join categories c on c.id = r.category_id ${sql.raw(g.join)}
      where r.status = 'closed' and r.closed_at >= ${range.start}::timestamptz and r.closed_at < ${range.end}::timestamptz
    )
    select gid as group_id, gname as group_name, count(*)::int as closed,
      count(*) filter (where level = 'differentiated')::int as differentiated,
      count(*) filter (where level = 'competitive')::int as competitive,
      count(*) filter (where level = 'commoditized')::int as commoditized
    from closed group by gid, gname order by gname nulls first`,
  );
}
