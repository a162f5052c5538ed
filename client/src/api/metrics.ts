import type {
  MetricsGroupBy,
  OpenReport,
  RatesReport,
  ServiceLevelsReport,
  TimesPeriodReport,
  TimesReport,
} from '@followthrough/shared';
import { queryOptions } from '@tanstack/react-query';
import { apiFetch } from './client';

/** A closed range of UTC days, `YYYY-MM-DD`, both ends included. */
export interface MetricsRange {
  from: string;
  to: string;
}

export const metricsQueries = {
  all: () => ['metrics'] as const,
  /** Time to own, resolve and outcome: median and p90 hours per week, per group. */
  times: (range: MetricsRange, groupBy: MetricsGroupBy) =>
    queryOptions({
      queryKey: [...metricsQueries.all(), 'times', { ...range, groupBy }] as const,
      queryFn: ({ signal }) =>
        apiFetch<TimesReport>('/api/metrics/times', { query: { ...range, groupBy }, signal }),
    }),
  /** The same measures' median and p90 over the whole period, per group. */
  timesPeriod: (range: MetricsRange, groupBy: MetricsGroupBy) =>
    queryOptions({
      queryKey: [...metricsQueries.all(), 'times-period', { ...range, groupBy }] as const,
      queryFn: ({ signal }) =>
        apiFetch<TimesPeriodReport>('/api/metrics/times/period', {
          query: { ...range, groupBy },
          signal,
        }),
    }),
  /** What is open now, by status, owner and age, and what has stalled. */
  open: () =>
    queryOptions({
      queryKey: [...metricsQueries.all(), 'open'] as const,
      queryFn: ({ signal }) => apiFetch<OpenReport>('/api/metrics/open', { signal }),
    }),
  rates: (range: MetricsRange) =>
    queryOptions({
      queryKey: [...metricsQueries.all(), 'rates', range] as const,
      queryFn: ({ signal }) =>
        apiFetch<RatesReport>('/api/metrics/rates', { query: { ...range }, signal }),
    }),
  serviceLevels: (range: MetricsRange, by: 'team' | 'owner') =>
    queryOptions({
      queryKey: [...metricsQueries.all(), 'service-levels', { ...range, by }] as const,
      queryFn: ({ signal }) =>
        apiFetch<ServiceLevelsReport>('/api/metrics/service-levels', {
          query: { ...range, by },
          signal,
        }),
    }),
};
