import type { Category, Location, Person, Team } from '@followthrough/shared';
import { queryOptions } from '@tanstack/react-query';
import { apiFetch } from './client';

// The directory changes rarely; keep it for a while.
const staleTime = 5 * 60_000;

export const directoryQueries = {
  all: () => ['directory'] as const,
  categories: () =>
    queryOptions({
      queryKey: [...directoryQueries.all(), 'categories'] as const,
      queryFn: ({ signal }) => apiFetch<Category[]>('/api/categories', { signal }),
      staleTime,
    }),
  locations: () =>
    queryOptions({
      queryKey: [...directoryQueries.all(), 'locations'] as const,
      queryFn: ({ signal }) => apiFetch<Location[]>('/api/locations', { signal }),
      staleTime,
    }),
  people: () =>
    queryOptions({
      queryKey: [...directoryQueries.all(), 'people'] as const,
      queryFn: ({ signal }) => apiFetch<Person[]>('/api/people', { signal }),
      staleTime,
    }),
  teams: () =>
    queryOptions({
      queryKey: [...directoryQueries.all(), 'teams'] as const,
      queryFn: ({ signal }) => apiFetch<Team[]>('/api/teams', { signal }),
      staleTime,
    }),
};
