/**
 * npm run bench -- [--requests 100000] [--seed 1] [--connections 10] [--duration 10]
 *   [--writes-only] [--no-write] [--streams 500] [--streams-only] [--only <text>]
 *
 * Against PostgreSQL (BENCH_DATABASE_URL, default a local `followthrough_bench`
 * database): seeds the generator's data up to N requests (reusing what is
 * there), starts the real server in its own process, and loads it with
 * autocannon from another process. Prints a table and writes docs/performance.md.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { buildApp } from '../../server/src/app';
import { loadConfig } from '../../server/src/config';
import { openDatabase } from '../../server/src/db/client';
import { rowsOf } from '../../server/src/db/raw';
import { startServer as startProcess, waitReady as waitUntilReady } from './server';

const root = join(import.meta.dirname, '../..');
const tsx = join(root, 'node_modules/.bin/tsx');

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '1' },
    connections: { type: 'string', default: '10' },
    duration: { type: 'string', default: '10' },
    port: { type: 'string', default: '3987' },
    'no-write': { type: 'boolean', default: false },
    // Only the write scenarios, printed and not written to docs (while working on the write path).
    'writes-only': { type: 'boolean', default: false },
    // Live streams held open while the list, detail and write scenarios run again (0: none).
    streams: { type: 'string', default: '500' },
    // Only the live-streams comparison (without, then with them), written to its own section.
    'streams-only': { type: 'boolean', default: false },
    // Only the read scenarios whose names contain this text, printed with their answer's
    // size and not written to docs (while working on one of them).
    only: { type: 'string' },
  },
});
const streamCount = Number(values.streams);
const N = Number(values.requests);
const connections = Number(values.connections);
const duration = Number(values.duration);
const port = Number(values.port);
const url =
  process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/followthrough_bench';

async function ensureDatabase() {
  const u = new URL(url);
  const name = u.pathname.slice(1);
  u.pathname = '/postgres';
  const admin = postgres(u.toString(), { max: 1, onnotice: () => {} });
  try {
    const found = await admin`select 1 from pg_database where datname = ${name}`;
    if (found.length === 0) await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end();
  }
}

/**
 * A database in service has been vacuumed by autovacuum: its visibility map lets index-only
 * scans skip the heap. Measure that state, not the minutes right after a bulk load.
 */
async function settle(database: Awaited<ReturnType<typeof openDatabase>>) {
  await database.db.execute(sql`vacuum analyze`);
}

async function prepareData(): Promise<{ existing: number; seededMs: number | null }> {
  const database = await openDatabase({ url, poolMax: 2 });
  try {
    await database.migrate();
    const count = async () =>
      rowsOf<{ n: number }>(
        await database.db.execute(sql`select count(*)::int as n from requests`),
      )[0]!.n;
    const existing = await count();
    if (existing >= N) {
      await settle(database);
      return { existing, seededMs: null };
    }
    console.log(`Seeding ${N - existing} requests (have ${existing})…`);
    const started = Date.now();
    const run = spawnSync(
      tsx,
      ['server/src/cli/seed.ts', '--requests', String(N - existing), '--seed', values.seed!],
      {
        cwd: root,
        env: { ...process.env, DATABASE_URL: url },
        stdio: 'inherit',
      },
    );
    if (run.status !== 0) throw new Error('seeding failed');
    await settle(database);
    return { existing, seededMs: Date.now() - started };
  } finally {
    await database.close();
  }
}

// BENCH_CPU_PROF=dir writes the server's CPU profile there when it stops.
const profile = process.env.BENCH_CPU_PROF
  ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
  : [];
const startServer = () =>
  startProcess(url, port, { env: { BENCH_ROUTES: 'true' }, nodeArgs: profile });
const waitReady = () => waitUntilReady(port);

interface Result {
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  requests: number;
  errors: number;
  non2xx: number;
}

