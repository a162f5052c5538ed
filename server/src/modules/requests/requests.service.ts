import {
  type CreateRequestBody,
  type createRequestBody,
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
import { DomainError, notFound } from '../../domain/errors';
import { allowedActions, type Settings } from '../../domain/lifecycle';
import { defaultTargets, targetAt } from '../../domain/targets';
import { actorOf } from '../auth/auth.service';
import type { SignedInPerson } from '../auth/auth.types';
import { claimKey, storeResponse } from '../idempotency/idempotency.service';
import { factsOf, type RequestRow, toSummary } from './requests.mapper';
import {
  categoryForCreate,
  findRequestRow,
  handoffsOf,
  insertEvent,
  insertRequest,
  listRequestRows,
  locationActive,
  parseIdOrKey,
  sorts,
} from './requests.queries';

export const fieldError = (path: string, message: string) =>
  new DomainError(400, 'VALIDATION_FAILED', `${path}: ${message}`, {
    errors: [{ path, message }],
  });

/** The full request as this person sees it: handoffs and the actions they may take now. */
export async function detailFor(
  db: Executor,
  row: RequestRow,
  person: SignedInPerson,
  now: Date,
  settings: Settings,
): Promise<RequestDetail> {
  const handoffs = await handoffsOf(db, row.id, now);
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

/** GET /api/requests/:idOrKey */
export async function getRequest(
  db: Db,
  idOrKey: string,
  person: SignedInPerson,
  now: Date,
  settings: Settings,
): Promise<RequestDetail> {
  const ref = parseIdOrKey(idOrKey);
  if (!ref) throw notFound(`Request ${idOrKey}`);
  const row = await findRequestRow(db, ref, now);
  if (!row) throw notFound(`Request ${idOrKey}`);
  return detailFor(db, row, person, now, settings);
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

/** GET /api/requests: keyset pages, newest first by default. */
export async function listRequests(
  db: Db,
  query: ListQuery,
  person: SignedInPerson,
  now: Date,
): Promise<RequestPage> {
  const statuses = query.status?.flatMap((s) => (s === 'open' ? [...openStatuses] : [s]));
  const rows = await listRequestRows(
    db,
    {
      statuses: statuses ? [...new Set(statuses)] : undefined,
      ownerId:
        query.owner === 'me'
          ? person.id
          : query.owner === 'none'
            ? null
            : (query.owner ?? undefined),
      requesterId: query.requester === 'me' ? person.id : query.requester,
      pendingOwnerId: query.pendingOwner === 'me' ? person.id : query.pendingOwner,
      categoryIds: query.category,
      locationIds: query.location,
      teamId: query.team,
      priorities: query.priority,
      stalled: query.stalled === undefined ? undefined : query.stalled === 'true',
      reasons: query.reason,
      q: query.q || undefined,
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
  return { items: page.map(toSummary) as RequestSummary[], nextCursor };
}

/**
 * POST /api/requests: creates the request and routes it (SPEC §4): the
 * category's default owner receives an offer, or owns it at once when they
 * logged it themselves.
 */
export async function createRequest(
  db: Db,
  body: z.output<typeof createRequestBody>,
  person: SignedInPerson,
  opts: { now: Date; settings: Settings; idempotencyKey?: string | undefined },
): Promise<{ statusCode: number; body: RequestDetail }> {
  const { now, settings } = opts;
  return db.transaction(async (tx) => {
    if (opts.idempotencyKey) {
      const claim = await claimKey(tx, {
        personId: person.id,
        key: opts.idempotencyKey,
        route: 'POST /api/requests',
        body,
        now,
      });
      if (claim.kind === 'replay') {
        return { statusCode: claim.statusCode, body: claim.response as RequestDetail };
      }
    }
    const category = await categoryForCreate(tx, body.categoryId, body.priority);
    if (!category) throw fieldError('categoryId', 'No such category');
    if (!category.active) throw fieldError('categoryId', 'This category is no longer in use');
    if (body.locationId) {
      const active = await locationActive(tx, body.locationId);
      if (active === undefined) throw fieldError('locationId', 'No such location');
      if (!active) throw fieldError('locationId', 'This location is no longer in use');
    }
    const resolveWithin =
      category.resolve_within_minutes ?? defaultTargets[body.priority].resolveWithinMinutes;
    const defaultOwner =
      category.default_owner_id && category.default_owner_active ? category.default_owner_id : null;
    const selfOwned = defaultOwner === person.id;
    const id = await insertRequest(tx, {
      title: body.title,
      description: body.description ?? '',
      desiredOutcome: body.desiredOutcome,
      categoryId: body.categoryId,
      locationId: body.locationId ?? null,
      asset: body.asset || null,
      priority: body.priority,
      requesterId: person.id,
      onBehalfOf: body.onBehalfOf || null,
      status: selfOwned ? 'in_progress' : 'new',
      ownerId: selfOwned ? person.id : null,
      ownedAt: selfOwned ? now : null,
      lastOwnerActivityAt: selfOwned ? now : null,
      pendingOwnerId: defaultOwner && !selfOwned ? defaultOwner : null,
      offeredAt: defaultOwner && !selfOwned ? now : null,
      targetAt: targetAt(now, resolveWithin),
      createdAt: now,
      updatedAt: now,
      // The version counts the request's events: created, plus the routing one.
      version: defaultOwner ? 2 : 1,
    });
    await insertEvent(tx, {
      requestId: id,
      actorId: person.id,
      type: 'created',
      at: now,
      data: {
        title: body.title,
        priority: body.priority,
        categoryId: body.categoryId,
        desiredOutcome: body.desiredOutcome,
      },
    });
    if (selfOwned) {
      await insertEvent(tx, {
        requestId: id,
        actorId: person.id,
        type: 'ownership_taken',
        at: now,
        data: { routed: true, reason: 'default owner of the category' },
      });
    } else if (defaultOwner) {
      // Routing is the system's doing, not the requester's.
      await insertEvent(tx, {
        requestId: id,
        actorId: null,
        type: 'ownership_offered',
        at: now,
        data: { to: defaultOwner, routed: true, reason: 'default owner of the category' },
      });
    }
    const row = await findRequestRow(tx, { id }, now);
    const detail = await detailFor(tx, row!, person, now, settings);
    if (opts.idempotencyKey) {
      await storeResponse(tx, {
        personId: person.id,
        key: opts.idempotencyKey,
        statusCode: 201,
        response: detail,
      });
    }
    return { statusCode: 201, body: detail };
  });
}

export type { CreateRequestBody };
