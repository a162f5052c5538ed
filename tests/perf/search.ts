/**
 * npm run bench:search -- [--connections 10] [--duration 5] [--write]
 *
 * Search as people type, against the benchmark database (BENCH_DATABASE_URL, default a
 * local `followthrough_bench`, seeded by `npm run bench`): the server runs as its own
 * process in production mode and each query — every prefix of a typed phrase, rare and
 * common words, a person's name, a key — is loaded for a few seconds at N connections,
 * over open items and over everything. Prints p50/p95 per query; with --write, replaces
 * the "Search" section of docs/performance.md.
 */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { startServer as startProcess, waitReady as waitUntilReady } from './server';

const root = join(import.meta.dirname, '../..');
const tsx = join(root, 'node_modules/.bin/tsx');
const { values } = parseArgs({
  options: {
    connections: { type: 'string', default: '10' },
    duration: { type: 'string', default: '5' },
    port: { type: 'string', default: '3988' },
    write: { type: 'boolean', default: false },
  },
});
const connections = Number(values.connections);
const duration = Number(values.duration);
const port = Number(values.port);
const url =
  process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/followthrough_bench';
const base = `http://127.0.0.1:${port}`;

interface Result {
  rps: number;
  p50: number;
  p95: number;
  errors: number;
  non2xx: number;
}

function load(spec: Record<string, unknown>): Promise<Result> {
  return new Promise((resolve, reject) => {
    const specFile = join(tmpdir(), `ft-search-${process.pid}-${Date.now()}.json`);
    writeFileSync(specFile, JSON.stringify({ connections, duration, ...spec }));
    const child = spawn(tsx, ['tests/perf/load.ts', specFile], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.on('close', (code) => {
      rmSync(specFile, { force: true });
      if (code !== 0) reject(new Error('load failed'));
      else resolve(JSON.parse(out.trim().split('\n').pop()!) as Result);
    });
  });
}

const startServer = () => startProcess(url, port);
const waitReady = () => waitUntilReady(port);

async function main() {
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  const [counted] = await admin<{ n: number }[]>`select count(*)::int as n from requests`;
  const n = counted!.n;
  const [someone] = await admin<{ name: string }[]>`
    select p.name from people p join requests r on r.owner_id = p.id
    group by p.name order by count(*) desc limit 1`;
  const [mid] = await admin<{ number: number }[]>`
    select number from requests order by number desc offset ${Math.floor(n / 2)} limit 1`;
  await admin.end();

  const server = startServer();
  try {
    await waitReady();
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'lead@example.org', password: 'followthrough' }),
    });
    const headers = { cookie: (login.headers.get('set-cookie') ?? '').split(';')[0]! };
    const typed = 'treadmill belt';
    const queries = [
      ...Array.from({ length: typed.length }, (_, i) => typed.slice(0, i + 1)).filter(
        (q) => !q.endsWith(' '),
      ),
      'pool heater',
      'flickering',
      'zzzz',
      someone!.name.split(' ')[0]!,
      `REQ-${mid!.number}`,
    ];
    // As the main bench does: the server's code and the database's caches warm up first, on
    // a search none of the measured ones repeats, so the first query measured is not the cold one.
    await load({
      url: `${base}/api/requests?status=open&q=warming&limit=50`,
      headers,
      duration: 3,
    });
    await load({ url: `${base}/api/requests?q=warming&limit=50`, headers, duration: 2 });
    const rows: string[] = [];
    const worst: Record<string, number> = {};
    for (const status of ['open', 'all']) {
      for (const q of queries) {
        const path = `/api/requests?${status === 'open' ? 'status=open&' : ''}q=${encodeURIComponent(q)}&limit=50`;
        const answer = await fetch(`${base}${path}`, { headers });
        if (!answer.ok) throw new Error(`${path}: ${answer.status} ${await answer.text()}`);
        const page = (await answer.json()) as { items: unknown[] };
        const r = await load({ url: `${base}${path}`, headers });
        worst[status] = Math.max(worst[status] ?? 0, r.p95);
        const row = `| ${status === 'open' ? 'open items' : 'everything'} | \`${q}\` | ${page.items.length} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.errors + r.non2xx} |`;
        console.log(row);
        rows.push(row);
      }
    }
    const section = `## Search

Measured by \`npm run bench:search -- --write\` on ${new Date().toISOString().slice(0, 10)}: ${n.toLocaleString('en')} requests, PostgreSQL 15, ${connections} connections, ${duration} s per query after a 5 s warm-up, the server in production mode on the same 2 cores as the load. Each prefix of "${typed}" as it is typed, then other words, a person's first name and a key. Worst p95: open items ${worst.open!.toFixed(1)} ms, everything ${worst.all!.toFixed(1)} ms (target ≤ 50 ms).

| over | q | found (page of 50) | req/s | p50 ms | p95 ms | errors |
| --- | --- | ---: | ---: | ---: | ---: | ---: |
${rows.join('\n')}
`;
    console.log(`\n${section}`);
    if (values.write) {
      const path = join(root, 'docs/performance.md');
      const previous = readFileSync(path, 'utf8');
      const start = previous.indexOf('\n## Search\n');
      const next = start >= 0 ? previous.indexOf('\n## ', start + 1) : -1;
      const updated =
        start < 0
          ? `${previous.trimEnd()}\n\n${section}`
          : `${previous.slice(0, start)}\n${section}${next >= 0 ? previous.slice(next) : ''}`;
      writeFileSync(path, updated);
      console.log(`Wrote the search section of ${path}`);
    }
  } finally {
    server.kill('SIGTERM');
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
