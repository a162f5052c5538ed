import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/raw';
import type { Db } from '../../db/types';

interface Item {
  categoryId: string | null;
  ownerId: string | null;
  seen: string;
  /** When the earliest of the item's queued rows was queued. */
  queuedAt: string;
  /** Whether every one of them has had a whole pass. */
  swept: boolean;
}

/**
 * Brings the kept stalled moments of open requests up to date after a fact behind them changed
 * outside the request (a category's targets, an owner's deactivation): the admin's transaction
 * queued it (stalls_queue), and this works it off in batches of `batch` requests in id order,
 * each its own short statement (db/sql/stalled.sql), so a writer of one of those requests waits
 * at most for one batch. An item gets one pass over all its open requests, then, until it is
 * dropped, passes over those written since it was queued. Returns how many moments moved, or
 * null when another runner holds the job.
 */
export async function refreshStalls(db: Db, batch = 100): Promise<number | null> {
  const items = await queryRows<Item>(
    db,
    sql`select category_id as "categoryId", owner_id as "ownerId", max(id)::text as seen,
        min(queued_at)::text as "queuedAt", bool_and(swept_at is not null) as swept
      from stalls_queue group by 1, 2 order by min(id)`,
  );
  let moved = 0;
  for (const item of items) {
    // A writer that raced the admin wrote the request after the change was queued.
    const since = item.swept ? sql`${item.queuedAt}::timestamptz - interval '1 minute'` : sql`null`;
    let after: string | null = null;
    for (;;) {
      const rows: { last_id: string | null; moved: number }[] = await queryRows(
        db,
        sql`select last_id, moved from stalls_refresh_batch(${item.categoryId}::uuid,
          ${item.ownerId}::uuid, ${after}::uuid, ${since}, ${batch}::int)`,
      );
      const row = rows[0];
      if (!row) return moved === 0 ? null : moved;
      moved += row.moved;
      if (row.last_id === null) break;
      after = row.last_id;
    }
    await queryRows(
      db,
      sql`select stalls_swept(${item.categoryId}::uuid, ${item.ownerId}::uuid, ${item.seen}::bigint)`,
    );
  }
  return moved;
}
