/** The server as its own process for the benchmarks: production mode, no periodic jobs. */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../..');

export function startServer(
  url: string,
  port: number,
  options: { env?: Record<string, string>; nodeArgs?: string[] } = {},
): ChildProcess {
  return spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), '--import', 'tsx', 'server/src/server.ts'],
    {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: url,
        PORT: String(port),
        LOG_LEVEL: 'warn',
        JOBS_INTERVAL_MS: '0',
        LOGIN_RATE_MAX: '1000',
        NODE_ENV: 'production',
        ...options.env,
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
}

export async function waitReady(port: number) {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('server did not become ready');
}
