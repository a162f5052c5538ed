import { z } from 'zod';
import { isoDateTime, namedRef, optionalText, personRef, priority, text, uuid } from './common';
import { requestSorts, stalledReasons, statuses } from './constants';
import { handoff } from './handoffs';

export { openStatuses, priorityRank, requestSorts, stalledReasons, statuses } from './constants';
export const status = z.enum(statuses);
export type Status = z.infer<typeof status>;

export const closeReasons = ['confirmed', 'auto_confirmed', 'cancelled'] as const;
export const closeReason = z.enum(closeReasons);
export type CloseReason = z.infer<typeof closeReason>;

export const stalledReason = z.enum(stalledReasons);
export type StalledReason = z.infer<typeof stalledReason>;

/** Everything a person can do to a request; `allowedActions` is a subset of these. */
export const requestActions = [
  'edit',
  'take',
  'offer',
  'accept',
  'decline',
  'assign',
  'start',
  'wait',
  'follow-up',
  'handoff',
  'resolve',
  'confirm',
  'reopen',
  'cancel',
  'comment',
  'nudge',
  'escalate',
] as const;
export const requestAction = z.enum(requestActions);
export type RequestAction = z.infer<typeof requestAction>;

export const stalledItem = z
  .object({
    reason: stalledReason,
    /** When the condition began to hold. */
    since: isoDateTime,
  })
  .meta({ id: 'StalledItem' });
export type StalledItem = z.infer<typeof stalledItem>;

export const requestSummary = z
  .object({
    id: uuid,
    key: z.string(),
    title: z.string(),
    description: z.string(),
    desiredOutcome: z.string(),
    category: namedRef,
    location: namedRef.nullable(),
    asset: z.string().nullable(),
    /** A registered asset (SPEC §14); `asset` stays for things that are not registered. */
    registeredAsset: z.object({ id: uuid, name: z.string(), tag: z.string() }).nullable(),
    priority,
    requester: personRef,
    onBehalfOf: z.string().nullable(),
    owner: personRef.nullable(),
    pendingOwner: personRef.nullable(),
    status,
    closeReason: closeReason.nullable(),
    targetAt: isoDateTime,
    nextFollowUpAt: isoDateTime.nullable(),
    /**
     * When the owner acted after the follow-up was set, so the promise is kept
     * (SPEC §5); null while it is still to keep, or when none is set.
     */
    followUpMetAt: isoDateTime.nullable(),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
    ownedAt: isoDateTime.nullable(),
    resolvedAt: isoDateTime.nullable(),
    closedAt: isoDateTime.nullable(),
    reopenCount: z.number().int(),
    version: z.number().int(),
    openHandoffs: z.number().int(),
    stalled: z.array(stalledItem),
  })
  .meta({ id: 'RequestSummary' });
export type RequestSummary = z.infer<typeof requestSummary>;

export const requestDetail = requestSummary
  .extend({
    handoffs: z.array(handoff),
    allowedActions: z.array(requestAction),
  })
  .meta({ id: 'Request' });
export type RequestDetail = z.infer<typeof requestDetail>;

export const createRequestBody = z
  .object({
    title: text(200),
    desiredOutcome: text(2000),
    /** May be left out when `assetId` is given: the asset's category is used. */
    categoryId: uuid.optional(),
    description: optionalText(10_000).optional(),
    /** Left out with `assetId`: the asset's location is used. */
    locationId: uuid.optional(),
    asset: optionalText(200).optional(),
    assetId: uuid.optional(),
    priority: priority.default('normal'),
    onBehalfOf: optionalText(200).optional(),
  })
  .strict()
  .meta({ id: 'CreateRequest' });
export type CreateRequestBody = z.input<typeof createRequestBody>;

export const patchRequestBody = z
  .object({
    title: text(200),
    description: optionalText(10_000),
    desiredOutcome: text(2000),
    categoryId: uuid,
    locationId: uuid.nullable(),
    asset: optionalText(200).nullable(),
    assetId: uuid.nullable(),
    priority,
    targetAt: isoDateTime,
  })
  .partial()
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'Change at least one field' })
  .meta({ id: 'PatchRequest' });
export type PatchRequestBody = z.infer<typeof patchRequestBody>;

export const requestSort = z.enum(requestSorts);
export type RequestSort = z.infer<typeof requestSort>;

/** Repeatable query parameters arrive as a string or an array of strings. */
const many = <T extends z.ZodType>(item: T) =>
  z.union([item, z.array(item)]).transform((v) => (Array.isArray(v) ? v : [v]) as z.output<T>[]);

const personFilter = z.union([uuid, z.literal('me'), z.literal('none')]);

export const listRequestsQuery = z
  .object({
    status: many(z.enum([...statuses, 'open'])).optional(),
    owner: personFilter.optional(),
    requester: z.union([uuid, z.literal('me')]).optional(),
    /** Whose answer an ownership offer awaits. */
    pendingOwner: z.union([uuid, z.literal('me')]).optional(),
    category: many(uuid).optional(),
    location: many(uuid).optional(),
    /** A registered asset's requests (its page lists them). */
    asset: uuid.optional(),
    team: uuid.optional(),
    priority: many(priority).optional(),
    stalled: z.enum(['true', 'false']).optional(),
    reason: many(stalledReason).optional(),
    q: z.string().trim().max(200).optional(),
    sort: requestSort.default('-created'),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(500).optional(),
    /** `true` adds `total` to the page; left out, the list costs no count. */
    count: z.enum(['true', 'false']).optional(),
  })
  .strict();
export type ListRequestsQuery = z.input<typeof listRequestsQuery>;

export const requestPage = z
  .object({
    items: z.array(requestSummary),
    nextCursor: z.string().nullable(),
    /**
     * Only with `count=true`: how many the filters match. Exact up to 10,000; past that the
     * planner's estimate, with `exact: false`.
     */
    total: z.object({ count: z.number().int().min(0), exact: z.boolean() }).optional(),
  })
  .meta({ id: 'RequestPage' });
export type RequestPage = z.infer<typeof requestPage>;
