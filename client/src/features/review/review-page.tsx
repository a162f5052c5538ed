import {
  type LeadDecision,
  REVIEW_MAX,
  REVIEW_PAGE,
  type ReviewItem,
  type ReviewQueue,
} from '@followthrough/shared';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { isApiError } from '../../api/client';
import { directoryQueries } from '../../api/directory';
import { reviewQueries } from '../../api/review';
import { useSignedInPerson } from '../../app/use-signed-in-person';
import { FilterPanel } from '../../components/filter-panel';
import { MoreButton } from '../../components/load-more';
import { type OnOutcome, type Outcome, OutcomeNotice } from '../../components/outcome-notice';
import { PageHeader } from '../../components/page-header';
import { RelativeTime } from '../../components/relative-time';
import { EmptyState, ErrorState, LoadingState } from '../../components/states';
import { PriorityBadge, StatusBadge } from '../../components/status-badge';
import { stalledExplanations, stalledLabels } from '../../lib/labels';
import { formatDateTime, spanInWords } from '../../lib/time';
import { ReviewItemActions } from './review-actions';
import {
  defaultReviewView,
  isNarrowed,
  type ReviewSort,
  type ReviewView,
  readReviewView,
  reviewFilters,
  writeReviewView,
} from './review-view';

const sortLabels: Record<ReviewSort, string> = {
  severity: 'Most severe first',
  age: 'Oldest first',
};

/** Reasons that are a state rather than a missed time: they hold "for" a while, not "overdue". */
const heldFor = new Set(['owner_inactive', 'reopened_repeatedly']);

const decisionWords: Record<LeadDecision['kind'], string> = {
  nudged: 'Nudged',
  reassigned: 'Reassigned',
  escalated: 'Escalated',
};

/** What a lead last did about it, so a queue shows what was already handled. */
function LastDecision({ decision }: { decision: LeadDecision | null }) {
  if (!decision) return <p className="review-decision muted">No lead decision yet.</p>;
  return (
    <p className="review-decision">
      <span className="review-decision-what">
        {decisionWords[decision.kind]} by {decision.by?.name ?? 'someone no longer listed'}{' '}
        <RelativeTime iso={decision.at} focusable />
      </span>
      {decision.note ? <> — “{decision.note}”</> : null}
      {decision.nextFollowUpAt ? (
        <> Next follow-up {formatDateTime(decision.nextFollowUpAt)}.</>
      ) : null}
    </p>
  );
}

/** Each stalled reason in words, with how long it has been overdue. */
function Reasons({ item }: { item: ReviewItem }) {
  return (
    <ul className="review-reasons" aria-label="Why it has stalled">
      {item.request.stalled.map((s, i) => {
        const span = spanInWords(item.overdueMinutes[i] ?? 0);
        return (
          <li
            key={s.reason}
            title={`${stalledExplanations[s.reason]} Since ${formatDateTime(s.since)}.`}
          >
            <span className="badge badge-stalled">{stalledLabels[s.reason]}</span>{' '}
            <span className="review-overdue">
              {heldFor.has(s.reason) ? `for ${span}` : `${span} overdue`}
            </span>
          </li>
        );
      })}
    </ul>
  );
}

function Item({ item, onOutcome }: { item: ReviewItem; onOutcome: OnOutcome }) {
  const { request } = item;
  return (
    <li className="review-item" data-list-item="">
      <div className="request-card-top">
        <span className="request-key">{request.key}</span>
        <StatusBadge status={request.status} closeReason={request.closeReason} />
        <PriorityBadge priority={request.priority} />
      </div>
      <h3 className="review-item-title">
        <Link to={`/requests/${request.key}`}>{request.title}</Link>
      </h3>
      <Reasons item={item} />
      <LastDecision decision={item.lastDecision} />
      <dl className="request-card-facts">
        <div>
          <dt>Age</dt>
          <dd>{spanInWords(item.ageMinutes)}</dd>
        </div>
        <div>
          <dt>Category</dt>
          <dd>{request.category.name}</dd>
        </div>
        {request.pendingOwner ? (
          <div>
            <dt>Offered to</dt>
            <dd>{request.pendingOwner.name}</dd>
          </div>
        ) : null}
        <div>
          <dt>Logged by</dt>
          <dd>{request.requester.name}</dd>
        </div>
      </dl>
      <div className="request-card-actions">
        <ReviewItemActions request={request} onOutcome={onOutcome} />
      </div>
    </li>
  );
}

