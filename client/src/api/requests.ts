import type {
  CreateRequestBody,
  ListRequestsQuery,
  RequestDetail,
  RequestEvent,
  RequestPage,
} from '@followthrough/shared';
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { apiFetch } from './client';

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