/** One autocannon run in its own process; resolves with its numbers. */
function load(spec: Record<string, unknown>, seconds = duration): Promise<Result> {
  return new Promise((resolve, reject) => {
    // In a file: thousands of paths are more than a command line holds.
    const specFile = join(tmpdir(), `ft-load-${process.pid}-${Date.now()}.json`);
    writeFileSync(specFile, JSON.stringify({ connections, duration: seconds, ...spec }));
    const child = spawn(tsx, ['tests/perf/load.ts', specFile], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('close', (code) => {
      rmSync(specFile, { force: true });
      if (code !== 0) reject(new Error(`load failed: ${err}`));
      else resolve(JSON.parse(out.trim().split('\n').pop()!) as Result);
    });
  });
}

interface WriteSamples {
  /** Samples in which some backend of the database waited on a lock. */
  lockWaitSamples: number;
  /** The most backends waiting on a lock at once. */
  maxLockWaiters: number;
  samples: number;
  /** How far the figures were behind (the oldest queued change's age), in ms. */
  lagP95: number;
  lagMax: number;
}

/**
 * Runs a write load while watching the database every 100 ms from a connection of its own:
 * lock waits among its backends (pg_stat_activity) and the projector's lag behind the record.
 */
async function loadWatched(spec: Record<string, unknown>): Promise<[Result, WriteSamples]> {
  const watch = postgres(url, { max: 1, onnotice: () => {} });
  const lags: number[] = [];
  let lockWaitSamples = 0;
  let maxLockWaiters = 0;
  let done = false;
  const sampling = (async () => {
    while (!done) {
      const [a] =
        await watch`select count(*) filter (where wait_event_type = 'Lock')::int as waiting
        from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`;
      const [q] =
        await watch`select coalesce(extract(epoch from clock_timestamp() - min(queued_at)) * 1000, 0)::float8 as lag
        from figure_queue`;
      const waiting = Number(a?.waiting ?? 0);
      if (waiting > 0) lockWaitSamples++;
      maxLockWaiters = Math.max(maxLockWaiters, waiting);
      lags.push(Number(q?.lag ?? 0));
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  try {
    const result = await load(spec);
    return [result, { lockWaitSamples, maxLockWaiters, samples: lags.length, ...lagOf(lags) }];
  } finally {
    done = true;
    await sampling;
    await watch.end();
  }
}

function lagOf(lags: number[]) {
  const sorted = [...lags].sort((a, b) => a - b);
  const at = (p: number) =>
    Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0);
  return { lagP95: at(0.95), lagMax: Math.round(sorted[sorted.length - 1] ?? 0) };
}

/** Statements one list call sends, counted at the driver in a server built here. */
async function statementsPerList(cookieEmail: string) {
  let count = 0;
  let counting = false;
  const database = await openDatabase({
    url,
    poolMax: 2,
    onQuery: () => {
      if (counting) count++;
    },
  });
  const app = await buildApp({
    config: loadConfig({ LOG_LEVEL: 'silent', JOBS_INTERVAL_MS: '0', DATABASE_URL: url }),
    database,
  });
  try {
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: cookieEmail, password: 'followthrough' },
    });
    const cookie = `ft_session=${login.cookies.find((c) => c.name === 'ft_session')!.value}`;
    const out: Record<number, number> = {};
    for (const limit of [10, 50, 200]) {
      count = 0;
      counting = true;
      const res = await app.inject({
        url: `/api/requests?status=open&limit=${limit}`,
        headers: { cookie },
      });
      counting = false;
      if (res.statusCode !== 200) throw new Error(res.body);
      out[limit] = count;
    }
    return out;
  } finally {
    await app.close();
    await database.close();
  }
}

const json = { 'content-type': 'application/json' };

/**
 * Writes that move figures, each on requests of its own: staff log requests in a category
 * with a default owner (each arrives as an offer), the owner accepts and resolves them, the
 * requester confirms; beside them the bare write (version bump + one event, raw postgres.js).
 * The database is watched meanwhile for lock waits and for how far the figures lag.
 */
