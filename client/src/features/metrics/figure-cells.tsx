import type { ReactNode } from 'react';
import { formatHours, formatPercent, NO_FIGURE } from './format';

/** Where the API has no figure: a dash to the eye, words to a screen reader. */
export function NoFigure() {
  return (
    <>
      <span aria-hidden="true">{NO_FIGURE}</span>
      <span className="visually-hidden">None</span>
    </>
  );
}

/**
 * A number as the API gave it: shown formatted, with the exact value kept in
 * the markup (`<data value>`), so what is shown can be checked against the API.
 */
function Exact({ value, children }: { value: number; children: ReactNode }) {
  return <data value={String(value)}>{children}</data>;
}

export function Hours({ hours }: { hours: number | null }) {
  return hours === null ? <NoFigure /> : <Exact value={hours}>{formatHours(hours)}</Exact>;
}

export function Percent({ rate, shown }: { rate: number | null; shown?: number }) {
  if (rate === null) return <NoFigure />;
  return <Exact value={rate}>{shown === undefined ? formatPercent(rate) : `${shown}%`}</Exact>;
}

/** A count with a bar as long as its share of the largest; the bar is only for the eye. */
export function CountBar({ count, max }: { count: number; max: number }) {
  const width = max > 0 ? Math.max(count > 0 ? 2 : 0, Math.round((count / max) * 100)) : 0;
  return (
    <span className="count-bar" aria-hidden="true">
      <span className="count-bar-fill" style={{ width: `${width}%` }} />
    </span>
  );
}
