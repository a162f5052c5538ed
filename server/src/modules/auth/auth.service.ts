import { createHash, randomBytes } from 'node:crypto';
import type { AcceptInviteBody, ChangePasswordBody } from '@followthrough/shared';
import argon2 from 'argon2';
import type { Db, Executor } from '../../db/types';
import { DomainError } from '../../domain/errors';
import type { Actor } from '../../domain/lifecycle';
import { recordAudit } from '../audit/audit.queries';
import {
  findInvite,
  findPersonByEmail,
  insertSession,
  passwordHashOf,
  personById,
  personForSession,
  revokeSession,
  revokeSessionsOf,
  setPassword,
  useInvite,
} from './auth.queries';
import type { SignedInPerson } from './auth.types';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Hashes a password with argon2id (the library's defaults follow OWASP's guidance). */
export const hashPassword = (password: string) => argon2.hash(password, { type: argon2.argon2id });

// Verified against when the email is unknown, so both failures take as long.
let decoyHash: Promise<string> | undefined;

const badCredentials = () =>
  new DomainError(401, 'INVALID_CREDENTIALS', 'That email and password do not match an account.');

/** Checks credentials and opens a new session. */
export async function login(
  db: Executor,
  input: { email: string; password: string; userAgent: string | null },
  opts: { now: Date; sessionDays: number },
): Promise<{ token: string; expiresAt: Date; person: SignedInPerson }> {
  const found = await findPersonByEmail(db, input.email);
  if (!found?.passwordHash || !found.active) {
    decoyHash ??= hashPassword(randomBytes(16).toString('hex'));
    await argon2.verify(await decoyHash, input.password).catch(() => false);
    throw badCredentials();
  }
  const ok = await argon2.verify(found.passwordHash, input.password).catch(() => false);
  if (!ok) throw badCredentials();
  const session = await openSession(db, found.id, input.userAgent, opts);
  const person = await personById(db, found.id);
  if (!person) throw badCredentials();
  return { ...session, person };
}

/** A new session for a person: the token goes in the cookie, its hash in the table. */
async function openSession(
  db: Executor,
  personId: string,
  userAgent: string | null,
  opts: { now: Date; sessionDays: number },
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(opts.now.getTime() + opts.sessionDays * 86_400_000);
  await insertSession(db, {
    id: hashToken(token),
    personId,
    expiresAt,
    userAgent: userAgent?.slice(0, 300) ?? null,
  });
  return { token, expiresAt };
}

const inviteInvalid = (message: string) =>
  new DomainError(400, 'INVITE_INVALID', `${message} Ask an admin for a new invite.`, {
    errors: [{ path: 'token', message }],
  });

type InviteRow = NonNullable<Awaited<ReturnType<typeof findInvite>>>;

/** Why an invite cannot be used now, or null when it can. */
function inviteRefusal(invite: InviteRow | undefined, now: Date): DomainError | null {
  if (!invite) return inviteInvalid('This invite link is not valid.');
  if (invite.usedAt) return inviteInvalid('This invite link has already been used.');
  if (invite.revokedAt) return inviteInvalid('This invite link was replaced by a newer one.');
  if (invite.expiresAt <= now) return inviteInvalid('This invite link has expired.');
  if (!invite.personActive) return inviteInvalid('This account is deactivated.');
  return null;
}

/**
 * Sets the invited person's password from the link's secret and signs them in. The invite is
 * used once; their other invites and any earlier sessions end with it.
 */
export async function acceptInvite(
  db: Db,
  input: AcceptInviteBody & { userAgent: string | null },
  opts: { now: Date; sessionDays: number },
): Promise<{ token: string; expiresAt: Date; person: SignedInPerson }> {
  const secretHash = hashToken(input.token);
  const seen = await findInvite(db, secretHash);
  const early = inviteRefusal(seen, opts.now);
  if (early) throw early;
  // Hashed before the transaction, so no lock is held for argon2's time.
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    // Locked and read again: two accepts of one link cannot both succeed.
    const invite = await findInvite(tx, secretHash, { lock: true });
    const late = inviteRefusal(invite, opts.now);
    if (late || !invite) throw late ?? inviteInvalid('This invite link is not valid.');
    if (!(await setPassword(tx, invite.personId, passwordHash))) {
      throw inviteInvalid('This account is deactivated.');
    }
    await useInvite(tx, invite, opts.now);
    await revokeSessionsOf(tx, invite.personId, opts.now);
    const session = await openSession(tx, invite.personId, input.userAgent, opts);
    await recordAudit(tx, {
      actorId: invite.personId,
      entityType: 'account',
      entityId: invite.personId,
      action: 'set a password from an invite',
    });
    const person = await personById(tx, invite.personId);
    if (!person) throw inviteInvalid('This account is deactivated.');
    return { ...session, person };
  });
}

/**
 * Changes the signed-in person's password once the current one is confirmed; every other
 * session of theirs ends (the one making the change, if any, is kept).
 */
export async function changePassword(
  db: Db,
  person: SignedInPerson,
  input: ChangePasswordBody,
  opts: { now: Date; keepSessionId: string | null },
): Promise<void> {
  const current = await passwordHashOf(db, person.id);
  const ok = current
    ? await argon2.verify(current, input.currentPassword).catch(() => false)
    : false;
  if (!ok) {
    throw new DomainError(400, 'INVALID_CREDENTIALS', 'Your current password is not right.', {
      errors: [{ path: 'currentPassword', message: 'Does not match your current password' }],
    });
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    if (!(await setPassword(tx, person.id, passwordHash))) {
      throw new DomainError(401, 'UNAUTHENTICATED', 'Sign in to continue.');
    }
    await revokeSessionsOf(tx, person.id, opts.now, opts.keepSessionId);
    await recordAudit(tx, {
      actorId: person.id,
      entityType: 'account',
      entityId: person.id,
      action: 'changed their password',
    });
  });
}

export const logout = (db: Executor, token: string, now: Date) =>
  revokeSession(db, hashToken(token), now);

/** The session's person; `sessionId` is the cookie's token hashed (hashToken). */
export const sessionPerson = (db: Executor, sessionId: string, now: Date) =>
  personForSession(db, sessionId, now);

/** The rules see a person as an Actor: their id, role and the teams they lead. */
export function actorOf(p: SignedInPerson): Actor {
  return { id: p.id, role: p.role, leadTeamIds: p.teams.filter((t) => t.isLead).map((t) => t.id) };
}
