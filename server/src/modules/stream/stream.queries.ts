import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/raw';
import type { Executor } from '../../db/types';
import type { Credential } from '../auth/auth.types';

/** One event of the live stream's record, its data as the JSON text it is sent as. */
export interface StreamEvent {
  seq: number;
  type: string;
  /** Null: for everyone. */
  personId: string | null;
  data: string;
}

/** The last sequence number given (0 before the first). */
export async function streamHead(db: Executor): Promise<number> {
  const [row] = await queryRows<{ seq: string | number | null }>(
    db,
    sql`select seq from job_marks where name = 'stream'`,
  );
  return Number(row?.seq ?? 0);
}

/** Up to `limit` events after `after`, in order; every person's (the caller filters). */
export async function streamEventsAfter(
  db: Executor,
  after: number,
  limit: number,
): Promise<StreamEvent[]> {
  const rows = await queryRows<{
    seq: string | number;
    type: string;
    personId: string | null;
    data: string;
  }>(
    db,
    sql`select seq, type, person_id as "personId", data::text as data from stream_events
      where seq > ${after}::bigint order by seq limit ${limit}::int`,
  );
  return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
}

/**
 * Which of these credentials are still good at `now` (live, unexpired, their person active):
 * one statement for every stream a process holds open.
 */
export async function liveCredentials(
  db: Executor,
  credentials: Credential[],
  now: Date,
): Promise<Set<string>> {
  const sessions = credentials.filter((c) => c.kind === 'session').map((c) => c.id);
  const tokens = credentials.filter((c) => c.kind === 'token').map((c) => c.id);
  const at = now.toISOString();
  // The ids go as one JSON parameter, so the statement's text (and its prepared plan) is one.
  const rows = await queryRows<{ kind: Credential['kind']; id: string }>(
    db,
    sql`select 'session' as kind, s.id from sessions s join people p on p.id = s.person_id
      where s.id in (select json_array_elements_text(${JSON.stringify(sessions)}::json))
        and s.revoked_at is null and s.expires_at > ${at}::timestamptz and p.active
      union all
      select 'token' as kind, k.id from api_tokens k join people p on p.id = k.person_id
      where k.id in (select json_array_elements_text(${JSON.stringify(tokens)}::json))
        and k.revoked_at is null and (k.expires_at is null or k.expires_at > ${at}::timestamptz)
        and p.active`,
  );
  return new Set(rows.map((r) => credentialKey(r)));
}

export const credentialKey = (c: Credential) => `${c.kind}:${c.id}`;
