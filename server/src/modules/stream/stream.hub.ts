import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { streamEventTypes } from '@followthrough/shared';
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../db/client';
import type { Db } from '../../db/types';
import type { Credential } from '../auth/auth.types';
import { STREAM_APPENDED } from '../notifications/notifications.jobs';
import {
  credentialKey,
  liveCredentials,
  type StreamEvent,
  streamEventsAfter,
  streamHead,
} from './stream.queries';

/** The channel db/sql/stream.sql names dead sessions, tokens and people on. */
export const STREAM_ENDED = 'stream_ended';

/** How long a browser waits before reconnecting, sent once at the start of each stream. */
export const RETRY_MS = 3000;
/** Events read per statement, by the process and by each replay. */
const PAGE = 500;
/**
 * The least time between the starts of two reads while commits keep coming: a page per 200 ms
 * is a quarter of the socket writes of one per 50 ms, and delivery stays well within a second.
 */
const READ_GAP_MS = 200;

export interface StreamHubOptions {
  db: Db;
  now: () => Date;
  log: FastifyBaseLogger;
  heartbeatMs: number;
  /** The safety read, in case a wake-up was lost. */
  pollMs?: number;
  /** A client with more than this unsent is dropped (it reconnects and replays). */
  maxBufferedBytes?: number;
  /** A client whose socket has not drained for this long is dropped. */
  drainTimeoutMs?: number;
  /** Live events held for one client while its replay runs, at most. */
  maxPending?: number;
}

interface Client {
  personId: string;
  credential: Credential;
  res: ServerResponse;
  /** The last seq this client has been given or passed over; nothing at or below is sent. */
  cursor: number;
  /** Live events that came while the replay runs; null once it has ended. */
  pending: StreamEvent[] | null;
  drainTimer: NodeJS.Timeout | undefined;
  done: boolean;
}

/** What a malformed or unknown Last-Event-ID, or one older than what is kept, is answered with. */
type ResetReason = 'unknown' | 'expired';

const frame = (e: StreamEvent) => `id: ${e.seq}\nevent: ${e.type}\ndata: ${e.data}\n\n`;

/**
 * One process's live stream (SPEC §13): it reads the stream's record once for every client
 * it holds, woken by the sequencer's notify, and hands each event to the clients it is for.
 * A client joining with a Last-Event-ID is registered first and replayed after, with the live
 * events held until the replay ends, so the switch has no gap and no duplicate.
 */
export class StreamHub {
  private readonly clients = new Set<Client>();
  private lastSeen = 0;
  private started = false;
  private closing = false;
  private reading: Promise<void> | null = null;
  private again = false;
  private later: NodeJS.Timeout | undefined;
  private checking = false;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly unlisteners: (() => Promise<void>)[] = [];
  private readonly pollMs: number;
  private readonly maxBufferedBytes: number;
  private readonly drainTimeoutMs: number;
  private readonly maxPending: number;

  constructor(private readonly opts: StreamHubOptions) {
    this.pollMs = opts.pollMs ?? 5000;
    this.maxBufferedBytes = opts.maxBufferedBytes ?? 256 * 1024;
    this.drainTimeoutMs = opts.drainTimeoutMs ?? 10_000;
    this.maxPending = opts.maxPending ?? 10_000;
  }

  /** How many streams this process holds open. */
  get size(): number {
    return this.clients.size;
  }

  /** Listens for new events and ended credentials, from the current head on. */
  async start(listen: Database['listen']): Promise<void> {
    this.unlisteners.push(
      await listen(STREAM_APPENDED, (payload) => {
        if (!(Number(payload) <= this.lastSeen)) this.wake();
      }),
      await listen(STREAM_ENDED, (payload) => this.credentialEnded(payload)),
    );
    this.lastSeen = await streamHead(this.opts.db);
    this.started = true;
    this.timers.push(
      setInterval(() => this.wake(), this.pollMs),
      setInterval(() => this.heartbeat(), this.opts.heartbeatMs),
    );
    for (const t of this.timers) t.unref();
    this.wake();
  }

