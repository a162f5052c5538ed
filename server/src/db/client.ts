import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { lockDataDir } from './data-dir-lock';
import { registerFastPath } from './raw';
import * as schema from './schema';
import { migrationsFolder, SQL_CODE_LOCK, sqlCode, sqlCodeIsCurrent } from './sql-code';
import { copyTemplate, defaultTemplateFolder, findTemplate, templateFingerprint } from './template';
import type { Db } from './types';

export { migrationsFolder };

export interface Database {
  db: Db;
  engine: 'pglite' | 'postgres';
  /** The postgres.js client itself (PostgreSQL only), for the benchmark's bare route. */
  raw?: postgres.Sql;
  /** PostgreSQL only: how many connections this process may open. */
  poolMax?: number;
  /** Applies pending migrations from migrations/, then the SQL code (db/sql-code.ts). */
  migrate(): Promise<void>;
  /**
   * Calls `onNotify` with the payload of each NOTIFY on `channel` (from any process on
   * PostgreSQL; PGlite is this process alone). Resolves to the function that stops listening.
   */
  listen(
    channel: string,
    onNotify: (payload: string) => void,
    /** Called each time the channel is heard from: at first, and after every reconnection. */
    onListen?: () => void,
  ): Promise<() => Promise<void>>;
  close(): Promise<void>;
  /** Embedded only: the template a new data directory was copied from in this open. */
  copiedFrom?: string;
}

export interface DatabaseOptions {
  url?: string | undefined;
  /** Embedded data directory; `memory://` keeps it in memory (tests). */
  dataDir?: string;
  poolMax?: number;
  /** PostgreSQL only: statement_timeout for every connection, in ms. */
  statementTimeoutMs?: number;
  /** Called with each statement's text when set (benchmarks count statements). */
  onQuery?: (sql: string) => void;
  /**
   * Embedded only: the folder of templates a new data directory is copied from (db/template.ts),
   * or false to always make a new database with initdb.
   */
  templates?: string | false;
  /**
   * Embedded only: a template to copy a new data directory from before the current empty one
   * (the demo template the build wrote, db/template.ts).
   */
  preferTemplate?: string;
}

