import type { Notification, NotificationsPage, NotificationsQuery } from '@followthrough/shared';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/raw';
import type { Executor } from '../../db/types';

type Row = Omit<Notification, 'actor' | 'at' | 'readAt'> & {
  at: Date | string;
  readAt: Date | string | null;
  actorId: string | null;
  actorName: string | null;
  actorActive: boolean | null;
};

const iso = (d: Date | string) => new Date(d).toISOString();

/** How many of a person's notifications are unread, up to 1000 (db/sql/notifications.sql). */
export async function unreadCountOf(db: Executor, personId: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select notification_unread(${personId}) as n`,
  );
  return Number(row?.n ?? 0);
}

/** A person's own notifications, newest first, a page at a time (the cursor is the last id). */
export async function notificationsPage(
  db: Executor,
  personId: string,
  q: NotificationsQuery,
): Promise<NotificationsPage> {
  const unread = q.unread === 'true';
  const cursor = q.cursor ?? null;
  const rows = await queryRows<Row>(
    db,
    sql`select n.id::text as id, n.kind, n.request_id as "requestId",
        'REQ-' || r.number as "requestKey", r.title, n.actor_id as "actorId",
        a.name as "actorName", a.active as "actorActive", n.at, n.read_at as "readAt"
      from notifications n
      join requests r on r.id = n.request_id
      left join people a on a.id = n.actor_id
      where n.person_id = ${personId}
        and (${unread} = false or n.read_at is null)
        and (${cursor}::bigint is null or n.id < ${cursor}::bigint)
      order by n.id desc limit ${q.limit + 1}`,
  );
  const page = rows.slice(0, q.limit);
  return {
    items: page.map((r) => ({
      id: r.id,
      kind: r.kind,
      requestId: r.requestId,
      requestKey: r.requestKey,
      title: r.title,
      actor: r.actorId
        ? { id: r.actorId, name: r.actorName ?? '', active: r.actorActive ?? false }
        : null,
      at: iso(r.at),
      readAt: r.readAt ? iso(r.readAt) : null,
    })),
    nextCursor: rows.length > q.limit ? page.at(-1)!.id : null,
    unreadCount: await unreadCountOf(db, personId),
  };
}

/** Marks one of a person's notifications read (again is harmless); null when it is not theirs. */
export async function markRead(
  db: Executor,
  personId: string,
  id: string,
  now: Date,
): Promise<number | null> {
  const found = await queryRows<{ id: string }>(
    db,
    sql`update notifications set read_at = coalesce(read_at, ${now.toISOString()}::timestamptz)
      where id = ${id}::bigint and person_id = ${personId} returning id::text as id`,
  );
  if (found.length === 0) return null;
  return unreadCountOf(db, personId);
}

/** Marks every one of a person's notifications read. */
export async function markAllRead(db: Executor, personId: string, now: Date): Promise<number> {
  await db.execute(
    sql`update notifications set read_at = ${now.toISOString()}::timestamptz
      where person_id = ${personId} and read_at is null`,
  );
  return 0;
}
