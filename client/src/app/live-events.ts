import type { RequestChangedEvent, RequestDetail } from '@followthrough/shared';
import type { QueryClient } from '@tanstack/react-query';
import { metricsQueries } from '../api/metrics';
import { requestQueries } from '../api/requests';
import { reviewQueries } from '../api/review';
import { viewQueries } from '../api/views';

/** How long a burst of changes is collected before the screens refetch once. */
export const COALESCE_MS = 300;

/** The wait before the n-th reconnect (from 0): 1 s, 2 s, 4 s … never more than 30 s. */
export function reconnectDelay(attempt: number): number {
  return Math.min(30_000, 1_000 * 2 ** Math.max(0, attempt));
}

interface Timers {
  set: (fn: () => void, ms: number) => unknown;
  clear: (handle: unknown) => void;
}

const realTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Collects request changes for `delay` ms from the first of a burst, then hands
 * them over once, one per request with its newest version. A steady stream is
 * still flushed every `delay` ms, so screens never wait longer than that.
 */
export function createCoalescer(
  flush: (changes: RequestChangedEvent[]) => void,
  { delay = COALESCE_MS, timers = realTimers }: { delay?: number; timers?: Timers } = {},
) {
  let pending = new Map<string, RequestChangedEvent>();
  let timer: unknown = null;

  const run = () => {
    timer = null;
    const changes = [...pending.values()];
    pending = new Map();
    if (changes.length > 0) flush(changes);
  };

  return {
    add(change: RequestChangedEvent) {
      const seen = pending.get(change.id);
      if (!seen || change.version > seen.version) pending.set(change.id, change);
      if (timer === null) timer = timers.set(run, delay);
    },
    /** Hands over what was collected now (a reset is coming, or the screen is closing). */
    flushNow() {
      if (timer !== null) timers.clear(timer);
      run();
    },
    cancel() {
      if (timer !== null) timers.clear(timer);
      timer = null;
      pending = new Map();
    },
  };
}

/** What holds a request's refresh back while the person has a form about it open. */
export interface Holds {
  isHeld: (id: string) => boolean;
  hold: (id: string, version: number) => void;
}

function shownVersion(queryClient: QueryClient, idOrKey: string): number | undefined {
  return queryClient.getQueryData<RequestDetail>(requestQueries.detail(idOrKey).queryKey)?.version;
}

/**
 * Refreshes what a batch of committed changes makes out of date: each changed
 * request (by key and id) and its timeline, every request list, and the review
 * queue. Figures are only marked stale: they refetch when next shown. A request
 * the cache already has at that version (the person's own change) is left alone,
 * and one with an open form is held for the form to offer.
 */
export async function refreshChanged(
  queryClient: QueryClient,
  changes: readonly RequestChangedEvent[],
  holds: Holds,
): Promise<void> {
  const tasks: Promise<unknown>[] = [];
  let news = false;
  for (const change of changes) {
    const shown = Math.max(
      shownVersion(queryClient, change.key) ?? 0,
      shownVersion(queryClient, change.id) ?? 0,
    );
    if (shown >= change.version) continue;
    news = true;
    if (holds.isHeld(change.id)) {
      holds.hold(change.id, change.version);
      continue;
    }
    tasks.push(
      queryClient.invalidateQueries({ queryKey: [...requestQueries.details(), change.key] }),
      queryClient.invalidateQueries({ queryKey: [...requestQueries.details(), change.id] }),
      queryClient.invalidateQueries({ queryKey: requestQueries.events(change.id).queryKey }),
    );
  }
  // Any change, the person's own too, may move a saved view's count: one refetch per batch.
  if (changes.length > 0) {
    tasks.push(queryClient.invalidateQueries({ queryKey: viewQueries.all() }));
  }
  // The person's own changes already refreshed the lists when they were made.
  if (news) {
    tasks.push(
      queryClient.invalidateQueries({ queryKey: requestQueries.lists() }),
      queryClient.invalidateQueries({ queryKey: reviewQueries.all() }),
      queryClient.invalidateQueries({ queryKey: metricsQueries.all(), refetchType: 'none' }),
    );
  }
  await Promise.all(tasks);
}
