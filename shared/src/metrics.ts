import { z } from 'zod';
import { isoDateTime, namedRef, personRef } from './common';
import { stalledReason, status } from './requests';

/**
 * Figures are projected from the record after each change, normally within a second: an
 * answer is exact for every change committed before `asOf`.
 */
const asOf = isoDateTime.describe('Every change committed before this moment is counted');

/** A UTC day; the database's calendar starts long after year 0, so do ours. */
const day = z.iso
  .date()
  .refine((d) => d >= '1900-01-01', { message: 'Must be 1900-01-01 or later' });

/** A closed date range in UTC days; both ends included. */
export const metricsRange = z
  .object({ from: day, to: day })
  .refine((r) => r.from <= r.to, { message: '`from` must not be after `to`', path: ['from'] });

export const metricsGroupBy = z.enum(['none', 'category', 'team', 'owner', 'location']);
export type MetricsGroupBy = z.infer<typeof metricsGroupBy>;

export const timesQuery = z
  .object({ from: day, to: day, groupBy: metricsGroupBy.default('none') })
  .strict()
  .refine((r) => r.from <= r.to, { message: '`from` must not be after `to`', path: ['from'] });

export const durationStats = z
  .object({
    count: z.number().int(),
    /** Hours; null when count is 0. */
    medianHours: z.number().nullable(),
    p90Hours: z.number().nullable(),
  })
  .meta({ id: 'DurationStats' });
export type DurationStats = z.infer<typeof durationStats>;

export const timeMeasures = ['own', 'resolve', 'outcome'] as const;

const measureCount = z.object({ count: z.number().int() });

/** Hours per week are rounded to 0.01 h (36 s): finer than any figure is read, and far less JSON. */
const weeklyHours = (what: string) =>
  z
    .array(z.number().nullable())
    .describe(
      `${what} in hours, one per week in the order of \`weeks\`, rounded to 2 decimals (36 seconds); null where count is 0`,
    );

/** One measure's weeks as parallel columns, aligned with the report's `weeks`. */
export const weeklyDurations = z
  .object({
    count: z
      .array(z.number().int())
      .describe('Requests counted, one per week in the order of `weeks`; 0 for a week with none'),
    medianHours: weeklyHours('Median'),
    p90Hours: weeklyHours('90th percentile'),
  })
  .meta({
    id: 'WeeklyDurations',
    description:
      "One measure's figures per week as parallel columns: entry i of each belongs to the report's weeks[i].",
  });
export type WeeklyDurations = z.infer<typeof weeklyDurations>;

export const timesSeries = z
  .object({
    group: namedRef
      .nullable()
      .describe(
        'The category, team, owner or location; null for requests with none (no owner, no location), and for the one series when groupBy is none',
      ),
    total: z
      .object({ own: measureCount, resolve: measureCount, outcome: measureCount })
      .describe(
        'How many requests each measure counts over the period; its percentiles over the period: /api/metrics/times/period',
      ),
    own: weeklyDurations,
    resolve: weeklyDurations,
    outcome: weeklyDurations,
  })
  .meta({
    id: 'TimesSeries',
    description:
      'One group: time to own, to resolve and to outcome, each per week as columns aligned with the report’s `weeks`.',
  });
export type TimesSeries = z.infer<typeof timesSeries>;

export const timesReport = z
  .object({
    from: day,
    to: day,
    asOf,
    groupBy: metricsGroupBy,
    weeks: z
      .array(day)
      .describe(
        'The Monday (UTC) of every ISO week the range touches, in order, weeks with nothing included: entry i of every column in `series` belongs to weeks[i]',
      ),
    series: z.array(timesSeries),
  })
  .refine(
    (r) =>
      r.series.every((s) =>
        timeMeasures.every((m) =>
          [s[m].count, s[m].medianHours, s[m].p90Hours].every((c) => c.length === r.weeks.length),
        ),
      ),
    { message: 'Every column has one entry per week' },
  )
  .meta({
    id: 'TimesReport',
    description:
      'Median and p90 per ISO week, per group, as columns: `weeks` once, and per series and measure one array per figure, aligned with it.',
  });
export type TimesReport = z.infer<typeof timesReport>;

/** Median and p90 over a whole period, per group: exactly as percentile_cont over every duration in it. */
export const timesPeriodReport = z
  .object({
    from: day,
    to: day,
    asOf,
    groupBy: metricsGroupBy,
    series: z.array(
      z.object({
        group: namedRef.nullable(),
        own: durationStats,
        resolve: durationStats,
        outcome: durationStats,
      }),
    ),
  })
  .meta({ id: 'TimesPeriodReport' });
export type TimesPeriodReport = z.infer<typeof timesPeriodReport>;

export const ageBands = ['under_1d', '1_3d', '3_7d', '7_30d', 'over_30d'] as const;

export const openReport = z
  .object({
    /** Read from the request rows themselves: always the moment of the answer. */
    asOf,
    total: z.number().int(),
    byStatus: z.array(z.object({ status, count: z.number().int() })),
    byOwner: z.array(z.object({ owner: personRef.nullable(), count: z.number().int() })),
    byAge: z.array(z.object({ band: z.enum(ageBands), count: z.number().int() })),
    stalledByReason: z.array(z.object({ reason: stalledReason, count: z.number().int() })),
  })
  .meta({ id: 'OpenReport' });
export type OpenReport = z.infer<typeof openReport>;

export const rate = z
  .object({
    numerator: z.number().int(),
    denominator: z.number().int(),
    /** numerator / denominator; null when nothing was counted. */
    rate: z.number().nullable(),
  })
  .meta({ id: 'Rate' });
export type Rate = z.infer<typeof rate>;

export const ratesQuery = z
  .object({ from: day, to: day })
  .strict()
  .refine((r) => r.from <= r.to, { message: '`from` must not be after `to`', path: ['from'] });

export const ratesReport = z
  .object({
    from: day,
    to: day,
    asOf,
    onTarget: rate,
    reopen: rate,
    requesterConfirmation: rate,
    handoffOnTime: rate,
    satisfaction: z.object({
      averageRating: z.number().nullable(),
      rated: rate,
    }),
  })
  .meta({ id: 'RatesReport' });
export type RatesReport = z.infer<typeof ratesReport>;

export const serviceLevels = ['differentiated', 'competitive', 'commoditized'] as const;

export const serviceLevelsQuery = z
  .object({ from: day, to: day, by: z.enum(['team', 'owner']).default('team') })
  .strict()
  .refine((r) => r.from <= r.to, { message: '`from` must not be after `to`', path: ['from'] });

export const levelShare = z.object({ count: z.number().int(), share: z.number() });

export const serviceLevelsReport = z
  .object({
    from: day,
    to: day,
    asOf,
    by: z.enum(['team', 'owner']),
    rows: z.array(
      z.object({
        group: namedRef.nullable(),
        closed: z.number().int(),
        differentiated: levelShare,
        competitive: levelShare,
        commoditized: levelShare,
      }),
    ),
  })
  .meta({ id: 'ServiceLevelsReport' });
export type ServiceLevelsReport = z.infer<typeof serviceLevelsReport>;
