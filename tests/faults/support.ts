import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import postgres from 'postgres';
import { expect } from 'vitest';

/*
 * The real server as its own process, as an operator runs it, for tests that kill it, cut
 * its database or stop it under load.
 */

const root = join(import.meta.dirname, '../..');
export const ADMIN = { email: 'ops@example.org', password: 'faults-admin-password' };

export interface Server {
  child: ChildProcess;
  base: string;
  port: number;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Starts `server/src/server.ts` (node --import tsx: child.pid is the server itself). */
export async function startServer(env: Record<string, string>, port?: number): Promise<Server> {
  const p = port ?? (await freePort());
  let out = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/server.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(p),
      HOST: '127.0.0.1',
      SEED_DEMO: 'never',
      LOG_LEVEL: 'warn',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      ADMIN_NAME: 'Olu Operator',
      LOGIN_RATE_MAX: '1000',
      DATABASE_URL: '',
      ...env,
    },
  });
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const server = { child, base: `http://127.0.0.1:${p}`, port: p, output: () => out, exited };
  const start = Date.now();
  while (!out.includes('Ready in')) {
    if (Date.now() - start > 150_000) throw new Error(`timed out starting:\n${out}`);
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`exited early:\n${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return server;
}

export async function kill(server: Server, signal: NodeJS.Signals = 'SIGKILL') {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  server.child.kill(signal);
  await server.exited;
}

/** Signs in and returns the Cookie header. */
export async function signIn(base: string, email = ADMIN.email, password = ADMIN.password) {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]);
  return cookie.join('; ');
}

export async function call(
  base: string,
  cookie: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  return fetch(`${base}${path}`, {
    method,
    headers: {
      cookie,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** A team and a category the operator owns by default, so creates are owned at once. */
export async function setUpCategory(base: string, cookie: string): Promise<string> {
  const me = (await (await call(base, cookie, 'GET', '/api/auth/me')).json()) as {
    id: string;
  };
  const team = await call(base, cookie, 'POST', '/api/teams', {
    name: 'Facilities',
    leadIds: [me.id],
  });
  expect(team.status, await team.clone().text()).toBe(201);
  const { id: teamId } = (await team.json()) as { id: string };
  const category = await call(base, cookie, 'POST', '/api/categories', {
    name: 'Equipment',
    teamId,
    defaultOwnerId: me.id,
  });
  expect(category.status, await category.clone().text()).toBe(201);
  return ((await category.json()) as { id: string }).id;
}

/** A PostgreSQL database of its own on TEST_DATABASE_URL's server, dropped by the returned function. */
export async function freshPostgres(
  name: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const server = new URL(process.env.TEST_DATABASE_URL!);
  const dbName = `ft_faults_${name}_${process.pid}`;
  const adminUrl = new URL(server);
  adminUrl.pathname = '/postgres';
  const admin = postgres(adminUrl.toString(), { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists "${dbName}" with (force)`);
  await admin.unsafe(`create database "${dbName}"`);
  const url = new URL(server);
  url.pathname = `/${dbName}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.unsafe(`drop database if exists "${dbName}" with (force)`);
      await admin.end();
    },
  };
}

export const hasPostgres = Boolean(process.env.TEST_DATABASE_URL);
