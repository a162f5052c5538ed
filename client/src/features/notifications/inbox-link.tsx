import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { NavLink } from 'react-router';
import { notificationQueries } from '../../api/notifications';

/** The count as the badge shows it: a phone's header has no room for four digits. */
export const badgeText = (count: number) => (count > 99 ? '99+' : String(count));

/** Said when the count changes while the person is here (not when the page first loads). */
export function unreadAnnouncement(count: number): string {
  if (count === 0) return 'No unread notifications';
  // The server counts to 1000.
  if (count >= 1000) return 'At least 1000 unread notifications';
  return count === 1 ? '1 unread notification' : `${count} unread notifications`;
}

/**
 * The navigation's Inbox link with the unread count; its name reads "Inbox, 3 unread".
 * A change to the count is announced politely; live updates keep it current.
 */
export function InboxLink() {
  const { data: count } = useQuery(notificationQueries.unreadCount());
  const previous = useRef<number | undefined>(undefined);
  const [announcement, setAnnouncement] = useState('');

  useEffect(() => {
    if (count === undefined) return;
    if (previous.current !== undefined && previous.current !== count) {
      setAnnouncement(unreadAnnouncement(count));
    }
    previous.current = count;
  }, [count]);

  return (
    <>
      <NavLink
        to="/inbox"
        className="nav-inbox"
        // One name in every browser, holding the visible words in order (for voice control).
        aria-label={count ? `Inbox, ${badgeText(count)} unread` : undefined}
      >
        Inbox
        {count ? (
          <>
            {' '}
            <span className="nav-count">{badgeText(count)}</span>
          </>
        ) : null}
      </NavLink>
      <span className="visually-hidden" aria-live="polite">
        {announcement}
      </span>
    </>
  );
}