async function writeScenarios(
  base: string,
  who: { owner: Record<string, string>; staff: Record<string, string> },
  commentKey: string,
) {
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [equipment] =
      await admin`select c.id, c.default_owner_id from categories c where c.name = 'Equipment'`;
    const [staff] = await admin`select id from people where email = 'staff@example.org'`;
    const [commented] =
      await admin`select id from requests where number = ${Number(commentKey.slice(4))}`;
    const started = new Date();
    const results: [string, Result][] = [];
    const watched: Record<string, WriteSamples> = {};
    const run = async (name: string, spec: Record<string, unknown>) => {
      const [r, w] = await loadWatched(spec);
      results.push([name, r]);
      watched[name] = w;
    };
    await run('action: comment', {
      url: `${base}/api/requests/${commentKey}/comments`,
      method: 'POST',
      headers: { ...who.owner, ...json },
      body: JSON.stringify({ body: 'Checked on the floor: still taped off.' }),
    });
    await run('bare write: version + one event, raw postgres.js (the comment’s request)', {
      url: `${base}/api/_bench/write/${commented!.id}`,
      method: 'POST',
      headers: json,
      body: '{}',
    });
    await run('action: create (routed to the default owner)', {
      url: `${base}/api/requests`,
      method: 'POST',
      headers: { ...who.staff, ...json },
      body: JSON.stringify({
        title: 'Rowing machine 4 display blank',
        desiredOutcome: 'The display shows the workout again',
        categoryId: equipment!.id,
      }),
    });
    const ids = (
      await admin`select id from requests where requester_id = ${staff!.id} and status = 'new'
        and pending_owner_id = ${equipment!.default_owner_id} and created_at >= ${started}
        order by created_at`
    ).map((r) => String(r.id));
    const each = (action: string) => ids.map((id) => `/api/requests/${id}/${action}`);
    await run('action: accept (each on its own request)', {
      url: base,
      method: 'POST',
      headers: { ...who.owner, ...json },
      body: '{}',
      paths: each('accept'),
    });
    await run('action: resolve (each on its own request)', {
      url: base,
      method: 'POST',
      headers: { ...who.owner, ...json },
      body: JSON.stringify({ summary: 'Display cable reseated; shows the workout again.' }),
      paths: each('resolve'),
    });
    await run('action: confirm (each on its own request)', {
      url: base,
      method: 'POST',
      headers: { ...who.staff, ...json },
      body: JSON.stringify({ rating: 5 }),
      paths: each('confirm'),
    });
    await run('bare write: version + one event, raw postgres.js (each on its own request)', {
      url: base,
      method: 'POST',
      headers: json,
      body: '{}',
      paths: ids.map((id) => `/api/_bench/write/${id}`),
    });
    return { results, watched, pool: ids.length };
  } finally {
    await admin.end();
  }
}

