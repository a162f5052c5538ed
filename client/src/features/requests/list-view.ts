import {
  listRequestsQuery,
  type Priority,
  priority as prioritySchema,
  type RequestSort,
  requestSort,
  type StalledReason,
  type Status,
  stalledReason,
  uuid,
} from '@followthrough/shared';
import { toSearchParams } from '../../api/client';
import type { RequestFilters } from '../../api/requests';

export type StatusChoice = 'open' | 'all' | Status;

/**
 * What the Open items screen shows, as kept in the URL so a view can be shared.
 * The URL uses the API's own parameter names; defaults are left out of it.
 */
export interface ListView {
  status: StatusChoice;
  /** '' anyone, 'me', 'none' (unowned) or a person's id. */
  owner: string;
  /** '' anyone, 'me', or a person's id. */
  requester: string;
  /** '' any, or a category id. */
  category: string;
  /** '' anywhere, or a location id. */
  location: string;
  /** '' any team, or a team id. */
  team: string;
  priority: '' | Priority;
  /** '' whether or not, 'any' stalled for any reason, or one reason. */
  stalled: '' | 'any' | StalledReason;
  q: string;
  sort: RequestSort;
}

export const defaultView: ListView = {
  status: 'open',
  owner: '',
  requester: '',
  category: '',
  location: '',
  team: '',
  priority: '',
  stalled: '',
  q: '',
  sort: '-created',
};

export const PAGE_SIZE = 50;

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

/** The view as the URL's query string, leaving out defaults. */
export function writeView(view: ListView): URLSearchParams {
  return toSearchParams({
    q: view.q.trim(),
    status: view.status === 'open' ? undefined : view.status,
    owner: view.owner,
    requester: view.requester,
    category: view.category,
    location: view.location,
    team: view.team,
    priority: view.priority,
    stalled: view.stalled === 'any' ? 'true' : undefined,
    reason: view.stalled && view.stalled !== 'any' ? view.stalled : undefined,
    sort: view.sort === '-created' ? undefined : view.sort,
  });
}

/** The view as API filters for GET /api/requests. */
export function viewToFilters(view: ListView): RequestFilters {
  const filters: RequestFilters = { sort: view.sort, limit: PAGE_SIZE };
  if (view.status !== 'all') filters.status = view.status;
  if (view.owner) filters.owner = view.owner as RequestFilters['owner'];
  if (view.requester) filters.requester = view.requester as RequestFilters['requester'];
  if (view.category) filters.category = view.category;
  if (view.location) filters.location = view.location;
  if (view.team) filters.team = view.team;
  if (view.priority) filters.priority = view.priority;
  if (view.stalled === 'any') filters.stalled = 'true';
  else if (view.stalled) filters.reason = view.stalled;
  const q = view.q.trim();
  if (q) filters.q = q;
  return filters;
}

/** True when the view narrows anything beyond the default open list. */
export function isFiltered(view: ListView): boolean {
  return (
    view.status !== 'open' ||
    view.owner !== '' ||
    view.requester !== '' ||
    view.category !== '' ||
    view.location !== '' ||
    view.team !== '' ||
    view.priority !== '' ||
    view.stalled !== '' ||
    view.q.trim() !== ''
  );
}
