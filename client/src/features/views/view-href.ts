import type { ViewFilters } from '@followthrough/shared';
import { toSearchParams } from '../../api/client';

/**
 * The Open items address that shows these filters. The address uses the API's own parameter
 * names, except that Open items reads no `status` as "open" and `status=all` as no status
 * filter, and leaves the default sort out.
 */
export function viewHref(filters: ViewFilters): string {
  const { status, sort, ...rest } = filters;
  const params = toSearchParams({ ...rest, sort: sort === '-created' ? undefined : sort });
  if (!status || status.length === 0) params.set('status', 'all');
  else if (!(status.length === 1 && status[0] === 'open')) {
    for (const s of status) params.append('status', s);
  }
  const query = params.toString();
  return query ? `/requests?${query}` : '/requests';
}
