import type {
  CreateHandoffBody,
  CreateRequestBody,
  Handoff,
  ListRequestsQuery,
  PatchRequestBody,
  RequestAction,
  RequestDetail,
  RequestEvent,
  RequestPage,
  RequestSummary,
  UpdateHandoffBody,
} from '@followthrough/shared';
import { infiniteQueryOptions, type QueryClient, queryOptions } from '@tanstack/react-query';
import { apiFetch } from './client';
import { metricsQueries } from './metrics';
import { reviewQueries } from './review';

/** The filters of a list, as the API takes them (no cursor: pages are the query's business). */
export type RequestFilters = Omit<ListRequestsQuery, 'cursor' | 'limit'> & { limit?: number };

export const requestQueries = {
  all: () => ['requests'] as const,
  lists: () => [...requestQueries.all(), 'list'] as const,
  /** Pages of a filtered list, following `nextCursor`. */
  list: (filters: RequestFilters) =>
    infiniteQueryOptions({
      queryKey: [...requestQueries.lists(), filters] as const,
      queryFn: ({ pageParam, signal }) =>
        apiFetch<RequestPage>('/api/requests', {
          query: { ...filters, cursor: pageParam },
          signal,
        }),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: (page) => page.nextCursor ?? undefined,
    }),
  details: () => [...requestQueries.all(), 'detail'] as const,
  /** One request by id or human key (REQ-12). */
  detail: (idOrKey: string) =>
    queryOptions({
      queryKey: [...requestQueries.details(), idOrKey] as const,
      queryFn: ({ signal }) =>
        apiFetch<RequestDetail>(`/api/requests/${encodeURIComponent(idOrKey)}`, { signal }),
    }),
  /** The timeline of one request (by id), oldest first. */
  events: (id: string) =>
    queryOptions({
      queryKey: [...requestQueries.all(), 'events', id] as const,
      queryFn: ({ signal }) =>
        apiFetch<RequestEvent[]>(`/api/requests/${encodeURIComponent(id)}/events`, { signal }),
    }),
};

/** Logs a request. The idempotency key makes a retried submission safe. */
export const createRequest = (body: CreateRequestBody, idempotencyKey: string) =>
  apiFetch<RequestDetail>('/api/requests', {
    method: 'POST',
    body,
    headers: { 'Idempotency-Key': idempotencyKey },
  });

/** The CSV export of the same filters. */
export function requestsCsvUrl(query: string): string {
  return query ? `/api/requests.csv?${query}` : '/api/requests.csv';
}

/** What a change to a request needs to know: where it is, and the version the person saw. */
export type RequestRef = Pick<RequestSummary, 'id' | 'key' | 'version'>;

/** The actions that are a POST to /api/requests/:id/<path>. */
export type PostedAction = Exclude<RequestAction, 'edit' | 'handoff'>;

const actionPaths: Record<PostedAction, string> = {
  take: 'take',
  offer: 'offer',
  accept: 'accept',
  decline: 'decline',
  assign: 'assign',
  start: 'start',
  wait: 'wait',
  'follow-up': 'follow-up',
  resolve: 'resolve',
  confirm: 'confirm',
  reopen: 'reopen',
  cancel: 'cancel',
  comment: 'comments',
  nudge: 'nudge',
  escalate: 'escalate',
};

/** Every change to a request the web app makes; bodies are already checked against the contract. */
export type RequestChange =
  | { kind: 'action'; action: PostedAction; body: object }
  | { kind: 'edit'; body: PatchRequestBody }
  | { kind: 'handoff'; body: CreateHandoffBody }
  | { kind: 'handoff-update'; handoffId: string; body: UpdateHandoffBody };

/** The version the person saw: a stale one is refused (412) instead of overwriting someone else. */
export const ifMatch = (version: number) => ({ 'If-Match': `"${version}"` });

/**
 * A comment adds to the record without touching the request's state, so it never
 * conflicts with another change and is sent without If-Match.
 */
const needsVersion = (change: RequestChange) =>
  !(change.kind === 'action' && change.action === 'comment');

/**
 * Sends one change with If-Match (a comment without). Resolves with the updated request,
 * or with the new handoff for a handoff create (the only change that answers with
 * something else).
 */
export function changeRequest(
  ref: RequestRef,
  change: RequestChange,
): Promise<RequestDetail | Handoff> {
  const base = `/api/requests/${encodeURIComponent(ref.id)}`;
  const headers: Record<string, string> = needsVersion(change) ? ifMatch(ref.version) : {};
  switch (change.kind) {
    case 'action':
      return apiFetch<RequestDetail>(`${base}/${actionPaths[change.action]}`, {
        method: 'POST',
        body: change.body,
        headers,
      });
    case 'edit':
      return apiFetch<RequestDetail>(base, { method: 'PATCH', body: change.body, headers });
    case 'handoff':
      return apiFetch<Handoff>(`${base}/handoffs`, { method: 'POST', body: change.body, headers });
    case 'handoff-update':
      return apiFetch<RequestDetail>(`${base}/handoffs/${encodeURIComponent(change.handoffId)}`, {
        method: 'PATCH',
        body: change.body,
        headers,
      });
  }
}

export const isRequestDetail = (value: unknown): value is RequestDetail =>
  typeof value === 'object' && value !== null && 'allowedActions' in value;

/**
 * After a change: the request's detail (by key and by id), its timeline, every
 * list, the review queue and the figures are out of date. Invalidating by key
 * prefix refetches the ones on screen.
 */
export async function invalidateRequest(
  queryClient: QueryClient,
  ref: Pick<RequestRef, 'id' | 'key'>,
  { detail = true, events = true }: { detail?: boolean; events?: boolean } = {},
) {
  await Promise.all([
    detail
      ? queryClient.invalidateQueries({ queryKey: [...requestQueries.details(), ref.key] })
      : null,
    detail
      ? queryClient.invalidateQueries({ queryKey: [...requestQueries.details(), ref.id] })
      : null,
    events
      ? queryClient.invalidateQueries({ queryKey: requestQueries.events(ref.id).queryKey })
      : null,
    queryClient.invalidateQueries({ queryKey: requestQueries.lists() }),
    queryClient.invalidateQueries({ queryKey: reviewQueries.all() }),
    queryClient.invalidateQueries({ queryKey: metricsQueries.all() }),
  ]);
}
