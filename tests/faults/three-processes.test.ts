import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/src/db/client';
import { rowsOf } from '../../server/src/db/raw';
import { SseClient } from '../support/sse';
import {
  call,
  freshPostgres,
  hasPostgres,
  kill,
  type Server,
  signIn,
  startServer,
} from './support';

// SPEC §15: three processes on one PostgreSQL serve the same sessions and tokens, stream
// each other's changes, and run each periodic job once per item.

const PASSWORD = 'three processes, one database';
const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Waits for `condition`, polling; fails with `what` after `ms`. */
async function until(condition: () => Promise<boolean> | boolean, what: string, ms = 20_000) {
  const by = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > by) expect.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.runIf(hasPostgres)('three processes on one PostgreSQL', () => {
  const servers: Server[] = [];
  const received: { to: string; messageId: string; subject: string }[] = [];
  let url = '';
  let admin = '';
  let ownerId = '';
  let categoryId = '';
  let teamId = '';

  beforeAll(async () => {
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        let raw = '';
        stream.on('data', (c: Buffer) => {
          raw += c.toString('utf8');
        });
        stream.on('end', () => {
          const header = (name: string) =>
            new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(raw)?.[1]?.trim() ?? '';
          for (const r of session.envelope.rcptTo) {
            received.push({
              to: r.address,
              messageId: header('Message-ID'),
              subject: header('Subject'),
            });
          }
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => smtp.close(() => resolve())));
    const smtpPort = (smtp.server.address() as AddressInfo).port;

    const db = await freshPostgres('three');
    cleanups.push(db.drop);
    url = db.url;
    const env = {
      DATABASE_URL: url,
      DATABASE_POOL_MAX: '4',
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      MAIL_INTERVAL_MS: '200',
      JOBS_INTERVAL_MS: '200',
      NOTIFICATIONS_INTERVAL_MS: '200',
      FIGURES_INTERVAL_MS: '200',
      STREAM_INTERVAL_MS: '200',
      AUTO_CONFIRM_DAYS: '1',
    };
    // The first migrates; the other two start together on the migrated database.
    servers.push(await startServer(env));
    servers.push(...(await Promise.all([startServer(env), startServer(env)])));
    for (const s of servers) cleanups.push(() => kill(s));

    const [a] = servers as [Server];
    admin = await signIn(a.base);
    const team = await call(a.base, admin, 'POST', '/api/teams', { name: 'Facilities' });
    teamId = ((await team.json()) as { id: string }).id;
    for (const [name, email] of [
      ['Dana Owner', 'dana@example.org'],
      ['Sam Staff', 'sam@example.org'],
    ] as const) {
      const made = await call(a.base, admin, 'POST', '/api/people', {
        name,
        email,
        role: 'staff',
        teamIds: [teamId],
        password: PASSWORD,
      });
      expect(made.status, await made.clone().text()).toBe(201);
      if (email.startsWith('dana')) ownerId = ((await made.json()) as { id: string }).id;
    }
    const category = await call(a.base, admin, 'POST', '/api/categories', {
      name: 'Equipment',
      teamId,
      defaultOwnerId: ownerId,
    });
    expect(category.status).toBe(201);
    categoryId = ((await category.json()) as { id: string }).id;
  }, 240_000);

  it('share sessions and tokens, and a sign-out or revocation on one holds on all', async () => {
    const [a, b, c] = servers as [Server, Server, Server];
    const sam = await signIn(a.base, 'sam@example.org', PASSWORD);
    for (const s of servers) {
      expect((await call(s.base, sam, 'GET', '/api/auth/me')).status).toBe(200);
    }
    expect((await call(b.base, sam, 'POST', '/api/auth/logout')).status).toBeLessThan(300);
    // The process that signed out forgets the session before it answers; the others, which
    // remember who a session is for a few seconds, as the database's notice reaches them.
    expect((await call(b.base, sam, 'GET', '/api/auth/me')).status).toBe(401);
    const signedOut = Date.now();
    for (const s of servers) {
      await until(
        async () => (await call(s.base, sam, 'GET', '/api/auth/me')).status === 401,
        `the sign-out to reach ${s.base}`,
        1_000,
      );
    }
    expect(Date.now() - signedOut).toBeLessThan(1_000);

    const people = (await (await call(a.base, admin, 'GET', '/api/people?q=sam')).json()) as {
      id: string;
    }[];
    const issued = await call(a.base, admin, 'POST', '/api/tokens', {
      personId: people[0]!.id,
      name: 'Kiosk',
    });
    expect(issued.status).toBe(201);
    const { id, token } = (await issued.json()) as { id: string; token: string };
    const bearer = { authorization: `Bearer ${token}` };
    for (const s of servers) {
      expect((await call(s.base, '', 'GET', '/api/auth/me', undefined, bearer)).status).toBe(200);
    }
    expect((await call(c.base, admin, 'DELETE', `/api/tokens/${id}`)).status).toBeLessThan(300);
    for (const s of servers) {
      expect((await call(s.base, '', 'GET', '/api/auth/me', undefined, bearer)).status).toBe(401);
    }
  });

  it('run each periodic job once per item, and stream each other’s changes', async () => {
    const [a, b, c] = servers as [Server, Server, Server];
    const sam = await signIn(a.base, 'sam@example.org', PASSWORD);
    const dana = await signIn(b.base, 'dana@example.org', PASSWORD);
    const watching = await SseClient.open(`${c.base}/api/stream`, { cookie: dana });
    cleanups.push(() => watching.close());
    await watching.until(() => watching.retry !== undefined, 'the first block');

    // Sam logs six requests through the three processes; each is offered to Dana.
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const s = servers[i % 3]!;
      const res = await call(s.base, sam, 'POST', '/api/requests', {
        title: `Three processes ${i}`,
        desiredOutcome: 'Handled once',
        categoryId,
      });
      expect(res.status).toBe(201);
      ids.push(((await res.json()) as { id: string }).id);
    }
    // Dana's stream on C hears of every one, whichever process wrote it.
    await watching.until(
      () => ids.every((id) => watching.of('request.changed').some((e) => e.data.includes(id))),
      'the six changes on the stream',
      10_000,
    );

    // Dana accepts each and promises to follow up in two seconds; half are then resolved.
    for (const [i, id] of ids.entries()) {
      // Each a moment ahead of its own call, so a slow machine never sends one already past.
      const dueAt = new Date(Date.now() + 2000).toISOString();
      const s = servers[i % 3]!;
      expect((await call(s.base, dana, 'POST', `/api/requests/${id}/accept`, {})).status).toBe(200);
      const fu = await call(s.base, dana, 'POST', `/api/requests/${id}/follow-up`, {
        at: dueAt,
        note: 'Checking the part has arrived',
      });
      expect(fu.status, await fu.clone().text()).toBe(200);
    }

    // Each follow-up that passes is notified once, though three processes look every 200 ms.
    const dueNotifications = async () => {
      const res = await call(a.base, dana, 'GET', '/api/notifications?limit=100');
      const { items } = (await res.json()) as { items: { kind: string; requestId: string }[] };
      return items.filter((n) => n.kind === 'follow_up_due');
    };
    await until(async () => (await dueNotifications()).length >= 6, 'six follow_up_due');
    await new Promise((r) => setTimeout(r, 1000));
    const due = await dueNotifications();
    expect(due.map((n) => n.requestId).sort()).toEqual([...ids].sort());

    for (const id of ids.slice(0, 3)) {
      const res = await call(c.base, dana, 'POST', `/api/requests/${id}/resolve`, {
        summary: 'Fixed',
      });
      expect(res.status).toBe(200);
    }
    // A day and more ago, as far as auto-confirm is concerned.
    const database = await openDatabase({ url, poolMax: 1 });
    cleanups.push(() => database.close());
    await database.db.execute(
      sql`update requests set resolved_at = resolved_at - interval '2 days' where status = 'resolved'`,
    );
    const closings = async () =>
      rowsOf<{ request_id: string; n: number }>(
        await database.db.execute(
          sql`select request_id::text, count(*)::int as n from events where type = 'auto_confirmed' group by 1`,
        ),
      );
    await until(async () => (await closings()).length >= 3, 'three auto-confirmations');
    await new Promise((r) => setTimeout(r, 1000));
    const closed = await closings();
    expect(closed.map((r) => r.request_id).sort()).toEqual(ids.slice(0, 3).sort());
    expect(closed.every((r) => r.n === 1)).toBe(true);

    // Every notification with mail was mailed once: one message per outbox row, none twice.
    await until(
      async () =>
        rowsOf<{ n: number }>(
          await database.db.execute(
            sql`select count(*)::int as n from mail_outbox where status <> 'sent'`,
          ),
        )[0]!.n === 0,
      'the outbox to empty',
    );
    const [outbox] = rowsOf<{ n: number }>(
      await database.db.execute(sql`select count(*)::int as n from mail_outbox`),
    );
    expect(outbox!.n).toBeGreaterThanOrEqual(12);
    expect(received).toHaveLength(outbox!.n);
    expect(new Set(received.map((m) => m.messageId)).size).toBe(received.length);

    // The figures counted every change once: nothing waits, and all three agree.
    await until(
      async () =>
        rowsOf<{ n: number }>(
          await database.db.execute(sql`select count(*)::int as n from figure_queue`),
        )[0]!.n === 0,
      'the projector to catch up',
    );
    const open = await Promise.all(
      servers.map(async (s) => {
        const { asOf: _, ...figures } = (await (
          await call(s.base, admin, 'GET', '/api/metrics/open')
        ).json()) as { asOf: string };
        return figures;
      }),
    );
    expect(open[0]).toMatchObject({ total: 3 });
    expect(open[1]).toEqual(open[0]);
    expect(open[2]).toEqual(open[0]);
  });
});
