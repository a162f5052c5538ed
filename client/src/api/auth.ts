import type { LoginBody, Me } from '@followthrough/shared';
import { queryOptions } from '@tanstack/react-query';
import { ApiError, apiFetch } from './client';

async function fetchMe(signal: AbortSignal): Promise<Me | null> {
  try {
    return await apiFetch<Me>('/api/auth/me', { signal });
  } catch (error) {
    // Not signed in is an answer, not a failure.
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export const authQueries = {
  all: () => ['auth'] as const,
  /** The signed-in person, or null when nobody is. */
  me: () =>
    queryOptions({
      queryKey: [...authQueries.all(), 'me'] as const,
      queryFn: ({ signal }) => fetchMe(signal),
      staleTime: 5 * 60_000,
    }),
};

export const signIn = (body: LoginBody) =>
  apiFetch<Me>('/api/auth/login', { method: 'POST', body });

export const signOut = () => apiFetch<void>('/api/auth/logout', { method: 'POST' });
