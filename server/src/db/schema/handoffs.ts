import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { people } from './directory';
import { handoffStatusEnum } from './enums';
import { requests } from './requests';

export const handoffs = pgTable(
  'handoffs',
  {
    id: uuid().primaryKey().defaultRandom(),
    requestId: uuid()
      .notNull()
      .references(() => requests.id),
    toText: text().notNull(),
    toPersonId: uuid().references(() => people.id),
    ask: text().notNull(),
    expectedBy: timestamp({ withTimezone: true }).notNull(),
    status: handoffStatusEnum().notNull().default('open'),
    createdById: uuid()
      .notNull()
      .references(() => people.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp({ withTimezone: true }),
    completedById: uuid().references(() => people.id),
    note: text(),
  },
  (t) => [
    index().on(t.requestId, t.createdAt),
    index('handoffs_open_due_idx').on(t.expectedBy).where(sql`status = 'open'`),
  ],
);
