import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');

interface Run {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startServer(env: Record<string, string>): Run {
  let out = '';
  // node --import tsx: one process, so child.pid is the server itself (the tsx CLI forks).
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/server.ts'], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'info', DATABASE_URL: '', DEMO_REQUESTS: '40', ...env },
  });
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

async function waitFor(run: Run, text: string, ms = 150_000) {
  const start = Date.now();
  while (!run.output().includes(text)) {
    if (Date.now() - start > ms)
      throw new Error(`timed out waiting for "${text}":\n${run.output()}`);
    if (run.child.exitCode !== null) throw new Error(`exited early:\n${run.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('the server process', () => {
  it('refuses to start on a bad configuration value, naming it', { timeout: 60_000 }, async () => {
    const run = startServer({ PORT: 'eighty', DATA_DIR: 'memory://' });
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('PORT');
  });

  it('serves the embedded database, and a second process on the same data directory refuses', {
    timeout: 180_000,
  }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ft-data-'));
    dirs.push(dataDir);
    const port = String(20_000 + Math.floor(Math.random() * 20_000));
    const first = startServer({ DATA_DIR: dataDir, PORT: port });
    try {
      await waitFor(first, 'Followthrough is ready');
      // What a person sees: what it is doing, then where and how to sign in.
      expect(first.output()).toContain('Preparing a new embedded database');
      expect(first.output()).toContain('Writing the demo organisation "Lakeside Community Center"');
      expect(first.output()).toMatch(
        /Ready in [\d.]+ s at http:\/\/127\.0\.0\.1:\d+ — sign in as admin@example\.org/,
      );
      const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'staff@example.org', password: 'followthrough' }),
      });
      expect(login.status).toBe(200);

      const second = startServer({ DATA_DIR: dataDir, PORT: String(Number(port) + 1) });
      expect(await second.exited).toBe(1);
      expect(second.output()).toContain(`in use by process ${first.child.pid}`);

      // The first process and its data are untouched.
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).toBe(200);
    } finally {
      first.child.kill('SIGTERM');
    }
    expect(await first.exited).toBe(0);

    // After a clean stop the directory opens again, with the same data.
    const third = startServer({ DATA_DIR: dataDir, PORT: port });
    try {
      await waitFor(third, 'Followthrough is ready');
      expect(third.output()).not.toContain('seeded the demo organisation');
      expect(third.output()).toContain('Opening the embedded database');
      expect(third.output()).not.toContain('Writing the demo organisation');
    } finally {
      third.child.kill('SIGTERM');
      await third.exited;
    }
  });
});