async function main() {
  await ensureDatabase();
  const data = await prepareData();
  const writesOnly = values['writes-only'];
  const only = values.only;
  const statements =
    writesOnly || only !== undefined ? {} : await statementsPerList('owner@example.org');
  const server = startServer();
  try {
    await waitReady();
    const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'owner@example.org', password: 'followthrough' }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const headers = { cookie };
    const leadLogin = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'lead@example.org', password: 'followthrough' }),
    });
    const leadHeaders = { cookie: (leadLogin.headers.get('set-cookie') ?? '').split(';')[0]! };
    const staffLogin = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'staff@example.org', password: 'followthrough' }),
    });
    const staffHeaders = { cookie: (staffLogin.headers.get('set-cookie') ?? '').split(';')[0]! };
    const today = new Date().toISOString().slice(0, 10);
    const yearAgo = new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);
    const period = `from=${yearAgo}&to=${today}`;
    const base = `http://127.0.0.1:${port}`;
    const mid = (await (
      await fetch(`${base}/api/requests?limit=1&sort=created&status=open`, { headers })
    ).json()) as {
      items: { key: string }[];
    };
    const key = mid.items[0]?.key ?? 'REQ-1';
    const scenarios: [string, Record<string, unknown>][] = [
      [
        'list open items (filter + sort + page of 50)',
        { url: `${base}/api/requests?status=open&sort=-created&limit=50`, headers },
      ],
      ['bare route: same list SQL, raw postgres.js', { url: `${base}/api/_bench/list` }],
      ['request detail', { url: `${base}/api/requests/${key}`, headers }],
      [
        'stalled filter (page of 50)',
        { url: `${base}/api/requests?stalled=true&limit=50`, headers },
      ],
      [
        'search open items "treadmill belt" (as the screen does)',
        { url: `${base}/api/requests?status=open&q=treadmill%20belt&limit=50`, headers },
      ],
      [
        'search everything "treadmill belt" (page of 50)',
        { url: `${base}/api/requests?q=treadmill%20belt&limit=50`, headers },
      ],
      [
        'review queue (lead, by severity)',
        { url: `${base}/api/review/stalled`, headers: leadHeaders },
      ],
      ['figures: times per week, a year', { url: `${base}/api/metrics/times?${period}`, headers }],
      [
        'figures: times by team, a year',
        { url: `${base}/api/metrics/times?${period}&groupBy=team`, headers },
      ],
      [
        'figures: times by owner, a year',
        { url: `${base}/api/metrics/times?${period}&groupBy=owner`, headers },
      ],
      ['figures: open and stalled now', { url: `${base}/api/metrics/open`, headers }],
      ['figures: rates, a year', { url: `${base}/api/metrics/rates?${period}`, headers }],
      [
        'figures: service levels by owner, a year',
        { url: `${base}/api/metrics/service-levels?${period}&by=owner`, headers },
      ],
      [
        'figures: times over the whole year (exact period percentiles)',
        { url: `${base}/api/metrics/times/period?${period}`, headers },
      ],
      [
        'figures: whole-year percentiles by owner',
        { url: `${base}/api/metrics/times/period?${period}&groupBy=owner`, headers },
      ],
    ];
    const results: [string, Result][] = [];
    const print = (name: string, r: Result) =>
      console.log(
        `${name}: ${r.rps} req/s, p50 ${r.p50} ms, p95 ${r.p95} ms, p99 ${r.p99} ms, errors ${r.errors + r.non2xx}`,
      );
    if (only !== undefined) {
      const picked = scenarios.filter(([name]) => name.includes(only));
      if (picked.length === 0) throw new Error(`no scenario's name contains "${only}"`);
      for (const [name, spec] of picked) {
        const answer = await fetch(String(spec.url), {
          headers: spec.headers as Record<string, string> | undefined,
        });
        const bytes = (await answer.arrayBuffer()).byteLength;
        await load(spec, 2);
        const r = await load(spec);
        print(`${name} (${answer.status}, ${(bytes / 1000).toFixed(1)} kB)`, r);
      }
      return;
    }
    const compared = scenarios.filter(
      ([name]) => name.startsWith('list open') || name === 'request detail',
    );
    const probe = await probeRequest(base, headers, key);
    const streamsRun = () =>
      streamsPhase({
        base,
        server,
        reads: compared,
        writes: () => writeScenarios(base, { owner: headers, staff: staffHeaders }, key),
        cookie,
        probe,
        print,
      });
    if (values['streams-only']) {
      // Without, with, and without again: a run changes the database it runs on (bloat, a
      // projector catching up, autovacuum), so the streams are judged against both sides.
      const withoutStreams = async () => {
        const without: [string, Result][] = [];
        for (const [name, spec] of compared) {
          await load(spec, 2);
          const r = await load(spec);
          without.push([name, r]);
          print(name, r);
        }
        const [writes, cpu] = await measuredWrites(server.pid!, () =>
          writeScenarios(base, { owner: headers, staff: staffHeaders }, key),
        );
        for (const [name, r] of writes.results) print(name, r);
        without.push(...writes.results);
        return { results: without, cpu };
      };
      const before = await withoutStreams();
      const withStreams = await streamsRun();
      const after = await withoutStreams();
      reportStreams(before.results, withStreams, after.results, [before.cpu, after.cpu]);
      return;
    }
    for (const [name, spec] of writesOnly ? [] : scenarios) {
      await load(spec, 2); // warm-up: JIT, plan cache, prepared statements
      const r = await load(spec);
      results.push([name, r]);
      print(name, r);
    }
    const writes = await writeScenarios(base, { owner: headers, staff: staffHeaders }, key);
    for (const [name, r] of writes.results) {
      results.push([name, r]);
      print(name, r);
    }
    if (writesOnly) printWrites(writes);
    else report(results, statements, data, writes);
    if (!writesOnly && streamCount > 0) reportStreams(results, await streamsRun());
  } finally {
    server.kill('SIGTERM');
  }
}

/** A second open request, for the stream probe's comments (the write scenarios use `key`). */
async function probeRequest(base: string, headers: Record<string, string>, key: string) {
  const page = (await (
    await fetch(`${base}/api/requests?limit=5&sort=created&status=open`, { headers })
  ).json()) as { items: { id: string; key: string }[] };
  const found = page.items.find((i) => i.key !== key);
  if (!found) throw new Error('no second open request for the stream probe');
  return found;
}

/** The server's resident memory, in MiB (Linux). */
function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

