import { and, asc, eq, lte, sql } from 'drizzle-orm';
import { rowsOf } from '../../db/raw';
import { requests } from '../../db/schema';
import type { Db } from '../../db/types';
import type { Change } from '../../domain/change';
import { autoConfirm } from '../../domain/outcomes';
import { commitChanges, writeTransaction } from '../requests/commit';

// Any constant works; it names "the auto-confirm runner" across processes.
const LOCK_KEY = 7_412_003;
const DAY_MS = 86_400_000;

/**
 * Closes requests resolved for `days` as auto_confirmed, by the system, in
 * batches. Only one process runs it at a time (advisory lock), and rows are
 * claimed with SKIP LOCKED, so each request closes exactly once. Each batch
 * is written by the one commit path; the event is dated when the quiet
 * period ended, so figures do not depend on when the job happened to run.
 */
export async function runAutoConfirm(
  db: Db,
  opts: { now: Date; days: number; batch?: number },
): Promise<number | null> {
  const batch = opts.batch ?? 500;
  const dueBy = new Date(opts.now.getTime() - opts.days * DAY_MS);
  return writeTransaction(db, async (tx) => {
    const [lock] = rowsOf<{ ok: boolean }>(
      await tx.execute(sql`select pg_try_advisory_xact_lock(${LOCK_KEY}) as ok`),
    );
    if (!lock?.ok) return null;
    let total = 0;
    for (;;) {
      const due = await tx
        .select({
          id: requests.id,
          status: requests.status,
          resolvedAt: requests.resolvedAt,
          ownerId: requests.ownerId,
        })
        .from(requests)
        .where(and(eq(requests.status, 'resolved'), lte(requests.resolvedAt, dueBy)))
        .orderBy(asc(requests.resolvedAt))
        .limit(batch)
        // NO KEY UPDATE, as the update itself takes: a foreign-key check on the row (the
        // projector inserting its figures) holds KEY SHARE, which must not make a due request
        // look taken.
        .for('no key update', { skipLocked: true });
      const changes: Change[] = [];
      for (const row of due) {
        const outcome = autoConfirm(row, { now: opts.now, days: opts.days });
        if (outcome.ok) changes.push(outcome.change);
      }
      await commitChanges(tx, changes);
      total += changes.length;
      if (due.length < batch || changes.length < due.length) return total;
    }
  });
}
