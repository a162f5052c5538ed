import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/raw';
import type { Executor } from '../../db/types';

/** How long a claimed row is this runner's: no other process takes it before then. */
export const LEASE_SECONDS = 120;

/** A claimed outbox row with what its mail is composed from, as they are now. */
export interface ClaimedMail {
  id: number;
  attempts: number;
  messageId: string;
  payload: Record<string, unknown> | null;
  personName: string;
  email: string;
  active: boolean;
  emailNotifications: boolean;
  /** A notification's mail. */
  notificationId: number | null;
  kind: string | null;
  actorName: string | null;
  requestNumber: number | null;
  title: string | null;
  desiredOutcome: string | null;
  /** An invite's mail. */
  inviteId: string | null;
  inviterName: string | null;
  inviteExpiresAt: Date | null;
  /** Neither used nor replaced (expiry is the app clock's to judge). */
  inviteOpen: boolean | null;
}

type RawClaimed = Omit<ClaimedMail, 'id' | 'notificationId' | 'requestNumber' | 'attempts'> & {
  id: string | number;
  attempts: string | number;
  notificationId: string | number | null;
  requestNumber: string | number | null;
  inviteExpiresAt: Date | string | null;
};

const num = (v: string | number | null) => (v === null ? null : Number(v));

/**
 * Claims up to `limit` due rows for this runner until the lease ends: pending ones whose time
 * has come, and ones left sending by a runner whose lease ran out (it crashed). Rows another
 * transaction is claiming are skipped, so each row has one runner at a time across processes.
 */
export async function claimDue(db: Executor, limit: number): Promise<ClaimedMail[]> {
  const rows = await queryRows<RawClaimed>(
    db,
    sql`with claimed as (
        update mail_outbox m
        set status = 'sending',
            lease_until = now() + ${LEASE_SECONDS}::int * interval '1 second',
            attempts = m.attempts + 1
        where m.id in (
          select id from mail_outbox
          where status in ('pending', 'sending') and next_attempt_at <= now()
            and (lease_until is null or lease_until < now())
          order by next_attempt_at, id
          limit ${limit}::int
          for update skip locked)
        returning m.id, m.person_id, m.notification_id, m.invite_id, m.payload, m.attempts,
          m.message_id)
      select c.id, c.attempts, c.message_id as "messageId", c.payload,
        p.name as "personName", p.email, p.active, p.email_notifications as "emailNotifications",
        c.notification_id as "notificationId", n.kind, a.name as "actorName",
        r.number as "requestNumber", r.title, r.desired_outcome as "desiredOutcome",
        c.invite_id as "inviteId", ia.name as "inviterName", i.expires_at as "inviteExpiresAt",
        (i.used_at is null and i.revoked_at is null) as "inviteOpen"
      from claimed c
      join people p on p.id = c.person_id
      left join notifications n on n.id = c.notification_id
      left join people a on a.id = n.actor_id
      left join requests r on r.id = n.request_id
      left join invites i on i.id = c.invite_id
      left join people ia on ia.id = i.created_by_id
      order by c.id`,
  );
  return rows.map((r) => ({
    ...r,
    id: Number(r.id),
    attempts: Number(r.attempts),
    notificationId: num(r.notificationId),
    requestNumber: num(r.requestNumber),
    inviteExpiresAt: r.inviteExpiresAt === null ? null : new Date(r.inviteExpiresAt),
  }));
}

/**
 * Marks a row sent, once: a repeated mark changes nothing. An invite's link leaves the
 * database with it.
 */
export async function markSent(db: Executor, id: number): Promise<void> {
  await queryRows(
    db,
    sql`update mail_outbox
      set status = 'sent', sent_at = now(), lease_until = null, payload = null, last_error = null
      where id = ${id} and status <> 'sent'`,
  );
}

/** A delivery that failed: due again after `delayMs`, or given up on (`failed`). */
export async function markFailedAttempt(
  db: Executor,
  id: number,
  opts: { error: string; delayMs: number; giveUp: boolean },
): Promise<void> {
  await queryRows(
    db,
    opts.giveUp
      ? sql`update mail_outbox
          set status = 'failed', lease_until = null, payload = null, last_error = ${opts.error}
          where id = ${id} and status = 'sending'`
      : sql`update mail_outbox
          set status = 'pending', lease_until = null, last_error = ${opts.error},
            next_attempt_at = now() + ${opts.delayMs}::double precision * interval '1 millisecond'
          where id = ${id} and status = 'sending'`,
  );
}

/** A mail no longer wanted (its person was deactivated or turned email off, an invite ended). */
export async function markSkipped(db: Executor, id: number, reason: string): Promise<void> {
  await queryRows(
    db,
    sql`update mail_outbox
      set status = 'skipped', lease_until = null, payload = null, last_error = ${reason}
      where id = ${id} and status = 'sending'`,
  );
}

/** Hands claimed rows back untried (the runner is closing, or the server is unreachable). */
export async function release(db: Executor, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await queryRows(
    db,
    sql`update mail_outbox
      set status = 'pending', lease_until = null, attempts = greatest(attempts - 1, 0)
      where id = any(${`{${ids.join(',')}}`}::bigint[]) and status = 'sending'`,
  );
}

/** What waits to be sent: how many rows, and how long the oldest has waited. */
export interface OutboxStats {
  depth: number;
  oldestAgeSeconds: number;
}

/** The outbox's depth and its oldest waiting row's age (for the logs and /metrics). */
export async function outboxStats(db: Executor): Promise<OutboxStats> {
  const [row] = await queryRows<{ depth: number | string; oldest: number | string | null }>(
    db,
    sql`select count(*)::int as depth,
        coalesce(extract(epoch from now() - min(created_at)), 0)::float8 as oldest
      from mail_outbox where status in ('pending', 'sending')`,
  );
  return {
    depth: Number(row?.depth ?? 0),
    oldestAgeSeconds: Math.max(0, Math.round(Number(row?.oldest ?? 0))),
  };
}
