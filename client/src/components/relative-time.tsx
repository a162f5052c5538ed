import { useSyncExternalStore } from 'react';
import { formatAge, formatDate, formatDateTime, formatRelative, formatTarget } from '../lib/time';

type Style = 'relative' | 'age' | 'date' | 'target';

// One clock for every time on the screen, so "3 min ago" stays true without a timer each.
const tickMs = 30_000;
const listeners = new Set<() => void>();
let ticks = 0;
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void) {
  listeners.add(listener);
  if (!timer) {
    timer = setInterval(() => {
      ticks += 1;
      for (const l of listeners) l();
    }, tickMs);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** The time now; a component using it is drawn again every half minute. */
export function useNow(): number {
  useSyncExternalStore(
    subscribe,
    () => ticks,
    () => ticks,
  );
  return Date.now();
}

/**
 * A time shown compactly, with the exact local moment on hover and, where `focusable`, on
 * keyboard focus too (lists leave it out so rows do not gain a tab stop per time).
 */
export function RelativeTime({
  iso,
  style = 'relative',
  focusable = false,
  className,
}: {
  iso: string;
  style?: Style;
  focusable?: boolean;
  className?: string;
}) {
  const at = useNow();
  const text =
    style === 'age'
      ? formatAge(iso, at)
      : style === 'date'
        ? formatDate(iso, at)
        : style === 'target'
          ? formatTarget(iso, at)
          : formatRelative(iso, at);
  const exact = formatDateTime(iso, at);
  return (
    <time
      dateTime={iso}
      title={exact}
      data-exact={focusable ? exact : undefined}
      tabIndex={focusable ? 0 : undefined}
      className={[focusable ? 'time-exact' : '', className ?? ''].join(' ').trim() || undefined}
    >
      {text}
    </time>
  );
}
