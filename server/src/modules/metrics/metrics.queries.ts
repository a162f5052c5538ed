import type { MetricsGroupBy } from '@followthrough/shared';
import { type SQL, sql } from 'drizzle-orm';
import { queryRows } from '../../db/raw';
import type { Executor } from '../../db/types';
import { stalledNow, stalledSince } from '../requests/requests.sql';

/**
 * The figures of SPEC §7 in SQL. Period figures read the tables the database
 * keeps from the request rows and events in each writing transaction
 * (migrations/0001_figures.sql: durations, weekly percentiles, daily
 * counters); the open snapshot reads the request rows. docs/figures.md
 * defines the same figures over the events alone, and a test holds the two
 * equal.
 */

export interface Range {
  /** Inclusive start of the first day, UTC. */
  start: string;
  /** Exclusive end: the day after `to`, UTC. */
  end: string;
}

/** The groupings of the time figures: the id column in figure_durations, and where names come from. */
const groups: Record<Exclude<MetricsGroupBy, 'none'>, { column: string; names: string }> = {
  category: { column: 'category_id', names: 'categories' },
  team: { column: 'team_id', names: 'teams' },
  owner: { column: 'owner_id', names: 'people' },
  location: { column: 'location_id', names: 'locations' },
};

export interface TimesRow {
  measure: 'own' | 'resolve' | 'outcome';
  group_id: string | null;
  group_name: string | null;
  week: string;
  n: number;
  median: number | null;
  p90: number | null;
}

const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

const monday = (ms: number) => ms - ((new Date(ms).getUTCDay() + 6) % 7) * DAY;

/**
 * The ISO weeks whose pre-counted figures equal the range's own, as SQL in
 * the figures' own statement (one snapshot): the weeks wholly inside the
 * range, and also a week the range cuts when none of that week's durations
 * lies outside the range (a range that ends today cuts the current week,
 * whose later days hold nothing yet). `cte` defines them as [first, last);
 * `edges` are the range's parts outside them, counted from the durations.
 */
function weeksOf(range: Range) {
  const start = Date.parse(range.start);
  const end = Date.parse(range.end);
  const lo = monday(start);
  const hi = monday(end - 1) + 7 * DAY;
  const iso = (ms: number) => new Date(ms).toISOString();
  const anyIn = (from: string, to: string) =>
    sql`exists (select 1 from figure_durations d where d.measure in ('own', 'resolve', 'outcome')
      and d.ended_at >= ${from}::timestamptz and d.ended_at < ${to}::timestamptz)`;
  const cte = sql`wk as (
      select
        case when ${anyIn(iso(lo), range.start)} then ${isoDay(monday(start + 6 * DAY))}::date
          else ${isoDay(lo)}::date end as first,
        case when ${anyIn(range.end, iso(hi))} then ${isoDay(monday(end))}::date
          else ${isoDay(hi)}::date end as last
    )`;
  const endTs = sql`${range.end}::timestamptz`;
  const cut = (week: 'first' | 'last') =>
    sql.join([
      sql.raw(`(select case when first < last then ${week}::timestamp at time zone 'UTC' else `),
      endTs,
      sql.raw(' end from wk)'),
    ]);
  return {
    cte,
    first: sql`(select first from wk)`,
    last: sql`(select last from wk)`,
    whole: sql`(select first < last from wk)`,
    edges: [
      [sql`${range.start}::timestamptz`, cut('first')],
      [cut('last'), endTs],
    ] as [SQL, SQL][],
  };
}

/**
 * Median and p90 hours per measure, group and week. Weeks wholly inside the
 * range come from figure_weeks (kept by the database in each writing
 * transaction); the partial weeks at its edges are counted from
 * figure_durations, index-only.
 */