/** CPU seconds a process has used (Linux: utime + stime, in clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** CPU seconds all PostgreSQL processes have used (those running now). */
function postgresCpuSeconds(): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (!stat.includes('(postgres)')) continue;
      const fields = stat.split(') ')[1]!.split(' ');
      total += (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      // The process ended meanwhile.
    }
  }
  return total;
}

/** Where the CPU went during a write run: milliseconds per write, in the server and in PostgreSQL. */
interface WriteCpu {
  writes: number;
  serverMsPerWrite: number;
  postgresMsPerWrite: number;
}

async function measuredWrites<T extends { results: [string, Result][] }>(
  pid: number,
  run: () => Promise<T>,
): Promise<[T, WriteCpu]> {
  const server = cpuSeconds(pid);
  const pg = postgresCpuSeconds();
  const out = await run();
  const writes = out.results.reduce((n, [, r]) => n + r.requests, 0);
  const per = (seconds: number) => Math.round(((seconds * 1000) / Math.max(1, writes)) * 100) / 100;
  return [
    out,
    {
      writes,
      serverMsPerWrite: per(cpuSeconds(pid) - server),
      postgresMsPerWrite: per(postgresCpuSeconds() - pg),
    },
  ];
}

interface StreamsOutcome {
  count: number;
  serverCpuShare: number;
  cpu: WriteCpu;
  rssBefore: number;
  rssOpen: number;
  rssAfter: number;
  delivery: {
    probes: number;
    deliveries: number;
    missed: number;
    early: number;
    closedByServer: number;
    p50: number;
    p95: number;
    max: number;
    clientCpuShare: number;
  };
  results: [string, Result][];
}

/**
 * Holds `streamCount` live streams open on the server (from a process of their own) while the
 * compared read scenarios and the write scenarios run again, with a probe measuring how soon
 * a committed change reaches every stream.
 */
