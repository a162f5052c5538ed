import { sql } from 'drizzle-orm';
import {
  bigint,
  customType,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { assets } from './assets';
import { categories, locations, people } from './directory';
import { closeReasonEnum, priorityEnum, statusEnum } from './enums';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

const openStatus = sql`status in ('new', 'in_progress', 'waiting')`;

/**
 * One row per request. Besides the fields of SPEC §3 it keeps a few facts the
 * stalled rules read (offeredAt, followUpSetAt, lastOwnerActivityAt,
 * openHandoffDueAt); each is written in the same transaction as the event
 * that changes it, so the row always agrees with the event log.
 */
export const requests = pgTable(
  'requests',
  {
    id: uuid().primaryKey().defaultRandom(),
    // Identity: REQ-n numbers come from a sequence and are never reused.
    number: bigint({ mode: 'number' }).notNull().unique().generatedAlwaysAsIdentity(),
    title: text().notNull(),
    description: text().notNull().default(''),
    desiredOutcome: text().notNull(),
    categoryId: uuid()
      .notNull()
      .references(() => categories.id),
    locationId: uuid().references(() => locations.id),
    asset: text(),
    // A registered asset (SPEC §14); the free-text `asset` stays for things that are not.
    assetId: uuid().references(() => assets.id),
    priority: priorityEnum().notNull().default('normal'),
    requesterId: uuid()
      .notNull()
      .references(() => people.id),
    onBehalfOf: text(),
    ownerId: uuid().references(() => people.id),
    pendingOwnerId: uuid().references(() => people.id),
    offeredAt: timestamp({ withTimezone: true }),
    status: statusEnum().notNull().default('new'),
    closeReason: closeReasonEnum(),
    targetAt: timestamp({ withTimezone: true }).notNull(),
    nextFollowUpAt: timestamp({ withTimezone: true }),
    followUpSetAt: timestamp({ withTimezone: true }),
    lastOwnerActivityAt: timestamp({ withTimezone: true }),
    openHandoffs: integer().notNull().default(0),
    openHandoffDueAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    ownedAt: timestamp({ withTimezone: true }),
    resolvedAt: timestamp({ withTimezone: true }),
    closedAt: timestamp({ withTimezone: true }),
    reopenCount: integer().notNull().default(0),
    lastReopenedAt: timestamp({ withTimezone: true }),
    // The first moment a stalled reason (SPEC §5) holds, kept by the database from the row, its
    // category's targets and its owner's active flag (migrations/0003); -infinity when one holds
    // from the start; null when closed or when none can. Read time compares: `stalls_at < now`.
    stallsAt: timestamp({ withTimezone: true }),
    version: integer().notNull().default(1),
    search: tsvector().generatedAlwaysAs(
      sql`setweight(to_tsvector('english', 'REQ-' || "number"::text || ' ' || "title" || ' ' || coalesce("asset", '')), 'A') || setweight(to_tsvector('english', "description"), 'B')`,
    ),
  },
  (t) => [
    // Keyset pages over everything, newest first.
    index('requests_created_idx').on(t.createdAt.desc(), t.id.desc()),
    index('requests_updated_idx').on(t.updatedAt.desc(), t.id.desc()),
    // Open items: small partial indexes that stay small as closed requests pile up.
    index('requests_open_created_idx').on(t.createdAt.desc(), t.id.desc()).where(openStatus),
    index('requests_open_owner_idx')
      .on(t.ownerId, t.status, t.createdAt.desc(), t.id.desc())
      .where(openStatus),
    // requests_stalls_idx (stalls_at, covering what the stalled rules read) is created in
    // 0003_stalls_at.sql: stalled rows are found by range instead of evaluating every open row.
    index('requests_open_target_idx').on(t.targetAt, t.id).where(openStatus),
    // A category's open requests, whose stalled moments move with its targets (stalls_refresh).
    index('requests_open_category_idx').on(t.categoryId, t.id).where(openStatus),
    // Follow-ups coming due, for the notifications job (follow_up_due).
    index('requests_open_follow_up_idx')
      .on(t.nextFollowUpAt)
      .where(sql`status in ('new', 'in_progress', 'waiting') and next_follow_up_at is not null`),
    index('requests_status_created_idx').on(t.status, t.createdAt.desc(), t.id.desc()),
    // Whatever someone owns, any status: a search by a person's name finds it through this.
    index('requests_owner_idx').on(t.ownerId, t.createdAt.desc(), t.id.desc()),
    index('requests_requester_idx').on(t.requesterId, t.createdAt.desc(), t.id.desc()),
    index('requests_pending_owner_idx')
      .on(t.pendingOwnerId)
      .where(sql`pending_owner_id is not null`),
    index('requests_category_idx').on(t.categoryId, t.createdAt.desc(), t.id.desc()),
    index('requests_resolved_idx').on(t.resolvedAt).where(sql`status = 'resolved'`),
    index('requests_search_idx').using('gin', t.search),
    // Open items' own text index: a search among them gathers its matches without reading
    // the closed ones' postings…
    index('requests_open_search_idx').using('gin', t.search).where(openStatus),
    // …and so do the names it finds: open requests of an asset, or of a requester, without
    // reading every closed one (an owner's are in requests_open_owner_idx).
    index('requests_open_asset_idx').on(t.assetId).where(openStatus),
    index('requests_open_requester_idx').on(t.requesterId).where(openStatus),
    // An asset's page lists its requests newest first.
    index('requests_asset_idx')
      .on(t.assetId, t.createdAt.desc(), t.id.desc())
      .where(sql`asset_id is not null`),
  ],
);
