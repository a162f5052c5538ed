import { sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './config';
import type { Database } from './db/client';
import { rowsOf } from './db/raw';
import { people } from './db/schema';
import { hashPassword } from './modules/auth/auth.service';
import { isDatabaseEmpty, seedDemo } from './seed';

/** Migrates, then seeds the demo organisation or creates the first admin, as configured. */
export async function prepareDatabase(
  database: Database,
  config: Config,
  log: Pick<FastifyBaseLogger, 'info'>,
  demoRequests: number,
) {
  await database.migrate();
  const wantsDemo =
    config.SEED_DEMO === 'always' || (config.SEED_DEMO === 'auto' && database.engine === 'pglite');
  if (wantsDemo && (await isDatabaseEmpty(database.db))) {
    const started = Date.now();
    await seedDemo(database.db, {
      requests: demoRequests,
      seed: 1,
      now: new Date(),
      passwordHash: await hashPassword('followthrough'),
    });
    log.info({ requests: demoRequests, ms: Date.now() - started }, 'seeded the demo organisation');
  }
  if (config.ADMIN_EMAIL && config.ADMIN_PASSWORD) {
    await ensureAdmin(database, {
      email: config.ADMIN_EMAIL,
      password: config.ADMIN_PASSWORD,
      name: config.ADMIN_NAME,
    });
  }
}

/** Creates an admin with this email unless one exists (then nothing changes). */
export async function ensureAdmin(
  database: Database,
  input: { email: string; password: string; name: string },
): Promise<'created' | 'exists'> {
  const found = await database.db.execute(
    sql`select id from people where lower(email) = lower(${input.email})`,
  );
  if (rowsOf(found).length > 0) return 'exists';
  await database.db.insert(people).values({
    email: input.email,
    name: input.name,
    role: 'admin',
    passwordHash: await hashPassword(input.password),
  });
  return 'created';
}
