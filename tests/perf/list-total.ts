/**
 * npx tsx tests/perf/list-total.ts [--requests 1000000] [--runs 200]
 *
 * The Open items list with its total (count=true) at a large number of requests, in process
 * against PostgreSQL (BENCH_TOTAL_DATABASE_URL, default a local `followthrough_bench_total`):
 * seeds the generator's data up to N, then times the service call for a few filters and
 * prints p50/p95. Prints only; writes nothing to the docs.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { openDatabase } from '../../server/src/db/client';
import { rowsOf } from '../../server/src/db/raw';
import type { SignedInPerson } from '../../server/src/modules/auth/auth.types';
import { listRequests } from '../../server/src/modules/requests/requests.service';
import { listRequestsQuery } from '../../shared/src/requests';

const root = join(import.meta.dirname, '../..');
const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '200' },
  },
});
const N = Number(values.requests);
const runs = Number(values.runs);
const url =
  process.env.BENCH_TOTAL_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/followthrough_bench_total';

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

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function main() {
  await ensureDatabase();
  const database = await openDatabase({ url, poolMax: 2 });
  try {
    await database.migrate();
    const count = async () =>
      rowsOf<{ n: number }>(
        await database.db.execute(sql`select count(*)::int as n from requests`),
      )[0]!.n;
    const existing = await count();
    if (existing < N) {
      console.log(`Seeding ${N - existing} requests (have ${existing})…`);
      const run = spawnSync(
        join(root, 'node_modules/.bin/tsx'),
        ['server/src/cli/seed.ts', '--requests', String(N - existing)],
        { cwd: root, env: { ...process.env, DATABASE_URL: url }, stdio: 'inherit' },
      );
      if (run.status !== 0) throw new Error('seeding failed');
    }
    await database.db.execute(sql`vacuum analyze`);
    const [someone] = rowsOf<{ id: string; name: string }>(
      await database.db.execute(sql`select id, name from people order by name limit 1`),
    );
    const person = { id: someone!.id } as SignedInPerson;
    const first = someone!.name.split(' ')[0]!;
    const scenarios: [string, Record<string, string>][] = [
      ['open items, page of 50, no total', { status: 'open' }],
      ['open items, page of 50, with total', { status: 'open', count: 'true' }],
      ['everything, page of 50, with total', { status: 'all', count: 'true' }],
      ['open, stalled, with total', { status: 'open', stalled: 'true', count: 'true' }],
      ['open, urgent, with total', { status: 'open', priority: 'urgent', count: 'true' }],
      [
        `open, q="${first}" (a person's name), with total`,
        { status: 'open', q: first, count: 'true' },
      ],
      [
        'open, q="treadmill belt", with total',
        { status: 'open', q: 'treadmill belt', count: 'true' },
      ],
    ];
    console.log(`${await count()} requests, ${runs} runs each`);
    for (const [name, raw] of scenarios) {
      const { status, ...rest } = raw;
      const query = listRequestsQuery.parse(status === 'all' ? rest : raw);
      for (let i = 0; i < 5; i++) await listRequests(database.db, query, person, new Date());
      const times: number[] = [];
      let total: unknown;
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        const page = await listRequests(database.db, query, person, new Date());
        times.push(performance.now() - t);
        total = page.total;
      }
      times.sort((a, b) => a - b);
      console.log(
        `${name}: p50 ${pct(times, 50).toFixed(1)} ms, p95 ${pct(times, 95).toFixed(1)} ms, total ${JSON.stringify(total ?? null)}`,
      );
    }
  } finally {
    await database.close();
  }
}

await main();
