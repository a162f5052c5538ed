import { sql } from 'drizzle-orm';
import { rowsOf } from '../../db/raw';
import type { Db } from '../../db/types';

// Any constant works; it names "the auto-confirm runner" across processes.
const LOCK_KEY = 7_412_003;

/**
 * Closes requests resolved for `days` as auto_confirmed, by the system, in
 * batches. Only one process runs it at a time (advisory lock), and rows are
 * claimed with SKIP LOCKED, so each request closes exactly once. The event
 * is dated when the quiet period ended, so figures do not depend on when the
 * job happened to run.
 */
export async function runAutoConfirm(
  db: Db,
  opts: { now: Date; days: number; batch?: number },
): Promise<number | null> {
  const now = opts.now.toISOString();
  return db.transaction(async (tx) => {
    const [lock] = rowsOf<{ ok: boolean }>(
      await tx.execute(sql`select pg_try_advisory_xact_lock(${LOCK_KEY}) as ok`),
    );
    if (!lock?.ok) return null;
    let total = 0;
    for (;;) {
      const closed = rowsOf<{ request_id: string }>(
        await tx.execute(sql`
          with due as (
            select id, resolved_at + make_interval(days => ${opts.days}) as at
            from requests
            where status = 'resolved' and resolved_at + make_interval(days => ${opts.days}) <= ${now}::timestamptz
            order by resolved_at
            limit ${opts.batch ?? 500}
            for update skip locked
          ), closed as (
            update requests r
            set status = 'closed', close_reason = 'auto_confirmed', closed_at = due.at,
                updated_at = ${now}::timestamptz, version = r.version + 1
            from due where r.id = due.id
            returning r.id, due.at
          )
          insert into events (request_id, actor_id, type, at, data)
          select id, null, 'auto_confirmed', at, '{}'::jsonb from closed
          returning request_id`),
      );
      total += closed.length;
      if (closed.length < (opts.batch ?? 500)) return total;
    }
  });
}
