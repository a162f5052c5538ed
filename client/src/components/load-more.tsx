import type { ReactNode } from 'react';
import { ErrorState } from './states';

/**
 * The button under a list that brings more of it. While that is on its way
 * it stays focusable (aria-disabled, not disabled) so keyboard users keep
 * their place, and a second press does nothing.
 */
export function MoreButton({
  children,
  busy = false,
  busyLabel,
  onMore,
}: {
  children: ReactNode;
  busy?: boolean;
  /** What the button says while busy; its usual words when not given. */
  busyLabel?: string;
  onMore: () => void;
}) {
  return (
    <div className="load-more">
      <button
        type="button"
        className="button button-secondary"
        aria-disabled={busy || undefined}
        onClick={() => {
          if (!busy) onMore();
        }}
      >
        {busy && busyLabel ? busyLabel : children}
      </button>
    </div>
  );
}

/** The part of an infinite query the end of a paged list needs. */
export interface NextPages {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  isFetchNextPageError: boolean;
  error: unknown;
  fetchNextPage: () => unknown;
}

/** The end of a paged list: the next page on asking, and a way to retry when it failed. */
export function LoadMore({ list, what }: { list: NextPages; what: string }) {
  if (list.isFetchNextPageError) {
    return (
      <ErrorState
        title={`More ${what} could not be loaded`}
        error={list.error}
        onRetry={() => list.fetchNextPage()}
      />
    );
  }
  if (!list.hasNextPage) return null;
  return (
    <MoreButton
      busy={list.isFetchingNextPage}
      busyLabel="Loading more…"
      onMore={list.fetchNextPage}
    >
      Load more
    </MoreButton>
  );
}