function Group({
  group,
  index,
  onOutcome,
}: {
  group: ReviewQueue['groups'][number];
  index: number;
  onOutcome: OnOutcome;
}) {
  const headingId = `review-group-${index}`;
  const { owner } = group;
  const openItems = owner
    ? `/requests?owner=${owner.id}&stalled=true`
    : '/requests?owner=none&stalled=true';
  return (
    <section className="review-group" aria-labelledby={headingId}>
      <div className="section-header">
        <h2 id={headingId}>
          {owner ? owner.name : 'Unowned'}
          {owner && !owner.active ? <span className="text-warn"> (deactivated)</span> : null}
          <span className="count">
            {group.items.length}
            <span className="visually-hidden">
              {group.items.length === 1 ? ' stalled request' : ' stalled requests'}
            </span>
          </span>
        </h2>
        <Link className="section-link" to={openItems}>
          See in Open items
          <span className="visually-hidden"> ({owner ? owner.name : 'unowned'})</span>
        </Link>
      </div>
      <ul className="review-items">
        {group.items.map((item) => (
          <Item key={item.request.id} item={item} onOutcome={onOutcome} />
        ))}
      </ul>
    </section>
  );
}

/** Said to staff who are not leads: the queue is not theirs, and where to look instead. */
function ForLeads() {
  return (
    <EmptyState
      title="Review is for team leads"
      action={
        <Link className="button button-secondary" to="/requests?stalled=true">
          See stalled requests in Open items
        </Link>
      }
    >
      <p>
        Leads and admins review the stalled requests of their teams here: nudge, reassign, escalate
        or cancel. If you lead a team, ask an admin to record you as its lead.
      </p>
    </EmptyState>
  );
}

