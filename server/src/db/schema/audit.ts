import { bigint, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { people } from './directory';

/**
 * The audit log (SPEC §12): one append-only row per directory, settings, token and account
 * change, written in the transaction of the change. `before` and `after` are the entity as
 * the API shows it, never a secret or a hash.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    // Null: the system (a start's first admin, a job).
    actorId: uuid().references(() => people.id),
    entityType: text().notNull(),
    entityId: text().notNull(),
    action: text().notNull(),
    before: jsonb(),
    after: jsonb(),
  },
  (t) => [index().on(t.entityType, t.entityId, t.id)],
);
