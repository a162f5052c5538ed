import type { Notification, NotificationsPage, UnreadCount } from '@followthrough/shared';
import {
  type InfiniteData,
  infiniteQueryOptions,
  type QueryClient,
  queryOptions,
  useMutation,
  useQueryClient,
} from '@tanstack/react-query';
import { apiFetch } from './client';

/** Which of the inbox to list. */
export interface NotificationFilters {
  unread?: boolean;
  limit?: number;
}

export const notificationQueries = {
  all: () => ['notifications'] as const,
  lists: () => [...notificationQueries.all(), 'list'] as const,
  /** The inbox, newest first, in pages following `nextCursor`. */
  list: (filters: NotificationFilters = {}) =>
    infiniteQueryOptions({
      queryKey: [...notificationQueries.lists(), filters] as const,
      queryFn: ({ pageParam, signal }) =>
        apiFetch<NotificationsPage>('/api/notifications', {
          query: {
            unread: filters.unread ? 'true' : undefined,
            limit: filters.limit,
            cursor: pageParam,
          },
          signal,
        }),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: (page) => page.nextCursor ?? undefined,
    }),
  /** How many are unread, for the navigation (one item asked for: the count is what matters). */
  unreadCount: () =>
    queryOptions({
      queryKey: [...notificationQueries.all(), 'unread-count'] as const,
      queryFn: async ({ signal }) => {
        const page = await apiFetch<NotificationsPage>('/api/notifications', {
          query: { unread: 'true', limit: 1 },
          signal,
        });
        return page.unreadCount;
      },
    }),
};

/** The count the server just told us, everywhere it is cached. */
export function setUnreadCount(queryClient: QueryClient, count: number) {
  queryClient.setQueryData(notificationQueries.unreadCount().queryKey, count);
}

type Pages = InfiniteData<NotificationsPage, string | undefined>;

/** Marks items read in every cached inbox page, so the list agrees with the count at once. */
function markReadInLists(queryClient: QueryClient, read: (n: Notification) => boolean) {
  const at = new Date().toISOString();
  queryClient.setQueriesData<Pages>({ queryKey: notificationQueries.lists() }, (data) =>
    data
      ? {
          ...data,
          pages: data.pages.map((page) => ({
            ...page,
            items: page.items.map((n) => (n.readAt === null && read(n) ? { ...n, readAt: at } : n)),
          })),
        }
      : data,
  );
}

/** Marks one notification read. It keeps going when its screen has gone (opening one navigates). */
export function useMarkNotificationRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiFetch<UnreadCount>(`/api/notifications/${encodeURIComponent(id)}/read`, {
        method: 'POST',
      }),
    onMutate: (id) => markReadInLists(queryClient, (n) => n.id === id),
    onSuccess: ({ unreadCount }) => setUnreadCount(queryClient, unreadCount),
    onError: () => queryClient.invalidateQueries({ queryKey: notificationQueries.all() }),
  });
}

/** Marks every notification of the signed-in person read. */
export function useMarkAllNotificationsRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<UnreadCount>('/api/notifications/read-all', { method: 'POST' }),
    onSuccess: async ({ unreadCount }) => {
      markReadInLists(queryClient, () => true);
      setUnreadCount(queryClient, unreadCount);
      // An "unread only" list changes shape; refetch what is shown.
      await queryClient.invalidateQueries({ queryKey: notificationQueries.lists() });
    },
  });
}
