import { createHash, randomBytes } from 'node:crypto';
import {
  type Category,
  type CreateCategoryBody,
  type CreateLocationBody,
  type CreatePersonBody,
  type CreateTeamBody,
  type Location,
  type Person,
  type Priority,
  priorities,
  type Team,
  type UpdateCategoryBody,
  type UpdateLocationBody,
  type UpdatePersonBody,
  type UpdateTeamBody,
} from '@followthrough/shared';
import { and, eq, inArray, isNull, notInArray, sql } from 'drizzle-orm';
import { isUniqueViolation, isUuid } from '../../db/errors';
import {
  apiTokens,
  categories,
  categoryTargets,
  invites,
  locations,
  mailOutbox,
  people,
  requests,
  sessions,
  teamMembers,
  teams,
} from '../../db/schema';
import type { Db, Executor, Tx } from '../../db/types';
import type { ActionContext, Change } from '../../domain/change';
import { DomainError, fieldError, notFound } from '../../domain/errors';
import { withdrawOffer } from '../../domain/ownership';
import { defaultTargets } from '../../domain/targets';
import { recordAudit } from '../audit/audit.queries';
import { actorOf } from '../auth/auth.service';
import type { SignedInPerson } from '../auth/auth.types';
import {
  listCategories,
  listLocations,
  listPeople,
  listTeams,
} from '../directory/directory.queries';
import { commitChanges, mailDelivery, writeTransaction } from '../requests/commit';
import { readState } from '../requests/requests.queries';

/**
 * The directory writes of SPEC §12, each one transaction with its audit row. Names and emails
 * are unique (409 with a stable code), ids in a body must name what exists (400 naming the
 * field), and ids in the path 404 when unknown.
 */

export const INVITE_DAYS = 7;
const DAY_MS = 86_400_000;

/** A path id that is not a uuid names nothing: 404, as an unknown one does. */
function knownId(id: string, what: string) {
  if (!isUuid(id)) throw notFound(what);
}

/** Runs `work`, answering a duplicate name or email with a 409 of this code. */
async function unique<T>(
  code: 'EMAIL_TAKEN' | 'NAME_TAKEN',
  what: string,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (isUniqueViolation(err)) {
      const path = code === 'EMAIL_TAKEN' ? 'email' : 'name';
      throw new DomainError(409, code, `${what} is already taken.`, {
        errors: [{ path, message: 'Already taken' }],
      });
    }
    throw err;
  }
}

/** The ids among `ids` that the table does not hold. */
async function missing(
  tx: Executor,
  table: typeof people | typeof teams,
  ids: readonly string[],
): Promise<string[]> {
  if (ids.length === 0) return [];
  const found = await tx
    .select({ id: table.id })
    .from(table)
    .where(inArray(table.id, [...ids]));
  const have = new Set(found.map((r) => r.id));
  return ids.filter((id) => !have.has(id));
}

async function requireAll(
  tx: Executor,
  table: typeof people | typeof teams,
  ids: readonly string[],
  path: string,
) {
  const gone = await missing(tx, table, ids);
  if (gone.length > 0) {
    const i = ids.indexOf(gone[0]!);
    throw fieldError(`${path}.${i}`, table === people ? 'No such person' : 'No such team');
  }
}

const personView = async (tx: Executor, id: string): Promise<Person | undefined> =>
  (await listPeople(tx, {})).find((p) => p.id === id);

async function teamView(tx: Executor, id: string): Promise<Team | undefined> {
  return (await listTeams(tx)).find((t) => t.id === id);
}

async function categoryView(tx: Executor, id: string): Promise<Category | undefined> {
  return (await listCategories(tx)).find((c) => c.id === id);
}

async function locationView(tx: Executor, id: string): Promise<Location | undefined> {
  return (await listLocations(tx)).find((l) => l.id === id);
}

const secret = () => randomBytes(32).toString('base64url');
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * A new invite link for a person: earlier ones stop working. The secret travels in the link's
 * fragment, which browsers never send to servers or in a Referer. With mail on, it is also
 * mailed to the person.
 */