export function timesRows(db: Executor, range: Range, groupBy: MetricsGroupBy) {
  const g = groupBy === 'none' ? null : groups[groupBy];
  const gid = sql.raw(g ? `d.${g.column}` : 'null::uuid');
  const w = weeksOf(range);
  // The partial weeks' durations, one index-only range each (an OR of the two reads the heap).
  const edges = sql.join(
    w.edges.map(
      ([
        from,
        to,
      ]) => sql`select d.measure, ${gid} as gid, d.ended_at, d.hours from figure_durations d
        where d.measure in ('own', 'resolve', 'outcome') and d.ended_at >= ${from} and d.ended_at < ${to}`,
    ),
    sql` union all `,
  );
  const weeks = sql`select w.measure, w.group_id as gid, w.week, w.n, w.median, w.p90 from figure_weeks w
    where w.kind = ${groupBy} and w.week >= ${w.first} and w.week < ${w.last}
    union all`;
  const names = g
    ? sql.raw(`left join ${g.names} x on x.id = g.gid`)
    : sql.raw('left join (select null::uuid as id, null::text as name) x on false');
  return queryRows<TimesRow>(
    db,
    sql`with ${w.cte}, p as (
      ${weeks}
      select d.measure, d.gid, date_trunc('week', d.ended_at at time zone 'UTC')::date as week,
        count(*)::int as n,
        percentile_cont(0.5) within group (order by d.hours) as median,
        percentile_cont(0.9) within group (order by d.hours) as p90
      from (${edges}) d
      group by 1, 2, 3
    ), o as (
      -- Groups in name order, ranked once: sorting every row by name is a locale-aware
      -- comparison per pair.
      select g.gid, x.name, row_number() over (order by x.name nulls first, g.gid) as ord
      from (select distinct p.gid from p) g ${names}
    )
    select p.measure, p.gid::text as group_id, o.name as group_name,
      to_char(p.week, 'YYYY-MM-DD') as week, p.n, p.median, p.p90
    from p join o on o.gid is not distinct from p.gid
    order by o.ord, p.week, p.measure collate "C"`,
  );
}

export interface PeriodRow {
  measure: 'own' | 'resolve' | 'outcome';
  group_id: string | null;
  group_name: string | null;
  n: number;
  median: number | null;
  p90: number | null;
}

/** Sums of count arrays, element by element: `array[sum(hist[1]), …]`. */
const arraySum = (length: number) =>
  sql.raw(`array[${Array.from({ length }, (_, i) => `sum(hist[${i + 1}])::int`).join(', ')}]`);

/** Stands for "no group" (no owner, no location) where a key must not be null. */
const NO_GROUP = '00000000-0000-0000-0000-000000000000';

/**
 * Median and p90 over the whole period, per measure and group, exactly as
 * percentile_cont computes them. Percentiles do not add up across weeks but
 * counts do. Each needed rank is located in three steps: the weeks' counts
 * per coarse bucket (figure_weeks.hist) give its coarse bucket, that
 * bucket's counts per fine bucket (figure_week_buckets) give its fine
 * bucket, and only that fine bucket's durations in the period are read and
 * sorted. The partial weeks at the range's edges are counted from their
 * durations. See migrations/0004 for the buckets.
 */
