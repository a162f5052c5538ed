import { sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './config';
import type { Database } from './db/client';
import { rowsOf } from './db/raw';
import { people } from './db/schema';
import { recordAudit } from './modules/audit/audit.queries';
import { hashPassword } from './modules/auth/auth.service';
import { isDatabaseEmpty, seedDemo } from './seed';

/** The password of every demo sign-in (README, SPEC §11). */
export const demoPassword = 'followthrough';

/** Whether this configuration writes the demo organisation into an empty database. */
export function wantsDemo(config: Config, engine: Database['engine']): boolean {
  return config.SEED_DEMO === 'always' || (config.SEED_DEMO === 'auto' && engine === 'pglite');
}

export interface PrepareOptions {
  /** How many demo requests to write (the year of requests). */
  demoRequests: number;
  /** The demo password's hash, when it was started earlier (it takes a second of CPU). */
  demoPasswordHash?: Promise<string>;
  /** Called once the migrations and the SQL code are in: the database can be read. */
  onMigrated?: () => Promise<void>;
  /** A line for the person watching the start. */
  say?: (line: string) => void;
}

const fmt = (n: number) => n.toLocaleString('en-US');
const since = (t: number) => `${((performance.now() - t) / 1000).toFixed(1)} s`;

/** Migrates, then seeds the demo organisation or creates the first admin, as configured. */
export async function prepareDatabase(
  database: Database,
  config: Config,
  log: Pick<FastifyBaseLogger, 'info'>,
  opts: PrepareOptions,
) {
  const say = opts.say ?? (() => {});
  const migrating = performance.now();
  await database.migrate();
  log.info({ ms: Math.round(performance.now() - migrating) }, 'migrated the database');
  await opts.onMigrated?.();
  if (wantsDemo(config, database.engine) && (await isDatabaseEmpty(database.db))) {
    const started = performance.now();
    await writeDemo(database, {
      requests: opts.demoRequests,
      now: new Date(),
      ...(opts.demoPasswordHash ? { passwordHash: opts.demoPasswordHash } : {}),
      say,
    });
    log.info(
      { requests: opts.demoRequests, ms: Math.round(performance.now() - started) },
      'seeded the demo organisation',
    );
  }
  if (config.ADMIN_EMAIL && config.ADMIN_PASSWORD) {
    await ensureAdmin(database, {
      email: config.ADMIN_EMAIL,
      password: config.ADMIN_PASSWORD,
      name: config.ADMIN_NAME,
    });
  }
}

/** The seed of the demo's year of requests: every demo is the same desk. */
export const demoSeed = 1;

/** Writes the demo organisation and its year of requests ending at `now` into an empty database. */
export async function writeDemo(
  database: Database,
  opts: {
    requests: number;
    now: Date;
    passwordHash?: Promise<string>;
    say?: (line: string) => void;
  },
) {
  const say = opts.say ?? (() => {});
  const count = opts.requests;
  say(
    `Writing the demo organisation "Lakeside Community Center" (${fmt(count)} requests over a year)…`,
  );
  let step = performance.now();
  await seedDemo(database.db, {
    requests: count,
    seed: demoSeed,
    now: opts.now,
    passwordHash: await (opts.passwordHash ?? hashPassword(demoPassword)),
    onStep: (s) => {
      if (s === 'figures')
        say(`  ${fmt(count)} requests written in ${since(step)}; counting the figures…`);
      step = performance.now();
    },
  });
  say(`  figures counted in ${since(step)}.`);
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
  const passwordHash = await hashPassword(input.password);
  await database.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(people)
      .values({ email: input.email, name: input.name, role: 'admin', passwordHash })
      .returning({ id: people.id, name: people.name, email: people.email, role: people.role });
    // The system's act: the first admin, from ADMIN_EMAIL at a start.
    await recordAudit(tx, {
      actorId: null,
      entityType: 'person',
      entityId: row!.id,
      action: 'created as the first admin',
      after: { ...row, active: true, teamIds: [] },
    });
  });
  return 'created';
}
