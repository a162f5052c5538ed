import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import postgres from 'postgres';
import sharp from 'sharp';
import { openDatabase } from '../../server/src/db/client';
import { makeOrg, PASSWORD } from '../support/factories';
import { startServer as startProcess, waitReady as waitUntilReady } from './server';

const _root = join(import.meta.dirname, '../..');
const { values } = parseArgs({
  options: {
    connections: { type: 'string', default: '10' },
    uploads: { type: 'string', default: '5' },
    duration: { type: 'string', default: '10' },
    port: { type: 'string', default: '3988' },
  },
});
const connections = Number(values.connections);
const perConnection = Number(values.uploads);
const port = Number(values.port);
const base = `http://127.0.0.1:${port}`;
const url =
  process.env.BENCH_UPLOADS_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/followthrough_bench_uploads';

async function freshDatabase() {
  const u = new URL(url);
  const name = u.pathname.slice(1);
  u.pathname = '/postgres';
  const admin = postgres(u.toString(), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end();
  }
}

const startServer = () => startProcess(url, port);
const waitReady = () => waitUntilReady(port);

const rssMb = (pid: number) => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
};

/** Samples the server's RSS every 25 ms while `work` runs; the peak. */
async function peakRss<T>(pid: number, work: () => Promise<T>) {
  let peak = rssMb(pid);
  const timer = setInterval(() => {
    peak = Math.max(peak, rssMb(pid));
  }, 25);
  try {
    const result = await work();
    return { result, peak: Math.max(peak, rssMb(pid)) };
  } finally {
    clearInterval(timer);
  }
}

/** A photo of about `mb` megabytes: noise, which JPEG cannot shrink, with EXIF as a camera writes. */
async function photo(mb: number) {
  const side = Math.round(Math.sqrt((mb * 1024 * 1024) / 1.05));
  return sharp(randomBytes(side * side * 3), { raw: { width: side, height: side, channels: 3 } })
    .jpeg({ quality: 92 })
    .withExif({ IFD0: { Make: 'Bench', Model: 'Phone' } })
    .toBuffer();
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
};

async function main() {
  await freshDatabase();
  const database = await openDatabase({ url, poolMax: 2 });
  await database.migrate();
  const org = await makeOrg(database.db);
  await database.close();

  const server = startServer();
  const pid = server.pid!;
  try {
    await waitReady();
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: org.staff.email, password: PASSWORD }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const newRequest = async () => {
      const res = await fetch(`${base}/api/requests`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify({
          title: 'Treadmill belt slips',
          desiredOutcome: 'Belt runs true',
          categoryId: org.equipment.id,
        }),
      });
      return ((await res.json()) as { id: string }).id;
    };
    const upload = async (requestId: string, bytes: Buffer) => {
      const body = new FormData();
      body.append('file', new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }), 'photo.jpg');
      const started = performance.now();
      const res = await fetch(`${base}/api/requests/${requestId}/attachments`, {
        method: 'POST',
        headers: { cookie },
        body,
      });
      const json = (await res.json()) as { id: string };
      if (res.status !== 201) throw new Error(`upload: ${res.status} ${JSON.stringify(json)}`);
      return { ms: performance.now() - started, id: json.id };
    };

    const three = await photo(3);
    const one = await photo(1);
    console.log(
      `Photos: ${(three.length / 1048576).toFixed(2)} MiB and ${(one.length / 1048576).toFixed(2)} MiB JPEG (with EXIF: re-encoded on upload)`,
    );

    // Warm up: the first decode loads libvips.
    const warm = await newRequest();
    for (let i = 0; i < 3; i++) await upload(warm, three);
    const idle = rssMb(pid);

    const single = await newRequest();
    const alone: number[] = [];
    let servedId = '';
    for (let i = 0; i < 15; i++) {
      const r = await upload(single, three);
      alone.push(r.ms);
      servedId = r.id;
    }

    const concurrent = async (bytes: Buffer) => {
      const ids = await Promise.all(Array.from({ length: connections }, () => newRequest()));
      const times: number[] = [];
      const started = performance.now();
      const { peak } = await peakRss(pid, () =>
        Promise.all(
          ids.map(async (id) => {
            for (let i = 0; i < perConnection; i++) times.push((await upload(id, bytes)).ms);
          }),
        ),
      );
      const seconds = (performance.now() - started) / 1000;
      return { times, peak, rate: times.length / seconds };
    };
    const big = await concurrent(three);
    const small = await concurrent(one);

    const serve = await peakRss(pid, () =>
      autocannon({
        url: `${base}/api/attachments/${servedId}`,
        connections,
        duration: Number(values.duration),
        headers: { cookie },
      }),
    );
    const cached = await autocannon({
      url: `${base}/api/attachments/${servedId}`,
      connections,
      duration: 5,
      headers: {
        cookie,
        'if-none-match': (
          await fetch(`${base}/api/attachments/${servedId}`, { headers: { cookie } })
        ).headers.get('etag')!,
      },
    });

    const f = (n: number) => n.toFixed(0);
    console.log('');
    console.log('| scenario | result |');
    console.log('| --- | --- |');
    console.log(
      `| upload 3 MB photo, one at a time (15) | p50 ${f(quantile(alone, 0.5))} ms, p95 ${f(quantile(alone, 0.95))} ms |`,
    );
    console.log(
      `| upload 3 MB photo, ${connections} connections × ${perConnection} | p50 ${f(quantile(big.times, 0.5))} ms, p95 ${f(quantile(big.times, 0.95))} ms, ${big.rate.toFixed(1)} uploads/s |`,
    );
    console.log(
      `| upload 1 MB photo, ${connections} connections × ${perConnection} | p50 ${f(quantile(small.times, 0.5))} ms, p95 ${f(quantile(small.times, 0.95))} ms, ${small.rate.toFixed(1)} uploads/s |`,
    );
    console.log(
      `| server RSS | idle after warm-up ${f(idle)} MB; peak during 3 MB × ${connections}: ${f(big.peak)} MB; during 1 MB × ${connections}: ${f(small.peak)} MB |`,
    );
    const s = serve.result;
    console.log(
      `| serve the 3 MB attachment, ${connections} connections, ${values.duration} s | ${f(s.requests.average)} req/s, p50 ${s.latency.p50} ms, p97.5 ${s.latency.p97_5} ms, ${(s.throughput.average / 1048576).toFixed(0)} MiB/s, ${s.non2xx} non-2xx; peak RSS ${f(serve.peak)} MB |`,
    );
    console.log(
      `| revalidate it (If-None-Match → 304) | ${f(cached.requests.average)} req/s, p50 ${cached.latency.p50} ms, p97.5 ${cached.latency.p97_5} ms |`,
    );
  } finally {
    server.kill('SIGTERM');
  }
}

await main();