export function periodRows(db: Executor, range: Range, groupBy: MetricsGroupBy) {
  const g = groupBy === 'none' ? null : groups[groupBy];
  const Z = sql.raw(`'${NO_GROUP}'::uuid`);
  const gk = sql.raw(g ? `coalesce(d.${g.column}, '${NO_GROUP}'::uuid)` : `'${NO_GROUP}'::uuid`);
  const start = sql`${range.start}::timestamptz`;
  const end = sql`${range.end}::timestamptz`;
  const w = weeksOf(range);
  // The partial weeks' durations, one index-only range each (an OR of the two reads the heap).
  const edges = sql.join(
    w.edges.map(
      ([
        from,
        to,
      ]) => sql`select d.measure, ${gk} as gk, figure_bucket(d.hours) as f from figure_durations d
        where d.measure in ('own', 'resolve', 'outcome') and d.ended_at >= ${from} and d.ended_at < ${to}`,
    ),
    sql` union all `,
  );
  // A group's counts over the whole weeks: its running sum at the last week before the end
  // minus that before the first (two index probes, however long the range); no group on its
  // own, by IS NULL. Nothing when no week is whole.
  const before = (table: string, week: SQL, extra: string) => (match: string) =>
    sql`(select c.cum from ${sql.raw(table)} c
      where c.measure = q.measure and c.kind = ${groupBy} and ${sql.raw(match)} ${sql.raw(extra)}
        and c.week < ${week} order by c.week desc limit 1)`;
  const span = (table: string, extra: string) => {
    const at = (week: SQL) => {
      const probe = before(table, week, extra);
      return g
        ? sql`case when q.gk = ${Z} then ${probe('c.group_id is null')} else ${probe('c.group_id = q.gk')} end`
        : probe('c.group_id is null');
    };
    return sql`case when ${w.whole} then figure_array_sub(${at(w.last)}, ${at(w.first)}) end`;
  };
  const weeks = sql`select q.measure, q.gk, x.hist from (
      select distinct w.measure, coalesce(w.group_id, ${Z}) as gk from figure_weeks w
      where w.kind = ${groupBy} and w.week >= ${w.first} and w.week < ${w.last}
    ) q cross join lateral (select ${span('figure_weeks', '')} as hist) x
    union all`;
  const weeksFine = sql`select q.measure, q.gk, q.coarse, ${span('figure_week_buckets', 'and c.coarse = q.coarse')} as hist
    from cb q
    union all`;
  // The row at a rank: the period's durations of the group in its fine bucket, by hours.
  const inBucket = (match: string) =>
    sql`(select d.hours from figure_durations d
      where d.measure = kf.measure and figure_bucket(d.hours) = kf.f and ${sql.raw(match)}
        and d.ended_at >= ${start} and d.ended_at < ${end}
      order by d.hours offset kf.off limit 1)`;
  const value = g
    ? sql`case when kf.gk = ${Z} then ${inBucket(`d.${g.column} is null`)}
        else ${inBucket(`d.${g.column} = kf.gk`)} end`
    : inBucket('true');
  const names = g
    ? sql.raw(`left join ${g.names} x on x.id = h.gk`)
    : sql.raw('left join (select null::uuid as id, null::text as name) x on false');
  // percentile_cont: the rows at floor and ceil of p * (n - 1), interpolated as it does.
  const at = (p: string) =>
    sql.raw(`(select lo.v + (hi.v - lo.v) * (${p}::float8 * (h.n - 1) - floor(${p}::float8 * (h.n - 1)))
      from v lo, v hi
      where lo.measure = h.measure and hi.measure = h.measure and lo.gk = h.gk and hi.gk = h.gk
        and lo.rank = floor(${p}::float8 * (h.n - 1))::int and hi.rank = ceil(${p}::float8 * (h.n - 1))::int)`);
  return queryRows<PeriodRow>(
    db,
    sql`with ${w.cte}, ec as materialized (
      select e.measure, e.gk, e.f, count(*)::int as n from (${edges}) e group by 1, 2, 3
    ), h as (
      -- Running counts along the coarse buckets (prefix sums): the weeks' (a difference of
      -- two kept running sums) plus the edges'. The last element is the count.
      select measure, gk, hist[256] as n, hist
      from (
        select measure, gk, ${arraySum(256)} as hist
        from (
          ${weeks}
          select ec.measure, ec.gk,
            figure_prefix(figure_counts(array_agg((ec.f - 1) / 64 + 1), array_agg(ec.n), 256)) as hist
          from ec group by 1, 2
        ) x
        group by 1, 2
      ) y
      where hist[256] > 0
    ), ranks as (
      select distinct h.measure, h.gk, h.hist, r.rank
      from h cross join (values (0.5::float8), (0.9::float8)) p(p)
      cross join lateral (values (floor(p.p * (h.n - 1))::int), (ceil(p.p * (h.n - 1))::int)) r(rank)
    ), k as (
      -- The first bucket whose running count passes the rank, by binary search.
      select ranks.measure, ranks.gk, ranks.rank, c.b as coarse,
        ranks.rank - coalesce(ranks.hist[c.b - 1], 0) as off
      from ranks cross join lateral (select width_bucket(ranks.rank, ranks.hist) + 1 as b) c
    ), cb as (
      select distinct measure, gk, coarse from k
    ), fc as (
      select measure, gk, coarse, ${arraySum(64)} as counts
      from (
        ${weeksFine}
        select cb.measure, cb.gk, cb.coarse,
          figure_prefix(figure_counts(array_agg((ec.f - 1) % 64 + 1), array_agg(ec.n), 64)) as hist
        from cb join ec on ec.measure = cb.measure and ec.gk = cb.gk and (ec.f - 1) / 64 + 1 = cb.coarse
        group by 1, 2, 3
      ) x
      group by 1, 2, 3
    ), kf as (
      select k.measure, k.gk, k.rank, (k.coarse - 1) * 64 + c.b as f,
        k.off - coalesce(fc.counts[c.b - 1], 0) as off
      from k join fc on fc.measure = k.measure and fc.gk = k.gk and fc.coarse = k.coarse
      cross join lateral (select width_bucket(k.off, fc.counts) + 1 as b) c
    ), v as (
      select kf.measure, kf.gk, kf.rank, ${value} as v from kf
    )
    select h.measure, nullif(h.gk, ${Z})::text as group_id, x.name as group_name, h.n,
      ${at('0.5')} as median, ${at('0.9')} as p90
    from h ${names}
    order by x.name nulls first, nullif(h.gk, ${Z}), h.measure`,
  );
}

/**
 * Open requests now: by status and age band in one pass over the open rows,
 * by owner in another (both index-only), and by stalled reason over the
 * stalled rows alone (found by range on the kept stalls_at).
 */