async function streamsPhase(opts: {
  base: string;
  server: ChildProcess;
  reads: [string, Record<string, unknown>][];
  writes: () => Promise<{ results: [string, Result][] }>;
  cookie: string;
  probe: { id: string; key: string };
  print: (name: string, r: Result) => void;
}): Promise<StreamsOutcome> {
  const pid = opts.server.pid!;
  const rssBefore = rssMiB(pid);
  const specFile = join(tmpdir(), `ft-streams-${process.pid}.json`);
  writeFileSync(
    specFile,
    JSON.stringify({
      base: opts.base,
      cookie: opts.cookie,
      count: streamCount,
      everyMs: 100,
      probe: { ...opts.probe, cookie: opts.cookie },
    }),
  );
  const child = spawn(tsx, ['tests/perf/streams.ts', specFile], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  let waiting: (() => void) | undefined;
  let buffer = '';
  child.stdout.on('data', (d) => {
    buffer += d;
    let end = buffer.indexOf('\n');
    while (end >= 0) {
      lines.push(buffer.slice(0, end));
      buffer = buffer.slice(end + 1);
      end = buffer.indexOf('\n');
      waiting?.();
    }
  });
  const nextLine = async () => {
    while (lines.length === 0) {
      if (child.exitCode !== null) throw new Error('the stream clients stopped');
      await new Promise<void>((resolve) => {
        waiting = resolve;
        setTimeout(resolve, 500);
      });
    }
    return lines.shift()!;
  };
  try {
    await nextLine(); // {"opened": n}
    await new Promise((r) => setTimeout(r, 3000));
    const rssOpen = rssMiB(pid);
    console.log(
      `${streamCount} streams open: server RSS ${rssBefore.toFixed(0)} → ${rssOpen.toFixed(0)} MiB`,
    );
    const results: [string, Result][] = [];
    // Reads with the streams open and quiet: what holding them costs.
    for (const [name, spec] of opts.reads) {
      await load(spec, 2);
      const r = await load(spec);
      results.push([name, r]);
      opts.print(`${name} (with ${streamCount} streams)`, r);
    }
    // Writes with every change fanned out to every stream, the probe timing delivery.
    child.stdin.write('start\n');
    const cpuFrom = cpuSeconds(pid);
    const wallFrom = performance.now();
    const [writes, cpu] = await measuredWrites(pid, opts.writes);
    const serverCpuShare = (cpuSeconds(pid) - cpuFrom) / ((performance.now() - wallFrom) / 1000);
    for (const [name, r] of writes.results) {
      results.push([name, r]);
      opts.print(`${name} (with ${streamCount} streams)`, r);
    }
    const rssAfter = rssMiB(pid);
    child.stdin.write('stop\n');
    const delivery = JSON.parse(await nextLine()) as StreamsOutcome['delivery'];
    return {
      count: streamCount,
      rssBefore,
      rssOpen,
      rssAfter,
      delivery,
      serverCpuShare: Math.round(serverCpuShare * 100) / 100,
      cpu,
      results,
    };
  } finally {
    child.kill('SIGTERM');
    rmSync(specFile, { force: true });
  }
}

function reportStreams(
  without: [string, Result][],
  s: StreamsOutcome,
  after: [string, Result][] = [],
  withoutCpu: WriteCpu[] = [],
) {
  const cpuLine = (label: string, c: WriteCpu) =>
    `${label}: server ${c.serverMsPerWrite} ms, PostgreSQL ${c.postgresMsPerWrite} ms (${c.writes} writes)`;
  const pct = (a: number, b: number) => {
    const c = Math.round((100 * (a - b)) / Math.max(1, b));
    return `${c > 0 ? '+' : ''}${c} %`;
  };
  const rows = s.results.map(([name, r]) => {
    const base = without.find(([n]) => n === name)?.[1];
    const again = after.find(([n]) => n === name)?.[1];
    const cells = [
      name,
      base?.rps ?? '–',
      r.rps,
      ...(after.length > 0 ? [again?.rps ?? '–'] : []),
      base ? pct(r.rps, base.rps) : '–',
      ...(after.length > 0 ? [again ? pct(r.rps, again.rps) : '–'] : []),
      base?.p95 ?? '–',
      r.p95,
    ];
    return `| ${cells.join(' | ')} |`;
  });
  const header =
    after.length > 0
      ? '| scenario | req/s before | req/s with streams | req/s after | change vs before | change vs after | p95 ms before | p95 ms with |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |'
      : '| scenario | req/s without | req/s with streams | change | p95 ms without | p95 ms with |\n| --- | ---: | ---: | ---: | ---: | ---: |';
  const perStream = ((s.rssOpen - s.rssBefore) * 1024) / Math.max(1, s.count);
  const d = s.delivery;
  const section = `## Live streams

Measured by \`npm run bench -- --requests ${N} --streams ${s.count}${after.length > 0 ? ' --streams-only' : ''}\` on ${new Date().toISOString().slice(0, 10)}:
${s.count} streams held open on the one server process (from a client process of their own, on
the same 2 cores), while the list and detail scenarios ran again (the streams quiet but for heartbeats: what
holding them costs), then the write scenarios (every change fanned out to every stream). During
the writes a probe commented on one request every 100 ms, and each stream timed that
comment's \`request.changed\` from the moment the comment's answer came back (the commit
acknowledged).

- Delivery from commit to client: p50 ${d.p50} ms, p95 ${d.p95} ms, max ${d.max} ms, over ${d.deliveries} deliveries of ${d.probes} probes (${d.missed} missed, ${d.closedByServer} streams closed by the server; ${d.early} arrived before their answer, counted as 0).
- CPU during the writes, in cores of the machine's two: the server ${s.serverCpuShare}, the ${s.count} stream clients ${d.clientCpuShare} (on a real deployment they are the browsers, elsewhere).
- CPU per write: ${[cpuLine(`with ${s.count} streams`, s.cpu), ...withoutCpu.map((c, i) => cpuLine(i === 0 ? 'before' : 'after', c))].join('; ')}.
- Memory: server RSS ${s.rssBefore.toFixed(0)} MiB → ${s.rssOpen.toFixed(0)} MiB with the streams open and idle, about ${perStream.toFixed(1)} KiB per stream; ${s.rssAfter.toFixed(0)} MiB after the load ran with them.

${header}
${rows.join('\n')}
`;
  console.log(`\n${section}`);
  if (values['no-write']) return;
  const path = join(root, 'docs/performance.md');
  const previous = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const start = previous.indexOf('\n## Live streams');
  let next = start >= 0 ? previous.indexOf('\n## ', start + 1) : -1;
  if (next < 0) next = previous.length;
  const updated =
    start >= 0
      ? `${previous.slice(0, start)}\n${section}${previous.slice(next)}`
      : `${previous.trimEnd()}\n\n${section}`;
  writeFileSync(path, updated);
  console.log(`Wrote the live streams section of ${path}`);
}

function watchTable(writes: Awaited<ReturnType<typeof writeScenarios>>) {
  return [
    '| while | samples (100 ms) | with a lock wait | most waiting at once | figures lag p95 ms | lag max ms |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...Object.entries(writes.watched).map(
      ([name, w]) =>
        `| ${name} | ${w.samples} | ${w.lockWaitSamples} | ${w.maxLockWaiters} | ${w.lagP95} | ${w.lagMax} |`,
    ),
  ].join('\n');
}