/** Opens PostgreSQL when a URL is given, else the embedded PGlite in a locked data directory. */
export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  const logger = opts.onQuery ? { logQuery: (q: string) => opts.onQuery?.(q) } : undefined;
  if (opts.url) {
    const poolMax = opts.poolMax ?? 10;
    const client = postgres(opts.url, {
      max: poolMax,
      idle_timeout: 30,
      connect_timeout: 10,
      // postgres.js waits this long (s) before a closed connection connects again; its
      // default grows to 20 s while the database is down, and every call queued on that
      // connection waits it out. Capped at a fifth of a second, a call made while PostgreSQL is
      // gone is answered 503 within a second, and service resumes as soon as it is back.
      backoff: (retries: number) => Math.min(0.02 * 2 ** retries, 0.2),
      onnotice: () => {},
      connection: {
        // Short statements, many at once: JIT compiles for longer than they run (the figures'
        // plans cross its cost threshold), and parallel workers multiply processes on few cores.
        jit: 'off',
        max_parallel_workers_per_gather: 0,
        // Each process's own name, so /metrics counts this process's connections.
        application_name: `followthrough ${hostname()}:${process.pid}`.slice(0, 63),
        ...(opts.statementTimeoutMs ? { statement_timeout: opts.statementTimeoutMs } : {}),
      },
      ...(opts.onQuery ? { debug: (_conn: number, query: string) => opts.onQuery?.(query) } : {}),
    });
    const db = drizzlePostgres(client, { schema, casing: 'snake_case' }) as unknown as Db;
    registerFastPath(db, (text, params) =>
      client.unsafe(text, params as postgres.ParameterOrJSON<never>[], { prepare: true }),
    );
    return {
      db,
      raw: client,
      poolMax,
      engine: 'postgres',
      migrate: async () => {
        await migratePostgres(drizzlePostgres(client), { migrationsFolder });
        const code = sqlCode();
        const [found] = await client.unsafe(sqlCodeIsCurrent(code));
        if (found?.current) return;
        // Several processes may start at once: one applies the code at a time.
        await client.begin(async (tx) => {
          await tx`select pg_advisory_xact_lock(${SQL_CODE_LOCK})`;
          for (const part of code) await tx.unsafe(part.text).simple();
        });
      },
      listen: async (channel, onNotify, onListen) => {
        // postgres.js keeps one dedicated connection for every listener of this client.
        const { unlisten } = await client.listen(channel, onNotify, onListen);
        return unlisten;
      },
      close: () => client.end({ timeout: 5 }),
    };
  }
  const dataDir = opts.dataDir ?? './data';
  const inMemory = dataDir.startsWith('memory://');
  const release = inMemory ? () => {} : lockDataDir(dataDir);
  try {
    const pgDir = inMemory ? dataDir : join(resolve(dataDir), 'pg');
    // A new data directory starts as a copy of the current template, when the build made one.
    let copiedFrom: string | undefined;
    if (!inMemory && !existsSync(join(pgDir, 'PG_VERSION'))) {
      copiedFrom =
        opts.preferTemplate && copyTemplate(opts.preferTemplate, pgDir)
          ? opts.preferTemplate
          : copyFromTemplate(opts.templates ?? defaultTemplateFolder, pgDir);
    }
    const fresh = inMemory || !existsSync(join(pgDir, 'PG_VERSION'));
    const client = await PGlite.create(pgDir, {
      ...(fresh ? await compiledPglite() : {}),
      // One process, one connection, an organisation's data: initdb's 128 MB of buffers are
      // zeroed at every open (half of it), and the operating system caches the files anyway.
      startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB'],
    });
    const db = drizzlePglite(client, { schema, casing: 'snake_case', logger }) as unknown as Db;
    registerFastPath(db, async (text, params) => (await client.query(text, params)).rows);
    return {
      db,
      engine: 'pglite',
      ...(copiedFrom ? { copiedFrom } : {}),
      migrate: async () => {
        await migratePglite(drizzlePglite(client), { migrationsFolder });
        const code = sqlCode();
        const found = await client.query<{ current: boolean }>(sqlCodeIsCurrent(code));
        if (found.rows[0]?.current) return;
        await client.transaction(async (tx) => {
          for (const part of code) await tx.exec(part.text);
        });
      },
      listen: async (channel, onNotify, onListen) => {
        const unlisten = await client.listen(channel, onNotify);
        onListen?.();
        return () => unlisten();
      },
      close: async () => {
        try {
          await client.close();
        } finally {
          release();
        }
      },
    };
  } catch (err) {
    release();
    throw err;
  }
}

/**
 * Copies the template matching this code into the new data directory `pgDir` (db/template.ts).
 * Without one (a start without a build, or code changed since), initdb makes the database.
 */
function copyFromTemplate(templates: string | false, pgDir: string): string | undefined {
  if (templates === false) return undefined;
  try {
    const template = findTemplate(templates, templateFingerprint(migrationsFolder));
    return template !== undefined && copyTemplate(template, pgDir) ? template : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A new database is made by initdb in a second PGlite instance before the real one opens:
 * compiled once here, the 9 MB PostgreSQL module serves both instead of being compiled twice.
 */
async function compiledPglite() {
  // Node has WebAssembly; the server's TypeScript lib (no DOM) does not declare it.
  const { WebAssembly } = globalThis as unknown as {
    WebAssembly: { compile(bytes: Uint8Array): Promise<never> };
  };
  const dist = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  const [pgliteWasmModule, initdbWasmModule] = await Promise.all([
    readFile(join(dist, 'pglite.wasm')).then((bytes) => WebAssembly.compile(bytes)),
    readFile(join(dist, 'initdb.wasm')).then((bytes) => WebAssembly.compile(bytes)),
  ]);
  return { pgliteWasmModule, initdbWasmModule };
}

export function embeddedDataExists(dataDir: string): boolean {
  return existsSync(join(resolve(dataDir), 'pg', 'PG_VERSION'));
}
