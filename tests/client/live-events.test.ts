import type { RequestChangedEvent, RequestDetail } from '@followthrough/shared';
import { QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createCoalescer,
  type Holds,
  reconnectDelay,
  refreshChanged,
} from '../../client/src/app/live-events';

const change = (n: number, version: number): RequestChangedEvent => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  key: `REQ-${n}`,
  version,
});

const noHolds: Holds = { isHeld: () => false, hold: () => {} };

afterEach(() => {
  vi.useRealTimers();
});

describe('coalescing request changes', () => {
  it('hands a burst over once, 300 ms after its first change, one per request at its newest version', () => {
    vi.useFakeTimers();
    const flushed: RequestChangedEvent[][] = [];
    const coalescer = createCoalescer((changes) => flushed.push(changes));

    coalescer.add(change(1, 3));
    vi.advanceTimersByTime(100);
    coalescer.add(change(2, 7));
    coalescer.add(change(1, 5));
    coalescer.add(change(1, 4));
    vi.advanceTimersByTime(199);
    expect(flushed).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(flushed).toEqual([[change(1, 5), change(2, 7)]]);
  });

  it('keeps flushing a steady stream every 300 ms instead of waiting for a pause', () => {
    vi.useFakeTimers();
    const flushed: RequestChangedEvent[][] = [];
    const coalescer = createCoalescer((changes) => flushed.push(changes));
    for (let i = 0; i < 10; i += 1) {
      coalescer.add(change(1, i + 1));
      vi.advanceTimersByTime(100);
    }
    expect(flushed.map((batch) => batch.map((c) => c.version))).toEqual([[3], [6], [9]]);
  });

  it('drops what it collected when cancelled, and hands it over at once when asked', () => {
    vi.useFakeTimers();
    const flushed: RequestChangedEvent[][] = [];
    const coalescer = createCoalescer((changes) => flushed.push(changes));
    coalescer.add(change(1, 1));
    coalescer.cancel();
    vi.advanceTimersByTime(1_000);
    expect(flushed).toEqual([]);
    coalescer.add(change(2, 1));
    coalescer.flushNow();
    expect(flushed).toEqual([[change(2, 1)]]);
  });
});

describe('reconnecting', () => {
  it('waits 1 s, then twice as long each time, never more than 30 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 20].map(reconnectDelay)).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000,
    ]);
  });
});

describe('refreshing what changed', () => {
  function cacheWith(detail?: { key: string; id: string; version: number }) {
    const client = new QueryClient();
    if (detail) {
      client.setQueryData(['requests', 'detail', detail.key], {
        ...detail,
      } as unknown as RequestDetail);
    }
    for (const key of [
      ['requests', 'list', { owner: 'me' }],
      ['requests', 'events', change(1, 0).id],
      ['requests', 'events', change(2, 0).id],
      ['review', 'stalled', {}],
      ['metrics', 'open'],
      ['notifications', 'unread-count'],
    ]) {
      client.setQueryData(key, {});
    }
    return client;
  }
  const stale = (client: QueryClient, key: unknown[]) =>
    client.getQueryState(key)?.isInvalidated ?? false;

  it('refreshes the changed request, its timeline, the lists and review; figures are only marked stale', async () => {
    const client = cacheWith({ ...change(1, 0), version: 2 });
    await refreshChanged(client, [change(1, 3)], noHolds);
    expect(stale(client, ['requests', 'detail', 'REQ-1'])).toBe(true);
    expect(stale(client, ['requests', 'events', change(1, 0).id])).toBe(true);
    expect(stale(client, ['requests', 'events', change(2, 0).id])).toBe(false);
    expect(stale(client, ['requests', 'list', { owner: 'me' }])).toBe(true);
    expect(stale(client, ['review', 'stalled', {}])).toBe(true);
    expect(stale(client, ['metrics', 'open'])).toBe(true);
    expect(stale(client, ['notifications', 'unread-count'])).toBe(false);
  });

  it('leaves alone a request already shown at that version (the person’s own change)', async () => {
    const client = cacheWith({ ...change(1, 0), version: 3 });
    await refreshChanged(client, [change(1, 3)], noHolds);
    expect(stale(client, ['requests', 'detail', 'REQ-1'])).toBe(false);
    expect(stale(client, ['requests', 'list', { owner: 'me' }])).toBe(false);
  });

  it('holds a request with an open form, and still refreshes the lists', async () => {
    const client = cacheWith({ ...change(1, 0), version: 2 });
    const held: [string, number][] = [];
    await refreshChanged(client, [change(1, 4)], {
      isHeld: (id) => id === change(1, 0).id,
      hold: (id, version) => held.push([id, version]),
    });
    expect(held).toEqual([[change(1, 0).id, 4]]);
    expect(stale(client, ['requests', 'detail', 'REQ-1'])).toBe(false);
    expect(stale(client, ['requests', 'events', change(1, 0).id])).toBe(false);
    expect(stale(client, ['requests', 'list', { owner: 'me' }])).toBe(true);
  });
});