function printWrites(writes: Awaited<ReturnType<typeof writeScenarios>>) {
  console.log(`\n${watchTable(writes)}\n\n${writes.pool} requests logged by the create run.`);
}

function report(
  results: [string, Result][],
  statements: Record<number, number>,
  data: { existing: number; seededMs: number | null },
  writes: Awaited<ReturnType<typeof writeScenarios>>,
) {
  const rpsOf = (name: string) => writes.results.find(([n]) => n.startsWith(name))?.[1].rps ?? 0;
  const bareOwn = rpsOf('bare write: version + one event, raw postgres.js (each');
  const bareComment = rpsOf('bare write: version + one event, raw postgres.js (the');
  const share = (name: string, bare: number) =>
    `${name} ${Math.round((100 * rpsOf(name)) / Math.max(1, bare))} %`;
  const pg = spawnSync('psql', [url, '-Atc', 'show server_version'], {
    encoding: 'utf8',
  }).stdout.trim();
  const list = results[0]![1];
  const bare = results[1]![1];
  const lines = [
    '| scenario | req/s | p50 ms | p95 ms | p99 ms | errors |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...results.map(
      ([name, r]) =>
        `| ${name} | ${r.rps} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.errors + r.non2xx} |`,
    ),
  ];
  const table = lines.join('\n');
  const summary = [
    `List throughput vs the bare route: ${Math.round((100 * list.rps) / Math.max(1, bare.rps))} %.`,
    `SQL statements per list call (session + page): limit 10 → ${statements[10]}, 50 → ${statements[50]}, 200 → ${statements[200]}.`,
    data.seededMs === null
      ? `Data: ${N} requests requested; the database already held ${data.existing}.`
      : `Data: seeded ${N - data.existing} requests in ${(data.seededMs / 1000).toFixed(1)} s.`,
    `Writes vs the bare write (req/s): ${share('action: comment', bareComment)} (both on one request); ${['action: accept', 'action: resolve', 'action: confirm'].map((n) => share(n, bareOwn)).join(', ')} (each on its own request, ${writes.pool} requests logged by the create run).`,
    'See [performance-notes.md](performance-notes.md) for what missed its target and why.',
  ];
  const watch = watchTable(writes);
  console.log(`\n${table}\n\n${watch}\n\n${summary.join('\n')}`);
  if (values['no-write']) return;
  const doc = `# Performance

Measured by \`npm run bench -- --requests ${N}\` on ${new Date().toISOString().slice(0, 10)}:
${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version},
PostgreSQL ${pg}; ${connections} connections for ${duration} s per scenario (after a 2 s warm-up),
autocannon in its own process, the server in another, all on the same 2 cores.

${table}

The database during the writes, watched every 100 ms from a connection of its own: backends
waiting on a lock (pg_stat_activity), and how far the figures were behind the record (the age
of the oldest change the projector had not yet counted).

${watch}

${summary.map((s) => `- ${s}`).join('\n')}

Targets (at 1,000,000 requests, 10 connections): list p95 ≤ 25 ms, detail p95 ≤ 15 ms,
list ≥ 80 % of the bare route's req/s, at most 3 statements per list call; review queue and
each figures endpoint p95 ≤ 150 ms; each action p95 ≤ 40 ms and ≥ 60 % of its bare write's
req/s, no lock waits between writers on different requests, figures lag p95 ≤ 1 s.
`;
  const path = join(root, 'docs/performance.md');
  // Sections other benchmarks append (## …) are kept below this one's.
  const previous = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const kept = previous.indexOf('\n## ');
  writeFileSync(path, kept >= 0 ? `${doc}${previous.slice(kept)}` : doc);
  console.log(`\nWrote ${path}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
