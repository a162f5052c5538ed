import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { invites } from './auth';
import { people } from './directory';
import { requests } from './requests';

/**
 * What needs one person (SPEC §13), written in the transaction of the change that caused it;
 * the time-based kinds come from the notifications job. `dedupeKey` makes those once per
 * follow-up or handoff, whichever process and however many times the job looks.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    personId: uuid()
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    kind: text().notNull(),
    requestId: uuid()
      .notNull()
      .references(() => requests.id),
    // Null: the system (a follow-up or handoff that came due).
    actorId: uuid().references(() => people.id),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp({ withTimezone: true }),
    dedupeKey: text().unique(),
  },
  (t) => [
    index('notifications_person_idx').on(t.personId, t.id.desc()),
    index('notifications_unread_idx').on(t.personId, t.id.desc()).where(sql`read_at is null`),
  ],
);

/**
 * Mail to send, written with what it tells (a notification, an invite) and delivered by the
 * mail sender off the request path. `messageId` is fixed when the row is made, so a mail
 * sent again after a crash between the send and its mark carries the same Message-ID.
 * An invite's link is kept in `payload` only until it is sent.
 */
export const mailOutbox = pgTable(
  'mail_outbox',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    personId: uuid()
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    notificationId: bigint({ mode: 'number' }).references(() => notifications.id, {
      onDelete: 'cascade',
    }),
    inviteId: uuid().references(() => invites.id, { onDelete: 'cascade' }),
    payload: jsonb().$type<Record<string, unknown>>(),
    // pending → sending (claimed until leaseUntil) → sent | failed | skipped.
    status: text().notNull().default('pending'),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    leaseUntil: timestamp({ withTimezone: true }),
    messageId: text().notNull().default(sql`gen_random_uuid()::text`),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp({ withTimezone: true }),
    lastError: text(),
  },
  (t) => [
    index('mail_outbox_due_idx')
      .on(t.nextAttemptAt, t.id)
      .where(sql`status in ('pending', 'sending')`),
  ],
);

/**
 * What writers hand the stream: one row per committed change to a request and per new
 * notification. The stream sequencer (one runner at a time) moves them into stream_events
 * under consecutive sequence numbers, in the order they were queued.
 */
export const streamQueue = pgTable('stream_queue', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  requestId: uuid(),
  version: integer(),
  notificationId: bigint({ mode: 'number' }),
  personId: uuid(),
  at: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * The live stream's record (SPEC §13), kept for 24 hours: `seq` is the SSE event id, dense
 * and in commit order, so a client reconnecting with Last-Event-ID gets exactly what it
 * missed. `personId` null is for everyone.
 */
export const streamEvents = pgTable(
  'stream_events',
  {
    seq: bigint({ mode: 'number' }).primaryKey(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    type: text().notNull(),
    personId: uuid(),
    data: jsonb().$type<Record<string, unknown>>().notNull(),
  },
  (t) => [index('stream_events_at_idx').on(t.at)],
);

/** Where a single-runner job has got to: the stream's last sequence number, a job's moment. */
export const jobMarks = pgTable('job_marks', {
  name: text().primaryKey(),
  seq: bigint({ mode: 'number' }),
  at: timestamp({ withTimezone: true }),
});
