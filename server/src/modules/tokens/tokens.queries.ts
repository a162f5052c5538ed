import type { ApiToken } from '@followthrough/shared';
import { and, desc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { queryRows } from '../../db/raw';
import { apiTokens, people } from '../../db/schema';
import type { Executor } from '../../db/types';
import type { SignedInPerson } from '../auth/auth.types';

/** How often last_used_at may be written per token: a busy client must not write on each call. */
export const LAST_USED_EVERY_MS = 60_000;

const view = {
  id: apiTokens.id,
  name: apiTokens.name,
  personId: apiTokens.personId,
  createdAt: apiTokens.createdAt,
  expiresAt: apiTokens.expiresAt,
  lastUsedAt: apiTokens.lastUsedAt,
};

interface Row {
  id: string;
  name: string;
  personId: string;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
}

function tokenView(row: Row): ApiToken {
  return {
    id: row.id,
    name: row.name,
    personId: row.personId,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}

/** The tokens not revoked (expired ones too, so an admin sees them lapse), newest first. */
export async function listTokens(
  db: Executor,
  filter: { personId?: string | undefined },
): Promise<ApiToken[]> {
  const rows = await db
    .select(view)
    .from(apiTokens)
    .where(
      and(
        isNull(apiTokens.revokedAt),
        filter.personId ? eq(apiTokens.personId, filter.personId) : undefined,
      ),
    )
    .orderBy(desc(apiTokens.createdAt), apiTokens.id);
  return rows.map(tokenView);
}

export async function insertToken(
  db: Executor,
  values: typeof apiTokens.$inferInsert,
): Promise<ApiToken> {
  const [row] = await db.insert(apiTokens).values(values).returning(view);
  return tokenView(row!);
}

/** Revokes a live token; undefined when there is none of that id. */
export async function revokeToken(
  db: Executor,
  id: string,
  at: Date,
): Promise<ApiToken | undefined> {
  const [row] = await db
    .update(apiTokens)
    .set({ revokedAt: at })
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
    .returning(view);
  return row ? tokenView(row) : undefined;
}

export interface TokenPerson {
  tokenId: string;
  /** Whether last_used_at is older than a minute (or unset), so it is worth a write. */
  stale: boolean;
  person: SignedInPerson;
}

/**
 * One statement: the live token's active person with the teams they belong to, and whether
 * its last use needs writing.
 */
export async function personForToken(
  db: Executor,
  secretHash: string,
  now: Date,
): Promise<TokenPerson | undefined> {
  const at = now.toISOString();
  const since = new Date(now.getTime() - LAST_USED_EVERY_MS).toISOString();
  const rows = await queryRows<SignedInPerson & { tokenId: string; stale: boolean }>(
    db,
    sql`
    select k.id as "tokenId",
      (k.last_used_at is null or k.last_used_at < ${since}::timestamptz) as stale,
      p.id, p.name, p.email, p.role,
      coalesce((select json_agg(json_build_object('id', t.id, 'name', t.name, 'isLead', m.is_lead) order by t.name)
        from team_members m join teams t on t.id = m.team_id where m.person_id = p.id), '[]'::json) as teams
    from ${apiTokens} k join ${people} p on p.id = k.person_id
    where k.secret_hash = ${secretHash} and k.revoked_at is null
      and (k.expires_at is null or k.expires_at > ${at}::timestamptz) and p.active
  `,
  );
  const row = rows[0];
  if (!row) return undefined;
  const { tokenId, stale, ...person } = row;
  return { tokenId, stale, person };
}

/**
 * Records a use, only if the last one written is a minute old: several processes racing on
 * the same token write it once.
 */
export async function touchToken(db: Executor, id: string, now: Date) {
  await db
    .update(apiTokens)
    .set({ lastUsedAt: now })
    .where(
      and(
        eq(apiTokens.id, id),
        or(
          isNull(apiTokens.lastUsedAt),
          lt(apiTokens.lastUsedAt, new Date(now.getTime() - LAST_USED_EVERY_MS)),
        ),
      ),
    );
}
