import { REVIEW_PAGE, reviewQuery, uuid } from '@followthrough/shared';
import { toSearchParams } from '../../api/client';
import type { ReviewFilters } from '../../api/review';

export type ReviewSort = 'severity' | 'age';

/**
 * How the Review queue is arranged, as kept in the URL (the API's own parameter
 * names; defaults left out), so a lead can share or bookmark a view.
 */
export interface ReviewView {
  sort: ReviewSort;
  /** '' every team in scope, or a team's id. */
  team: string;
  /** '' anyone, 'none' unowned only, or a person's id. */
  owner: string;
  /** How many of the queue to show: a page, or more after "Show more". */
  limit: number;
  /** 0 shows everything; n leaves out what a lead decided on in the last n days. */
  decidedWithin: number;
}

export const defaultReviewView: ReviewView = {
  sort: 'severity',
  team: '',
  owner: '',
  limit: REVIEW_PAGE,
  decidedWithin: 0,
};

/** Reads the view from the query string; anything the API would refuse falls back to the default. */
export function readReviewView(params: URLSearchParams): ReviewView {
  const sort = reviewQuery.shape.sort.safeParse(params.get('sort') ?? undefined);
  const team = uuid.safeParse(params.get('team'));
  const owner = reviewQuery.shape.owner.safeParse(params.get('owner') ?? undefined);
  const limit = reviewQuery.shape.limit.safeParse(params.get('limit') ?? undefined);
  const decided = reviewQuery.shape.decidedWithin.safeParse(
    params.get('decidedWithin') ?? undefined,
  );
  return {
    sort: sort.success ? sort.data : 'severity',
    team: team.success ? team.data : '',
    owner: owner.success ? (owner.data ?? '') : '',
    limit: limit.success ? limit.data : REVIEW_PAGE,
    decidedWithin: decided.success ? (decided.data ?? 0) : 0,
  };
}

/** The view as the URL's query string, leaving out defaults. */
export function writeReviewView(view: ReviewView): URLSearchParams {
  return toSearchParams({
    sort: view.sort === 'severity' ? undefined : view.sort,
    team: view.team,
    owner: view.owner,
    limit: view.limit === REVIEW_PAGE ? undefined : view.limit,
    decidedWithin: view.decidedWithin || undefined,
  });
}

/** The view as the query of GET /api/review/stalled. */
export function reviewFilters(view: ReviewView): ReviewFilters {
  const filters: ReviewFilters = { sort: view.sort };
  if (view.limit !== REVIEW_PAGE) filters.limit = view.limit;
  if (view.team) filters.team = view.team;
  if (view.owner) filters.owner = view.owner;
  if (view.decidedWithin) filters.decidedWithin = view.decidedWithin;
  return filters;
}

export const isNarrowed = (view: ReviewView) =>
  view.team !== '' || view.owner !== '' || view.decidedWithin !== 0;
