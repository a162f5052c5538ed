import { sql } from 'drizzle-orm';
import { bigint, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { people } from './directory';
import { requests } from './requests';

/** The append-only record (SPEC §2.5): every change to a request is one row here. */
export const events = pgTable(
  'events',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    requestId: uuid()
      .notNull()
      .references(() => requests.id),
    // null: the system acted (auto-confirm).
    actorId: uuid().references(() => people.id),
    type: text().notNull(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    data: jsonb().$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    index().on(t.requestId, t.id),
    index().on(t.type, t.at),
    // The few events a request's rates and service levels count (figure_request_event_facts):
    // the projector finds them without reading a busy request's every comment.
    index('events_figure_counted_index')
      .on(t.requestId)
      .where(
        sql`${t.type} in ('confirmed', 'auto_confirmed', 'handoff_completed', 'handoff_created')`,
      ),
  ],
);
