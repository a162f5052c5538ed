import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';

export class DataDirLockedError extends Error {}

interface Holder {
  pid: number;
  host: string;
  startedAt: string;
}

/** Whether a process of this machine is running (one we may not signal still is). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One embedded data directory, one process: PGlite has no postmaster to refuse
 * a second opener, and two writers would corrupt it. A lock file left by a
 * process that died is taken over.
 */
export function lockDataDir(dir: string): () => void {
  const abs = resolve(dir);
  mkdirSync(abs, { recursive: true });
  const file = join(abs, 'followthrough.lock');
  const me: Holder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, JSON.stringify(me));
      closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        rmSync(file, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let holder: Holder | undefined;
      try {
        holder = JSON.parse(readFileSync(file, 'utf8')) as Holder;
      } catch {
        holder = undefined;
      }
      if (holder && (holder.host !== me.host || alive(holder.pid))) {
        throw new DataDirLockedError(
          `The data directory ${abs} is in use by process ${holder.pid} on ${holder.host} (started ${holder.startedAt}). Stop that process or set DATA_DIR to another directory.`,
        );
      }
      // The holder is gone (or the file is unreadable debris): take over.
      rmSync(file, { force: true });
    }
  }
  throw new DataDirLockedError(`Could not lock the data directory ${abs}.`);
}
