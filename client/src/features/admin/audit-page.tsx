import { type AuditEntityType, type AuditEntry, auditEntityType } from '@followthrough/shared';
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { adminQueries } from '../../api/admin';
import { directoryQueries } from '../../api/directory';
import { LoadMore } from '../../components/load-more';
import { PageHeader } from '../../components/page-header';
import { EmptyState, ErrorState, LoadingState } from '../../components/states';
import { formatDateTime, formatRelative } from '../../lib/time';
import {
  auditDetails,
  auditSentence,
  entityTypeLabels,
  entityWords,
  type Names,
} from './audit-text';

/** The view in the URL, so a filtered log can be shared: `?type=person&entity=<id>`. */
function readView(params: URLSearchParams): { type?: AuditEntityType; entity?: string } {
  const type = auditEntityType.safeParse(params.get('type'));
  const entity = params.get('entity')?.slice(0, 64) || undefined;
  return { ...(type.success ? { type: type.data } : {}), ...(entity ? { entity } : {}) };
}

function Entry({ entry, names }: { entry: AuditEntry; names: Names }) {
  const details = auditDetails(entry, names);
  const when = formatRelative(entry.at);
  return (
    <li className="audit-entry">
      <p className="audit-sentence">
        {auditSentence(entry, names)}
        <span className="audit-time">
          {' · '}
          <time dateTime={entry.at} title={formatDateTime(entry.at)}>
            {when === 'now' ? 'just now' : when}
          </time>
        </span>
      </p>
      {details.length > 0 ? (
        <ul className="audit-details">
          {details.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}

/** Admin › Audit: every change to the directory, settings and access, newest first. */
export function AuditPage() {
  const [params, setParams] = useSearchParams();
  const view = useMemo(() => readView(params), [params]);
  const log = useInfiniteQuery({
    ...adminQueries.audit({ entityType: view.type, entityId: view.entity }),
    placeholderData: keepPreviousData,
  });
  const people = useQuery(directoryQueries.people());
  const teams = useQuery(directoryQueries.teams());
  const categories = useQuery(directoryQueries.categories());
  const locations = useQuery(directoryQueries.locations());
  const names: Names = {
    people: people.data,
    teams: teams.data,
    categories: categories.data,
    locations: locations.data,
  };
  const entries = log.data?.pages.flatMap((p) => p.items) ?? [];
  const updating = log.isFetching && log.isPlaceholderData;
  const subject = view.entity
    ? [people.data, teams.data, categories.data, locations.data]
        .flatMap((list): readonly { id: string; name: string }[] => list ?? [])
        .find((item) => item.id === view.entity)?.name
    : undefined;

  const setType = (type: string) =>
    setParams(type ? { type } : {}, { replace: true, preventScrollReset: true });

  return (
    <>
      <PageHeader title="Audit" documentTitle="Audit · Admin" eyebrow="Admin">
        <p>
          Every change to people, teams, categories, locations, settings and access: who made it,
          and when.
        </p>
      </PageHeader>

      <search className="filters admin-filters" aria-label="Filter the audit log">
        <div className="filter-grid audit-filter-grid">
          <div className="filter">
            <label htmlFor="audit-type">What changed</label>
            <select
              id="audit-type"
              value={view.type ?? ''}
              onChange={(e) => setType(e.target.value)}
            >
              <option value="">Everything</option>
              {(Object.keys(entityTypeLabels) as AuditEntityType[]).map((t) => (
                <option key={t} value={t}>
                  {entityTypeLabels[t]}
                </option>
              ))}
            </select>
          </div>
        </div>
        {view.entity ? (
          <p className="audit-scope">
            Showing the history of{' '}
            {subject ?? `one ${view.type ? entityWords[view.type] : 'entry'}`}.{' '}
            <button type="button" className="link-button" onClick={() => setType(view.type ?? '')}>
              Show every change
            </button>
          </p>
        ) : null}
      </search>

      <section aria-label="Changes" className="results" aria-busy={updating || undefined}>
        {log.isPending ? (
          <LoadingState label="Loading the audit log…" lines={6} />
        ) : log.isError && !log.data ? (
          <ErrorState
            title="The audit log could not be loaded"
            error={log.error}
            onRetry={() => log.refetch()}
          />
        ) : entries.length === 0 ? (
          <EmptyState title="No changes yet">
            <p>
              {view.type || view.entity
                ? 'Nothing of this kind has changed.'
                : 'Changes made here in Admin appear as soon as they are made.'}
            </p>
          </EmptyState>
        ) : (
          <>
            <ol className={updating ? 'audit-list is-updating' : 'audit-list'}>
              {entries.map((entry) => (
                <Entry key={entry.id} entry={entry} names={names} />
              ))}
            </ol>
            <LoadMore list={log} what="changes" />
          </>
        )}
      </section>
    </>
  );
}
