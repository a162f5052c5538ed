// Types only: the jump box on every screen writes views, and must not bring zod with it
// (reading a view, which validates, is in read-view.ts with the Open items screen).
import type { Priority, RequestSort, StalledReason, Status } from '@followthrough/shared';
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