/** Review: a lead's stalled outcomes, grouped by owner, acted on in place. The URL holds the view. */
export function ReviewPage() {
  const me = useSignedInPerson();
  const [searchParams, setSearchParams] = useSearchParams();
  const view = useMemo(() => readReviewView(searchParams), [searchParams]);
  const filters = useMemo(() => reviewFilters(view), [view]);
  const queue = useQuery({ ...reviewQueries.stalled(filters), placeholderData: keepPreviousData });
  const people = useQuery(directoryQueries.people());
  const allTeams = useQuery({ ...directoryQueries.teams(), enabled: me.role === 'admin' });
  const [outcome, setOutcome] = useState<(Outcome & { n: number }) | null>(null);
  const onOutcome: OnOutcome = (o) => setOutcome((prev) => ({ ...o, n: (prev?.n ?? 0) + 1 }));

  const changeView = useCallback(
    (patch: Partial<ReviewView>) => {
      // A new arrangement starts again from one page.
      const limit = patch.limit ?? REVIEW_PAGE;
      setSearchParams(
        (current) => writeReviewView({ ...readReviewView(current), ...patch, limit }),
        {
          replace: true,
          preventScrollReset: true,
        },
      );
    },
    [setSearchParams],
  );

  const forbidden = isApiError(queue.error) && queue.error.status === 403;
  const teams =
    me.role === 'admin'
      ? (allTeams.data ?? []).map((t) => ({ id: t.id, name: t.name }))
      : me.teams.filter((t) => t.isLead);
  const data = queue.data;
  const updating = queue.isFetching && queue.isPlaceholderData;
  const shown = data?.groups.reduce((n, g) => n + g.items.length, 0) ?? 0;
  const owners = data?.groups.length ?? 0;

  return (
    <div className="page">
      <PageHeader title="Review" documentTitle="Review">
        <p>
          Stalled outcomes in {me.role === 'admin' ? 'every team' : 'your teams'}, grouped by owner.
          Nudge, reassign, escalate or cancel without leaving the queue.
        </p>
      </PageHeader>

      {forbidden ? (
        <ForLeads />
      ) : (
        <>
          <FilterPanel
            id="review-filter-grid"
            label="Arrange the queue"
            toggleText="Order and filters"
            active={[view.team, view.owner, view.decidedWithin].filter(Boolean).length}
            className="review-filters"
            gridClassName="review-filter-grid"
          >
            <div className="filter">
              <label htmlFor="review-sort">Order</label>
              <select
                id="review-sort"
                value={view.sort}
                onChange={(e) => changeView({ sort: e.target.value as ReviewSort })}
              >
                {(['severity', 'age'] as const).map((s) => (
                  <option key={s} value={s}>
                    {sortLabels[s]}
                  </option>
                ))}
              </select>
            </div>
            {teams.length > 1 || view.team ? (
              <div className="filter">
                <label htmlFor="review-team">Team</label>
                <select
                  id="review-team"
                  value={view.team}
                  onChange={(e) => changeView({ team: e.target.value })}
                >
                  <option value="">{me.role === 'admin' ? 'All teams' : 'All my teams'}</option>
                  {view.team && !teams.some((t) => t.id === view.team) ? (
                    <option value={view.team}>Another team</option>
                  ) : null}
                  {teams.map((t) => (
                    <option key={t.id} value={t.id}>
                      {t.name}
                    </option>
                  ))}
                </select>
              </div>
            ) : null}
            <div className="filter">
              <label htmlFor="review-owner">Owner</label>
              <select
                id="review-owner"
                value={view.owner}
                onChange={(e) => changeView({ owner: e.target.value })}
              >
                <option value="">Anyone</option>
                <option value="none">Unowned</option>
                {view.owner &&
                view.owner !== 'none' &&
                !(people.data ?? []).some((p) => p.id === view.owner) ? (
                  <option value={view.owner}>Someone else</option>
                ) : null}
                {(people.data ?? [])
                  .filter((p) => p.active || p.id === view.owner)
                  .map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.name}
                    </option>
                  ))}
              </select>
            </div>
            <div className="filter">
              <label htmlFor="review-decided">Already decided</label>
              <select
                id="review-decided"
                value={view.decidedWithin}
                onChange={(e) => changeView({ decidedWithin: Number(e.target.value) })}
              >
                <option value={0}>Show them too</option>
                <option value={1}>Hide if decided today</option>
                <option value={7}>Hide if decided this week</option>
                <option value={30}>Hide if decided in 30 days</option>
              </select>
            </div>
          </FilterPanel>

          {outcome ? (
            <OutcomeNotice key={outcome.n} outcome={outcome} onDismiss={() => setOutcome(null)} />
          ) : null}

          <section
            className="results"
            aria-label="Stalled requests"
            aria-busy={updating || undefined}
          >
            {queue.isPending ? (
              <LoadingState label="Loading the stalled requests…" lines={5} />
            ) : queue.isError && !data ? (
              <ErrorState
                title="The review queue could not be loaded"
                error={queue.error}
                onRetry={() => queue.refetch()}
              />
            ) : !data || data.total === 0 ? (
              <EmptyState
                title="Nothing has stalled"
                action={
                  isNarrowed(view) ? (
                    <button
                      type="button"
                      className="button button-secondary"
                      onClick={() => changeView({ ...defaultReviewView, sort: view.sort })}
                    >
                      Show every owner and team
                    </button>
                  ) : null
                }
              >
                <p>
                  {isNarrowed(view)
                    ? 'Nothing in this view has stalled.'
                    : 'Every open request in your scope has an owner, a follow-up still to come and time left on its target.'}{' '}
                  Requests show up here as soon as they slip.
                </p>
              </EmptyState>
            ) : (
              <>
                <p className="results-count" role="status">
                  {updating ? 'Updating… ' : ''}
                  {data.truncated
                    ? `Showing the ${shown} ${view.sort === 'age' ? 'oldest' : 'most severe'} of ${data.total} stalled requests`
                    : `${data.total} stalled ${data.total === 1 ? 'request' : 'requests'}`}
                  {`, ${owners === 1 ? 'one group' : `${owners} groups`} by owner.`}
                </p>
                <div className={updating ? 'review-groups is-updating' : 'review-groups'}>
                  {data.groups.map((group, index) => (
                    <Group
                      key={group.owner?.id ?? 'unowned'}
                      group={group}
                      index={index}
                      onOutcome={onOutcome}
                    />
                  ))}
                </div>
                {data.truncated && view.limit < REVIEW_MAX ? (
                  <MoreButton
                    busy={updating}
                    onMore={() =>
                      changeView({ limit: Math.min(REVIEW_MAX, view.limit + REVIEW_PAGE) })
                    }
                  >
                    Show {Math.min(REVIEW_PAGE, data.total - shown, REVIEW_MAX - view.limit)} more
                  </MoreButton>
                ) : null}
              </>
            )}
          </section>
        </>
      )}
    </div>
  );
}
