import type {
  ApiToken,
  AuditEntityType,
  AuditPage,
  Category,
  CreateCategoryBody,
  CreatedToken,
  CreateLocationBody,
  CreatePersonBody,
  CreateTeamBody,
  CreateTokenBody,
  Invite,
  Location,
  OrganisationSettings,
  Person,
  Team,
  UpdateCategoryBody,
  UpdateLocationBody,
  UpdatePersonBody,
  UpdateSettingsBody,
  UpdateTeamBody,
} from '@followthrough/shared';
import {
  infiniteQueryOptions,
  type QueryClient,
  queryOptions,
  useMutation,
  useQueryClient,
} from '@tanstack/react-query';
import { authQueries } from './auth';
import { apiFetch } from './client';
import { directoryQueries } from './directory';
import { requestQueries } from './requests';
import { reviewQueries } from './review';

/** What the audit log is narrowed to; nothing: every change. */
export interface AuditFilters {
  entityType?: AuditEntityType | undefined;
  entityId?: string | undefined;
}

export const AUDIT_PAGE = 30;

export const adminQueries = {
  all: () => ['admin'] as const,
  /** The organisation's settings; everyone may read them. */
  settings: () =>
    queryOptions({
      queryKey: ['settings'] as const,
      queryFn: ({ signal }) => apiFetch<OrganisationSettings>('/api/settings', { signal }),
      staleTime: 5 * 60_000,
    }),
  audits: () => [...adminQueries.all(), 'audit'] as const,
  /** The audit log, newest first, a page at a time following `nextCursor`. */
  audit: (filters: AuditFilters) =>
    infiniteQueryOptions({
      queryKey: [...adminQueries.audits(), filters] as const,
      queryFn: ({ pageParam, signal }) =>
        apiFetch<AuditPage>('/api/audit', {
          query: { ...filters, limit: AUDIT_PAGE, cursor: pageParam },
          signal,
        }),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: (page) => page.nextCursor ?? undefined,
      // Someone else may be changing things too: a log a minute old is already incomplete.
      staleTime: 0,
    }),
  /** The API tokens not revoked, newest first; never their secrets. */
  tokens: () =>
    queryOptions({
      queryKey: [...adminQueries.all(), 'tokens'] as const,
      queryFn: ({ signal }) => apiFetch<ApiToken[]>('/api/tokens', { signal }),
      // Deactivating a person revokes their tokens elsewhere: read the list afresh each visit.
      staleTime: 0,
    }),
};

/** A person as the create answers: with the one-time invite link when no password was set. */
export type CreatedPerson = Person & { inviteUrl?: string };

const path = (base: string, id: string) => `${base}/${encodeURIComponent(id)}`;

export const createPerson = (body: CreatePersonBody) =>
  apiFetch<CreatedPerson>('/api/people', { method: 'POST', body });

export const updatePerson = ({ id, body }: { id: string; body: UpdatePersonBody }) =>
  apiFetch<Person>(path('/api/people', id), { method: 'PATCH', body });

/** A new invite link for a person; the one sent before stops working. */
export const invitePerson = (id: string) =>
  apiFetch<Invite>(`${path('/api/people', id)}/invite`, { method: 'POST' });

export const createTeam = (body: CreateTeamBody) =>
  apiFetch<Team>('/api/teams', { method: 'POST', body });

export const updateTeam = ({ id, body }: { id: string; body: UpdateTeamBody }) =>
  apiFetch<Team>(path('/api/teams', id), { method: 'PATCH', body });

export const createCategory = (body: CreateCategoryBody) =>
  apiFetch<Category>('/api/categories', { method: 'POST', body });

export const updateCategory = ({ id, body }: { id: string; body: UpdateCategoryBody }) =>
  apiFetch<Category>(path('/api/categories', id), { method: 'PATCH', body });

export const createLocation = (body: CreateLocationBody) =>
  apiFetch<Location>('/api/locations', { method: 'POST', body });

export const updateLocation = ({ id, body }: { id: string; body: UpdateLocationBody }) =>
  apiFetch<Location>(path('/api/locations', id), { method: 'PATCH', body });

/** Issues a token; the answer is the only place its secret is ever shown. */
export const issueToken = (body: CreateTokenBody) =>
  apiFetch<CreatedToken>('/api/tokens', { method: 'POST', body });

export const revokeToken = (id: string) =>
  apiFetch<void>(path('/api/tokens', id), { method: 'DELETE' });

export const updateSettings = (body: UpdateSettingsBody) =>
  apiFetch<OrganisationSettings>('/api/settings', { method: 'PATCH', body });

/**
 * After an admin's write: the directory every screen reads and the audit log are out of
 * date. A person's deactivation or a category's new targets also change requests (offers
 * withdrawn, stalled reasons), so those lists and the review queue are refetched too.
 */
export async function invalidateAfterAdminWrite(
  queryClient: QueryClient,
  { requests = false, me = false }: { requests?: boolean; me?: boolean } = {},
): Promise<void> {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: directoryQueries.all() }),
    queryClient.invalidateQueries({ queryKey: adminQueries.audits() }),
    requests ? queryClient.invalidateQueries({ queryKey: requestQueries.all() }) : null,
    requests ? queryClient.invalidateQueries({ queryKey: reviewQueries.all() }) : null,
    // The signed-in admin may have changed their own name or role.
    me ? queryClient.invalidateQueries({ queryKey: authQueries.me().queryKey }) : null,
  ]);
}

/** One admin write as a mutation that refreshes what it changes before it counts as done. */
function useAdminWrite<TVariables, TResult>(
  mutationFn: (variables: TVariables) => Promise<TResult>,
  affects: { requests?: boolean; me?: boolean } = {},
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () => invalidateAfterAdminWrite(queryClient, affects),
  });
}

export const useCreatePerson = () => useAdminWrite(createPerson);
export const useUpdatePerson = () => useAdminWrite(updatePerson, { requests: true, me: true });
export const useInvitePerson = () => useAdminWrite(invitePerson);
export const useCreateTeam = () => useAdminWrite(createTeam);
export const useUpdateTeam = () => useAdminWrite(updateTeam, { me: true });
export const useCreateCategory = () => useAdminWrite(createCategory);
export const useUpdateCategory = () => useAdminWrite(updateCategory, { requests: true });
export const useCreateLocation = () => useAdminWrite(createLocation);
export const useUpdateLocation = () => useAdminWrite(updateLocation);

export function useUpdateSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateSettings,
    onSuccess: async (settings) => {
      queryClient.setQueryData(adminQueries.settings().queryKey, settings);
      await queryClient.invalidateQueries({ queryKey: adminQueries.audits() });
    },
  });
}

/** A token write: the list of tokens and the audit log are refetched before it counts as done. */
function useTokenWrite<TVariables, TResult>(
  mutationFn: (variables: TVariables) => Promise<TResult>,
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: adminQueries.tokens().queryKey }),
        queryClient.invalidateQueries({ queryKey: adminQueries.audits() }),
      ]),
  });
}

export const useIssueToken = () => useTokenWrite(issueToken);
export const useRevokeToken = () => useTokenWrite(revokeToken);
