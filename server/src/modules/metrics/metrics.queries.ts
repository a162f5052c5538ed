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
  // Teams are not kept: they are their categories' (groupSource).
  team: { column: 'category_id', names: 'teams' },
  owner: { column: 'owner_id', names: 'people' },
  location: { column: 'location_id', names: 'locations' },
};

/**
 * One measure of one group: the weeks it counted anything in, as indexes into
 * the range's Mondays (timesWeeks), and per such week the count, median and
 * p90 hours (rounded to 0.01), in parallel arrays.
 */
export interface TimesRow {
  measure: 'own' | 'resolve' | 'outcome';
  group_id: string | null;
  group_name: string | null;
  week: number[];
  n: number[];
  median: number[];
  p90: number[];
}

const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

const monday = (ms: number) => ms - ((new Date(ms).getUTCDay() + 6) % 7) * DAY;

/** The Monday (UTC) of every ISO week the range touches, in order: the index of TimesRow.week. */
export function timesWeeks(range: Range): string[] {
  const weeks: string[] = [];
  const last = monday(Date.parse(range.end) - 1);
  for (let at = monday(Date.parse(range.start)); at <= last; at += 7 * DAY) {
    weeks.push(isoDay(at));
  }
  return weeks;
}

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
 * Median and p90 hours per measure, group and week, one row per measure and
 * group (groups in name order). Weeks wholly inside the
 * range come from figure_weeks (kept by the database in each writing
 * transaction); the partial weeks at its edges are counted from
 * figure_durations, index-only.
 */