async function issueInvite(
  tx: Executor,
  personId: string,
  by: string,
  now: Date,
  baseUrl: string,
  mail: boolean,
): Promise<{ inviteUrl: string; expiresAt: string }> {
  await tx
    .update(invites)
    .set({ revokedAt: now })
    .where(and(eq(invites.personId, personId), isNull(invites.usedAt), isNull(invites.revokedAt)));
  const token = secret();
  const expiresAt = new Date(now.getTime() + INVITE_DAYS * DAY_MS);
  const [invite] = await tx
    .insert(invites)
    .values({
      personId,
      secretHash: sha256(token),
      createdById: by,
      createdAt: now,
      expiresAt,
    })
    .returning({ id: invites.id });
  const inviteUrl = `${baseUrl.replace(/\/+$/, '')}/invite#${token}`;
  // Queued with the invite itself; the link leaves the outbox once it is sent.
  if (mail) {
    await tx
      .insert(mailOutbox)
      .values({ personId, inviteId: invite!.id, payload: { link: inviteUrl } });
  }
  return { inviteUrl, expiresAt: expiresAt.toISOString() };
}

async function setMemberships(tx: Executor, personId: string, teamIds: readonly string[]) {
  await requireAll(tx, teams, teamIds, 'teamIds');
  const keep = [...new Set(teamIds)];
  await tx
    .delete(teamMembers)
    .where(
      and(
        eq(teamMembers.personId, personId),
        keep.length > 0 ? notInArray(teamMembers.teamId, keep) : undefined,
      ),
    );
  if (keep.length > 0) {
    await tx
      .insert(teamMembers)
      .values(keep.map((teamId) => ({ teamId, personId })))
      .onConflictDoNothing();
  }
}

export async function createPerson(
  db: Db,
  admin: SignedInPerson,
  body: CreatePersonBody,
  opts: { now: Date; baseUrl: string; passwordHash?: string },
): Promise<Person & { inviteUrl?: string }> {
  return db.transaction(async (tx) => {
    const [row] = await unique('EMAIL_TAKEN', `The email ${body.email}`, () =>
      tx
        .insert(people)
        .values({
          name: body.name,
          email: body.email,
          role: body.role,
          passwordHash: opts.passwordHash ?? null,
          createdAt: opts.now,
        })
        .returning({ id: people.id }),
    );
    const id = row!.id;
    await setMemberships(tx, id, body.teamIds ?? []);
    const invite = opts.passwordHash
      ? undefined
      : await issueInvite(tx, id, admin.id, opts.now, opts.baseUrl, mailDelivery(db));
    const after = (await personView(tx, id))!;
    await recordAudit(tx, {
      actorId: admin.id,
      entityType: 'person',
      entityId: id,
      action: invite ? 'created with an invite' : 'created with a password',
      after,
    });
    return invite ? { ...after, inviteUrl: invite.inviteUrl } : after;
  });
}

/**
 * Every active admin but this person, locked (NO KEY UPDATE, so request writers' foreign-key
 * checks on them never wait): two admins demoting each other at once cannot both succeed.
 */
async function otherActiveAdmins(tx: Tx, personId: string): Promise<number> {
  const rows = await tx
    .select({ id: people.id })
    .from(people)
    .where(and(eq(people.role, 'admin'), eq(people.active, true)))
    .for('no key update');
  return rows.filter((r) => r.id !== personId).length;
}

