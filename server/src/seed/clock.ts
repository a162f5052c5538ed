/** Time units and rounding of the demo's story; milliseconds throughout. */

export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;
export const AUTO_CONFIRM_MS = 5 * DAY;
export const REOPEN_WINDOW_MS = 14 * DAY;

export const iso = (ms: number) => new Date(ms).toISOString();
export const secondsUp = (ms: number) => Math.ceil(ms / 1000) * 1000;
export const hourUp = (ms: number) => Math.ceil(ms / HOUR) * HOUR;

/**
 * Creation times over the year before `now`: opening hours (06:00–21:30
 * UTC), quieter at weekends, a little busier as the year goes on. Returns
 * the i-th of `count` times, non-decreasing in i.
 */
export function creationClock(
  now: number,
  count: number,
  rnd: () => number,
): (i: number) => number {
  const firstDay = Math.floor((now - 365 * DAY) / DAY) * DAY;
  const days: { start: number; span: number; cum: number }[] = [];
  let total = 0;
  for (let d = firstDay; d <= now; d += DAY) {
    const open = Math.max(d + 6 * HOUR, now - 365 * DAY);
    const close = Math.min(d + 21.5 * HOUR, now - 10 * MIN);
    if (close <= open) continue;
    const dow = new Date(d).getUTCDay();
    const growth = 0.85 + (0.3 * (d - firstDay)) / (365 * DAY);
    const w = (dow === 0 ? 0.6 : dow === 6 ? 0.8 : 1) * growth * ((close - open) / (15.5 * HOUR));
    total += w;
    days.push({ start: open, span: close - open, cum: total });
  }
  let k = 0;
  return (i: number) => {
    const p = ((i + rnd()) / count) * total;
    while (k < days.length - 1 && days[k]!.cum < p) k++;
    const day = days[k]!;
    const before = k > 0 ? days[k - 1]!.cum : 0;
    const frac = Math.min(1, Math.max(0, (p - before) / (day.cum - before)));
    return Math.floor((day.start + frac * day.span) / 1000) * 1000;
  };
}
