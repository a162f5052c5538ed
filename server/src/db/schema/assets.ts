import { sql } from 'drizzle-orm';
import { boolean, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { categories, locations } from './directory';

/**
 * Registered equipment and rooms (SPEC §14): what a QR label names. The tag is the short code
 * printed on the label and carried in its link, unique ignoring case.
 */
export const assets = pgTable(
  'assets',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    tag: text().notNull(),
    locationId: uuid().references(() => locations.id),
    categoryId: uuid().references(() => categories.id),
    active: boolean().notNull().default(true),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('assets_tag_key').on(sql`lower(${t.tag})`),
    index('assets_location_idx').on(t.locationId),
  ],
);
