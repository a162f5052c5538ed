import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { type ComponentType, useCallback, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { toSearchParams } from '../../api/client';
import { directoryQueries } from '../../api/directory';
import { type RequestFilters as ListFilters, requestsCsvUrl } from '../../api/requests';
import { useSignedInPerson } from '../../app/use-signed-in-person';
import { LoadMore } from '../../components/load-more';
import { PageHeader } from '../../components/page-header';
import { EmptyState, ErrorState, LoadingState } from '../../components/states';
import { BulkBar } from './bulk-bar';
import { defaultView, isFiltered, type ListView, viewToFilters, writeView } from './list-view';
import { readView } from './read-view';
import { RequestFilters } from './request-filters';
import { RequestTable } from './request-table';
import { openItemsList } from './screen-data';

const whole = new Intl.NumberFormat('en');
const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });

/** "1–50 of 132", or past the exact count "1–50 of about 1.2 million". */
export function rangeText(shown: number, total: { count: number; exact: boolean }): string {
  const range = `1–${whole.format(shown)}`;
  if (total.exact) return `${range} of ${whole.format(total.count)}`;
  const about = compact
    .format(total.count)
    .replace(/K$/, ' thousand')
    .replace(/M$/, ' million')
    .replace(/B$/, ' billion');
  return `${range} of about ${about}`;
}

/**
 * Open items: the shared, filterable list of requests. The URL holds the view. `saveView`
 * is the app's "Save view" control for the filters shown (features do not import each other).
 */
export function OpenItemsPage({
  saveView: SaveView,
}: {
  saveView?: ComponentType<{ filters: ListFilters }>;
} = {}) {
  const [searchParams, setSearchParams] = useSearchParams();
  const view = useMemo(() => readView(searchParams), [searchParams]);
  const filters = useMemo(() => viewToFilters(view), [view]);

  const categories = useQuery(directoryQueries.categories());
  const people = useQuery(directoryQueries.people());
  const locations = useQuery(directoryQueries.locations());
  const teams = useQuery(directoryQueries.teams());
  const list = useInfiniteQuery({ ...openItemsList(filters), placeholderData: keepPreviousData });

  const changeView = useCallback(
    (patch: Partial<ListView>) => {
      setSearchParams((current) => writeView({ ...readView(current), ...patch }), {
        replace: true,
        preventScrollReset: true,
      });
    },
    [setSearchParams],
  );

  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  const total = list.data?.pages[0]?.total;
  // Bulk changes are for leads and admins; the API still decides each request.
  const me = useSignedInPerson();
  const mayBulk = me.role === 'lead' || me.role === 'admin';
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const selected = items.filter((r) => picked.has(r.id));
  const toggle = (id: string) =>
    setPicked((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const toggleAll = () =>
    setPicked((current) =>
      items.every((r) => current.has(r.id)) ? new Set() : new Set(items.map((r) => r.id)),
    );
  const { limit: _limit, ...exportFilters } = filters;
  const csvHref = requestsCsvUrl(toSearchParams(exportFilters).toString());
  const updating = list.isFetching && !list.isFetchingNextPage && list.isPlaceholderData;

  return (
    <div className="page">
      <PageHeader
        title="Open items"
        documentTitle="Open items"
        actions={
          <>
            {SaveView ? <SaveView filters={filters} /> : null}
            <a className="button button-secondary" href={csvHref} download>
              Download CSV
            </a>
            <Link className="button button-primary" to="/requests/new">
              New request
            </Link>
          </>
        }
      >
        <p>
          Every request, who owns it and where it stands. Filters stay in the address, so you can
          share a view.
        </p>
      </PageHeader>

      <RequestFilters
        view={view}
        onChange={changeView}
        categories={categories.data ?? []}
        people={people.data ?? []}
        locations={locations.data ?? []}
        teams={teams.data ?? []}
      />

      <section
        className="results"
        aria-labelledby="results-heading"
        aria-busy={updating || undefined}
      >
        <h2 id="results-heading" className="visually-hidden">
          Results
        </h2>
        {list.isPending ? (
          <LoadingState label="Loading requests…" lines={6} />
        ) : list.isError && items.length === 0 ? (
          <ErrorState
            title="The requests could not be loaded"
            error={list.error}
            onRetry={() => list.refetch()}
          />
        ) : items.length === 0 ? (
          <EmptyState
            title={isFiltered(view) ? 'No requests match this view' : 'Nothing is open'}
            action={
              isFiltered(view) ? (
                <button
                  type="button"
                  className="button button-secondary"
                  onClick={() => changeView({ ...defaultView, sort: view.sort })}
                >
                  Clear filters
                </button>
              ) : (
                <Link className="button button-primary" to="/requests/new">
                  Log a request
                </Link>
              )
            }
          >
            {isFiltered(view)
              ? 'Try fewer filters or another search.'
              : 'Every request has been followed through. Log one when something needs doing.'}
          </EmptyState>
        ) : (
          <>
            <p className="results-count" role="status">
              {updating ? 'Updating… ' : ''}
              {total
                ? rangeText(items.length, total)
                : list.hasNextPage
                  ? `Showing the first ${items.length} requests`
                  : `${items.length} ${items.length === 1 ? 'request' : 'requests'}`}
            </p>
            {mayBulk ? <BulkBar selected={selected} onDone={() => setPicked(new Set())} /> : null}
            <div className={updating ? 'results-body is-updating' : 'results-body'}>
              <RequestTable
                selection={
                  mayBulk
                    ? { selected: picked, onToggle: toggle, onToggleAll: toggleAll }
                    : undefined
                }
                label="Open items"
                requests={items}
                sort={view.sort}
                onSort={(sort) => changeView({ sort })}
              />
            </div>
            <LoadMore list={list} what="requests" />
          </>
        )}
      </section>
    </div>
  );
}