  /** Reads what is new once for the process, unless a read is running (then once more after). */
  wake(): void {
    if (!this.started || this.closing || this.later) return;
    if (this.reading) {
      this.again = true;
      return;
    }
    const started = performance.now();
    this.reading = this.catchUp()
      .catch((err: unknown) => this.opts.log.error({ err }, 'reading the live stream failed'))
      .finally(() => {
        this.reading = null;
        if (this.again) {
          this.again = false;
          // Under a steady stream of commits, reads start at most every READ_GAP_MS: each read
          // is one write per client, so fewer, fuller pages cost hundreds of streams far less.
          const wait = READ_GAP_MS - (performance.now() - started);
          if (wait <= 0) this.wake();
          else {
            this.later = setTimeout(() => {
              this.later = undefined;
              this.wake();
            }, wait);
            this.later.unref();
          }
        }
      });
  }

  private async catchUp(): Promise<void> {
    for (;;) {
      if (this.clients.size === 0) {
        // Nobody to tell: only where the stream is. A client that joins meanwhile replays
        // from its own place, and then this reads the events for it.
        const head = await streamHead(this.opts.db);
        if (this.clients.size === 0) {
          this.lastSeen = Math.max(this.lastSeen, head);
          return;
        }
      }
      const page = await streamEventsAfter(this.opts.db, this.lastSeen, PAGE);
      this.deliver(page);
      const last = page.at(-1);
      if (last) this.lastSeen = last.seq;
      if (page.length < PAGE) return;
      // Sockets flush between pages: a client is judged on what it could not take, not on
      // one page written at once.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /**
   * Hands a page to every client as one write each: the events for everyone are framed once
   * into one text, which every client with nothing of its own in the page is given whole.
   * With hundreds of streams open, calls into each socket are most of what fan-out costs.
   */
  private deliver(page: readonly StreamEvent[]): void {
    const first = page[0];
    if (!first) return;
    const last = page.at(-1)!;
    const own = new Set<string>();
    let shared = '';
    for (const e of page) {
      if (e.personId === null) shared += frame(e);
      else own.add(e.personId);
    }
    for (const client of this.clients) {
      if (client.pending) {
        client.pending.push(...page);
        if (client.pending.length > this.maxPending) this.drop(client, 'replay too far behind');
      } else if (client.cursor < first.seq && !own.has(client.personId)) {
        client.cursor = last.seq;
        if (shared) this.write(client, shared);
      } else {
        this.sendAll(client, page);
      }
    }
  }

  /**
   * Serves one stream on a response whose headers are not sent yet: from `lastEventId` (the
   * header, or the query's), else from the current head. Resolves once the replay has ended.
   */
  async open(
    res: ServerResponse,
    who: { personId: string; credential: Credential },
    lastEventId: string | undefined,
    headers: OutgoingHttpHeaders,
  ): Promise<void> {
    // Ending a stream ends its connection too: nothing else waits on it, and app.close()
    // never waits out a keep-alive timeout.
    res.shouldKeepAlive = false;
    res.writeHead(200, {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      // Proxies (nginx) pass each event on at once instead of buffering the response.
      'x-accel-buffering': 'no',
    });
    res.flushHeaders();
    const client: Client = {
      ...who,
      res,
      cursor: 0,
      pending: [],
      drainTimer: undefined,
      done: false,
    };
    if (this.closing) {
      res.end();
      return;
    }
    this.clients.add(client);
    res.on('close', () => this.forget(client));
    try {
      await this.replay(client, lastEventId);
    } catch (err) {
      this.opts.log.warn({ err }, 'replaying the live stream failed');
      this.drop(client, 'replay failed');
    }
  }

  private async replay(client: Client, lastEventId: string | undefined): Promise<void> {
    const db = this.opts.db;
    const head = await streamHead(db);
    let from = head;
    let reset: ResetReason | undefined;
    if (lastEventId !== undefined) {
      const asked = /^\d{1,18}$/.test(lastEventId.trim()) ? Number(lastEventId.trim()) : null;
      if (asked === null || asked > head) reset = 'unknown';
      else from = asked;
    }
    let page = await streamEventsAfter(db, from, PAGE);
    // The next event after the client's must still be kept, else some it missed are gone.
    if (reset === undefined && from < head && page[0]?.seq !== from + 1) {
      reset = 'expired';
      from = head;
      page = await streamEventsAfter(db, from, PAGE);
    }
    client.cursor = from;
    this.write(
      client,
      reset
        ? `retry: ${RETRY_MS}\nid: ${from}\nevent: ${streamEventTypes.reset}\ndata: ${JSON.stringify({ reason: reset })}\n\n`
        : // An id alone is not an event: it tells the client where it is, for its reconnect.
          `retry: ${RETRY_MS}\nid: ${from}\n\n`,
    );
    for (;;) {
      this.sendAll(client, page);
      if (page.length < PAGE || client.done) break;
      await this.drained(client);
      if (client.done) return;
      page = await streamEventsAfter(db, client.cursor, PAGE);
    }
    // No await from the last read to here: nothing the process reads falls between.
    const pending = client.pending ?? [];
    client.pending = null;
    for (let i = 0; i < pending.length; i += PAGE) this.sendAll(client, pending.slice(i, i + PAGE));
  }

  /** The frame of `e` for this client, moving its cursor on; '' when it is not for it. */
  private take(client: Client, e: StreamEvent): string {
    if (e.seq <= client.cursor) return '';
    client.cursor = e.seq;
    if (e.personId !== null && e.personId !== client.personId) return '';
    return frame(e);
  }

  /** Events to one client as one write. */
  private sendAll(client: Client, events: readonly StreamEvent[]): void {
    let text = '';
    for (const e of events) text += this.take(client, e);
    if (text) this.write(client, text);
  }

  private write(client: Client, text: string): void {
    if (client.done) return;
    const { res } = client;
    const flowing = res.write(text);
    if (res.writableLength > this.maxBufferedBytes) {
      this.drop(client, 'too far behind');
      return;
    }
    if (!flowing && !client.drainTimer) {
      client.drainTimer = setTimeout(() => this.drop(client, 'not drained'), this.drainTimeoutMs);
      res.once('drain', () => {
        clearTimeout(client.drainTimer);
        client.drainTimer = undefined;
      });
    }
  }

  private drained(client: Client): Promise<void> {
    const { res } = client;
    if (client.done || !res.writableNeedDrain) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        res.off('drain', done);
        res.off('close', done);
        resolve();
      };
      res.once('drain', done);
      res.once('close', done);
    });
  }

  /** A comment line to every stream, then one check of every stream's credential. */
  private heartbeat(): void {
    for (const client of this.clients) this.write(client, ': keep-alive\n\n');
    void this.recheck();
  }

  private async recheck(): Promise<void> {
    if (this.checking || this.clients.size === 0) return;
    this.checking = true;
    try {
      const asked = new Map<string, Credential>();
      for (const c of this.clients) asked.set(credentialKey(c.credential), c.credential);
      const live = await liveCredentials(this.opts.db, [...asked.values()], this.opts.now());
      this.endWhere((c) => {
        const key = credentialKey(c.credential);
        return asked.has(key) && !live.has(key);
      });
    } catch (err) {
      this.opts.log.warn({ err }, 'checking the live streams’ sessions failed');
    } finally {
      this.checking = false;
    }
  }

  private credentialEnded(payload: string): void {
    let ended: { sessionId?: string; tokenId?: string; personId?: string };
    try {
      ended = JSON.parse(payload);
    } catch {
      return;
    }
    this.endWhere(
      (c) =>
        c.personId === ended.personId ||
        (c.credential.kind === 'session' && c.credential.id === ended.sessionId) ||
        (c.credential.kind === 'token' && c.credential.id === ended.tokenId),
    );
  }

  private endWhere(which: (c: Client) => boolean): void {
    for (const client of this.clients) {
      if (!which(client)) continue;
      this.forget(client);
      client.res.end();
    }
  }

  private drop(client: Client, reason: string): void {
    if (client.done) return;
    this.opts.log.info({ reason, personId: client.personId }, 'dropped a live stream');
    this.forget(client);
    client.res.destroy();
  }

  private forget(client: Client): void {
    client.done = true;
    clearTimeout(client.drainTimer);
    this.clients.delete(client);
  }

  /**
   * Ends every stream (app close): each is ended cleanly, and one that cannot flush within
   * `graceMs` is cut, so closing never waits on a client.
   */
  async closeAll(graceMs = 1000): Promise<void> {
    this.closing = true;
    const open = [...this.clients];
    const closed = open.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.res.closed) resolve();
          else c.res.once('close', () => resolve());
        }),
    );
    this.endWhere(() => true);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        for (const c of open) c.res.destroy();
        resolve();
      }, graceMs);
    });
    await Promise.race([Promise.all(closed), late]);
    clearTimeout(timer);
  }

  /** Stops listening and reading; after closeAll. */
  async stop(): Promise<void> {
    this.closing = true;
    for (const t of this.timers) clearInterval(t);
    clearTimeout(this.later);
    await Promise.all(this.unlisteners.map((u) => u()));
    await this.reading;
  }
}
