import type { RequestDetail } from '@followthrough/shared';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db, Executor } from '../../db/types';
import type { ActionContext, Change, Outcome, RequestState } from '../../domain/change';
import { DomainError, errorOf, notFound } from '../../domain/errors';
import type { Settings } from '../../domain/lifecycle';
import { personOf } from '../../plugins/auth';
import { actorOf } from '../auth/auth.service';
import type { SignedInPerson } from '../auth/auth.types';
import { commitChanges, StaleChange, writeTransaction } from './commit';
import { findRequestDetail, parseIdOrKey, readState } from './requests.queries';
import { detailOf } from './requests.service';

/** Which request a change is for, by whom, and the version the caller last saw. */
export interface ChangeInput {
  idOrKey: string;
  person: SignedInPerson;
  now: Date;
  settings: Settings;
  ifMatch?: string | undefined;
}

/** The change input every mutation route builds from its request. */
export function changeInput(
  app: FastifyInstance,
  request: FastifyRequest<{ Params: { id: string }; Headers: { 'if-match'?: string } }>,
  settings: Settings,
): ChangeInput {
  return {
    idOrKey: request.params.id,
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
 * Pre-loads what the transition needs from the directory and calls it:
 * returns its refusal or its change.
 */
export type Decide = (
  db: Executor,
  state: RequestState,
  ctx: ActionContext,
) => Promise<Outcome> | Outcome;

/** Optimistic attempts before an action waits its turn on the row instead. */
const ATTEMPTS = 3;

/**
 * Changes one request: read it, check If-Match, let the domain decide, and
 * write the change through the one commit path, only if the request is still
 * at the version it was decided on (one statement, no transaction held open
 * across the decision). If another change got there first, decide again on
 * what it left; after a few such races, lock the row and decide once more.
 * Answers with the request as the caller now sees it.
 */
export async function changeRequest<T = RequestDetail>(
  db: Db,
  input: ChangeInput,
  decide: Decide,
  respond?: (detail: RequestDetail, change: Change) => T,
): Promise<{ detail: RequestDetail; result: T }> {
  const expected = parseIfMatch(input.ifMatch);
  const ref = parseIdOrKey(input.idOrKey);
  if (!ref) throw notFound(`Request ${input.idOrKey}`);
  const ctx: ActionContext = {
    actor: actorOf(input.person),
    now: input.now,
    settings: input.settings,
  };
  /** Reads, checks and decides: the change and the version it was decided on. */
  const attempt = async (exec: Executor, lock: boolean) => {
    const found = await readState(exec, ref, { lock });
    if (!found) throw notFound(`Request ${input.idOrKey}`);
    if (expected !== undefined && expected !== found.version) {
      throw new DomainError(
        412,
        'STALE_VERSION',
        `The request changed since you loaded it (you had version ${expected}; it is now ${found.version}). Reload and try again.`,
        { currentVersion: found.version },
      );
    }
    const outcome = await decide(exec, found.state, ctx);
    if (!outcome.ok) throw errorOf(outcome);
    return { change: outcome.change, version: found.version };
  };
  let change: Change | undefined;
  for (let i = 0; i < ATTEMPTS && !change; i++) {
    const decided = await attempt(db, false);
    try {
      await commitChanges(db, [decided.change], { expectedVersion: decided.version });
      change = decided.change;
    } catch (err) {
      if (!(err instanceof StaleChange)) throw err;
    }
  }
  if (!change) {
    change = await writeTransaction(db, async (tx) => {
      const decided = await attempt(tx, true);
      await commitChanges(tx, [decided.change], { expectedVersion: decided.version });
      return decided.change;
    });
  }
  const after = await findRequestDetail(db, { id: change.requestId }, input.now);
  if (!after) throw notFound(`Request ${input.idOrKey}`);
  const detail = detailOf(after, input.person, input.now, input.settings);
  const result = respond ? respond(detail, change) : (detail as T);
  return { detail, result };
}
