import {
  priorities,
  requestSorts,
  stalledReasons,
  statuses,
} from '@followthrough/shared/constants';
import { isUuid } from '@followthrough/shared/guards';
import type { ListView } from './list-view';

// Read without zod, so Open items loads none of it; tests/shared/guards.test.ts holds this
// to listRequestsQuery, the schema the API reads the same parameters with.

const oneOf = <T extends string>(choices: readonly T[], value: string | null): T | undefined =>
  (choices as readonly (string | null)[]).includes(value) ? (value as T) : undefined;

/** An id, or one of the words the parameter also takes; '' for anything else. */
const idOr = (value: string | null, words: readonly string[] = []): string =>
  value !== null && (isUuid(value) || words.includes(value)) ? value : '';

/** Reads a view from the query string; anything the API would refuse falls back to the default. */
export function readView(params: URLSearchParams): ListView {
  const status = params.get('status');
  return {
    status: status === 'all' || status === 'open' ? status : (oneOf(statuses, status) ?? 'open'),
    owner: idOr(params.get('owner'), ['me', 'none']),
    requester: idOr(params.get('requester'), ['me']),
    category: idOr(params.get('category')),
    location: idOr(params.get('location')),
    team: idOr(params.get('team')),
    priority: oneOf(priorities, params.get('priority')) ?? '',
    stalled:
      oneOf(stalledReasons, params.get('reason')) ??
      (params.get('stalled') === 'true' ? 'any' : ''),
    q: (params.get('q') ?? '').slice(0, 200),
    sort: oneOf(requestSorts, params.get('sort')) ?? '-created',
  };
}
