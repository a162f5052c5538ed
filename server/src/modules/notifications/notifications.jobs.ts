import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/raw';
import type { Db } from '../../db/types';
import { mailDelivery } from '../requests/commit';

/** The channel the stream sequencer wakes every process's stream on; the payload is the last seq. */
export const STREAM_APPENDED = 'stream';

/**
 * Numbers what writers queued for the live stream (db/sql/notifications.sql). Safe in every
 * process: one numbers at a time, the others return null at once.
 */
export async function sequenceStream(db: Db): Promise<number | null> {
  let last = 0;
  for (;;) {
    const [row] = await queryRows<{ top: string | number | null }>(
      db,
      sql`select stream_sequence(5000) as top`,
    );
    if (row?.top === null || row?.top === undefined) return null;
    const top = Number(row.top);
    if (top === 0) return last;
    last = top;
  }
}

/**
 * Notifies the follow-ups and handoffs that came due by `now`, once each whatever the number
 * of processes (db/sql/notifications.sql). Null when another process holds the run.
 */
export async function notifyDue(db: Db, now: Date): Promise<number | null> {
  const [row] = await queryRows<{ n: number | null }>(
    db,
    sql`select notifications_due(${now.toISOString()}::timestamptz, ${mailDelivery(db)}) as n`,
  );
  return row?.n === null || row?.n === undefined ? null : Number(row.n);
}
