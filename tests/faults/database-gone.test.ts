import { connect, createServer, type Server as NetServer, type Socket } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/src/db/client';
import { rowsOf } from '../../server/src/db/raw';
import {
  call,
  freePort,
  freshPostgres,
  hasPostgres,
  kill,
  type Server,
  setUpCategory,
  signIn,
  startServer,
} from './support';

// SPEC §15: with PostgreSQL gone, calls answer 503 problem+json within a second, /readyz says
// 503, and service returns by itself when it is back, with no acknowledged write lost.

const CUT_MS = Number(process.env.FAULTS_CUT_MS ?? 30_000);

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/**
 * A TCP proxy to PostgreSQL that the test can cut: its connections dropped and new ones
 * refused, as when PostgreSQL is stopped or its host restarts.
 */
async function proxyTo(target: URL) {
  const sockets = new Set<Socket>();
  const server: NetServer = createServer((client) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    sockets.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream).pipe(client);
  });
  const port = await freePort();
  const listen = () => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  await listen();
  return {
    port,
    cut() {
      server.close();
      for (const s of sockets) s.destroy();
      sockets.clear();
    },
    restore: listen,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

describe.runIf(hasPostgres)('PostgreSQL gone for a while', () => {
  it('answers 503 at once, says so in /readyz, and comes back by itself with nothing lost', {
    timeout: 240_000,
  }, async () => {
    const { url, drop } = await freshPostgres('gone');
    cleanups.push(drop);
    const direct = new URL(url);
    const proxy = await proxyTo(direct);
    cleanups.push(() => proxy.close());
    const viaProxy = new URL(url);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    const server: Server = await startServer({
      DATABASE_URL: viaProxy.toString(),
      DATABASE_POOL_MAX: '4',
    });
    cleanups.push(() => kill(server));
    const pid = server.child.pid;
    const cookie = await signIn(server.base);
    const categoryId = await setUpCategory(server.base, cookie);

    const acked = new Map<string, string>();
    let phase: 'before' | 'cut' | 'after' = 'before';
    let stop = false;
    let n = 0;
    /** Calls made while the database was cut: status, code, how long the answer took. */
    const duringCut: { status: number; type: string; code: string; ms: number }[] = [];
    const otherStatuses: number[] = [];
    const worker = async () => {
      while (!stop) {
        const title = `Outage create ${n++}`;
        const startedIn = phase;
        const t0 = performance.now();
        const res = await call(server.base, cookie, 'POST', '/api/requests', {
          title,
          desiredOutcome: 'Recorded once the database answers',
          categoryId,
        });
        const ms = performance.now() - t0;
        const body = (await res.json()) as { id?: string; code?: string };
        if (res.status === 201) acked.set(title, body.id!);
        if (startedIn === 'cut' && phase === 'cut') {
          duringCut.push({
            status: res.status,
            type: res.headers.get('content-type') ?? '',
            code: body.code ?? '',
            ms,
          });
        } else if (res.status !== 201 && res.status !== 503) {
          otherStatuses.push(res.status);
        }
        if (res.status === 503) await new Promise((r) => setTimeout(r, 50));
      }
    };
    const workers = Array.from({ length: 5 }, worker);
    while (acked.size < 50) await new Promise((r) => setTimeout(r, 10));

    proxy.cut();
    // The first answers after the cut may be calls that were already waiting on it.
    await new Promise((r) => setTimeout(r, 200));
    phase = 'cut';
    const health = { readyz: 0, healthz: 0, readyBody: '' };
    const cutUntil = Date.now() + CUT_MS;
    while (Date.now() < cutUntil) {
      const ready = await fetch(`${server.base}/readyz`);
      health.readyz = ready.status;
      health.readyBody = await ready.text();
      health.healthz = (await fetch(`${server.base}/healthz`)).status;
      await new Promise((r) => setTimeout(r, 500));
    }
    phase = 'after';
    await proxy.restore();

    // Back without a restart: the same process answers creates again.
    const backBy = Date.now() + 20_000;
    const ackedAtRestore = acked.size;
    while (acked.size < ackedAtRestore + 20) {
      if (Date.now() > backBy) expect.fail('creates did not succeed again within 20 s');
      await new Promise((r) => setTimeout(r, 50));
    }
    expect((await fetch(`${server.base}/readyz`)).status).toBe(200);
    stop = true;
    await Promise.all(workers);
    expect(server.child.pid).toBe(pid);
    expect(server.child.exitCode).toBeNull();

    expect(duringCut.length).toBeGreaterThan(20);
    expect(duringCut.filter((c) => c.status !== 503)).toEqual([]);
    expect(new Set(duringCut.map((c) => c.code))).toEqual(new Set(['DATABASE_UNAVAILABLE']));
    expect(duringCut.every((c) => c.type.startsWith('application/problem+json'))).toBe(true);
    expect(Math.max(...duringCut.map((c) => c.ms))).toBeLessThan(1000);
    expect(otherStatuses).toEqual([]);
    expect(health).toMatchObject({ readyz: 503, healthz: 200 });
    expect(JSON.parse(health.readyBody)).toEqual({
      status: 'unavailable',
      database: 'unreachable',
    });

    const database = await openDatabase({ url: direct.toString(), poolMax: 1 });
    try {
      const rows = rowsOf<{ title: string; id: string }>(
        await database.db.execute(
          sql`select title, id::text from requests where title like 'Outage create %'`,
        ),
      );
      const byTitle = new Map(rows.map((r) => [r.title, r.id]));
      expect([...acked].filter(([title, id]) => byTitle.get(title) !== id)).toEqual([]);
      expect(new Set(rows.map((r) => r.title)).size).toBe(rows.length);
    } finally {
      await database.close();
    }
  });
});
