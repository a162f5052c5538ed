/**
 * npm run bench:start -- [--runs 1] [--requests 1500] [--port 3986]
 *
 * How long the first start takes: the real server process (`node
 * server/dist/server.mjs`, what `npm run serve` runs after `npm run build`) on a new embedded data
 * directory, timed from spawn until /readyz answers 200, then stopped and
 * started again on the same directory (the reopen). A third start on another new directory sees
 * only the empty template, as when the build's demo is over a day old: it writes the demo
 * itself. Prints wall time, the server's CPU time until ready (steadier than wall time on a
 * shared machine), the load average, and the server's own lines.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { migrationsFolder } from '../../server/src/db/sql-code';
import {
  defaultTemplateFolder,
  findTemplate,
  templateFingerprint,
} from '../../server/src/db/template';

const root = join(import.meta.dirname, '../..');

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '1' },
    requests: { type: 'string', default: '1500' },
    port: { type: 'string', default: '3986' },
  },
});
const runs = Number(values.runs);
const built = join(root, 'server/dist/server.mjs');
if (!existsSync(built)) {
  console.error('No built server: run `npm run build` first (npm start does).');
  process.exit(1);
}
const port = Number(values.port);

/** User + system CPU seconds of a process so far (Linux), or NaN elsewhere. */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

interface Start {
  wallS: number;
  cpuS: number;
  load: number;
  lines: string[];
}

async function start(dataDir: string, env: Record<string, string> = {}): Promise<Start> {
  const load = loadavg()[0]!;
  const began = performance.now();
  const child: ChildProcess = spawn(process.execPath, ['--enable-source-maps', built], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: '',
      DATA_DIR: dataDir,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      DEMO_REQUESTS: values.requests,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the server exited:\n${out}`);
      const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (performance.now() - began > 300_000) throw new Error(`not ready after 300 s:\n${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return {
      wallS: (performance.now() - began) / 1000,
      cpuS: cpuSeconds(child.pid!),
      load,
      lines: out.split('\n').filter((l) => l && !l.startsWith('{')),
    };
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

const row = (what: string, s: Start) =>
  `| ${what} | ${s.wallS.toFixed(1)} s | ${s.cpuS.toFixed(1)} s | ${s.load.toFixed(1)} |`;

// A template folder with the empty template alone: the start writes the demo itself.
const fingerprint = templateFingerprint(migrationsFolder);
const empty = findTemplate(defaultTemplateFolder, fingerprint);
if (!empty) {
  console.error('No template for the current code: run `npm run build` first.');
  process.exit(1);
}
const emptyOnly = mkdtempSync(join(tmpdir(), 'ft-templates-'));
cpSync(empty, join(emptyOnly, fingerprint), { recursive: true });

const rows: string[] = [];
try {
  for (let i = 0; i < runs; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'ft-start-'));
    const written = mkdtempSync(join(tmpdir(), 'ft-start-'));
    try {
      const fresh = await start(dir);
      for (const l of fresh.lines) console.log(`  ${l}`);
      const reopen = await start(dir);
      const writing = await start(written, { TEMPLATE_DIR: emptyOnly });
      for (const l of writing.lines) console.log(`  ${l}`);
      rows.push(
        row('fresh data directory (the demo the build wrote)', fresh),
        row('reopen', reopen),
        row('fresh data directory, demo written at start', writing),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(written, { recursive: true, force: true });
    }
  }
} finally {
  rmSync(emptyOnly, { recursive: true, force: true });
}
console.log(
  `\nFirst start, ${values.requests} demo requests, Node ${process.version}, ${cpus().length} cores:\n`,
);
console.log('| start | until /readyz 200 | server CPU | load average before |');
console.log('| --- | --- | --- | --- |');
for (const r of rows) console.log(r);
