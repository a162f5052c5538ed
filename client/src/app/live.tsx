import { streamEventTypes } from '@followthrough/shared/constants';
import { asNotificationCreated, asRequestChanged } from '@followthrough/shared/guards';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { notificationQueries, setUnreadCount } from '../api/notifications';
import { heldChanges } from '../components/actions/held-changes';
import { createCoalescer, reconnectDelay, refreshChanged } from './live-events';

/** A stream down this long (or the device offline) is said on screen. */
const SAY_DOWN_AFTER_MS = 4_000;

const isOnline = () => typeof navigator === 'undefined' || navigator.onLine !== false;

function readJson(event: MessageEvent): unknown {
  try {
    return JSON.parse(String(event.data));
  } catch {
    return undefined;
  }
}

/**
 * Keeps open screens current from `GET /api/stream` (SPEC §13), and tells the
 * person politely when they are not. Mounted once, inside the signed-in frame.
 */
export function LiveUpdates() {
  const queryClient = useQueryClient();
  const [online, setOnline] = useState(isOnline);
  const [streamDown, setStreamDown] = useState(false);

  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    let source: EventSource | null = null;
    let lastEventId: string | null = null;
    let attempt = 0;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let downTimer: ReturnType<typeof setTimeout> | undefined;
    // A reconnect without an event id to resume from may have missed changes.
    let missedUnknown = false;

    const coalescer = createCoalescer((changes) => {
      void refreshChanged(queryClient, changes, heldChanges);
    });

    const refetchEverything = () => {
      coalescer.cancel();
      void queryClient.invalidateQueries();
    };

    const down = () => {
      downTimer ??= setTimeout(() => setStreamDown(true), SAY_DOWN_AFTER_MS);
    };
    const up = () => {
      clearTimeout(downTimer);
      downTimer = undefined;
      setStreamDown(false);
    };

    const seen = (event: MessageEvent) => {
      if (event.lastEventId) lastEventId = event.lastEventId;
    };

    function connect() {
      retryTimer = undefined;
      const url = lastEventId
        ? `/api/stream?lastEventId=${encodeURIComponent(lastEventId)}`
        : '/api/stream';
      const es = new EventSource(url);
      source = es;
      es.onopen = () => {
        attempt = 0;
        up();
        if (missedUnknown && !lastEventId) refetchEverything();
        missedUnknown = false;
      };
      es.addEventListener(streamEventTypes.requestChanged, (event) => {
        seen(event);
        const change = asRequestChanged(readJson(event));
        if (change) coalescer.add(change);
      });
      es.addEventListener(streamEventTypes.notificationCreated, (event) => {
        seen(event);
        const created = asNotificationCreated(readJson(event));
        if (!created) return;
        setUnreadCount(queryClient, created.unreadCount);
        void queryClient.invalidateQueries({ queryKey: notificationQueries.lists() });
      });
      es.addEventListener(streamEventTypes.reset, (event) => {
        seen(event);
        refetchEverything();
      });
      es.onerror = () => {
        missedUnknown = true;
        down();
        // CONNECTING: the browser retries by itself, with Last-Event-ID. CLOSED
        // (a 401, a 503, not a stream): it has given up, so this side retries.
        if (es.readyState === EventSource.CLOSED) {
          es.close();
          source = null;
          retryTimer = setTimeout(connect, reconnectDelay(attempt));
          attempt += 1;
        }
      };
    }

    const onOnline = () => {
      setOnline(true);
      // Back on the network: try now rather than at the end of a long backoff.
      if (source === null) {
        clearTimeout(retryTimer);
        attempt = 0;
        connect();
      }
    };
    const onOffline = () => setOnline(false);

    window.addEventListener('online', onOnline);
    window.addEventListener('offline', onOffline);
    connect();

    return () => {
      window.removeEventListener('online', onOnline);
      window.removeEventListener('offline', onOffline);
      clearTimeout(retryTimer);
      clearTimeout(downTimer);
      coalescer.cancel();
      source?.close();
    };
  }, [queryClient]);

  const message = !online
    ? 'You’re offline — changes will show when the connection returns.'
    : streamDown
      ? 'Live updates have paused — changes will show when the connection returns.'
      : null;

  // Always on the page, so the message is announced when it appears.
  return (
    <div className="live-status" aria-live="polite">
      {message ? <p className="live-status-message">{message}</p> : null}
    </div>
  );
}
