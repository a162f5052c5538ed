import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project's folder, found from this module's place, so the paths below hold both when the
 * server runs from its sources and when it runs as the one built file (server/dist).
 */
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'migrations')) && existsSync(join(dir, 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the project folder (with migrations/)');
    dir = up;
  }
}

export const projectRoot = findRoot();
/** drizzle-kit's migrations, applied before the SQL code. */
export const migrationsFolder = join(projectRoot, 'migrations');
/** The SQL code: functions, triggers and views (db/sql-code.ts). */
export const sqlFolder = join(projectRoot, 'server/src/db/sql');
/** The built web app. */
export const clientDist = join(projectRoot, 'client/dist');
