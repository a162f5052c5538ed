import { sql } from 'drizzle-orm';
import { rowsOf } from '../db/raw';
import type { Db } from '../db/types';
import type { Change } from '../domain/change';
import { commitChanges, writeTransaction } from '../modules/requests/commit';
import { creationClock } from './clock';
import { activeAt, loadDirectory } from './directory';
import { seededRandom, seededUint32, seededUuid } from './random';
import { type NewRequest, Req, type ReqContext } from './request';
import { scenarios } from './scenarios';
import { newBulkRequest, type Sim, simulate } from './story';

/*
 * The demo request generator. Each request is *simulated*: it is created,
 * routed, owned, worked (comments, waits with follow-ups, handoffs), resolved,
 * confirmed or auto-confirmed, sometimes reopened or cancelled, one step at a
 * time through the lifecycle of SPEC §4, each step the server's own
 * transition (server/src/domain). The simulation stops at `now`, so old
 * requests are mostly closed and recent ones are open in whatever state
 * their story had reached. The row, events and handoffs written are the
 * changes those transitions returned, so they agree with each other and
 * with the rules.
 *
 * Deterministic: one seeded PRNG drives the content and the story, another
 * (salted with the number of requests already in the database) the uuids.
 *
 * This file runs the batches, each written by the one commit path
 * (commitChanges: a batch's requests, handoffs and events in a statement
 * each); the story lives in story.ts and scenarios.ts, one request's steps
 * in request.ts, what the requests say in content.ts.
 */

interface WriteOptions {
  /** Skip per-row foreign-key triggers (superuser only; the generator's ids come from the database). */
  bulkLoad: boolean;
  /** Resolves when the previous batch is in: REQ numbers must keep growing with time. */
  after: Promise<unknown>;
  /** Called once this batch is in. */
  onWritten: () => void;
}

/**
 * One batch in one transaction, through the one commit path (one statement).
 * Batches are written in order while the next ones are generated. It wakes no
 * one: the figures are rebuilt after the load, and nobody is looking at
 * requests that are only now being written.
 */
async function writeBatch(db: Db, batch: readonly Change[], opts: WriteOptions) {
  await writeTransaction(
    db,
    async (tx) => {
      await tx.execute(sql`set local synchronous_commit = off`);
      // The figures' tables are rebuilt once at the end (figures_rebuild), not per batch.
      await tx.execute(sql`set local followthrough.figures = 'deferred'`);
      // The kept stalled moment (requests_stalls_at) is set for the open rows once, after the load.
      await tx.execute(sql`set local followthrough.bulk_load = 'on'`);
      // As pg_restore --disable-triggers does: the rows reference only ids just read from the
      // database, and the per-row foreign-key checks would otherwise be a third of the time.
      if (opts.bulkLoad) await tx.execute(sql`set local session_replication_role = replica`);
      await opts.after;
      await commitChanges(tx, batch);
      opts.onWritten();
    },
    { wake: false },
  );
}

export interface GenerateRequestsOptions {
  /** How many requests to write (the hand-written scenarios count towards it). */
  count: number;
  seed: number;
  /** The demo's present: requests spread over the year before it; nothing happens after it. */
  now: Date;
  /** Called after each batch with the number of requests written so far. */
  onProgress?: (done: number) => void;
  /** Requests per batch (default 2,000). */
  batchSize?: number;
  /** Include the hand-written scenarios (default: when the database has no requests yet and the demo people exist). */
  scenarios?: boolean;
  /**
   * Skip the per-row foreign-key triggers while inserting (session_replication_role = replica,
   * as pg_restore --disable-triggers does). Default: when connected as a superuser.
   */
  bulkLoad?: boolean;
  /** Rebuild the figures at the end (default true); false leaves it to a rebuildFigures call. */
  figures?: boolean;
}

