import {
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { people } from './directory';

/** Sign-in sessions; the id is the SHA-256 of the cookie's token, so a leaked table grants nothing. */
export const sessions = pgTable(
  'sessions',
  {
    id: text().primaryKey(),
    personId: uuid()
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    revokedAt: timestamp({ withTimezone: true }),
    userAgent: text(),
  },
  (t) => [index().on(t.personId), index().on(t.expiresAt)],
);

/** Personal access tokens an admin issues to API clients; stored hashed. */
export const apiTokens = pgTable('api_tokens', {
  id: text().primaryKey(),
  personId: uuid()
    .notNull()
    .references(() => people.id, { onDelete: 'cascade' }),
  name: text().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  revokedAt: timestamp({ withTimezone: true }),
});

/** Idempotency-Key records: the first response to a key, replayed for 24 h. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    personId: uuid()
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    key: text().notNull(),
    route: text().notNull(),
    bodyHash: text().notNull(),
    statusCode: integer(),
    response: jsonb(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.personId, t.key] }), index().on(t.createdAt)],
);

export const settings = pgTable('settings', {
  key: text().primaryKey(),
  value: jsonb().notNull(),
});
