import type { Rate } from '@followthrough/shared';

const oneDecimal = new Intl.NumberFormat(undefined, {
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});
const whole = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

/** Shown where the API has no figure (nothing was counted). */
export const NO_FIGURE = '—';

/** The unit a duration is shown in: hours below two days, days from there on. */
export const unitOf = (hours: number): 'hours' | 'days' => (hours >= 48 ? 'days' : 'hours');

/** A duration from the API (in hours): "5.3 hours", "2.1 days", "—" when there is none. */
export function formatHours(hours: number | null): string {
  if (hours === null) return NO_FIGURE;
  return unitOf(hours) === 'days'
    ? `${oneDecimal.format(hours / 24)} days`
    : `${oneDecimal.format(hours)} hours`;
}

/** A rate (0–1) as a whole percentage: "83%", "—" when nothing was counted. */
export function formatPercent(rate: number | null): string {
  if (rate === null) return NO_FIGURE;
  return `${whole.format(Math.round(rate * 100))}%`;
}

/** The counts behind a rate: "40 of 48". */
export const formatCounts = (rate: Rate) =>
  `${whole.format(rate.numerator)} of ${whole.format(rate.denominator)}`;

/** An average rating out of 5, to one decimal. */
export const formatRating = (rating: number | null) =>
  rating === null ? NO_FIGURE : `${oneDecimal.format(rating)} of 5`;

export const formatCount = (n: number) => whole.format(n);

/**
 * Shares (adding up to 1) as whole percentages that add up to exactly 100:
 * each is rounded down, and the points left go to the largest remainders.
 * All zero when every share is zero (nothing was counted).
 */
export function wholePercents(shares: readonly number[]): number[] {
  const total = shares.reduce((s, x) => s + x, 0);
  if (total <= 0) return shares.map(() => 0);
  const exact = shares.map((s) => (s / total) * 100);
  const floors = exact.map(Math.floor);
  let left = 100 - floors.reduce((s, x) => s + x, 0);
  const order = exact
    .map((x, i) => ({ i, rest: x - Math.floor(x) }))
    .sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    floors[i] = (floors[i] ?? 0) + 1;
    left -= 1;
  }
  return floors;
}

/** "2026-11-02" as "2 Nov", the Monday a weekly figure starts on (a UTC day). */
export function formatWeek(day: string, withYear = false): string {
  return new Intl.DateTimeFormat(undefined, {
    day: 'numeric',
    month: 'short',
    ...(withYear ? { year: 'numeric' } : {}),
    timeZone: 'UTC',
  }).format(new Date(`${day}T00:00:00Z`));
}
