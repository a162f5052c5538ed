import type { RequestDetail } from '@followthrough/shared';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db, Tx } from '../../db/types';
import type { ActionContext, Change, Outcome, RequestState } from '../../domain/change';
import { DomainError, errorOf, notFound } from '../../domain/errors';
import type { Settings } from '../../domain/lifecycle';
import { personOf } from '../../plugins/auth';
import { actorOf } from '../auth/auth.service';
import type { SignedInPerson } from '../auth/auth.types';
import { commitChanges, writeTransaction } from './commit';
import { findRequestRow, lockState, parseIdOrKey } from './requests.queries';
import { detailFor } from './requests.service';

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
 * Pre-loads what the transition needs from the directory (in the same
 * transaction) and calls it: returns its refusal or its change.
 */
export type Decide = (
  tx: Tx,
  state: RequestState,
  ctx: ActionContext,
) => Promise<Outcome> | Outcome;

/**
 * Changes one request: in a transaction, lock the row and read it, check
 * If-Match, let the domain decide, commit the change through the one commit
 * path, and answer with the request as the caller now sees it.
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
  return writeTransaction(db, async (tx) => {
    const locked = await lockState(tx, ref);
    if (!locked) throw notFound(`Request ${input.idOrKey}`);
    if (expected !== undefined && expected !== locked.version) {
      throw new DomainError(
        412,
        'STALE_VERSION',
        `The request changed since you loaded it (you had version ${expected}; it is now ${locked.version}). Reload and try again.`,
        { currentVersion: locked.version },
      );
    }
    const ctx: ActionContext = {
      actor: actorOf(input.person),
      now: input.now,
      settings: input.settings,
    };
    const outcome = await decide(tx, locked.state, ctx);
    if (!outcome.ok) throw errorOf(outcome);
    await commitChanges(tx, [outcome.change]);
    const after = (await findRequestRow(tx, { id: locked.state.id }, input.now))!;
    const detail = await detailFor(tx, after, input.person, input.now, input.settings);
    const result = respond ? respond(detail, outcome.change) : (detail as T);
    return { detail, result };
  });
}