export interface GenerateRequestsResult {
  requests: number;
  events: number;
  handoffs: number;
  scenarios: number;
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Writes `count` realistic requests over the year before `now`, each with the
 * events of its story and its handoffs, into the people, categories and
 * locations already in the database. Deterministic for a given seed, `now`
 * and starting database.
 */
export async function generateRequests(
  db: Db,
  opts: GenerateRequestsOptions,
): Promise<GenerateRequestsResult> {
  const count = Math.max(0, Math.floor(opts.count));
  const now = opts.now.getTime();
  const batchSize = Math.max(1, opts.batchSize ?? 2000);
  const dir = await loadDirectory(db);
  if (dir.categories.length === 0 || !dir.people.some((p) => activeAt(p, now))) {
    throw new Error('No categories or people to write requests for: seed the organisation first.');
  }
  const existing = Number(
    rowsOf<{ n: number | string }>(
      await db.execute(sql`select count(*)::int as n from requests`),
    )[0]?.n ?? 0,
  );
  const g: Sim = { now, dir, rnd: seededRandom(opts.seed) };
  // Uuids from their own stream, salted by what is already there, so a second run adds new ids.
  const newId = seededUuid(seededUint32(opts.seed, existing * 7919 + (now % 1_000_003) + 1));
  const clock = creationClock(now, count, seededRandom(opts.seed, 2));

  const wantScenarios = opts.scenarios ?? existing === 0;
  const scripted = wantScenarios ? scenarios(dir, now).slice(0, count) : [];
  const bulk = count - scripted.length;

  const su = rowsOf<{ su: string }>(
    await db.execute(sql`select current_setting('is_superuser') as su`),
  )[0]?.su;
  const bulkLoad = opts.bulkLoad ?? su === 'on';

  const result: GenerateRequestsResult = { requests: 0, events: 0, handoffs: 0, scenarios: 0 };
  let batch: Req[] = [];
  // At most two batches in flight (one being written, the next waiting its turn) while more are generated.
  let inFlight: Promise<void>[] = [];
  let requestsIn: Promise<unknown> = Promise.resolve();
  let failure: unknown = null;
  let written = 0;

  const flush = async () => {
    if (batch.length === 0) return;
    const full = batch.flatMap((r) => r.changes);
    const requests = batch.length;
    batch = [];
    if (inFlight.length >= 2) await inFlight.shift();
    if (failure) throw failure;
    result.requests += requests;
    for (const c of full) {
      result.events += c.events.length;
      result.handoffs += c.handoffInserts.length;
    }
    let signal = () => {};
    const after = requestsIn;
    requestsIn = new Promise<void>((resolve) => {
      signal = resolve;
    });
    // Errors surface at the next flush (and release the batches waiting on this one).
    const done = writeBatch(db, full, { bulkLoad, after, onWritten: signal }).then(
      () => {
        written += requests;
        opts.onProgress?.(written);
      },
      (err: unknown) => {
        failure ??= err;
        signal();
      },
    );
    inFlight.push(done);
  };

  const push = async (b: Req) => {
    batch.push(b);
    if (batch.length >= batchSize) await flush();
    else if (batch.length % 250 === 0) await yieldToLoop();
  };

  const ctx: ReqContext = { dir, newId };
  const makeScripted = (f: NewRequest) => new Req(newId(), f, ctx);
  let s = 0;
  for (let i = 0; i < bulk; i++) {
    const createdAt = clock(i);
    while (s < scripted.length && scripted[s]!.createdAt <= createdAt) {
      await push(scripted[s++]!.make(makeScripted));
      result.scenarios++;
    }
    const { f, fixes, asks } = newBulkRequest(g, createdAt);
    const b = new Req(newId(), f, ctx);
    b.fixes = fixes;
    b.asks = asks;
    simulate(b, g);
    await push(b);
  }
  while (s < scripted.length) {
    await push(scripted[s++]!.make(makeScripted));
    result.scenarios++;
  }
  await flush();
  await Promise.all(inFlight);
  inFlight = [];
  if (failure) throw failure;
  if (result.requests > 0) await setStallsAt(db);
  if (result.requests > 0 && opts.figures !== false) await rebuildFigures(db);
  return result;
}

/** The kept stalled moment of every open request, in one statement after a bulk load. */
async function setStallsAt(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`set local followthrough.bulk_load = 'on'`);
    await tx.execute(sql`
      update requests r set stalls_at = request_stalls_at(r)
      where status in ('new', 'in_progress', 'waiting')`);
  });
}

/** Counts the figures again from the whole record, once, after a bulk load (figures_rebuild). */
export async function rebuildFigures(db: Db): Promise<void> {
  // Statistics first: planned on the empty tables' estimates, the rebuild's joins over a
  // million fresh rows take many times longer.
  await db.execute(sql`analyze requests, events, handoffs`);
  await db.execute(sql`select figures_rebuild()`);
}
