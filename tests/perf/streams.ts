/**
 * Opens many live streams (`GET /api/stream`) in a process of its own and measures how soon a
 * committed change reaches them: a probe comments on one request every `everyMs`, and each
 * stream notes when that comment's `request.changed` arrives, counted from the moment the
 * comment's 201/200 came back (the commit is acknowledged by then). Run by bench.ts:
 *
 *   tsx tests/perf/streams.ts <spec.json>
 *
 * It prints `{"opened": n}` once every stream has answered, probes from the first line on
 * stdin to the second, and prints its numbers as one JSON line.
 */

import { readFileSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { createInterface } from 'node:readline';

interface Spec {
  base: string;
  cookie: string;
  count: number;
  everyMs: number;
  probe: { key: string; id: string; cookie: string };
}

const spec = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as Spec;
const base = new URL(spec.base);

/** When each probe version's write was acknowledged. */
const acknowledged = new Map<number, number>();
const latencies: number[] = [];
let early = 0;
let closedByServer = 0;
let probing = false;
const seenBy: Set<number>[] = [];

function open(index: number): Promise<void> {
  const seen = new Set<number>();
  seenBy[index] = seen;
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: base.hostname,
        port: base.port,
        path: '/api/stream',
        headers: { cookie: spec.cookie, accept: 'text/event-stream' },
      },
      (res: IncomingMessage) => {
        if (res.statusCode !== 200) {
          reject(new Error(`stream ${index}: ${res.statusCode}`));
          return;
        }
        res.setEncoding('utf8');
        let buffer = '';
        res.on('data', (chunk: string) => {
          resolve();
          buffer += chunk;
          // The clients share the server's two cores: what is not the probe's is passed over
          // without being split into events.
          if (!probing || !buffer.includes(spec.probe.id)) {
            const cut = buffer.lastIndexOf('\n\n');
            if (cut >= 0) buffer = buffer.slice(cut + 2);
            return;
          }
          let end = buffer.indexOf('\n\n');
          while (end >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            end = buffer.indexOf('\n\n');
            // Only the probe's changes are parsed; the rest are counted as bytes.
            if (!probing || !block.includes(spec.probe.id)) continue;
            const data = block.split('\n').find((l) => l.startsWith('data:'));
            if (!data) continue;
            const version = (JSON.parse(data.slice(5)) as { version: number }).version;
            if (seen.has(version)) continue;
            seen.add(version);
            const at = acknowledged.get(version);
            if (at === undefined) early++;
            latencies.push(at === undefined ? 0 : Math.max(0, performance.now() - at));
          }
        });
        res.on('end', () => {
          closedByServer++;
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function probeOnce(): Promise<void> {
  const started = performance.now();
  const res = await fetch(`${spec.base}/api/requests/${spec.probe.key}/comments`, {
    method: 'POST',
    headers: { cookie: spec.probe.cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ body: 'Probe: is the floor still taped off?' }),
  });
  const body = (await res.json()) as { version?: number };
  if (res.ok && typeof body.version === 'number') acknowledged.set(body.version, performance.now());
  const wait = spec.everyMs - (performance.now() - started);
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
}

async function main() {
  // A few at a time, as browsers arriving would.
  for (let i = 0; i < spec.count; i += 50) {
    await Promise.all(Array.from({ length: Math.min(50, spec.count - i) }, (_, j) => open(i + j)));
  }
  console.log(JSON.stringify({ opened: spec.count }));
  const lines = createInterface({ input: process.stdin });
  let said = 0;
  let start!: () => void;
  const started = new Promise<void>((resolve) => {
    start = resolve;
  });
  lines.on('line', () => {
    said++;
    if (said === 1) start();
  });
  await started;
  probing = true;
  const cpuFrom = process.cpuUsage();
  const wallFrom = performance.now();
  while (said < 2) await probeOnce();
  const cpu = process.cpuUsage(cpuFrom);
  const wall = performance.now() - wallFrom;
  // The last probes' deliveries.
  await new Promise((r) => setTimeout(r, 2000));
  const versions = [...acknowledged.keys()];
  const missed = seenBy.reduce((sum, seen) => sum + versions.filter((v) => !seen.has(v)).length, 0);
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  console.log(
    JSON.stringify({
      streams: spec.count,
      probes: versions.length,
      deliveries: latencies.length,
      missed,
      early,
      closedByServer,
      p50: Math.round(at(0.5) * 10) / 10,
      p95: Math.round(at(0.95) * 10) / 10,
      max: Math.round((sorted.at(-1) ?? 0) * 10) / 10,
      // Of one core, while probing: what these clients took from the machine's two.
      clientCpuShare: Math.round(((cpu.user + cpu.system) / 1000 / wall) * 100) / 100,
    }),
  );
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
