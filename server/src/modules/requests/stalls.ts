import { sql } from 'drizzle-orm';
import { rowsOf } from '../../db/raw';
import type { Db } from '../../db/types';

/**
 * Brings the kept stalled moments of open requests up to date after a fact behind them changed
 * outside the request (a category's targets, an owner's deactivation): the admin's transaction
 * queued it (stalls_queue), and this works it off in batches of `batch` requests, each its own
 * short transaction (db/sql/stalled.sql). Returns how many moments moved, or null when another
 * runner holds the job.
 */
export async function refreshStalls(db: Db, batch = 500): Promise<number | null> {
  let total = 0;
  for (;;) {
    const [row] = rowsOf<{ n: number | null }>(
      await db.execute(sql`select stalls_refresh(${batch}::int) as n`),
    );
    if (row?.n === null || row?.n === undefined) return total === 0 ? null : total;
    total += Number(row.n);
    if (Number(row.n) < batch) return total;
  }
}
