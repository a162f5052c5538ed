import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { type Database, openDatabase } from '../../server/src/db/client';

const tables = [
  'mail_outbox',
  'notifications',
  'stream_queue',
  'stream_events',
  'job_marks',
  'figure_queue',
  'figure_durations',
  'figure_weeks',
  'figure_week_buckets',
  'figure_requests',
  'figure_request_events',
  'figure_days',
  'events',
  'handoffs',
  'idempotency_keys',
  'sessions',
  'api_tokens',
  'requests',
  'category_targets',
  'categories',
  'locations',
  'team_members',
  'teams',
  'people',
  'settings',
];

/** A fresh database per worker on the real server, derived from TEST_DATABASE_URL. */
async function workerDatabaseUrl(base: string, label: string): Promise<string> {
  const url = new URL(base);
  const name = `${url.pathname.slice(1) || 'test'}_${label}_w${process.env.VITEST_POOL_ID ?? '0'}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  url.pathname = `/${name}`;
  return url.toString();
}

const cache = globalThis as {
  __ftTestDbs?: Map<string, Promise<Database>>;
  __ftTestUrls?: Map<string, string>;
};

/**
 * The worker's migrated database: PGlite in memory by default, PostgreSQL
 * when TEST_DATABASE_URL is set. Opened once per worker.
 */
export function testDatabase(label = 'server'): Promise<Database> {
  cache.__ftTestDbs ??= new Map();
  let found = cache.__ftTestDbs.get(label);
  if (!found) {
    found = (async () => {
      const base = usesPostgres() ? process.env.TEST_DATABASE_URL : undefined;
      const url = base ? await workerDatabaseUrl(base, label) : undefined;
      if (url) {
        cache.__ftTestUrls ??= new Map();
        cache.__ftTestUrls.set(label, url);
      }
      const database = url
        ? await openDatabase({ url, poolMax: 25 })
        : await openDatabase({ dataDir: 'memory://' });
      await database.migrate();
      return database;
    })();
    cache.__ftTestDbs.set(label, found);
  }
  return found;
}

/** The vitest project says which engine (FT_TEST_ENGINE); PostgreSQL needs TEST_DATABASE_URL. */
export const usesPostgres = () =>
  process.env.FT_TEST_ENGINE === 'postgres' && Boolean(process.env.TEST_DATABASE_URL);

export const engine = () => (usesPostgres() ? 'postgres' : 'pglite');

/** Empties every table; identities restart so keys read REQ-1, REQ-2… in each test. */
export async function resetDatabase(database: Database) {
  await database.db.execute(
    sql.raw(`truncate ${tables.map((t) => `"${t}"`).join(', ')} restart identity cascade`),
  );
}

/**
 * Another process's view of the same database: its own pool on PostgreSQL.
 * PGlite is one connection in this process, so it is shared (and close is a no-op).
 */
export async function secondConnection(label = 'server'): Promise<Database> {
  const first = await testDatabase(label);
  const url = cache.__ftTestUrls?.get(label);
  if (!url) return { ...first, close: async () => {} };
  return openDatabase({ url, poolMax: 25 });
}
