import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/src/app';
import { rowsOf } from '../../server/src/db/raw';
import type { Db } from '../../server/src/db/types';
import { DAY, makeTestApp, signIn, type TestApp, testConfig } from '../support/app';
import { secondConnection } from '../support/db';
import { makeOrg } from '../support/factories';
import { SseClient } from '../support/sse';

type Made = Awaited<ReturnType<typeof makeTestApp>>;
let t: Made;
let app: TestApp;
let db: Db;
let org: Awaited<ReturnType<typeof makeOrg>>;
let base: string;
const cleanups: (() => Promise<unknown> | unknown)[] = [];

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** The real app on a real socket, with the small organisation signed in. */
async function start(env: Record<string, string> = {}) {
  t = await makeTestApp(env);
  ({ app, db } = t);
  cleanups.push(() => app.close());
  org = await makeOrg(db);
  base = await listening(app);
  return t;
}

async function listening(instance: TestApp) {
  await instance.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(instance.server.address() as AddressInfo).port}`;
}

async function stream(headers: Record<string, string>, path = '/api/stream', at = base) {
  const client = await SseClient.open(`${at}${path}`, headers);
  cleanups.push(() => client.close());
  // The first block (retry and id) is written once the stream is registered.
  await client.until(() => client.retry !== undefined, 'the stream’s first block');
  return client;
}

/** Logs a request as `cookie`'s person (Equipment's default owner is offered it). */
async function logRequest(cookie: string, on: TestApp = app, title = 'Treadmill 3 belt slips') {
  const res = await on.inject({
    method: 'POST',
    url: '/api/requests',
    headers: { cookie },
    payload: { title, desiredOutcome: 'Runs safely', categoryId: org.equipment.id },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; key: string; version: number };
}

/** Numbers what is queued now, as the sequencer does soon after each commit. */
async function sequence(on: TestApp = app) {
  on.tellNow.sequence();
  // The sequencer runs off the call; its mark moving is the sign it ran.
  await expect
    .poll(async () => {
      const [q] = rowsOf<{ n: number }>(
        await db.execute(sql`select count(*)::int as n from stream_queue`),
      );
      return q?.n;
    })
    .toBe(0);
}

async function headSeq() {
  const [row] = rowsOf<{ seq: string | number | null }>(
    await db.execute(sql`select seq from job_marks where name = 'stream'`),
  );
  return Number(row?.seq ?? 0);
}

/** The ids a person's stream should carry after `after`, from the record itself. */
async function visibleAfter(after: number, personId: string) {
  const rows = rowsOf<{ seq: string | number }>(
    await db.execute(
      sql`select seq from stream_events where seq > ${after}
        and (person_id is null or person_id = ${personId}) order by seq`,
    ),
  );
  return rows.map((r) => String(Number(r.seq)));
}

describe('GET /api/stream', () => {
  it('sends each committed change as request.changed with its key and version, an id and a retry', async () => {
    await start();
    const cookie = await signIn(app, org.staff.email);
    const client = await stream({ cookie });
    expect(client.response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(client.response.headers.get('cache-control')).toContain('no-cache');
    expect(client.response.headers.get('x-request-id')).toBeTruthy();
    // Ending the stream ends its connection: nothing is left idling for app.close() to wait on.
    expect(client.response.headers.get('connection')).toBe('close');
    expect(client.retry).toBe(3000);
    // Without Last-Event-ID it starts at the head, and says where that is.
    expect(client.lastEventId).toBe(String(await headSeq()));

    const made = await logRequest(cookie);
    await sequence();
    await client.until(() => client.of('request.changed').length === 1, 'the change');
    const [event] = client.of('request.changed');
    expect(JSON.parse(event!.data)).toEqual({ id: made.id, key: made.key, version: made.version });
    expect(event!.id).toBe(String(await headSeq()));
  });

  it('sends notification.created, with the unread count, to its person only', async () => {
    await start();
    const staff = await stream({ cookie: await signIn(app, org.staff.email) });
    const owner = await stream({ cookie: await signIn(app, org.owner.email) });
    // Logged by Sam: Dana, Equipment's default owner, is offered it.
    await logRequest(await signIn(app, org.staff.email));
    await logRequest(await signIn(app, org.staff.email), app, 'Rower 2 seat loose');
    await sequence();
    await owner.until(() => owner.of('notification.created').length === 2, 'two notifications');
    // Both numbered in one batch: each carries the person's count as it was numbered.
    const counts = owner.of('notification.created').map((e) => JSON.parse(e.data).unreadCount);
    expect(counts).toEqual([2, 2]);
    const ids = rowsOf<{ id: string | number }>(
      await db.execute(
        sql`select id from notifications where person_id = ${org.owner.id} order by id`,
      ),
    ).map((r) => String(r.id));
    expect(owner.of('notification.created').map((e) => JSON.parse(e.data).id)).toEqual(ids);
    // Both see both changes; Sam is told of none of Dana's notifications.
    await staff.until(() => staff.of('request.changed').length === 2, 'both changes');
    await owner.until(() => owner.of('request.changed').length === 2, 'both changes');
    expect(staff.of('notification.created')).toEqual([]);
  });

  it('is refused without a session: 401 problem+json, not a stream', async () => {
    await start();
    const refused: Record<string, string>[] = [
      { accept: 'text/event-stream' },
      { accept: 'text/event-stream', cookie: 'ft_session=not-a-session' },
      { accept: 'text/event-stream', authorization: 'Bearer ft_nothing' },
    ];
    for (const headers of refused) {
      const res = await fetch(`${base}/api/stream`, { headers });
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect((await res.json()).code).toBe('UNAUTHENTICATED');
    }
    // Signed in but asking for something else: a problem too, never a stream that never ends.
    const cookie = await signIn(app, org.staff.email);
    const res = await fetch(`${base}/api/stream`, {
      headers: { cookie, accept: 'application/json' },
    });
    expect(res.status).toBe(406);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it('after a burst of 200 changes while away, a reconnect with Last-Event-ID gets exactly the missed ones, in order, then live ones', async () => {
    await start();
    const cookie = await signIn(app, org.staff.email);
    const first = await stream({ cookie });
    await logRequest(cookie);
    await sequence();
    await first.until(() => first.of('request.changed').length === 1, 'the first change');
    const lastSeen = first.lastEventId;
    first.close();
    await first.ended;

    for (let i = 0; i < 200; i++) await logRequest(cookie, app, `Burst ${i}`);
    await sequence();
    const missed = await visibleAfter(Number(lastSeen), org.staff.id);
    expect(missed).toHaveLength(200);

    // Reconnect while more changes are being committed and numbered: the switch from replay
    // to live has no gap and no duplicate.
    const again = await stream({ cookie, 'last-event-id': lastSeen });
    const more = (async () => {
      for (let i = 0; i < 10; i++) {
        await logRequest(cookie, app, `During ${i}`);
        app.tellNow.sequence();
      }
      await sequence();
    })();
    await more;
    const expected = await visibleAfter(Number(lastSeen), org.staff.id);
    expect(expected).toHaveLength(210);
    await again.until(() => again.events.length >= 210, 'all 210');
    expect(again.events.map((e) => e.id)).toEqual(expected);
    expect(again.events.every((e) => e.event === 'request.changed')).toBe(true);
    const keys = again.events.map((e) => JSON.parse(e.data).key);
    expect(new Set(keys).size).toBe(210);

    // A client that cannot set headers says the same with ?lastEventId=.
    const byQuery = await stream({ cookie }, `/api/stream?lastEventId=${lastSeen}`);
    await byQuery.until(() => byQuery.events.length >= 210, 'all 210 by query');
    expect(byQuery.events.map((e) => e.id)).toEqual(expected);
  });

  it('answers an id older than what is kept, or ahead of the head, with stream.reset and goes on from the head', async () => {
    await start();
    const cookie = await signIn(app, org.staff.email);
    for (let i = 0; i < 3; i++) await logRequest(cookie, app, `Old ${i}`);
    await sequence();
    // A day and more ago: the next run forgets them.
    await db.execute(sql`update stream_events set at = now() - interval '25 hours'`);
    await logRequest(cookie, app, 'New');
    await sequence();
    // Only the new change is kept for Sam: the first ids are gone.
    const kept0 = await visibleAfter(0, org.staff.id);
    expect(kept0).toHaveLength(1);
    expect(Number(kept0[0])).toBeGreaterThan(2);

    const head = await headSeq();
    const old = await stream({ cookie, 'last-event-id': '1' });
    await old.until(() => old.events.length === 1, 'the reset');
    expect(old.events[0]).toEqual({
      id: String(head),
      event: 'stream.reset',
      data: JSON.stringify({ reason: 'expired' }),
    });
    const ahead = await stream({ cookie, 'last-event-id': String(head + 1000) });
    await ahead.until(() => ahead.events.length === 1, 'the reset');
    expect(ahead.events[0]).toMatchObject({ id: String(head), event: 'stream.reset' });
    expect(JSON.parse(ahead.events[0]!.data)).toEqual({ reason: 'unknown' });

    // Then live, from the head.
    await logRequest(cookie, app, 'Live');
    await sequence();
    const live = await visibleAfter(head, org.staff.id);
    expect(live).toHaveLength(1);
    for (const c of [old, ahead]) {
      await c.until(() => c.of('request.changed').length === 1, 'the live change');
      expect(c.of('request.changed')[0]!.id).toBe(live[0]);
    }
    // An id still kept is no reset: the one event after it comes.
    const kept = await stream({ cookie, 'last-event-id': String(head) });
    await kept.until(() => kept.events.length === 1, 'the one after');
    expect(kept.events.map((e) => e.event)).toEqual(['request.changed']);
  });

  it('sends a comment line at every heartbeat', async () => {
    await start({ STREAM_HEARTBEAT_MS: '100' });
    const client = await stream({ cookie: await signIn(app, org.staff.email) });
    await client.until(() => client.comments.length >= 2, 'two heartbeats');
    expect(client.events).toEqual([]);
  });

  it('ends at sign-out, at deactivation and at token revocation, leaving other streams open', async () => {
    await start();
    const admin = await signIn(app, org.admin.email);
    const staffCookie = await signIn(app, org.staff.email);
    const bystander = await stream({ cookie: await signIn(app, org.lead.email) });

    const signedOut = await stream({ cookie: staffCookie });
    const otherSession = await stream({ cookie: await signIn(app, org.staff.email) });
    const logout = await app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie: staffCookie },
    });
    expect(logout.statusCode).toBe(204);
    await signedOut.ended;
    expect(otherSession.isEnded).toBe(false);

    // Deactivating Sam ends every stream of theirs (sessions and tokens alike).
    const issued = await app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: { cookie: admin },
      payload: { personId: org.owner.id, name: 'kiosk' },
    });
    expect(issued.statusCode, issued.body).toBe(201);
    const byToken = await stream({ authorization: `Bearer ${issued.json().token}` });
    const deactivate = await app.inject({
      method: 'PATCH',
      url: `/api/people/${org.staff.id}`,
      headers: { cookie: admin },
      payload: { active: false },
    });
    expect(deactivate.statusCode, deactivate.body).toBe(200);
    await otherSession.ended;
    expect(byToken.isEnded).toBe(false);

    const revoke = await app.inject({
      method: 'DELETE',
      url: `/api/tokens/${issued.json().id}`,
      headers: { cookie: admin },
    });
    expect(revoke.statusCode).toBe(204);
    await byToken.ended;
    expect(bystander.isEnded).toBe(false);
    // And a reconnect is refused.
    const res = await fetch(`${base}/api/stream`, {
      headers: { accept: 'text/event-stream', cookie: staffCookie },
    });
    expect(res.status).toBe(401);
  });

  it('ends a stream whose session expired, at the next heartbeat', async () => {
    await start({ STREAM_HEARTBEAT_MS: '100' });
    const client = await stream({ cookie: await signIn(app, org.staff.email) });
    const bystander = await stream({ cookie: await signIn(app, org.lead.email) });
    await client.until(() => client.comments.length >= 1, 'a heartbeat');
    // Sessions last SESSION_DAYS (14): Sam's alone ends a day from now, and a day passes.
    const inADay = new Date(t.clock.current.getTime() + DAY).toISOString();
    await db.execute(
      sql`update sessions set expires_at = ${inADay}::timestamptz where person_id = ${org.staff.id}`,
    );
    t.clock.advance(DAY + 1);
    await client.ended;
    await bystander.until(() => bystander.comments.length >= 3, 'heartbeats after');
    expect(bystander.isEnded).toBe(false);
  });

  it('drops a client that stops reading instead of buffering for it', async () => {
    await start();
    const cookie = await signIn(app, org.staff.email);
    const reader = await stream({ cookie });
    // A client that sends its request and then never reads a byte.
    const { port } = app.server.address() as AddressInfo;
    const socket = connect(port, '127.0.0.1');
    cleanups.push(() => socket.destroy());
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.once('error', () => {});
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(
      `GET /api/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\nCookie: ${cookie}\r\n\r\n`,
    );
    await new Promise<void>((resolve) => socket.once('data', () => resolve()));
    socket.pause();
    await expect.poll(() => app.streamHub.size).toBe(2);

    // A busy hour's worth at once: 20,000 events (4 MB), more than the sockets' buffers and
    // the 256 KB allowance together. Written as the sequencer writes them.
    const n = 20_000;
    const head = await headSeq();
    await db.execute(sql`insert into stream_events (seq, type, person_id, data)
      select ${head} + g, 'request.changed', null, jsonb_build_object('id', gen_random_uuid(),
        'key', 'REQ-' || g, 'version', 1, 'note', repeat('x', 100))
      from generate_series(1, ${n}::int) g`);
    await db.execute(sql`insert into job_marks (name, seq) values ('stream', ${head + n})
      on conflict (name) do update set seq = excluded.seq`);
    await db.execute(sql`select pg_notify('stream', ${String(head + n)})`);

    await reader.until(() => reader.events.length === n, 'every event for the reader', 20_000);
    // The one that does not read is let go (it sees so once it reads again) …
    await expect.poll(() => app.streamHub.size, { timeout: 15_000 }).toBe(1);
    socket.resume();
    await closed;
    // … and the reader goes on.
    expect(reader.isEnded).toBe(false);
  });

  it('ends every stream promptly when the app closes', async () => {
    await start();
    const client = await stream({ cookie: await signIn(app, org.staff.email) });
    const began = Date.now();
    await app.close();
    await client.ended;
    expect(Date.now() - began).toBeLessThan(3000);
  });

  it('carries a change made through one app instance to a stream client of another on the same database within a second', async () => {
    // Each instance has its own pool and LISTEN on PostgreSQL; on PGlite both share the one
    // in-process database, whose notifications reach every listener all the same.
    await start({ STREAM_INTERVAL_MS: '1000' });
    const second = await secondConnection();
    cleanups.push(() => second.close());
    const config = testConfig({ STREAM_INTERVAL_MS: '1000' });
    const b = await buildApp({ config, database: second, now: t.clock.now });
    cleanups.push(() => b.close());
    await b.ready();
    const atB = await listening(b);
    const cookie = await signIn(app, org.staff.email);
    const client = await stream({ cookie }, '/api/stream', atB);

    const began = Date.now();
    const made = await logRequest(cookie, app);
    await client.until(() => client.of('request.changed').length === 1, 'the change', 1000);
    expect(Date.now() - began).toBeLessThan(1000);
    expect(JSON.parse(client.of('request.changed')[0]!.data).id).toBe(made.id);
  });
});
