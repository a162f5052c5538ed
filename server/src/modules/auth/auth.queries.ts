import { and, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import { queryRows, rowsOf } from '../../db/raw';
import { invites, people, sessions } from '../../db/schema';
import type { Executor } from '../../db/types';
import type { SignedInPerson } from './auth.types';

export async function findPersonByEmail(db: Executor, email: string) {
  const [row] = await db
    .select({
      id: people.id,
      passwordHash: people.passwordHash,
      active: people.active,
    })
    .from(people)
    .where(sql`lower(${people.email}) = lower(${email})`)
    .limit(1);
  return row;
}

export async function insertSession(
  db: Executor,
  s: { id: string; personId: string; expiresAt: Date; userAgent: string | null },
) {
  await db.insert(sessions).values(s);
}

export async function revokeSession(db: Executor, id: string, at: Date) {
  await db
    .update(sessions)
    .set({ revokedAt: at })
    .where(and(eq(sessions.id, id), isNull(sessions.revokedAt)));
}

/** One statement: the live session's person with the teams they belong to, and when it ends. */
export async function personForSession(
  db: Executor,
  sessionId: string,
  now: Date,
): Promise<{ person: SignedInPerson; expiresAt: Date } | undefined> {
  const rows = await queryRows<SignedInPerson & { expiresAt: Date | string }>(
    db,
    sql`
    select p.id, p.name, p.email, p.role,
      coalesce((select json_agg(json_build_object('id', t.id, 'name', t.name, 'isLead', m.is_lead) order by t.name)
        from team_members m join teams t on t.id = m.team_id where m.person_id = p.id), '[]'::json) as teams,
      s.expires_at as "expiresAt"
    from ${sessions} s join ${people} p on p.id = s.person_id
    where s.id = ${sessionId} and s.revoked_at is null and s.expires_at > ${now.toISOString()}::timestamptz and p.active
  `,
  );
  const row = rows[0];
  if (!row) return undefined;
  const { expiresAt, ...person } = row;
  return { person, expiresAt: new Date(expiresAt) };
}

export async function personById(db: Executor, id: string): Promise<SignedInPerson | undefined> {
  const result = await db.execute(sql`
    select p.id, p.name, p.email, p.role,
      coalesce((select json_agg(json_build_object('id', t.id, 'name', t.name, 'isLead', m.is_lead) order by t.name)
        from team_members m join teams t on t.id = m.team_id where m.person_id = p.id), '[]'::json) as teams
    from ${people} p where p.id = ${id} and p.active
  `);
  return rowsOf<SignedInPerson>(result)[0];
}

export async function deleteExpiredSessions(db: Executor, now: Date) {
  await db.delete(sessions).where(gt(sql`${now.toISOString()}::timestamptz`, sessions.expiresAt));
}

/** Ends every live session of a person but the one kept (the caller's own, if any). */
export async function revokeSessionsOf(
  db: Executor,
  personId: string,
  at: Date,
  keepId: string | null = null,
) {
  await db
    .update(sessions)
    .set({ revokedAt: at })
    .where(
      and(
        eq(sessions.personId, personId),
        isNull(sessions.revokedAt),
        keepId ? ne(sessions.id, keepId) : undefined,
      ),
    );
}

export async function passwordHashOf(db: Executor, personId: string) {
  const [row] = await db
    .select({ passwordHash: people.passwordHash })
    .from(people)
    .where(eq(people.id, personId));
  return row?.passwordHash ?? null;
}

/** Sets an active person's password; false when they are not (or no longer) active. */
export async function setPassword(db: Executor, personId: string, passwordHash: string) {
  const rows = await db
    .update(people)
    .set({ passwordHash })
    .where(and(eq(people.id, personId), eq(people.active, true)))
    .returning({ id: people.id });
  return rows.length > 0;
}

/** An invite by its secret's hash, with whether its person is active; `lock` for the update. */
export async function findInvite(db: Executor, secretHash: string, opts: { lock?: boolean } = {}) {
  const query = db
    .select({
      id: invites.id,
      personId: invites.personId,
      expiresAt: invites.expiresAt,
      usedAt: invites.usedAt,
      revokedAt: invites.revokedAt,
      personActive: people.active,
    })
    .from(invites)
    .innerJoin(people, eq(people.id, invites.personId))
    .where(eq(invites.secretHash, secretHash));
  const [row] = await (opts.lock ? query.for('update', { of: invites }) : query);
  return row;
}

/** Marks the invite used and ends every other live invite of the same person. */
export async function useInvite(db: Executor, invite: { id: string; personId: string }, at: Date) {
  await db.update(invites).set({ usedAt: at }).where(eq(invites.id, invite.id));
  await db
    .update(invites)
    .set({ revokedAt: at })
    .where(
      and(eq(invites.personId, invite.personId), isNull(invites.usedAt), isNull(invites.revokedAt)),
    );
}
