import { type MetricsGroupBy, metricsGroupBy } from '@followthrough/shared';
import { z } from 'zod';
import { toSearchParams } from '../../api/client';

export type WeeklyStat = 'median' | 'p90';

/**
 * What the Figures screen shows, as kept in the URL: the period (UTC days, both
 * included), how the times are grouped, and which statistic the grouped charts draw.
 * Defaults are left out of the URL, so a shared link to "the last 12 weeks" stays that.
 */
export interface FiguresView {
  from: string;
  to: string;
  groupBy: MetricsGroupBy;
  stat: WeeklyStat;
}

const DAY_MS = 86_400_000;
const day = z.iso.date();

/** A Date as its UTC day, `YYYY-MM-DD`: the API counts days in UTC. */
export const utcDay = (date: Date) => date.toISOString().slice(0, 10);

/** The Monday (UTC) of the week a day falls in. */
export function mondayOf(dayString: string): string {
  const date = new Date(`${dayString}T00:00:00Z`);
  const back = (date.getUTCDay() + 6) % 7;
  return utcDay(new Date(date.getTime() - back * DAY_MS));
}

/** The last 12 weeks: from the Monday eleven weeks before this one, to today. */
export function defaultRange(now = new Date()): { from: string; to: string } {
  const to = utcDay(now);
  const from = utcDay(new Date(Date.parse(`${mondayOf(to)}T00:00:00Z`) - 11 * 7 * DAY_MS));
  return { from, to };
}

/** Every Monday from the week of `from` to the week of `to`: the x axis of a weekly chart. */
export function weeksBetween(from: string, to: string): string[] {
  const weeks: string[] = [];
  let at = Date.parse(`${mondayOf(from)}T00:00:00Z`);
  const end = Date.parse(`${mondayOf(to)}T00:00:00Z`);
  // A guard for absurd ranges typed into the address: a chart of ten years is enough.
  while (at <= end && weeks.length < 530) {
    weeks.push(utcDay(new Date(at)));
    at += 7 * DAY_MS;
  }
  return weeks;
}

/** Reads the view from the query string; a missing or impossible period falls back to the default. */
export function readFiguresView(params: URLSearchParams, now = new Date()): FiguresView {
  const fallback = defaultRange(now);
  const from = day.safeParse(params.get('from'));
  const to = day.safeParse(params.get('to'));
  let range = {
    from: from.success ? from.data : fallback.from,
    to: to.success ? to.data : fallback.to,
  };
  if (range.from > range.to) range = fallback;
  const groupBy = metricsGroupBy.safeParse(params.get('groupBy'));
  return {
    ...range,
    groupBy: groupBy.success ? groupBy.data : 'none',
    stat: params.get('stat') === 'p90' ? 'p90' : 'median',
  };
}

/** The view as the URL's query string, leaving out defaults. */
export function writeFiguresView(view: FiguresView, now = new Date()): URLSearchParams {
  const fallback = defaultRange(now);
  const isDefaultRange = view.from === fallback.from && view.to === fallback.to;
  return toSearchParams({
    from: isDefaultRange ? undefined : view.from,
    to: isDefaultRange ? undefined : view.to,
    groupBy: view.groupBy === 'none' ? undefined : view.groupBy,
    stat: view.stat === 'median' ? undefined : view.stat,
  });
}

export const groupByLabels: Record<MetricsGroupBy, string> = {
  none: 'Nothing (all requests)',
  category: 'Category',
  team: 'Team',
  owner: 'Owner',
  location: 'Location',
};

/** The word for one group in sentences and headers. */
export const groupNoun: Record<MetricsGroupBy, string> = {
  none: 'All requests',
  category: 'Category',
  team: 'Team',
  owner: 'Owner',
  location: 'Location',
};