export function timesRows(db: Executor, range: Range, groupBy: MetricsGroupBy) {
  const g = groupBy === 'none' ? null : groups[groupBy];
  const gid = sql.raw(
    groupBy === 'team'
      ? '(select c.team_id from categories c where c.id = d.category_id)'
      : g
        ? `d.${g.column}`
        : 'null::uuid',
  );
  const w = weeksOf(range);
  const first = timesWeeks(range)[0]!;
  const none = sql.raw(`'${NO_GROUP}'::uuid`);
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
  const weeks =
    groupBy === 'team'
      ? sql`select w.measure, c.team_id as gid, w.week, w.n, w.median, w.p90
          from figure_weeks w join categories c on c.id = w.group_id
          where w.kind = 'category' and w.week >= ${w.first} and w.week < ${w.last}
            and not ${sql.raw(severalCategories('c.team_id'))}
          union all
          select t.measure, k.team_id as gid, t.week, t.n, t.median, t.p90
          from figure_team_categories k
          join figure_team_sets s on s.categories = k.categories
          join figure_team_weeks t on t.categories = k.categories
          where t.week >= ${w.first} and t.week < ${w.last}
          union all
          select t.measure, t.gk as gid, t.wk as week, t.n, t.median, t.p90
          from (${teamWeeks(w.first, w.last)}) t
          union all`
      : sql`select w.measure, w.group_id as gid, w.week, w.n, w.median, w.p90 from figure_weeks w
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
    -- A row per group and measure with its weeks as arrays: rows of a few numbers each cost
    -- the server more to take apart than the numbers themselves. Rounded as the API gives them.
    select p.measure, p.gid::text as group_id, o.name as group_name,
      array_agg((p.week - ${first}::date) / 7 order by p.week) as week,
      array_agg(p.n order by p.week) as n,
      -- To 0.01 in float8: through numeric it doubles the statement's time.
      array_agg(round(p.median * 100) / 100 order by p.week) as median,
      array_agg(round(p.p90 * 100) / 100 order by p.week) as p90
    -- On a key that hashes: "is not distinct from" joins by nested loop, groups × rows.
    from p join o on coalesce(o.gid, ${none}) = coalesce(p.gid, ${none})
    group by o.ord, p.gid, o.name, p.measure
    order by o.ord, p.measure collate "C"`,
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

/**
 * Sums of count arrays, element by element, less a second column's:
 * `array[sum(hist[1]) - sum(minus[1]), …]` (a null array counts as zeros).
 * Running sums kept per week are subtracted this way, with no function call
 * per array.
 */
const arraySum = (length: number) =>
  sql.raw(
    `array[${Array.from(
      { length },
      (_, i) => `sum(coalesce(hist[${i + 1}], 0) - coalesce(minus[${i + 1}], 0))::int`,
    ).join(', ')}]`,
  );

/** Stands for "no group" (no owner, no location) where a key must not be null. */
const NO_GROUP = '00000000-0000-0000-0000-000000000000';

/**
 * Exact percentiles from bucket counts, for "cells" keyed by measure, a
 * group `gk` and a week `wk` (-infinity for a whole period). Percentiles do
 * not add up across weeks or groups but counts do. Each needed rank is
 * located in three steps: the cell's counts per coarse bucket give its
 * coarse bucket, that bucket's counts per fine bucket give its fine bucket,
 * and only that fine bucket's durations are read and sorted (see
 * figure_bucket() in db/sql/figures.sql). The parts say where counts come
 * from, as running counts along the buckets (`hist`, less `minus`), any
 * number of rows per cell: `coarse` gives rows (measure, gk, wk, hist,
 * minus); the fine buckets of the coarse buckets needed come either `perRank`,
 * as a subquery correlated on row k (its cell and `k.coarse`) giving rows
 * (hist, minus), or `together`, as rows (measure, gk, wk, coarse, hist,
 * minus) for the needed buckets in `cb` (measure, gk, wk, coarse); `value` is
 * the array of the `kf.take` durations from offset `kf.off` of fine bucket
 * `kf.f` of kf's cell, in order (one read serves the ranks that share a fine
 * bucket: a percentile's two neighbouring ranks nearly always do).
 */
function exactPercentiles(parts: {
  ctes: SQL;
  coarse: SQL;
  fine: { perRank: (k: string) => SQL } | { together: SQL };
  value: SQL;
}) {
  const fine =
    'perRank' in parts.fine
      ? {
          ctes: sql``,
          counts: sql`cross join lateral (select ${arraySum(64)} as counts
            from (select * from (${parts.fine.perRank('k')}) x0 offset 0) x) fc`,
        }
      : {
          ctes: sql`, cb as (
              select distinct measure, gk, wk, coarse from k
            ), fc as materialized (
              select measure, gk, wk, coarse, ${arraySum(64)} as counts
              from (select * from (${parts.fine.together}) x0 offset 0) x
              group by 1, 2, 3, 4
            )`,
          counts: sql`join fc on fc.measure = k.measure and fc.gk = k.gk and fc.wk = k.wk
            and fc.coarse = k.coarse`,
        };
  // percentile_cont: the rows at floor and ceil of p * (n - 1), interpolated as it does.
  const at = (p: string) => {
    const pos = `${p}::float8 * (n - 1)`;
    const row = (rank: string) => `max(v) filter (where rank = ${rank}(${pos})::int)`;
    return sql.raw(
      `${row('floor')} + (${row('ceil')} - ${row('floor')}) * (${pos} - floor(${pos}))`,
    );
  };
  // Materialized, and the parts behind OFFSET 0: each step is computed once per row, not
  // re-planned into every expression that reads it. Each row carries its cell along, so no
  // step joins back to an earlier one.
  return sql`with ${parts.ctes}, h as materialized (
      -- The last running count is the cell's count.
      select measure, gk, wk, hist[256] as n, hist
      from (select measure, gk, wk, ${arraySum(256)} as hist
        from (select * from (${parts.coarse}) x0 offset 0) x group by 1, 2, 3) y
      where hist[256] > 0
    ), k as materialized (
      -- The first coarse bucket whose running count passes each rank, by binary search.
      select h.measure, h.gk, h.wk, h.n, r.rank, c.b as coarse,
        r.rank - coalesce(h.hist[c.b - 1], 0) as off
      from h
      cross join lateral (select distinct x.rank from (values
        (floor(0.5::float8 * (h.n - 1))::int), (ceil(0.5::float8 * (h.n - 1))::int),
        (floor(0.9::float8 * (h.n - 1))::int), (ceil(0.9::float8 * (h.n - 1))::int)) x(rank)) r
      cross join lateral (select width_bucket(r.rank, h.hist) + 1 as b) c
    )${fine.ctes}, kf as materialized (
      -- Within it, the fine bucket, the same way.
      select k.measure, k.gk, k.wk, k.n, k.rank, (k.coarse - 1) * 64 + c.b as f,
        k.off - coalesce(fc.counts[c.b - 1], 0) as off
      from k
      ${fine.counts}
      cross join lateral (select width_bucket(k.off, fc.counts) + 1 as b) c
    ), kg as materialized (
      -- The ranks of one cell in one fine bucket, read together.
      select measure, gk, wk, n, f, min(off) as off, max(off) - min(off) + 1 as take,
        array_agg(rank order by rank) as ranks, array_agg(off order by rank) as offs
      from kf group by measure, gk, wk, n, f
    ), v as materialized (
      select g.measure, g.gk, g.wk, g.n, r.rank, g.vals[r.o - g.off + 1] as v
      from (select kf.*, ${parts.value} as vals from kg kf offset 0) g
      cross join lateral unnest(g.ranks, g.offs) r(rank, o)
    )
    select measure, gk, wk, n, ${at('0.5')} as median, ${at('0.9')} as p90
    from v group by measure, gk, wk, n`;
}

/**
 * Where a grouping's kept counts are found: `kind` rows of the figure tables,
 * each giving its group `src`; `key` maps a source to the group reported
 * (a category to its team, read now, so moving a category is instant).
 */
function groupSource(groupBy: MetricsGroupBy) {
  const Z = `'${NO_GROUP}'::uuid`;
  if (groupBy === 'team') {
    return {
      kind: 'category',
      key: (src: string) => `(select c.team_id from categories c where c.id = ${src})`,
      // The durations of group `gk`, for each condition spelled so an index serves it.
      matching: (gk: string) => [
        `d.category_id = any(array(select c.id from categories c where c.team_id = ${gk}))`,
      ],
      durationKey: '(select c.team_id from categories c where c.id = d.category_id)',
    };
  }
  const g = groupBy === 'none' ? null : groups[groupBy];
  return {
    kind: groupBy,
    key: (src: string) => src,
    // No group (no owner) and a group are two conditions: one CASE would hide both from the
    // group's index.
    matching: (gk: string) =>
      g
        ? [`${gk} = ${Z} and d.${g.column} is null`, `${gk} <> ${Z} and d.${g.column} = ${gk}`]
        : ['true'],
    durationKey: g ? `coalesce(d.${g.column}, ${Z})` : Z,
  };
}

/**
 * Median and p90 over the whole period, per measure and group, exactly as
 * percentile_cont computes them (exactPercentiles). A group's counts over
 * the whole weeks are the difference of two kept running sums per source
 * (figure_weeks.cum, figure_week_buckets.cum: two index probes, however long
 * the range); the partial weeks at the range's edges are counted from their
 * durations.
 */
export function periodRows(db: Executor, range: Range, groupBy: MetricsGroupBy) {
  const g = groupBy === 'none' ? null : groups[groupBy];
  const src = groupSource(groupBy);
  const Z = sql.raw(`'${NO_GROUP}'::uuid`);
  const start = sql`${range.start}::timestamptz`;
  const end = sql`${range.end}::timestamptz`;
  const w = weeksOf(range);
  // The partial weeks' durations, one index-only range each (an OR of the two reads the heap).
  const edges = sql.join(
    w.edges.map(
      ([from, to]) => sql`select d.measure, ${sql.raw(src.durationKey)} as gk,
          figure_bucket(d.hours) as f
        from figure_durations d
        where d.measure in ('own', 'resolve', 'outcome') and d.ended_at >= ${from} and d.ended_at < ${to}`,
    ),
    sql` union all `,
  );
  // A source's running sum at the last week before `week`; no group on its own, by IS NULL.
  const before = (table: string, week: SQL, extra: string) => {
    const probe = (match: string) =>
      sql`(select c.cum from ${sql.raw(table)} c
        where c.measure = q.measure and c.kind = ${src.kind} and ${sql.raw(match)} ${sql.raw(extra)}
          and c.week < ${week} order by c.week desc limit 1)`;
    return g || groupBy === 'team'
      ? sql`case when q.src = ${Z} then ${probe('c.group_id is null')} else ${probe('c.group_id = q.src')} end`
      : probe('c.group_id is null');
  };
  // Over the whole weeks: the running sum before the end less the one before the start.
  const span = (table: string, extra: string) =>
    sql`case when ${w.whole} then ${before(table, w.last, extra)} end as hist,
      case when ${w.whole} then ${before(table, w.first, extra)} end as minus`;
  const ctes = sql`${w.cte}, ec as materialized (
      select e.measure, e.gk, e.f, count(*)::int as n from (${edges}) e group by 1, 2, 3
    ), srcs as (
      -- The kept groups with whole weeks in the range, and the group each is reported in.
      select distinct w.measure, coalesce(w.group_id, ${Z}) as src,
        coalesce(${sql.raw(src.key('w.group_id'))}, ${Z}) as gk
      from figure_weeks w
      where w.kind = ${src.kind} and w.week >= ${w.first} and w.week < ${w.last}
    )`;
  const coarse = sql`select q.measure, q.gk, '-infinity'::date as wk, x.hist, x.minus
    from srcs q cross join lateral (select ${span('figure_weeks', '')}) x
    union all
    select ec.measure, ec.gk, '-infinity'::date,
      figure_prefix(figure_counts(array_agg((ec.f - 1) / 64 + 1), array_agg(ec.n), 256)), null
    from ec group by 1, 2`;
  const fine = sql`select q.measure, q.gk, cb.wk, cb.coarse, x.hist, x.minus
    from cb join srcs q on q.measure = cb.measure and q.gk = cb.gk
    cross join lateral (select ${span('figure_week_buckets', 'and c.coarse = cb.coarse')}) x
    union all
    select cb.measure, cb.gk, cb.wk, cb.coarse,
      figure_prefix(figure_counts(array_agg((ec.f - 1) % 64 + 1), array_agg(ec.n), 64)), null
    from cb join ec on ec.measure = cb.measure and ec.gk = cb.gk and (ec.f - 1) / 64 + 1 = cb.coarse
    group by 1, 2, 3, 4`;
  // The row at a rank: the period's durations of the group in its fine bucket, by hours.
  const inBucket = (match: string) => sql`(select array_agg(x.hours order by x.hours) from (
      select d.hours from figure_durations d
      where d.measure = kf.measure and figure_bucket(d.hours) = kf.f and ${sql.raw(match)}
        and d.ended_at >= ${start} and d.ended_at < ${end}
      order by d.hours offset kf.off limit kf.take) x)`;
  const value = sql`coalesce(${sql.join(src.matching('kf.gk').map(inBucket), sql`, `)})`;
  const names = g
    ? sql.raw(`left join ${g.names} x on x.id = r.gk`)
    : sql.raw('left join (select null::uuid as id, null::text as name) x on false');
  return queryRows<PeriodRow>(
    db,
    sql`select r.measure, nullif(r.gk, ${Z})::text as group_id, x.name as group_name, r.n,
        r.median, r.p90
      from (${exactPercentiles({ ctes, coarse, fine: { together: fine }, value })}) r ${names}
      order by x.name nulls first, nullif(r.gk, ${Z}), r.measure`,
  );
}

/** Whether a team routes more than one category (else its figures are its category's). */
const severalCategories = (team: string) =>
  `exists (select 1 from categories c2 where c2.team_id = ${team} and c2.id <> c.id)`;

/**
 * The median and p90 per whole week of each team of several categories whose
 * category set the projector has not kept yet (figure_team_weeks: until it
 * runs after a category moved team), from its categories' kept counts
 * (exactPercentiles). Teams are not kept, so a category that moves team moves
 * its figures at once.
 */
function teamWeeks(first: SQL, last: SQL) {
  // Each category-week's counts as the difference of its running sum and the one before it.
  const ctes = sql`tw as (
      select measure, c.team_id as gk, week as wk, src, cum as hist, prev as minus
      from (select w.measure, w.group_id as src, w.week, w.cum,
          lag(w.cum) over (partition by w.measure, w.group_id order by w.week) as prev
        from figure_weeks w where w.kind = 'category' and w.week < ${last}) x
      join categories c on c.id = x.src
      where x.week >= ${first} and ${sql.raw(severalCategories('c.team_id'))}
        and not exists (select 1 from figure_team_categories k
          join figure_team_sets s on s.categories = k.categories where k.team_id = c.team_id)
    )`;
  const coarse = sql`select measure, gk, wk, hist, minus from tw`;
  const fine = (k: string) => sql`select b.cum as hist,
      (select p.cum from figure_week_buckets p where p.measure = b.measure and p.kind = 'category'
        and p.group_id = b.group_id and p.coarse = b.coarse and p.week < b.week
        order by p.week desc limit 1) as minus
    from categories c
    join figure_week_buckets b on b.kind = 'category' and b.group_id = c.id
    where c.team_id = ${sql.raw(k)}.gk and b.measure = ${sql.raw(k)}.measure
      and b.week = ${sql.raw(k)}.wk and b.coarse = ${sql.raw(k)}.coarse`;
  const value = sql`(select array_agg(x.hours order by x.hours) from (
      select d.hours from figure_durations d
      where d.measure = kf.measure and figure_bucket(d.hours) = kf.f
        and d.category_id = any(array(select c.id from categories c where c.team_id = kf.gk))
        and d.ended_at >= kf.wk::timestamp at time zone 'UTC'
        and d.ended_at < (kf.wk + 7)::timestamp at time zone 'UTC'
      order by d.hours offset kf.off limit kf.take) x)`;
  return exactPercentiles({ ctes, coarse, fine: { perRank: fine }, value });
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

/**
 * Each request closed in the period, in exactly one service level, counted per team or owner.
 * Levels are kept per category; a team's are its categories' as they stand now.
 */
export function serviceLevelRows(db: Executor, range: Range, by: 'team' | 'owner') {
  const names = sql.raw(by === 'team' ? 'teams' : 'people');
  const group = sql.raw(
    by === 'team' ? '(select c.team_id from categories c where c.id = f.group_id)' : 'f.group_id',
  );
  return queryRows<LevelRow>(
    db,
    sql`with d as (
      select ${group} as group_id, sum(differentiated)::int as differentiated,
        sum(competitive)::int as competitive, sum(commoditized)::int as commoditized
      from figure_days f
      where kind = ${by === 'team' ? 'category' : 'owner'}
        and day >= ${range.start.slice(0, 10)}::date and day < ${range.end.slice(0, 10)}::date
      group by 1
    )
    select d.group_id::text as group_id, x.name as group_name,
      d.differentiated + d.competitive + d.commoditized as closed,
      d.differentiated, d.competitive, d.commoditized
    from d left join ${names} x on x.id = d.group_id
    where d.differentiated + d.competitive + d.commoditized > 0
    order by x.name nulls first, d.group_id`,
  );
}
