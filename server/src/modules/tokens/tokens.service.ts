import { randomBytes } from 'node:crypto';
import { type CreatedToken, type CreateTokenBody, TOKEN_PREFIX } from '@followthrough/shared';
import { eq } from 'drizzle-orm';
import { people } from '../../db/schema';
import type { Db, Executor } from '../../db/types';
import { fieldError, notFound } from '../../domain/errors';
import { recordAudit } from '../audit/audit.queries';
import { hashToken } from '../auth/auth.service';
import type { SignedInPerson } from '../auth/auth.types';
import { insertToken, personForToken, revokeToken, type TokenPerson } from './tokens.queries';

/**
 * Personal access tokens (SPEC §12). The secret is `ftp_` and 32 random bytes; only its
 * SHA-256 is stored, so the table grants nothing if it leaks.
 */

/** The shape of every secret this server issues; anything else is refused without a lookup. */
const SECRET = new RegExp(`^${TOKEN_PREFIX}[A-Za-z0-9_-]{43}$`);

/** Issues a token to an active person; the answer is the only place the secret appears. */
export async function issueToken(
  db: Db,
  admin: SignedInPerson,
  body: CreateTokenBody,
  opts: { now: Date },
): Promise<CreatedToken> {
  const expiresAt = body.expiresAt ? new Date(body.expiresAt) : null;
  if (expiresAt && expiresAt <= opts.now) {
    throw fieldError('expiresAt', 'Must be in the future');
  }
  return db.transaction(async (tx) => {
    // Shared lock: a deactivation running now waits for this token, then revokes it too.
    const [person] = await tx
      .select({ active: people.active })
      .from(people)
      .where(eq(people.id, body.personId))
      .for('share');
    if (!person) throw fieldError('personId', 'No such person');
    if (!person.active) throw fieldError('personId', 'This person is deactivated');
    const secret = TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const token = await insertToken(tx, {
      id: randomBytes(16).toString('hex'),
      personId: body.personId,
      name: body.name,
      secretHash: hashToken(secret),
      createdById: admin.id,
      createdAt: opts.now,
      expiresAt,
    });
    await recordAudit(tx, {
      actorId: admin.id,
      entityType: 'token',
      entityId: token.id,
      action: 'issued',
      after: token,
    });
    return { ...token, token: secret };
  });
}

/** Revokes a token at once: the next call with it is a 401. */
export async function revokeTokenById(
  db: Db,
  admin: SignedInPerson,
  id: string,
  opts: { now: Date },
): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await revokeToken(tx, id, opts.now);
    if (!before) throw notFound('Token');
    await recordAudit(tx, {
      actorId: admin.id,
      entityType: 'token',
      entityId: id,
      action: 'revoked',
      before,
      after: { ...before, revokedAt: opts.now.toISOString() },
    });
  });
}

/** The live token's person, or undefined for a secret that is malformed, unknown or dead. */
export async function tokenPerson(
  db: Executor,
  secret: string,
  now: Date,
): Promise<TokenPerson | undefined> {
  if (!SECRET.test(secret)) return undefined;
  return personForToken(db, hashToken(secret), now);
}
