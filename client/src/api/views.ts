import type {
  CreateViewBody,
  SavedView,
  SavedViewList,
  SavedViewWithCount,
  UpdateViewBody,
} from '@followthrough/shared';
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from './client';

export const viewQueries = {
  all: () => ['views'] as const,
  /**
   * The signed-in person's views and those shared with their teams, with counts. Live
   * changes to requests refresh it (app/live-events.ts), so it need not poll.
   */
  list: () =>
    queryOptions({
      queryKey: [...viewQueries.all(), 'list'] as const,
      queryFn: ({ signal }) => apiFetch<SavedViewList>('/api/views', { signal }),
      select: (data) => data.items,
    }),
};

/** A view's count as the navigation shows it: "1000+" once the server stopped counting. */
export const countText = (view: Pick<SavedViewWithCount, 'count' | 'capped'>) =>
  view.capped ? `${view.count}+` : String(view.count);

export const createView = (body: CreateViewBody) =>
  apiFetch<SavedView>('/api/views', { method: 'POST', body });

export const updateView = ({ id, body }: { id: string; body: UpdateViewBody }) =>
  apiFetch<SavedView>(`/api/views/${encodeURIComponent(id)}`, { method: 'PATCH', body });

export const deleteView = (id: string) =>
  apiFetch<null>(`/api/views/${encodeURIComponent(id)}`, { method: 'DELETE' });

function useViewWrite<A, R>(mutationFn: (args: A) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: viewQueries.all() }),
  });
}

export const useCreateView = () => useViewWrite(createView);
export const useUpdateView = () => useViewWrite(updateView);
export const useDeleteView = () => useViewWrite(deleteView);
