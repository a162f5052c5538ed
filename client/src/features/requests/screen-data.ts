// What the requests screens show first. Their routes (app/routes.tsx) start these while the
// screen's code loads, so code and data arrive together; the screens ask for the same queries.
import type { QueryClient } from '@tanstack/react-query';
import { attachmentQueries } from '../../api/attachments';
import { directoryQueries } from '../../api/directory';
import { type RequestFilters, requestQueries } from '../../api/requests';
import { viewToFilters } from './list-view';
import { readView } from './read-view';

const SECTION_SIZE = 20;

/** My work's sections, by the filters each lists. */
export const myWorkFilters = {
  offers: { pendingOwner: 'me', status: 'open', sort: '-created' },
  owned: { owner: 'me', status: 'open', sort: 'target' },
  confirm: { requester: 'me', status: 'resolved', sort: '-updated' },
  logged: { requester: 'me', status: 'open', sort: '-updated' },
} satisfies Record<string, RequestFilters>;

/** One section of My work: its first page, and more on demand. */
export const workList = (filters: RequestFilters) =>
  requestQueries.list({ ...filters, limit: SECTION_SIZE });

/** Open items' list; the total is asked for here only, so other lists pay nothing for it. */
export const openItemsList = (filters: RequestFilters) =>
  requestQueries.list({ ...filters, count: 'true' });

/** The people, categories and places that filters, forms and the timeline name. */
function prefetchDirectory(queryClient: QueryClient) {
  void queryClient.prefetchQuery(directoryQueries.people());
  void queryClient.prefetchQuery(directoryQueries.categories());
  void queryClient.prefetchQuery(directoryQueries.locations());
}

export function prefetchMyWork(queryClient: QueryClient) {
  for (const filters of Object.values(myWorkFilters)) {
    void queryClient.prefetchInfiniteQuery(workList(filters));
  }
}

export function prefetchOpenItems(queryClient: QueryClient, search: URLSearchParams) {
  void queryClient.prefetchInfiniteQuery(openItemsList(viewToFilters(readView(search))));
  prefetchDirectory(queryClient);
  void queryClient.prefetchQuery(directoryQueries.teams());
}

/** The request, then its timeline and photos, which are asked for by its id. */
export function prefetchRequest(queryClient: QueryClient, idOrKey: string) {
  const detail = requestQueries.detail(idOrKey);
  void queryClient.prefetchQuery(detail).then(() => {
    const request = queryClient.getQueryData(detail.queryKey);
    if (!request) return;
    void queryClient.prefetchQuery(requestQueries.events(request.id));
    void queryClient.prefetchQuery(attachmentQueries.of(request.id));
  });
  prefetchDirectory(queryClient);
}
