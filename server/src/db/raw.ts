import type { SQL } from 'drizzle-orm';
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

/**
 * Runs a read and returns its rows. On the top-level database it goes
 * through the driver as a named prepared statement (postgres.js caches one
 * per statement text and connection); inside a transaction it runs there.
 */
export async function queryRows<T>(
  executor: object & { execute: (q: SQL) => Promise<unknown> },
  query: SQL,
): Promise<T[]> {
  const fast = fastPaths.get(executor);
  if (fast) {
    const { sql, params } = compile(query);
    return (await fast(sql, params)) as T[];
  }
  return rowsOf<T>(await executor.execute(query));
}
