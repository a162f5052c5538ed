import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../server/src/db/client';
import { usesPostgres } from '../support/db';
import { makeOrg, PASSWORD } from '../support/factories';
import { SseClient } from '../support/sse';

const root = join(import.meta.dirname, '../..');

interface Server {
  child: ChildProcess;
  base: string;
  output: () => string;
  exited: Promise<number | null>;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function startServer(databaseUrl: string): Promise<Server> {
  const port = await freePort();
  let out = '';
  // node --import tsx: one process, so child.pid is the server itself.
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/server.ts'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      SEED_DEMO: 'never',
      LOG_LEVEL: 'warn',
    },
  });
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, base: `http://127.0.0.1:${port}`, output: () => out, exited };
}

async function ready(server: Server, ms = 150_000) {
  const start = Date.now();
  while (!server.output().includes('Ready in')) {
    if (Date.now() - start > ms) throw new Error(`timed out starting:\n${server.output()}`);
    if (server.child.exitCode !== null) throw new Error(`exited early:\n${server.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function signIn(server: Server, email: string) {
  const res = await fetch(`${server.base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  expect(res.status).toBe(200);
  return res.headers.getSetCookie()[0]!.split(';')[0]!;
}

let url: string;
let database: Database | undefined;
let servers: Server[] = [];
const clients: SseClient[] = [];

/** A database of its own for the processes, on the server TEST_DATABASE_URL names. */
async function processDatabase(base: string) {
  const target = new URL(base);
  const name = `${target.pathname.slice(1) || 'test'}_streamproc_w${process.env.VITEST_POOL_ID ?? '0'}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  target.pathname = `/${name}`;
  return target.toString();
}

// PGlite is one process's database: several processes need the real server.
describe.skipIf(!usesPostgres())('the live stream across three server processes', () => {
  let org: Awaited<ReturnType<typeof makeOrg>>;

  beforeAll(async () => {
    url = await processDatabase(process.env.TEST_DATABASE_URL!);
    database = await openDatabase({ url, poolMax: 2 });
    await database.migrate();
    org = await makeOrg(database.db);
    servers = [];
    for (let i = 0; i < 3; i++) servers.push(await startServer(url));
    await Promise.all(servers.map((s) => ready(s)));
  }, 180_000);

  afterAll(async () => {
    for (const c of clients) c.close();
    for (const s of servers) s.child.kill('SIGTERM');
    await Promise.all(servers.map((s) => s.exited));
    await database?.close();
  });

  it('carries each process’s changes to the stream clients of the others, within a second, in one order', {
    timeout: 60_000,
  }, async () => {
    const cookie = await signIn(servers[0]!, org.staff.email);
    const streams = await Promise.all(
      servers.map((s) => SseClient.open(`${s.base}/api/stream`, { cookie })),
    );
    clients.push(...streams);
    for (const c of streams) await c.until(() => c.retry !== undefined, 'the first block');

    const log = async (server: Server, title: string) => {
      const res = await fetch(`${server.base}/api/requests`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ title, desiredOutcome: 'Works', categoryId: org.equipment.id }),
      });
      expect(res.status).toBe(201);
      return (await res.json()) as { id: string; key: string };
    };
    const changed = (c: SseClient) => c.of('request.changed').map((e) => JSON.parse(e.data).id);

    // A first change warms each process; then each one's change is timed to every client.
    const warm = await log(servers[0]!, 'Warm-up');
    for (const c of streams) await c.until(() => changed(c).includes(warm.id), 'the warm-up');
    const made: string[] = [warm.id];
    for (const [i, server] of servers.entries()) {
      const began = Date.now();
      const { id } = await log(server, `Through process ${i + 1}`);
      made.push(id);
      for (const c of streams) await c.until(() => changed(c).includes(id), `${id} everywhere`);
      expect(Date.now() - began).toBeLessThan(1000);
    }
    // Every client saw the same events under the same ids, in the same order.
    for (const c of streams) expect(changed(c)).toEqual(made);
    const ids = streams.map((c) => c.of('request.changed').map((e) => e.id));
    expect(ids[1]).toEqual(ids[0]);
    expect(ids[2]).toEqual(ids[0]);
  });

  it('tells a person on one process of a notification made through another, and a sign-out on one ends their stream on the others', {
    timeout: 60_000,
  }, async () => {
    const ownerCookie = await signIn(servers[1]!, org.owner.email);
    const owner = await SseClient.open(`${servers[2]!.base}/api/stream`, { cookie: ownerCookie });
    clients.push(owner);
    await owner.until(() => owner.retry !== undefined, 'the first block');

    const staffCookie = await signIn(servers[0]!, org.staff.email);
    const res = await fetch(`${servers[0]!.base}/api/requests`, {
      method: 'POST',
      headers: { cookie: staffCookie, 'content-type': 'application/json' },
      body: JSON.stringify({
        title: 'Rower 2 seat loose',
        desiredOutcome: 'Seat firm',
        categoryId: org.equipment.id,
      }),
    });
    expect(res.status).toBe(201);
    await owner.until(() => owner.of('notification.created').length === 1, 'the offer');

    const out = await fetch(`${servers[1]!.base}/api/auth/logout`, {
      method: 'POST',
      headers: { cookie: ownerCookie },
    });
    expect(out.status).toBe(204);
    await owner.ended;
  });

  it('each process ends its open streams and exits cleanly on SIGTERM', {
    timeout: 60_000,
  }, async () => {
    const cookie = await signIn(servers[0]!, org.lead.email);
    const open = await Promise.all(
      servers.map((s) => SseClient.open(`${s.base}/api/stream`, { cookie })),
    );
    clients.push(...open);
    const began = Date.now();
    for (const s of servers) s.child.kill('SIGTERM');
    expect(await Promise.all(servers.map((s) => s.exited))).toEqual([0, 0, 0]);
    await Promise.all(open.map((c) => c.ended));
    expect(Date.now() - began).toBeLessThan(10_000);
  });
});
