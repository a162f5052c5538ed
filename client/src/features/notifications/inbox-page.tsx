import type { Notification } from '@followthrough/shared';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../api/client';
import {
  notificationQueries,
  useMarkAllNotificationsRead,
  useMarkNotificationRead,
} from '../../api/notifications';
import { LoadMore } from '../../components/load-more';
import { PageHeader } from '../../components/page-header';
import { RelativeTime } from '../../components/relative-time';
import { EmptyState, ErrorState, LoadingState } from '../../components/states';
import { groupByDay, notificationSentence } from './notification-text';

const PAGE_SIZE = 30;

function InboxItem({
  notification: n,
  onOpen,
}: {
  notification: Notification;
  onOpen: () => void;
}) {
  const unread = n.readAt === null;
  return (
    <li className={unread ? 'inbox-item is-unread' : 'inbox-item'} data-list-item="">
      <Link to={`/requests/${n.requestKey}`} className="inbox-link" onClick={onOpen}>
        <span className="inbox-sentence">
          {unread ? <span className="badge badge-unread">Unread</span> : null}
          {notificationSentence(n)}
        </span>
        <span className="inbox-request">
          <span className="request-key">{n.requestKey}</span> {n.title}
        </span>
      </Link>
      <p className="inbox-meta">
        <RelativeTime iso={n.at} />
        {n.actor && !n.actor.active ? <span className="muted"> · deactivated</span> : null}
      </p>
    </li>
  );
}

/** What needs the signed-in person, newest first; opening one goes to its request. */
export function InboxPage() {
  const list = useInfiniteQuery(notificationQueries.list({ limit: PAGE_SIZE }));
  const count = useQuery(notificationQueries.unreadCount());
  const markRead = useMarkNotificationRead();
  const markAll = useMarkAllNotificationsRead();
  const [said, setSaid] = useState<string | null>(null);
  const errorRef = useRef<HTMLParagraphElement>(null);

  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  // The live count is the newest; the first page's is the fallback before it loads.
  const unread = count.data ?? list.data?.pages[0]?.unreadCount ?? 0;

  useEffect(() => {
    if (markAll.isError) errorRef.current?.focus();
  }, [markAll.isError]);

  async function markAllRead() {
    if (markAll.isPending || unread === 0) return;
    setSaid(null);
    try {
      await markAll.mutateAsync();
      setSaid('All notifications are marked read.');
    } catch {
      // Said below, next to the button.
    }
  }

  return (
    <div className="page page-narrow">
      <PageHeader
        title="Inbox"
        documentTitle={unread > 0 ? `Inbox (${unread})` : 'Inbox'}
        actions={
          items.length > 0 ? (
            <button
              type="button"
              className="button button-secondary"
              aria-disabled={markAll.isPending || unread === 0 || undefined}
              onClick={markAllRead}
            >
              {markAll.isPending ? 'Marking…' : 'Mark all read'}
            </button>
          ) : null
        }
      >
        <p>
          Offers, confirmations, nudges and comments that need you.{' '}
          {list.isSuccess ? (unread === 1 ? '1 unread.' : `${unread} unread.`) : null}
        </p>
      </PageHeader>
      <p className="visually-hidden" role="status">
        {said}
      </p>
      {markAll.isError ? (
        <p className="notice notice-error" role="alert" tabIndex={-1} ref={errorRef}>
          Could not mark them read: {errorMessage(markAll.error)}
        </p>
      ) : null}
      {list.isPending ? (
        <LoadingState label="Loading your inbox…" lines={4} />
      ) : list.isError ? (
        <ErrorState
          title="Your inbox could not be loaded"
          error={list.error}
          onRetry={() => list.refetch()}
        />
      ) : items.length === 0 ? (
        <EmptyState
          title="Nothing needs you"
          action={
            <Link className="button button-secondary" to="/">
              Go to My work
            </Link>
          }
        >
          When someone offers you a request, asks you to confirm an outcome, nudges you or comments,
          it shows here.
        </EmptyState>
      ) : (
        <>
          {groupByDay(items).map((group) => {
            const headingId = `inbox-${group.label.toLowerCase()}`;
            return (
              <section key={group.label} className="inbox-group" aria-labelledby={headingId}>
                <h2 id={headingId} className="inbox-group-title">
                  {group.label}
                </h2>
                <ul className="inbox-list">
                  {group.items.map((n) => (
                    <InboxItem
                      key={n.id}
                      notification={n}
                      onOpen={() => {
                        if (n.readAt === null) markRead.mutate(n.id);
                      }}
                    />
                  ))}
                </ul>
              </section>
            );
          })}
          <LoadMore list={list} what="notifications" />
        </>
      )}
    </div>
  );
}
