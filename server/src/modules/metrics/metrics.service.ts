import {
  ageBands,
  type DurationStats,
  type MetricsGroupBy,
  type OpenReport,
  type Rate,
  type RatesReport,
  type ServiceLevelsReport,
  type StalledReason,
  type Status,
  stalledReasons,
  statuses,
  type TimesPeriodReport,
  type TimesReport,
  timeMeasures,
} from '@followthrough/shared';
import type { Db } from '../../db/types';
import { figuresAsOf } from './figures-projector';
import {
  openRows,
  type PeriodRow,
  periodRows,
  type Range,
  ratesRow,
  serviceLevelRows,
  timesRows,
  timesWeeks,
} from './metrics.queries';

export function rangeOf(from: string, to: string): Range {
  const end = new Date(`${to}T00:00:00.000Z`);
  end.setUTCDate(end.getUTCDate() + 1);
  return { start: `${from}T00:00:00.000Z`, end: end.toISOString() };
}

const stats = (row: PeriodRow | undefined): DurationStats =>
  row
    ? { count: row.n, medianHours: Number(row.median), p90Hours: Number(row.p90) }
    : { count: 0, medianHours: null, p90Hours: null };

const rate = (numerator: number, denominator: number): Rate => ({
  numerator,
  denominator,
  rate: denominator === 0 ? null : numerator / denominator,
});

type Columns = TimesReport['series'][number]['own'];
const columns = (weeks: number): Columns => ({
  count: new Array<number>(weeks).fill(0),
  medianHours: new Array<number | null>(weeks).fill(null),
  p90Hours: new Array<number | null>(weeks).fill(null),
});

/** Time to own, to resolve and to outcome: median and p90 per week, and the period's counts, per group. */
export async function timesReport(
  db: Db,
  q: { from: string; to: string; groupBy: MetricsGroupBy },
): Promise<TimesReport> {
  // Read first: what the figures then read includes every change committed before it.
  const asOf = await figuresAsOf(db);
  const range = rangeOf(q.from, q.to);
  // Every week of the range, empty ones too, so that one index names a week in every column.
  const weeks = timesWeeks(range);
  const rows = await timesRows(db, range, q.groupBy);
  const series = new Map<string, TimesReport['series'][number]>();
  for (const row of rows) {
    const key = row.group_id ?? 'none';
    let s = series.get(key);
    if (!s) {
      s = {
        group: row.group_id ? { id: row.group_id, name: row.group_name ?? '' } : null,
        total: { own: { count: 0 }, resolve: { count: 0 }, outcome: { count: 0 } },
        own: columns(weeks.length),
        resolve: columns(weeks.length),
        outcome: columns(weeks.length),
      };
      series.set(key, s);
    }
    const c = s[row.measure];
    let total = 0;
    for (let j = 0; j < row.week.length; j++) {
      const i = row.week[j]!;
      c.count[i] = row.n[j]!;
      c.medianHours[i] = row.median[j] ?? null;
      c.p90Hours[i] = row.p90[j] ?? null;
      total += row.n[j]!;
    }
    s.total[row.measure].count = total;
  }
  return { from: q.from, to: q.to, asOf, groupBy: q.groupBy, weeks, series: [...series.values()] };
}

/** Time to own, to resolve and to outcome: median and p90 over the whole period, per group. */
export async function timesPeriodReport(
  db: Db,
  q: { from: string; to: string; groupBy: MetricsGroupBy },
): Promise<TimesPeriodReport> {
  // Read first: what the figures then read includes every change committed before it.
  const asOf = await figuresAsOf(db);
  const rows = await periodRows(db, rangeOf(q.from, q.to), q.groupBy);
  const series = new Map<string, PeriodRow[]>();
  for (const row of rows) {
    const key = row.group_id ?? 'none';
    series.set(key, [...(series.get(key) ?? []), row]);
  }
  return {
    from: q.from,
    to: q.to,
    asOf,
    groupBy: q.groupBy,
    series: [...series.values()].map((mine) => {
      const [own, resolve, outcome] = timeMeasures.map((m) =>
        stats(mine.find((r) => r.measure === m)),
      );
      const first = mine[0]!;
      return {
        group: first.group_id ? { id: first.group_id, name: first.group_name ?? '' } : null,
        own: own!,
        resolve: resolve!,
        outcome: outcome!,
      };
    }),
  };
}

/** What is open now, and what has stalled. */
export async function openReport(db: Db, now: Date): Promise<OpenReport> {
  const r = await openRows(db, now);
  const count = (list: { n: number }[]) => list.reduce((s, x) => s + x.n, 0);
  return {
    asOf: now.toISOString(),
    total: count(r.byStatus),
    byStatus: statuses
      .filter((s) => s === 'new' || s === 'in_progress' || s === 'waiting')
      .map((status) => ({
        status: status as Status,
        count: r.byStatus.find((x) => x.status === status)?.n ?? 0,
      })),
    byOwner: r.byOwner.map((x) => ({
      owner: x.id ? { id: x.id, name: x.name ?? '', active: Boolean(x.active) } : null,
      count: x.n,
    })),
    byAge: ageBands.map((band) => ({ band, count: r.byAge.find((x) => x.band === band)?.n ?? 0 })),
    stalledByReason: stalledReasons.map((reason: StalledReason) => ({
      reason,
      count: Number(r.stalled[reason] ?? 0),
    })),
  };
}

export async function ratesReport(db: Db, q: { from: string; to: string }): Promise<RatesReport> {
  // Read first: what the figures then read includes every change committed before it.
  const asOf = await figuresAsOf(db);
  const r = await ratesRow(db, rangeOf(q.from, q.to));
  return {
    from: q.from,
    to: q.to,
    asOf,
    onTarget: rate(r.on_target, r.resolved),
    reopen: rate(r.reopened, r.closed),
    requesterConfirmation: rate(r.confirmed, r.closings),
    handoffOnTime: rate(r.handoffs_on_time, r.handoffs_done),
    satisfaction: {
      averageRating: r.rated === 0 ? null : r.rating_sum / r.rated,
      rated: rate(r.rated, r.confirmed),
    },
  };
}

export async function serviceLevelsReport(
  db: Db,
  q: { from: string; to: string; by: 'team' | 'owner' },
): Promise<ServiceLevelsReport> {
  // Read first: what the figures then read includes every change committed before it.
  const asOf = await figuresAsOf(db);
  const rows = await serviceLevelRows(db, rangeOf(q.from, q.to), q.by);
  const share = (n: number, total: number) => ({ count: n, share: total === 0 ? 0 : n / total });
  return {
    from: q.from,
    to: q.to,
    asOf,
    by: q.by,
    rows: rows.map((r) => ({
      group: r.group_id ? { id: r.group_id, name: r.group_name ?? '' } : null,
      closed: r.closed,
      differentiated: share(r.differentiated, r.closed),
      competitive: share(r.competitive, r.closed),
      commoditized: share(r.commoditized, r.closed),
    })),
  };
}
