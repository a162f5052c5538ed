import { createHash, randomBytes } from 'node:crypto';
import argon2 from 'argon2';
import type { Executor } from '../../db/types';
import { DomainError } from '../../domain/errors';
import type { Actor } from '../../domain/lifecycle';
import {
  findPersonByEmail,
  insertSession,
  personById,
  personForSession,
  revokeSession,
} from './auth.queries';
import type { SignedInPerson } from './auth.types';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Hashes a password with argon2id (the library's defaults follow OWASP's guidance). */
export const hashPassword = (password: string) => argon2.hash(password, { type: argon2.argon2id });

// Verified against when the email is unknown, so both failures take as long.
let decoyHash: Promise<string> | undefined;

const badCredentials = () =>
  new DomainError(401, 'INVALID_CREDENTIALS', 'That email and password do not match an account.');

/** Checks credentials and opens a new session; the token goes in the cookie, its hash in the table. */
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
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(opts.now.getTime() + opts.sessionDays * 86_400_000);
  await insertSession(db, {
    id: hashToken(token),
    personId: found.id,
    expiresAt,
    userAgent: input.userAgent?.slice(0, 300) ?? null,
  });
  const person = await personById(db, found.id);
  if (!person) throw badCredentials();
  return { token, expiresAt, person };
}

export const logout = (db: Executor, token: string, now: Date) =>
  revokeSession(db, hashToken(token), now);

export const sessionPerson = (db: Executor, token: string, now: Date) =>
  personForSession(db, hashToken(token), now);

/** The rules see a person as an Actor: their id, role and the teams they lead. */
export function actorOf(p: SignedInPerson): Actor {
  return { id: p.id, role: p.role, leadTeamIds: p.teams.filter((t) => t.isLead).map((t) => t.id) };
}
