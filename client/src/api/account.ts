import type {
  AcceptInviteBody,
  ChangePasswordBody,
  Me,
  Preferences,
  PreferencesBody,
} from '@followthrough/shared';
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from './client';

/** Sets the invited person's password and signs them in (SPEC §12). */
export const acceptInvite = (body: AcceptInviteBody) =>
  apiFetch<Me>('/api/auth/invite/accept', { method: 'POST', body });

/** Changes the signed-in person's password; their other sessions end. */
export const changePassword = (body: ChangePasswordBody) =>
  apiFetch<void>('/api/auth/password', { method: 'POST', body });

export const accountQueries = {
  all: () => ['account'] as const,
  /** The signed-in person's own settings. */
  preferences: () =>
    queryOptions({
      queryKey: [...accountQueries.all(), 'preferences'] as const,
      queryFn: ({ signal }) => apiFetch<Preferences>('/api/me/preferences', { signal }),
    }),
};

export const updatePreferences = (body: PreferencesBody) =>
  apiFetch<Preferences>('/api/me/preferences', { method: 'PATCH', body });

/** Saves the signed-in person's settings; the answer is what the page shows from then on. */
export function useUpdatePreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updatePreferences,
    onSuccess: (saved) => queryClient.setQueryData(accountQueries.preferences().queryKey, saved),
  });
}
