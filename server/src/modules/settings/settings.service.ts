import type { OrganisationSettings, UpdateSettingsBody } from '@followthrough/shared';
import { inArray, sql } from 'drizzle-orm';
import { settings as settingsTable } from '../../db/schema';
import type { Db, Executor } from '../../db/types';
import { recordAudit } from '../audit/audit.queries';
import type { SignedInPerson } from '../auth/auth.types';

const KEYS = ['organisationName', 'autoConfirmDays', 'reopenWindowDays'] as const;

/**
 * The organisation's settings live in the database (SPEC §12): the environment gives only the
 * first values, written once where none is kept yet.
 */
export async function ensureSettings(db: Executor, first: OrganisationSettings): Promise<void> {
  await db
    .insert(settingsTable)
    .values(KEYS.map((key) => ({ key, value: first[key] })))
    .onConflictDoNothing();
}

export async function readSettings(
  db: Executor,
  fallback: OrganisationSettings,
): Promise<OrganisationSettings> {
  const rows = await db
    .select()
    .from(settingsTable)
    .where(inArray(settingsTable.key, [...KEYS]));
  const kept = Object.fromEntries(rows.map((r) => [r.key, r.value]));
  return {
    organisationName:
      typeof kept.organisationName === 'string' ? kept.organisationName : fallback.organisationName,
    autoConfirmDays:
      typeof kept.autoConfirmDays === 'number' ? kept.autoConfirmDays : fallback.autoConfirmDays,
    reopenWindowDays:
      typeof kept.reopenWindowDays === 'number' ? kept.reopenWindowDays : fallback.reopenWindowDays,
  };
}

/** Writes the settings named, with their audit row, and answers all of them. */
export async function updateSettings(
  db: Db,
  admin: SignedInPerson,
  body: UpdateSettingsBody,
  fallback: OrganisationSettings,
): Promise<OrganisationSettings> {
  return db.transaction(async (tx) => {
    // One admin's change at a time, so before and after are each one moment's.
    await tx.execute(
      sql`select key from settings where key in ('organisationName', 'autoConfirmDays', 'reopenWindowDays') for update`,
    );
    const before = await readSettings(tx, fallback);
    const rows = KEYS.filter((k) => body[k] !== undefined).map((key) => ({
      key,
      value: body[key],
    }));
    await tx
      .insert(settingsTable)
      .values(rows)
      .onConflictDoUpdate({ target: settingsTable.key, set: { value: sql`excluded.value` } });
    const after = await readSettings(tx, fallback);
    await recordAudit(tx, {
      actorId: admin.id,
      entityType: 'settings',
      entityId: 'organisation',
      action: 'updated',
      before,
      after,
    });
    return after;
  });
}
