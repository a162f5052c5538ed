import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { priorityEnum, roleEnum } from './enums';

export const people = pgTable(
  'people',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    email: text().notNull(),
    role: roleEnum().notNull().default('staff'),
    active: boolean().notNull().default(true),
    passwordHash: text(),
    // Off: notifications stay in the inbox only (their Profile page).
    emailNotifications: boolean().notNull().default(true),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    deactivatedAt: timestamp({ withTimezone: true }),
  },
  (t) => [uniqueIndex('people_email_key').on(sql`lower(${t.email})`)],
);

export const teams = pgTable('teams', {
  id: uuid().primaryKey().defaultRandom(),
  name: text().notNull().unique(),
});

export const teamMembers = pgTable(
  'team_members',
  {
    teamId: uuid()
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    personId: uuid()
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    isLead: boolean().notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.personId] }), index().on(t.personId)],
);

export const categories = pgTable('categories', {
  id: uuid().primaryKey().defaultRandom(),
  name: text().notNull().unique(),
  teamId: uuid()
    .notNull()
    .references(() => teams.id),
  defaultOwnerId: uuid().references(() => people.id),
  active: boolean().notNull().default(true),
});

/** Service targets per category and priority, in minutes (SPEC §6). */
export const categoryTargets = pgTable(
  'category_targets',
  {
    categoryId: uuid()
      .notNull()
      .references(() => categories.id, { onDelete: 'cascade' }),
    priority: priorityEnum().notNull(),
    ownWithinMinutes: integer().notNull(),
    quietForMinutes: integer().notNull(),
    resolveWithinMinutes: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.categoryId, t.priority] })],
);

/**
 * Open requests whose kept stalled moment must be worked out again because a fact behind it
 * changed outside the request (a category's targets, an owner's deactivation): queued in the
 * admin's transaction, brought up to date by a job in short batches, so no writer of requests
 * waits for more than a moment.
 */
export const stallsQueue = pgTable('stalls_queue', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  categoryId: uuid().references(() => categories.id, { onDelete: 'cascade' }),
  ownerId: uuid().references(() => people.id, { onDelete: 'cascade' }),
  queuedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  // When a pass over all the item's open requests ended: later passes, until the item is
  // dropped, look only at requests written since it was queued.
  sweptAt: timestamp({ withTimezone: true }),
});

export const locations = pgTable('locations', {
  id: uuid().primaryKey().defaultRandom(),
  name: text().notNull().unique(),
  active: boolean().notNull().default(true),
});
