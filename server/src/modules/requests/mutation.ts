import type { RequestAction, RequestDetail } from '@followthrough/shared';
import { eq, sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { rowsOf } from '../../db/raw';
import { events, requests } from '../../db/schema';
import type { Db, Tx } from '../../db/types';
import { DomainError, notFound } from '../../domain/errors';
import { assertAllowed, type RequestFacts, type Settings } from '../../domain/lifecycle';
import { personOf } from '../../plugins/auth';
import { actorOf } from '../auth/auth.service';
import type { SignedInPerson } from '../auth/auth.types';
import { factsOf, type RequestRow } from './requests.mapper';
import { findRequestRow, handoffsOf, lockRequest, parseIdOrKey } from './requests.queries';
import { detailFor } from './requests.service';

export interface MutationContext {
  tx: Tx;
  row: RequestRow;
  facts: RequestFacts;
  person: SignedInPerson;
  now: Date;
  /** Sets columns on the request row (applied once, with the version bump). */
  set(values: Partial<typeof requests.$inferInsert>): void;
  /** Appends an event by the acting person (or the system with actorId null). */
  event(type: string, data?: Record<string, unknown>, actorId?: string | null): void;
}

/** The mutation input every action route builds from its request. */
export function mutationInput(
  app: FastifyInstance,
  request: FastifyRequest<{ Params: { id: string }; Headers: { 'if-match'?: string } }>,
  action: RequestAction | null,
  settings: Settings,
) {
  return {
    idOrKey: request.params.id,
    action,
    person: personOf(request),
    now: app.now(),
    settings,
    ifMatch: request.headers['if-match'],
  };
}

/** `"3"`, `W/"3"` and `3` all name version 3. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  const m = /^\s*(?:W\/)?"?(\d{1,10})"?\s*$/.exec(header);
  if (!m) {
    throw new DomainError(400, 'VALIDATION_FAILED', 'If-Match must be a version such as "3".', {
      errors: [{ path: 'If-Match', message: 'Expected a quoted version number' }],
    });
  }
  return Number(m[1]);
}

/**
 * Runs one action on one request: in a transaction, lock the row, check
 * If-Match and the rules against the current state, apply the change and
 * its events, bump the version by the number of events, and return the
 * request as the caller now sees it.
 */
export async function mutateRequest<T = RequestDetail>(
  db: Db,
  input: {
    idOrKey: string;
    action: RequestAction | null;
    person: SignedInPerson;
    now: Date;
    settings: Settings;
    ifMatch?: string | undefined;
  },
  apply: (ctx: MutationContext) => Promise<void> | void,
  respond?: (ctx: MutationContext, detail: RequestDetail) => Promise<T> | T,
): Promise<{ detail: RequestDetail; result: T }> {
  const expected = parseIfMatch(input.ifMatch);
  const ref = parseIdOrKey(input.idOrKey);
  if (!ref) throw notFound(`Request ${input.idOrKey}`);
  return db.transaction(async (tx) => {
    let id: string;
    if ('id' in ref) id = ref.id;
    else {
      const found = await tx.execute(sql`select id from requests where number = ${ref.number}`);
      const first = rowsOf<{ id: string }>(found)[0];
      if (!first) throw notFound(`Request ${input.idOrKey}`);
      id = first.id;
    }
    const locked = await lockRequest(tx, id);
    if (!locked) throw notFound(`Request ${input.idOrKey}`);
    if (expected !== undefined && expected !== Number(locked.version)) {
      throw new DomainError(
        412,
        'STALE_VERSION',
        `The request changed since you loaded it (you had version ${expected}; it is now ${locked.version}). Reload and try again.`,
        { currentVersion: Number(locked.version) },
      );
    }
    const row = (await findRequestRow(tx, { id }, input.now))!;
    const handoffs = await handoffsOf(tx, id, input.now);
    const facts = factsOf(
      row,
      handoffs.filter((h) => h.status === 'open' && h.toPerson).map((h) => h.toPerson!.id),
    );
    const actor = actorOf(input.person);
    if (input.action) assertAllowed(input.action, actor, facts, input.now, input.settings);

    const changes: Partial<typeof requests.$inferInsert> = {};
    const newEvents: (typeof events.$inferInsert)[] = [];
    const ctx: MutationContext = {
      tx,
      row,
      facts,
      person: input.person,
      now: input.now,
      set: (values) => Object.assign(changes, values),
      event: (type, data = {}, actorId = input.person.id) =>
        newEvents.push({ requestId: id, actorId, type, at: input.now, data }),
    };
    await apply(ctx);
    if (newEvents.length === 0) throw new Error('an action must record at least one event');

    const ownerAfter = changes.ownerId !== undefined ? changes.ownerId : facts.ownerId;
    const ownerActed = newEvents.some((e) => e.actorId !== null && e.actorId === ownerAfter);
    await tx.insert(events).values(newEvents);
    await tx
      .update(requests)
      .set({
        ...changes,
        ...(ownerActed ? { lastOwnerActivityAt: input.now } : {}),
        updatedAt: input.now,
        version: sql`${requests.version} + ${newEvents.length}`,
      })
      .where(eq(requests.id, id));

    const after = (await findRequestRow(tx, { id }, input.now))!;
    const detail = await detailFor(tx, after, input.person, input.now, input.settings);
    const result = respond ? await respond(ctx, detail) : (detail as T);
    return { detail, result };
  });
}
