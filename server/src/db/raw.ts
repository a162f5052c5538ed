import { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';

/** postgres.js returns an array from db.execute(); PGlite returns { rows }. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

const dialect = new PgDialect({ casing: 'snake_case' });

/** Compiles a drizzle `sql` template to text and parameters. */
export const compile = (query: SQL) => dialect.sqlToQuery(query);

type RowsFn = (text: string, params: unknown[]) => Promise<unknown[]>;
const fastPaths = new WeakMap<object, RowsFn>();

/** Registers the driver's prepared-statement path for this database object. */
export function registerFastPath(db: object, fn: RowsFn) {
  fastPaths.set(db, fn);
}

interface DriverClient {
  unsafe?: (text: string, params: unknown[], opts: { prepare: boolean }) => Promise<unknown[]>;
  query?: (text: string, params: unknown[]) => Promise<{ rows: unknown[] }>;
}

/**
 * The driver's own path for an executor: the database's registered one, or in
 * an open transaction the driver's transaction itself (drizzle keeps it as
 * its session's client), so statements there are prepared too.
 */
function driverOf(executor: object): RowsFn | undefined {
  const known = fastPaths.get(executor);
  if (known) return known;
  const client = (executor as { session?: { client?: DriverClient } }).session?.client;
  const unsafe = client?.unsafe;
  if (unsafe) return (text, params) => unsafe.call(client, text, params, { prepare: true });
  const query = client?.query;
  if (query) return async (text, params) => (await query.call(client, text, params)).rows;
  return undefined;
}

/** A drizzle `sql` template or a query builder (insert, update…), not yet run. */
export type Statement = SQL | { toSQL(): { sql: string; params: unknown[] } };

/**
 * Runs a statement and returns its rows, as a named prepared statement
 * (postgres.js caches one per statement text and connection), on the
 * database or in a transaction. A builder's rows come back as the database
 * names its columns (alias them in `returning`).
 */
export async function queryRows<T>(
  executor: object & { execute: (q: SQL) => Promise<unknown> },
  query: Statement,
): Promise<T[]> {
  const driver = driverOf(executor);
  const compiled = query instanceof SQL ? compile(query) : query.toSQL();
  if (driver) return (await driver(compiled.sql, compiled.params)) as T[];
  if (!(query instanceof SQL)) throw new Error('a query builder needs a driver to run on');
  return rowsOf<T>(await executor.execute(query));
}