export async function updatePerson(
  db: Db,
  admin: SignedInPerson,
  id: string,
  body: UpdatePersonBody,
  opts: { now: Date; settings: ActionContext['settings'] },
): Promise<Person> {
  knownId(id, 'Person');
  return writeTransaction(db, async (tx) => {
    const [current] = await tx
      .select({ id: people.id, role: people.role, active: people.active })
      .from(people)
      .where(eq(people.id, id))
      .for('no key update');
    if (!current) throw notFound('Person');
    const before = (await personView(tx, id))!;
    const losesAdmin =
      current.role === 'admin' &&
      current.active &&
      ((body.role !== undefined && body.role !== 'admin') || body.active === false);
    if (losesAdmin && (await otherActiveAdmins(tx, id)) === 0) {
      throw new DomainError(
        409,
        'LAST_ADMIN',
        'This is the last active admin: make someone else an admin first.',
        { errors: [{ path: body.active === false ? 'active' : 'role', message: 'Last admin' }] },
      );
    }
    const set: Partial<typeof people.$inferInsert> = {};
    if (body.name !== undefined) set.name = body.name;
    if (body.email !== undefined) set.email = body.email;
    if (body.role !== undefined) set.role = body.role;
    if (body.active !== undefined && body.active !== current.active) {
      set.active = body.active;
      set.deactivatedAt = body.active ? null : opts.now;
    }
    if (Object.keys(set).length > 0) {
      await unique('EMAIL_TAKEN', `The email ${body.email}`, () =>
        tx.update(people).set(set).where(eq(people.id, id)),
      );
    }
    if (body.teamIds !== undefined) await setMemberships(tx, id, body.teamIds);
    if (set.active === false) {
      // Everything that lets them act ends now, and nothing waits on them.
      await tx
        .update(sessions)
        .set({ revokedAt: opts.now })
        .where(and(eq(sessions.personId, id), isNull(sessions.revokedAt)));
      await tx
        .update(apiTokens)
        .set({ revokedAt: opts.now })
        .where(and(eq(apiTokens.personId, id), isNull(apiTokens.revokedAt)));
      await tx
        .update(invites)
        .set({ revokedAt: opts.now })
        .where(and(eq(invites.personId, id), isNull(invites.usedAt), isNull(invites.revokedAt)));
      await withdrawOffersTo(tx, admin, id, opts);
    }
    const after = (await personView(tx, id))!;
    await recordAudit(tx, {
      actorId: admin.id,
      entityType: 'person',
      entityId: id,
      action:
        set.active === false ? 'deactivated' : set.active === true ? 'reactivated' : 'updated',
      before,
      after,
    });
    return after;
  });
}

/** Each open request offered to this person: the offer withdrawn, an event on each. */
async function withdrawOffersTo(
  tx: Tx,
  admin: SignedInPerson,
  personId: string,
  opts: { now: Date; settings: ActionContext['settings'] },
): Promise<Change[]> {
  const offered = await tx
    .select({ id: requests.id })
    .from(requests)
    .where(
      and(
        eq(requests.pendingOwnerId, personId),
        inArray(requests.status, ['new', 'in_progress', 'waiting']),
      ),
    )
    .orderBy(requests.id);
  const ctx: ActionContext = { actor: actorOf(admin), now: opts.now, settings: opts.settings };
  const changes: Change[] = [];
  for (const { id } of offered) {
    const found = await readState(tx, { id }, { lock: true });
    if (!found || found.state.pendingOwnerId !== personId) continue;
    const outcome = withdrawOffer(found.state, ctx);
    if (!outcome.ok) continue;
    await commitChanges(tx, [outcome.change], { expectedVersion: found.version });
    changes.push(outcome.change);
  }
  return changes;
}

/** A new invite link for a person; the old one stops working. */
export async function reinvite(
  db: Db,
  admin: SignedInPerson,
  id: string,
  opts: { now: Date; baseUrl: string },
) {
  knownId(id, 'Person');
  return db.transaction(async (tx) => {
    const [found] = await tx
      .select({ id: people.id, active: people.active })
      .from(people)
      .where(eq(people.id, id));
    if (!found) throw notFound('Person');
    if (!found.active) {
      throw new DomainError(
        409,
        'ACTION_NOT_ALLOWED',
        'This person is deactivated: reactivate them before inviting them again.',
      );
    }
    const invite = await issueInvite(tx, id, admin.id, opts.now, opts.baseUrl, mailDelivery(db));
    await recordAudit(tx, {
      actorId: admin.id,
      entityType: 'person',
      entityId: id,
      action: 'sent a new invite',
      after: { expiresAt: invite.expiresAt },
    });
    return invite;
  });
}

