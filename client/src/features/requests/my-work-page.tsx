import type { RequestSummary } from '@followthrough/shared';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { Link } from 'react-router';
import { authQueries } from '../../api/auth';
import type { RequestFilters } from '../../api/requests';
import { LoadMore } from '../../components/load-more';
import { type OnOutcome, type Outcome, OutcomeNotice } from '../../components/outcome-notice';
import { PageHeader } from '../../components/page-header';
import { EmptyState, ErrorState, LoadingState } from '../../components/states';
import { ConfirmationActions, OfferActions } from './my-work-actions';
import { type CardFacts, RequestCards } from './request-cards';
import { myWorkFilters, workList } from './screen-data';

// A met follow-up is a promise kept: it asks nothing until the next one is set.
const dueBy = (r: RequestSummary) =>
  r.nextFollowUpAt && !r.followUpMetAt ? Date.parse(r.nextFollowUpAt) : Number.POSITIVE_INFINITY;

/** Stalled first (most reasons first), then the follow-up due soonest, then the nearest target. */
export function byAttention(a: RequestSummary, b: RequestSummary): number {
  return (
    b.stalled.length - a.stalled.length ||
    dueBy(a) - dueBy(b) ||
    Date.parse(a.targetAt) - Date.parse(b.targetAt)
  );
}

const useWorkList = (filters: RequestFilters) => useInfiniteQuery(workList(filters));
type WorkList = ReturnType<typeof useWorkList>;

function WorkSection({
  id,
  title,
  description,
  list,
  seeAll,
  empty,
  sort,
  facts,
  actions,
}: {
  id: string;
  title: string;
  description: string;
  list: WorkList;
  seeAll?: string;
  empty: ReactNode;
  sort?: (a: RequestSummary, b: RequestSummary) => number;
  facts: CardFacts;
  /** What can be done about each request in place; outcomes are told above the list. */
  actions?: (request: RequestSummary, onOutcome: OnOutcome) => ReactNode;
}) {
  const [outcome, setOutcome] = useState<(Outcome & { n: number }) | null>(null);
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  const shown = sort ? [...items].sort(sort) : items;
  const headingId = `${id}-heading`;
  const onOutcome: OnOutcome = (o) => setOutcome((prev) => ({ ...o, n: (prev?.n ?? 0) + 1 }));

  return (
    <section className="work-section" aria-labelledby={headingId}>
      <div className="section-header">
        <div>
          <h2 id={headingId}>
            {title}
            {list.isSuccess ? (
              <span className="count">
                {items.length}
                {list.hasNextPage ? '+' : ''}
              </span>
            ) : null}
          </h2>
          <p className="muted">{description}</p>
        </div>
        {seeAll ? (
          <Link className="section-link" to={seeAll}>
            See all<span className="visually-hidden"> “{title}”</span> in Open items
          </Link>
        ) : null}
      </div>
      {outcome ? (
        <OutcomeNotice key={outcome.n} outcome={outcome} onDismiss={() => setOutcome(null)} />
      ) : null}
      {list.isPending ? (
        <LoadingState label={`Loading ${title.toLowerCase()}…`} lines={2} />
      ) : list.isError ? (
        <ErrorState
          title={`${title} could not be loaded`}
          error={list.error}
          onRetry={() => list.refetch()}
        />
      ) : shown.length === 0 ? (
        empty
      ) : (
        <>
          <RequestCards
            requests={shown}
            facts={facts}
            {...(actions ? { actions: (r: RequestSummary) => actions(r, onOutcome) } : {})}
          />
          <LoadMore list={list} what={title.toLowerCase()} />
        </>
      )}
    </section>
  );
}

/** Home: offers to answer, what the signed-in person owns, and what they logged. */
export function MyWorkPage() {
  const { data: me } = useQuery(authQueries.me());
  const firstName = me?.name.split(' ')[0];
  const offers = useWorkList(myWorkFilters.offers);
  const owned = useWorkList(myWorkFilters.owned);
  const confirm = useWorkList(myWorkFilters.confirm);
  const logged = useWorkList(myWorkFilters.logged);
  // The sections appear together once each has its first page: one filling in above
  // another would push it down the screen as the person starts to read it.
  const pending = [offers, owned, confirm, logged].some((list) => list.isPending);

  return (
    <div className="page">
      <PageHeader
        title="My work"
        documentTitle="My work"
        actions={
          <Link className="button button-primary" to="/requests/new">
            New request
          </Link>
        }
      >
        <p>{firstName ? `Hello ${firstName}. ` : ''}Here is what you are following through.</p>
      </PageHeader>
      {pending ? (
        <LoadingState label="Loading your work…" lines={6} />
      ) : (
        <div className="work-grid">
          <WorkSection
            id="offers"
            title="Offers waiting for me"
            description="Someone asked you to own these. Accept to become accountable, or decline with a reason."
            list={offers}
            facts="offer"
            actions={(request, onOutcome) => (
              <OfferActions request={request} onOutcome={onOutcome} />
            )}
            empty={
              <EmptyState title="No offers waiting">
                When someone offers you ownership of a request, it shows here for you to accept or
                decline.
              </EmptyState>
            }
          />
          <WorkSection
            id="owned"
            title="Requests I own"
            description="Open requests you are accountable for; the ones needing attention come first."
            list={owned}
            seeAll="/requests?owner=me"
            sort={byAttention}
            facts="owned"
            empty={
              <EmptyState title="You own no open requests">
                When you take or accept a request, it shows here until the person who asked has
                their outcome.
              </EmptyState>
            }
          />
          <WorkSection
            id="confirm"
            title="Awaiting my confirmation"
            description="Requests you logged that their owner has resolved. Check the outcome is right."
            list={confirm}
            seeAll="/requests?requester=me&status=resolved"
            facts="resolved"
            actions={(request, onOutcome) => (
              <ConfirmationActions request={request} onOutcome={onOutcome} />
            )}
            empty={
              <EmptyState title="Nothing to confirm">
                When a request you logged is resolved, it shows here for you to confirm the outcome
                or reopen it.
              </EmptyState>
            }
          />
          <WorkSection
            id="logged"
            title="Requests I logged"
            description="Still open; follow where they stand."
            list={logged}
            seeAll="/requests?requester=me"
            facts="logged"
            empty={
              <EmptyState
                title="You have no open requests"
                action={
                  <Link className="button button-secondary" to="/requests/new">
                    Log a request
                  </Link>
                }
              >
                Requests you log stay here until they are resolved.
              </EmptyState>
            }
          />
        </div>
      )}
    </div>
  );
}
