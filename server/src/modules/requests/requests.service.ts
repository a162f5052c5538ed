import { randomUUID } from 'node:crypto';
import {
  type CreateRequestBody,
  type createRequestBody,
  type Handoff,
  isoDateTime,
  type listRequestsQuery,
  openStatuses,
  priority,
  type RequestDetail,
  type RequestPage,
  type RequestSort,
  type RequestSummary,
  uuid,
} from '@followthrough/shared';
import { z } from 'zod';
import type { Db, Executor } from '../../db/types';
import { errorOf, fieldError, notFound } from '../../domain/errors';
import { allowedActions, type Settings } from '../../domain/lifecycle';
import { createRequest as createInDomain, fillFromAsset } from '../../domain/requests';
import { actorOf } from '../auth/auth.service';
import type { SignedInPerson } from '../auth/auth.types';
import { assetFacts, categoryFacts, locationFacts } from '../directory/directory.queries';
import { claimKey, storeResponse } from '../idempotency/idempotency.service';
import { commitChanges, writeTransaction } from './commit';
import { factsOf, type RequestRow, toSummary } from './requests.mapper';
import {
  countRequestRows,
  estimateRequestRows,
  findRequestDetail,
  listRequestRows,
  parseIdOrKey,
  sorts,
} from './requests.queries';

/** The full request as this person sees it: handoffs and the actions they may take now. */
export function detailOf(
  { row, handoffs }: { row: RequestRow; handoffs: Handoff[] },
  person: SignedInPerson,
  now: Date,
  settings: Settings,
): RequestDetail {
  const handoffPersonIds = handoffs
    .filter((h) => h.status === 'open' && h.toPerson)
    .map((h) => h.toPerson!.id);
  const facts = factsOf(row, handoffPersonIds);
  return {
    ...toSummary(row),
    handoffs,
    allowedActions: allowedActions(actorOf(person), facts, now, settings),
  };
}

/** GET /api/requests/:id (an id or a key) */
export async function getRequest(
  db: Db,
  idOrKey: string,
  person: SignedInPerson,
  now: Date,
  settings: Settings,
): Promise<RequestDetail> {
  const ref = parseIdOrKey(idOrKey);
  if (!ref) throw notFound(`Request ${idOrKey}`);
  const found = await findRequestDetail(db, ref, now);
  if (!found) throw notFound(`Request ${idOrKey}`);
  return detailOf(found, person, now, settings);
}

type ListQuery = z.output<typeof listRequestsQuery>;

/** What each sort column's cursor value must be before it is cast in SQL. */
const cursorValue = {
  timestamptz: isoDateTime,
  uuid,
  priority,
} as const;

function decodeCursor(cursor: string, sort: RequestSort): unknown[] {
  const columns = sorts[sort].columns;
  try {
    const parsed = z
      .object({ s: z.literal(sort), v: z.array(z.unknown()).length(columns.length) })
      .safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (
      parsed.success &&
      columns.every(
        (c, i) =>
          cursorValue[c.cast as keyof typeof cursorValue].safeParse(parsed.data.v[i]).success,
      )
    ) {
      return parsed.data.v;
    }
  } catch {
    // not base64 JSON: answered below
  }
  throw fieldError('cursor', 'Not a cursor from this list (or from a different sort)');
}

/** The list's filters as the statement takes them, `me` being the caller. */
function filterOf(query: Omit<ListQuery, 'sort' | 'limit' | 'cursor'>, person: SignedInPerson) {
  const statuses = query.status?.flatMap((s) => (s === 'open' ? [...openStatuses] : [s]));
  return {
    statuses: statuses ? [...new Set(statuses)] : undefined,
    ownerId:
      query.owner === 'me' ? person.id : query.owner === 'none' ? null : (query.owner ?? undefined),
    requesterId: query.requester === 'me' ? person.id : query.requester,
    pendingOwnerId: query.pendingOwner === 'me' ? person.id : query.pendingOwner,
    categoryIds: query.category,
    locationIds: query.location,
    assetId: query.asset,
    teamId: query.team,
    priorities: query.priority,
    stalled: query.stalled === undefined ? undefined : query.stalled === 'true',
    reasons: query.reason,
    q: query.q || undefined,
  };
}

