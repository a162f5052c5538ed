import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { rowsOf } from '../../db/raw';
import { idempotencyKeys } from '../../db/schema';
import type { Executor, Tx } from '../../db/types';
import { DomainError } from '../../domain/errors';

const TTL_HOURS = 24;

/** JSON with sorted keys, so the same body always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export const hashBody = (body: unknown) =>
  createHash('sha256').update(canonical(body)).digest('hex');

export type Claim = { kind: 'new' } | { kind: 'replay'; statusCode: number; response: unknown };

/**
 * Claims an Idempotency-Key inside the caller's transaction. A concurrent
 * duplicate blocks on the key's row until the first commits, then replays
 * its response; a key older than 24 h is taken over.
 */
export async function claimKey(
  tx: Tx,
  input: { personId: string; key: string; route: string; body: unknown; now: Date },
): Promise<Claim> {
  const bodyHash = hashBody(input.body);
  const now = input.now.toISOString();
  const claimed = await tx.execute(sql`
    insert into idempotency_keys (person_id, key, route, body_hash, created_at)
    values (${input.personId}, ${input.key}, ${input.route}, ${bodyHash}, ${now}::timestamptz)
    on conflict (person_id, key) do update
      set route = excluded.route, body_hash = excluded.body_hash, created_at = excluded.created_at,
          status_code = null, response = null
      where idempotency_keys.created_at < ${now}::timestamptz - interval '${sql.raw(String(TTL_HOURS))} hours'
    returning key`);
  if (rowsOf(claimed).length > 0) return { kind: 'new' };
  const [existing] = await tx
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.personId, input.personId), eq(idempotencyKeys.key, input.key)));
  if (!existing || existing.route !== input.route || existing.bodyHash !== bodyHash) {
    throw new DomainError(
      422,
      'IDEMPOTENCY_KEY_REUSED',
      'This Idempotency-Key was already used with a different request body.',
    );
  }
  if (existing.statusCode === null) {
    throw new DomainError(
      409,
      'IDEMPOTENCY_IN_PROGRESS',
      'The first request with this key is still running.',
    );
  }
  return { kind: 'replay', statusCode: existing.statusCode, response: existing.response };
}

export async function storeResponse(
  tx: Executor,
  input: { personId: string; key: string; statusCode: number; response: unknown },
) {
  await tx
    .update(idempotencyKeys)
    .set({ statusCode: input.statusCode, response: input.response })
    .where(and(eq(idempotencyKeys.personId, input.personId), eq(idempotencyKeys.key, input.key)));
}

export async function purgeExpiredKeys(db: Executor, now: Date) {
  await db.execute(
    sql`delete from idempotency_keys where created_at < ${now.toISOString()}::timestamptz - interval '${sql.raw(String(TTL_HOURS))} hours'`,
  );
}