/** Members and leads as asked, every lead a member (SPEC §12). */
async function setTeam(
  tx: Executor,
  teamId: string,
  members: readonly string[],
  leads: readonly string[],
) {
  const memberSet = new Set(members);
  leads.forEach((lead, i) => {
    if (!memberSet.has(lead))
      throw fieldError(`leadIds.${i}`, 'A lead must be a member of the team');
  });
  await requireAll(tx, people, members, 'memberIds');
  await tx.delete(teamMembers).where(eq(teamMembers.teamId, teamId));
  const leadSet = new Set(leads);
  if (memberSet.size > 0) {
    await tx
      .insert(teamMembers)
      .values(
        [...memberSet].map((personId) => ({ teamId, personId, isLead: leadSet.has(personId) })),
      );
  }
}

export async function createTeam(db: Db, admin: SignedInPerson, body: CreateTeamBody) {
  return db.transaction(async (tx) => {
    const [row] = await unique('NAME_TAKEN', `The team name ${body.name}`, () =>
      tx.insert(teams).values({ name: body.name }).returning({ id: teams.id }),
    );
    const id = row!.id;
    const leads = body.leadIds ?? [];
    await setTeam(tx, id, body.memberIds ?? leads, leads);
    const after = (await teamView(tx, id))!;
    await recordAudit(tx, {
      actorId: admin.id,
      entityType: 'team',
      entityId: id,
      action: 'created',
      after,
    });
    return after;
  });
}

export async function updateTeam(db: Db, admin: SignedInPerson, id: string, body: UpdateTeamBody) {
  knownId(id, 'Team');
  return db.transaction(async (tx) => {
    const [found] = await tx
      .select({ id: teams.id })
      .from(teams)
      .where(eq(teams.id, id))
      .for('update');
    if (!found) throw notFound('Team');
    const before = (await teamView(tx, id))!;
    if (body.name !== undefined) {
      await unique('NAME_TAKEN', `The team name ${body.name}`, () =>
        tx.update(teams).set({ name: body.name! }).where(eq(teams.id, id)),
      );
    }
    if (body.memberIds !== undefined || body.leadIds !== undefined) {
      const members = body.memberIds ?? before.memberIds;
      // Members removed stop leading; leads unchanged stay leads if still members.
      const leads = body.leadIds ?? before.leadIds.filter((l) => members.includes(l));
      await setTeam(tx, id, members, leads);
    }
    const after = (await teamView(tx, id))!;
    await recordAudit(tx, {
      actorId: admin.id,
      entityType: 'team',
      entityId: id,
      action: 'updated',
      before,
      after,
    });
    return after;
  });
}

async function checkDefaultOwner(tx: Executor, id: string | null | undefined) {
  if (!id) return;
  const [found] = await tx
    .select({ active: people.active, name: people.name })
    .from(people)
    .where(eq(people.id, id));
  if (!found) throw fieldError('defaultOwnerId', 'No such person');
  if (!found.active) throw fieldError('defaultOwnerId', `${found.name} is deactivated`);
}

/**
 * The targets named replace those priorities' rows; on create, priorities left out take the
 * defaults of SPEC §6. Open requests' stalled moments follow by the stalls job (stalled.sql):
 * this transaction only queues that, so no writer of requests waits for it.
 */
async function setTargets(
  tx: Executor,
  categoryId: string,
  targets: CreateCategoryBody['targets'],
  fillDefaults: boolean,
) {
  const named = new Map((targets ?? []).map((t) => [t.priority, t]));
  const rows = (priorities as readonly Priority[]).flatMap((priority) => {
    const t = named.get(priority);
    if (t) return [t];
    return fillDefaults ? [{ priority, ...defaultTargets[priority] }] : [];
  });
  if (rows.length === 0) return;
  await tx
    .insert(categoryTargets)
    .values(rows.map((t) => ({ categoryId, ...t })))
    .onConflictDoUpdate({
      target: [categoryTargets.categoryId, categoryTargets.priority],
      set: {
        ownWithinMinutes: sql`excluded.own_within_minutes`,
        quietForMinutes: sql`excluded.quiet_for_minutes`,
        resolveWithinMinutes: sql`excluded.resolve_within_minutes`,
      },
    });
}

