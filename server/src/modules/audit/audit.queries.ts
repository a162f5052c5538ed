import type { AuditEntityType, AuditEntry, AuditPage, AuditQuery } from '@followthrough/shared';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/raw';
import { auditLog } from '../../db/schema';
import type { Executor } from '../../db/types';

export interface AuditRecord {
  /** Null: the system itself. */
  actorId: string | null;
  entityType: AuditEntityType;
  entityId: string;
  action: string;
  /** The entity as the API shows it, before and after; never a secret or a hash. */
  before?: unknown;
  after?: unknown;
}

/** Appends audit rows, in the caller's transaction: the change and its record commit together. */
export async function recordAudit(tx: Executor, ...records: AuditRecord[]): Promise<void> {
  if (records.length === 0) return;
  await tx.insert(auditLog).values(
    records.map((r) => ({
      actorId: r.actorId,
      entityType: r.entityType,
      entityId: r.entityId,
      action: r.action,
      before: r.before ?? null,
      after: r.after ?? null,
    })),
  );
}

/** Newest first, a page at a time (the cursor is the last id seen), filtered by entity. */
export async function auditPage(db: Executor, q: AuditQuery): Promise<AuditPage> {
  const rows = await queryRows<AuditEntry & { actorName: string | null; actorId: string | null }>(
    db,
    sql`select a.id::text as id, a.at, a.actor_id as "actorId", p.name as "actorName",
        a.entity_type as "entityType", a.entity_id as "entityId", a.action, a.before, a.after
      from audit_log a left join people p on p.id = a.actor_id
      where (${q.entityType ?? null}::text is null or a.entity_type = ${q.entityType ?? null})
        and (${q.entityId ?? null}::text is null or a.entity_id = ${q.entityId ?? null})
        and (${q.cursor ?? null}::bigint is null or a.id < ${q.cursor ?? null}::bigint)
      order by a.id desc limit ${q.limit + 1}`,
  );
  const page = rows.slice(0, q.limit);
  return {
    items: page.map((r) => ({
      id: r.id,
      at: new Date(r.at).toISOString(),
      actor: r.actorId ? { id: r.actorId, name: r.actorName ?? '' } : null,
      entityType: r.entityType,
      entityId: r.entityId,
      action: r.action,
      before: r.before ?? null,
      after: r.after ?? null,
    })),
    nextCursor: rows.length > q.limit ? page.at(-1)!.id : null,
  };
}