export async function openRows(db: Executor, now: Date) {
  const at = sql`${now.toISOString()}::timestamptz`;
  const since = stalledSince(sql`${now.toISOString()}`, 'joined');
  const rows = await queryRows<{
    status: string | null;
    owner_id: string | null;
    owner_name: string | null;
    owner_active: boolean | null;
    band: string | null;
    by: 'status' | 'owner' | 'band' | 'all';
    n: number;
    stalled: Record<string, number>;
  }>(
    db,
    sql`with a as (
      select count(*)::int as total,
        count(*) filter (where r.status = 'new')::int as new,
        count(*) filter (where r.status = 'in_progress')::int as in_progress,
        count(*) filter (where r.status = 'waiting')::int as waiting,
        count(*) filter (where ${at} - r.created_at < interval '1 day')::int as d1,
        count(*) filter (where ${at} - r.created_at < interval '3 days')::int as d3,
        count(*) filter (where ${at} - r.created_at < interval '7 days')::int as d7,
        count(*) filter (where ${at} - r.created_at < interval '30 days')::int as d30
      from requests r
      where r.status in ('new', 'in_progress', 'waiting')
    ), owners as (
      select r.owner_id, count(*)::int as n
      from requests r
      where r.status in ('new', 'in_progress', 'waiting')
      group by r.owner_id
    ), s as (
      select json_build_object(${sql.join(
        Object.entries(since).map(([reason, expr]) => sql`${reason}::text, count(${expr})`),
        sql`, `,
      )}) as stalled
      from requests r
      left join category_targets t on t.category_id = r.category_id and t.priority = r.priority
      left join people ow on ow.id = r.owner_id
      where r.status in ('new', 'in_progress', 'waiting') and ${stalledNow(at)}
    )
    select x.* from (
      select v.status, null::uuid as owner_id, null::text as owner_name, null::boolean as owner_active,
        null::text as band, 'status' as by, v.n, null::json as stalled
      from a cross join lateral (values ('new', a.new), ('in_progress', a.in_progress),
        ('waiting', a.waiting)) v(status, n)
      where v.n > 0
      union all
      select null, null, null, null, v.band, 'band', v.n, null
      from a cross join lateral (values ('under_1d', a.d1), ('1_3d', a.d3 - a.d1), ('3_7d', a.d7 - a.d3),
        ('7_30d', a.d30 - a.d7), ('over_30d', a.total - a.d30)) v(band, n)
      where v.n > 0
      union all
      select null, o.owner_id, ow.name, ow.active, null, 'owner', o.n, null
      from owners o left join people ow on ow.id = o.owner_id
      union all
      select null, null, null, null, null, 'all', a.total, (select stalled from s) from a
    ) x
    order by x.n desc, x.owner_name nulls first`,
  );
  const of = (by: string) => rows.filter((r) => r.by === by);
  return {
    byStatus: of('status').map((r) => ({ status: r.status!, n: r.n })),
    byOwner: of('owner').map((r) => ({
      id: r.owner_id,
      name: r.owner_name,
      active: r.owner_active,
      n: r.n,
    })),
    byAge: of('band').map((r) => ({ band: r.band!, n: r.n })),
    stalled: of('all')[0]?.stalled ?? {},
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

/** Counts behind the rates of a period, summed from the daily counters (figure_days). */
export async function ratesRow(db: Executor, range: Range): Promise<RatesRow> {
  const [row] = await queryRows<RatesRow>(
    db,
    sql`select
      coalesce(sum(on_target), 0)::int as on_target, coalesce(sum(resolved), 0)::int as resolved,
      coalesce(sum(reopened), 0)::int as reopened, coalesce(sum(closed), 0)::int as closed,
      coalesce(sum(confirmed), 0)::int as confirmed, coalesce(sum(closings), 0)::int as closings,
      coalesce(sum(handoffs_on_time), 0)::int as handoffs_on_time,
      coalesce(sum(handoffs_done), 0)::int as handoffs_done,
      coalesce(sum(rated), 0)::int as rated, coalesce(sum(rating_sum), 0)::int as rating_sum
    from figure_days
    where kind = 'none' and group_id is null
      and day >= ${range.start.slice(0, 10)}::date and day < ${range.end.slice(0, 10)}::date`,
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
  const names = sql.raw(by === 'team' ? 'teams' : 'people');
  return queryRows<LevelRow>(
    db,
    sql`with d as (
      select group_id, sum(differentiated)::int as differentiated, sum(competitive)::int as competitive,
        sum(commoditized)::int as commoditized
      from figure_days
      where kind = ${by} and day >= ${range.start.slice(0, 10)}::date and day < ${range.end.slice(0, 10)}::date
      group by group_id
    )
    select d.group_id::text as group_id, x.name as group_name,
      d.differentiated + d.competitive + d.commoditized as closed,
      d.differentiated, d.competitive, d.commoditized
    from d left join ${names} x on x.id = d.group_id
    where d.differentiated + d.competitive + d.commoditized > 0
    order by x.name nulls first, d.group_id`,
  );
}