/**
 * How many requests the list would show this person for these filters, up to `cap`;
 * `capped` when there are more (saved views' counts).
 */
export async function countRequests(
  db: Executor,
  query: Omit<ListQuery, 'sort' | 'limit' | 'cursor'>,
  person: SignedInPerson,
  now: Date,
  cap: number,
): Promise<{ count: number; capped: boolean }> {
  const found = await countRequestRows(db, filterOf(query, person), now, cap);
  return { count: Math.min(found, cap), capped: found > cap };
}

/** Past this many matches the list's total is the planner's estimate. */
export const EXACT_TOTAL_LIMIT = 10_000;

/**
 * The list's total for these filters: counted exactly up to `limit`, estimated past it, so a
 * million requests cost no more than ten thousand.
 */
export async function listTotal(
  db: Executor,
  query: Omit<ListQuery, 'sort' | 'limit' | 'cursor'>,
  person: SignedInPerson,
  now: Date,
  limit = EXACT_TOTAL_LIMIT,
): Promise<{ count: number; exact: boolean }> {
  const where = filterOf(query, person);
  const found = await countRequestRows(db, where, now, limit);
  if (found <= limit) return { count: found, exact: true };
  // An estimate below what was counted would read as wrong; it is at least limit + 1.
  const estimate = await estimateRequestRows(db, where, now);
  return { count: Math.max(estimate, limit + 1), exact: false };
}

/** GET /api/requests: keyset pages, newest first by default. */
export async function listRequests(
  db: Db,
  query: ListQuery,
  person: SignedInPerson,
  now: Date,
): Promise<RequestPage> {
  const rows = await listRequestRows(
    db,
    {
      ...filterOf(query, person),
      sort: query.sort,
      after: query.cursor ? decodeCursor(query.cursor, query.sort) : undefined,
      limit: query.limit + 1,
    },
    now,
  );
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  const nextCursor =
    rows.length > query.limit && last
      ? Buffer.from(
          JSON.stringify({ s: query.sort, v: sorts[query.sort].columns.map((c) => c.pick(last)) }),
        ).toString('base64url')
      : null;
  const items = page.map(toSummary) as RequestSummary[];
  if (query.count !== 'true') return { items, nextCursor };
  return { items, nextCursor, total: await listTotal(db, query, person, now) };
}

/**
 * POST /api/requests: creates the request and routes it (SPEC §4): the
 * category's default owner receives an offer, or owns it at once when they
 * logged it themselves. A repeated Idempotency-Key replays the first answer.
 */
export async function createRequest(
  db: Db,
  body: z.output<typeof createRequestBody>,
  person: SignedInPerson,
  opts: { now: Date; settings: Settings; idempotencyKey?: string | undefined },
): Promise<{ statusCode: number; body: RequestDetail }> {
  const { now, settings } = opts;
  const create = async (exec: Executor) => {
    const id = randomUUID();
    const filled = fillFromAsset(
      body,
      body.assetId ? await assetFacts(exec, body.assetId) : undefined,
    );
    if (!filled.ok) throw errorOf(filled);
    const input = filled.body;
    const outcome = createInDomain({ actor: actorOf(person), now }, input, {
      id,
      category: await categoryFacts(exec, input.categoryId),
      location: input.locationId ? await locationFacts(exec, input.locationId) : null,
    });
    if (!outcome.ok) throw errorOf(outcome);
    await commitChanges(exec, [outcome.change]);
    return detailOf((await findRequestDetail(exec, { id }, now))!, person, now, settings);
  };
  const key = opts.idempotencyKey;
  // Without a key the write is one statement; with one, the claim, the request and the stored
  // answer commit together.
  if (!key) return { statusCode: 201, body: await create(db) };
  return writeTransaction(db, async (tx) => {
    const claim = await claimKey(tx, {
      personId: person.id,
      key,
      route: 'POST /api/requests',
      body,
      now,
    });
    if (claim.kind === 'replay') {
      return { statusCode: claim.statusCode, body: claim.response as RequestDetail };
    }
    const detail = await create(tx);
    await storeResponse(tx, { personId: person.id, key, statusCode: 201, response: detail });
    return { statusCode: 201, body: detail };
  });
}

export type { CreateRequestBody };
