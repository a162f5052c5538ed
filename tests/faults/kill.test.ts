import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/src/db/client';
import { rowsOf } from '../../server/src/db/raw';
import { none, rowsAgainstEvents } from '../support/invariants';
import {
  call,
  freshPostgres,
  hasPostgres,
  kill,
  type Server,
  setUpCategory,
  signIn,
  startServer,
} from './support';

// SPEC §15: every acknowledged write survives kill -9 of the server, on both engines.

const CREATES = 1000;
const CONNECTIONS = 10;

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Engine {
  env: Record<string, string>;
  /** Opens the database after the server is gone, to read it as it is on disk. */
  open: () => ReturnType<typeof openDatabase>;
}

async function pglite(): Promise<Engine> {
  const dir = mkdtempSync(join(tmpdir(), 'ft-faults-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return { env: { DATA_DIR: dir }, open: () => openDatabase({ dataDir: dir }) };
}

async function pg(name: string): Promise<Engine> {
  const { url, drop } = await freshPostgres(name);
  cleanups.push(drop);
  return { env: { DATABASE_URL: url }, open: () => openDatabase({ url, poolMax: 2 }) };
}

/**
 * 1,000 creates over 10 connections, the server killed with SIGKILL midway, then started
 * again: every create that was answered 201 is there exactly once, with its events, and a
 * create whose answer was lost is there at most once.
 */
async function createsSurviveKill(engine: Engine) {
  let server: Server = await startServer(engine.env);
  cleanups.push(() => kill(server));
  const cookie = await signIn(server.base);
  const categoryId = await setUpCategory(server.base, cookie);

  const acked = new Map<string, string>(); // title → id
  let next = 0;
  let killed = false;
  const worker = async () => {
    while (next < CREATES) {
      const title = `Fault create ${next++}`;
      try {
        const res = await call(server.base, cookie, 'POST', '/api/requests', {
          title,
          desiredOutcome: 'It is recorded exactly once',
          categoryId,
        });
        if (res.status === 201) acked.set(title, ((await res.json()) as { id: string }).id);
        else expect.fail(`${title}: ${res.status} ${await res.text()}`);
      } catch {
        // The connection died with the server: this create's outcome is unknown.
        if (!killed) throw new Error(`${title} failed before the kill`);
        return;
      }
    }
  };
  const workers = Array.from({ length: CONNECTIONS }, worker);
  while (acked.size < CREATES / 3) await new Promise((r) => setTimeout(r, 5));
  killed = true;
  server.child.kill('SIGKILL');
  await Promise.all(workers);
  const exit = await server.exited;
  expect(exit.signal).toBe('SIGKILL');
  expect(acked.size).toBeGreaterThan(CREATES / 3 - 1);
  expect(acked.size).toBeLessThan(CREATES);

  // Started again on the same database: it opens, and every acknowledged create is served.
  server = await startServer(engine.env);
  const again = await signIn(server.base);
  const sample = [...acked.values()].filter((_, i) => i % 25 === 0);
  for (const id of sample) {
    const res = await call(server.base, again, 'GET', `/api/requests/${id}`);
    expect(res.status, id).toBe(200);
  }
  await kill(server, 'SIGTERM');
  expect((await server.exited).code).toBe(0);

  const database = await engine.open();
  try {
    const rows = rowsOf<{ title: string; id: string; n: number; created: number }>(
      await database.db.execute(sql`select r.title, r.id::text, count(*) over (partition by r.title)::int as n,
          (select count(*)::int from events e where e.request_id = r.id and e.type = 'created') as created
        from requests r where r.title like 'Fault create %'`),
    );
    const byTitle = new Map(rows.map((r) => [r.title, r]));
    const lost = [...acked].filter(([title, id]) => byTitle.get(title)?.id !== id);
    expect(lost).toEqual([]);
    // Exactly once, each with its creation event; nothing half-written.
    expect(rows.filter((r) => r.n !== 1 || r.created !== 1)).toEqual([]);
    // What was never answered may or may not have committed, but only whole.
    expect(rows.length).toBeGreaterThanOrEqual(acked.size);
    expect(rows.length).toBeLessThanOrEqual(acked.size + CONNECTIONS);
    const { checked, disagreements } = await rowsAgainstEvents(database.db);
    expect(checked).toBe(rows.length);
    expect(disagreements).toEqual(none(disagreements));
  } finally {
    await database.close();
  }
}

/**
 * Resolve and handoff changes raced against SIGKILL: whatever committed is whole (the row
 * and its events agree), and whatever was answered is there.
 */
async function changesSurviveKill(engine: Engine) {
  const server: Server = await startServer(engine.env);
  cleanups.push(() => kill(server));
  const cookie = await signIn(server.base);
  const categoryId = await setUpCategory(server.base, cookie);
  const ids: string[] = [];
  for (let i = 0; i < 40; i++) {
    const res = await call(server.base, cookie, 'POST', '/api/requests', {
      title: `Fault sequence ${i}`,
      desiredOutcome: 'Fixed, or not at all',
      categoryId,
    });
    expect(res.status).toBe(201);
    ids.push(((await res.json()) as { id: string }).id);
  }
  const answered: string[] = [];
  let killed = false;
  const expectedBy = new Date(Date.now() + 86_400_000).toISOString();
  // Each request: a handoff opened, marked done, then the request resolved (owned at once).
  const sequence = async (id: string) => {
    try {
      const opened = await call(server.base, cookie, 'POST', `/api/requests/${id}/handoffs`, {
        to: 'Maintenance',
        ask: 'Replace the belt',
        expectedBy,
      });
      expect(opened.status, await opened.clone().text()).toBe(201);
      const handoff = (await opened.json()) as { id: string };
      answered.push(`${id} handoff`);
      const done = await call(
        server.base,
        cookie,
        'PATCH',
        `/api/requests/${id}/handoffs/${handoff.id}`,
        { status: 'done', note: 'Belt replaced' },
      );
      expect(done.status, await done.clone().text()).toBe(200);
      answered.push(`${id} done`);
      const resolved = await call(server.base, cookie, 'POST', `/api/requests/${id}/resolve`, {
        summary: 'New belt fitted and tested',
      });
      expect(resolved.status, await resolved.clone().text()).toBe(200);
      answered.push(`${id} resolved`);
    } catch (err) {
      if (!killed) throw err;
    }
  };
  let failed: unknown = null;
  const running = (async () => {
    for (let i = 0; i < ids.length; i += 4) {
      await Promise.all(ids.slice(i, i + 4).map(sequence));
      if (killed) return;
    }
  })().catch((err: unknown) => {
    failed = err;
  });
  while (answered.length < 30) {
    // A step refused before the kill is the failure to report, not a wait to time out.
    if (failed) throw failed;
    await new Promise((r) => setTimeout(r, 2));
  }
  killed = true;
  server.child.kill('SIGKILL');
  await running;
  await server.exited;

  const database = await engine.open();
  try {
    const rows = rowsOf<{ id: string; status: string; open_handoffs: number; done: number }>(
      await database.db.execute(sql`select r.id::text, r.status::text, r.open_handoffs,
          (select count(*)::int from handoffs h where h.request_id = r.id and h.status = 'done') as done
        from requests r`),
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const step of answered) {
      const [id, what] = step.split(' ') as [string, string];
      const row = byId.get(id)!;
      if (what === 'handoff') expect(row.open_handoffs + row.done, step).toBe(1);
      if (what === 'done') expect(row.done, step).toBe(1);
      if (what === 'resolved') expect(row.status, step).toBe('resolved');
    }
    const { checked, disagreements } = await rowsAgainstEvents(database.db);
    expect(checked).toBe(ids.length);
    expect(disagreements).toEqual(none(disagreements));
  } finally {
    await database.close();
  }
}

describe('kill -9 on the embedded database', () => {
  it('loses no acknowledged create', { timeout: 240_000 }, async () => {
    await createsSurviveKill(await pglite());
  });
  it('leaves no half-applied handoff or resolve', { timeout: 180_000 }, async () => {
    await changesSurviveKill(await pglite());
  });
});

describe.runIf(hasPostgres)('kill -9 on PostgreSQL', () => {
  it('loses no acknowledged create', { timeout: 240_000 }, async () => {
    await createsSurviveKill(await pg('creates'));
  });
  it('leaves no half-applied handoff or resolve', { timeout: 180_000 }, async () => {
    await changesSurviveKill(await pg('changes'));
  });
});
