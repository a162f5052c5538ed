import type { ReviewQuery, ReviewQueue } from '@followthrough/shared';
import { queryOptions } from '@tanstack/react-query';
import { apiFetch } from './client';

/** The queue's query, as the API takes it. */
export type ReviewFilters = Omit<ReviewQuery, 'limit'> & { limit?: number };

export const reviewQueries = {
  all: () => ['review'] as const,
  /** A lead's queue of stalled requests, grouped by owner (GET /api/review/stalled). */
  stalled: (filters: ReviewFilters) =>
    queryOptions({
      queryKey: [...reviewQueries.all(), 'stalled', filters] as const,
      queryFn: ({ signal }) =>
        apiFetch<ReviewQueue>('/api/review/stalled', { query: { ...filters }, signal }),
      // Stalled is derived at read time: a queue a minute old may already be wrong.
      staleTime: 0,
    }),
};
