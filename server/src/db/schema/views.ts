import type { ViewFilters } from '@followthrough/shared';
import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { people, teams } from './directory';

/**
 * Saved views: the Open items filters a person keeps under a name, seen by the members of
 * the team it is shared with. The filters are the API's own (shared/src/views.ts), so a
 * list filter added later needs no column.
 */
export const savedViews = pgTable(
  'saved_views',
  {
    id: uuid().primaryKey().defaultRandom(),
    ownerId: uuid()
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    filters: jsonb().$type<ViewFilters>().notNull(),
    // A team that goes takes its shares with it; the views stay their owners'.
    sharedWithTeamId: uuid().references(() => teams.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // One name per owner, ignoring case: the navigation tells views apart by name.
    uniqueIndex('saved_views_owner_name_key').on(t.ownerId, sql`lower(${t.name})`),
    index('saved_views_team_idx')
      .on(t.sharedWithTeamId)
      .where(sql`shared_with_team_id is not null`),
  ],
);