export async function createCategory(db: Db, admin: SignedInPerson, body: CreateCategoryBody) {
  return db.transaction(async (tx) => {
    await requireAll(tx, teams, [body.teamId], 'teamId').catch(() => {
      throw fieldError('teamId', 'No such team');
    });
    await checkDefaultOwner(tx, body.defaultOwnerId);
    const [row] = await unique('NAME_TAKEN', `The category name ${body.name}`, () =>
      tx
        .insert(categories)
        .values({
          name: body.name,
          teamId: body.teamId,
          defaultOwnerId: body.defaultOwnerId ?? null,
          active: body.active ?? true,
        })
        .returning({ id: categories.id }),
    );
    const id = row!.id;
    await setTargets(tx, id, body.targets, true);
    const after = (await categoryView(tx, id))!;
    await recordAudit(tx, {
      actorId: admin.id,
      entityType: 'category',
      entityId: id,
      action: 'created',
      after,
    });
    return after;
  });
}

export async function updateCategory(
  db: Db,
  admin: SignedInPerson,
  id: string,
  body: UpdateCategoryBody,
) {
  knownId(id, 'Category');
  return db.transaction(async (tx) => {
    const [found] = await tx
      .select({ id: categories.id })
      .from(categories)
      .where(eq(categories.id, id))
      .for('no key update');
    if (!found) throw notFound('Category');
    const before = (await categoryView(tx, id))!;
    if (body.teamId !== undefined) {
      await requireAll(tx, teams, [body.teamId], 'teamId').catch(() => {
        throw fieldError('teamId', 'No such team');
      });
    }
    if (body.defaultOwnerId !== undefined) await checkDefaultOwner(tx, body.defaultOwnerId);
    const set: Partial<typeof categories.$inferInsert> = {};
    if (body.name !== undefined) set.name = body.name;
    if (body.teamId !== undefined) set.teamId = body.teamId;
    if (body.defaultOwnerId !== undefined) set.defaultOwnerId = body.defaultOwnerId;
    if (body.active !== undefined) set.active = body.active;
    if (Object.keys(set).length > 0) {
      await unique('NAME_TAKEN', `The category name ${body.name}`, () =>
        tx.update(categories).set(set).where(eq(categories.id, id)),
      );
    }
    if (body.targets !== undefined) await setTargets(tx, id, body.targets, false);
    const after = (await categoryView(tx, id))!;
    await recordAudit(tx, {
      actorId: admin.id,
      entityType: 'category',
      entityId: id,
      action: 'updated',
      before,
      after,
    });
    return after;
  });
}

export async function createLocation(db: Db, admin: SignedInPerson, body: CreateLocationBody) {
  return db.transaction(async (tx) => {
    const [row] = await unique('NAME_TAKEN', `The location name ${body.name}`, () =>
      tx
        .insert(locations)
        .values({ name: body.name, active: body.active ?? true })
        .returning({ id: locations.id }),
    );
    const after = (await locationView(tx, row!.id))!;
    await recordAudit(tx, {
      actorId: admin.id,
      entityType: 'location',
      entityId: row!.id,
      action: 'created',
      after,
    });
    return after;
  });
}

export async function updateLocation(
  db: Db,
  admin: SignedInPerson,
  id: string,
  body: UpdateLocationBody,
) {
  knownId(id, 'Location');
  return db.transaction(async (tx) => {
    const before = await locationView(tx, id);
    if (!before) throw notFound('Location');
    await unique('NAME_TAKEN', `The location name ${body.name}`, () =>
      tx.update(locations).set(body).where(eq(locations.id, id)),
    );
    const after = (await locationView(tx, id))!;
    await recordAudit(tx, {
      actorId: admin.id,
      entityType: 'location',
      entityId: id,
      action: 'updated',
      before,
      after,
    });
    return after;
  });
}
