import {
  listRequestsQuery,
  priority as prioritySchema,
  requestSort,
  stalledReason,
  uuid,
} from '@followthrough/shared';
import type { ListView } from './list-view';

const ok = <T>(result: { success: true; data: T } | { success: false }): T | undefined =>
  result.success ? result.data : undefined;

/** Reads a view from the query string; anything the API would refuse falls back to the default. */
export function readView(params: URLSearchParams): ListView {
  const status = ok(listRequestsQuery.shape.status.safeParse(params.get('status') ?? undefined));
  const rawStatus = params.get('status');
  const owner = ok(listRequestsQuery.shape.owner.safeParse(params.get('owner') ?? undefined));
  const requester = ok(
    listRequestsQuery.shape.requester.safeParse(params.get('requester') ?? undefined),
  );
  const category = ok(uuid.safeParse(params.get('category')));
  const location = ok(uuid.safeParse(params.get('location')));
  const team = ok(uuid.safeParse(params.get('team')));
  const priority = ok(prioritySchema.safeParse(params.get('priority')));
  const reason = ok(stalledReason.safeParse(params.get('reason')));
  const sort = ok(requestSort.safeParse(params.get('sort')));
  return {
    status: rawStatus === 'all' ? 'all' : (status?.[0] ?? 'open'),
    owner: owner ?? '',
    requester: requester ?? '',
    category: category ?? '',
    location: location ?? '',
    team: team ?? '',
    priority: priority ?? '',
    stalled: reason ?? (params.get('stalled') === 'true' ? 'any' : ''),
    q: (params.get('q') ?? '').slice(0, 200),
    sort: sort ?? '-created',
  };
}
