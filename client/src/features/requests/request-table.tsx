import type { RequestDetail, RequestSort, RequestSummary } from '@followthrough/shared';
import { openStatuses } from '@followthrough/shared/constants';
import type { ReactNode } from 'react';
import './request-table.css';
import { Link } from 'react-router';
import { RelativeTime } from '../../components/relative-time';
import { StalledBadges } from '../../components/stalled-badges';
import { PriorityBadge, StatusBadge } from '../../components/status-badge';
import { formatDate, formatDateTime, formatDuration, formatWeekday, isPast } from '../../lib/time';

const isOpen = (r: RequestSummary) => (openStatuses as readonly string[]).includes(r.status);

function None() {
  return (
    <>
      <span aria-hidden="true" className="muted">
        —
      </span>
      <span className="visually-hidden">None</span>
    </>
  );
}

/** Owner, or the plain fact that nobody owns it yet, and any pending offer. */
export function OwnerText({ request }: { request: RequestSummary }) {
  return (
    <>
      {request.owner ? (
        <span className={request.owner.active ? undefined : 'text-warn'}>
          {request.owner.name}
          {request.owner.active ? null : ' (deactivated)'}
        </span>
      ) : (
        <span className="text-warn">Unowned</span>
      )}
      {request.pendingOwner ? (
        <span className="cell-note">Offered to {request.pendingOwner.name}</span>
      ) : null}
    </>
  );
}

/** "today", a weekday within the last week ("Tue"), else the date. */
function dayOf(iso: string, now = Date.now()): string {
  const date = new Date(iso);
  if (date.toDateString() === new Date(now).toDateString()) return 'today';
  return now - date.getTime() < 6 * 24 * 60 * 60 * 1000 ? formatWeekday(iso) : formatDate(iso);
}

/**
 * Next follow-up, as SPEC §5 reads it: met once the owner acted after setting
 * it (`followUpMetAt`, from the same condition as the stalled rule), overdue
 * only when not met and past, which an overdue one says in words, not only in
 * colour. `where` says how a met one offers to set the next: a link from a
 * list, the action on the request's own page.
 */
export function FollowUpText({
  request,
  where = 'list',
}: {
  request: RequestSummary;
  where?: 'list' | 'page';
}) {
  const at = request.nextFollowUpAt;
  if (!at || !isOpen(request)) return <None />;
  const met = request.followUpMetAt;
  if (met) {
    return (
      <>
        <time
          dateTime={met}
          title={`Followed up ${formatDateTime(met)}; it was due by ${formatDateTime(at)}`}
        >
          Followed up {dayOf(met)}
        </time>
        {where === 'page' ? (
          (request as Partial<RequestDetail>).allowedActions?.includes('follow-up') ? (
            <span className="cell-note">Set the next one with Set follow-up.</span>
          ) : null
        ) : (
          <span className="cell-note">
            <Link to={`/requests/${request.key}`}>
              Set the next<span className="visually-hidden"> follow-up for {request.key}</span>
            </Link>
          </span>
        )}
      </>
    );
  }
  const overdue = request.stalled.some((s) => s.reason === 'follow_up_overdue') || isPast(at);
  if (overdue) {
    return (
      <time dateTime={at} title={formatDateTime(at)} className="text-danger">
        {formatDuration(Date.now() - Date.parse(at))} overdue
      </time>
    );
  }
  return <RelativeTime iso={at} />;
}

export function TargetText({ request }: { request: RequestSummary }) {
  const past = isOpen(request) && isPast(request.targetAt);
  // An open request counts down to its target; a finished one keeps the date it had.
  if (isOpen(request)) {
    return (
      <RelativeTime
        iso={request.targetAt}
        style="target"
        className={past ? 'text-danger' : undefined}
      />
    );
  }
  return (
    <time
      dateTime={request.targetAt}
      title={formatDateTime(request.targetAt)}
      className={past ? 'text-danger' : undefined}
    >
      {formatDate(request.targetAt)}
      {past ? ' (past)' : null}
    </time>
  );
}

/** The column a header sorts by, and the direction its first press gives. */
type SortKey = 'created' | 'updated' | 'target' | 'priority';
const firstDirection: Record<SortKey, RequestSort> = {
  created: '-created',
  updated: '-updated',
  target: 'target',
  priority: '-priority',
};

/** A column header that sorts the list: a button inside the th, the th carrying aria-sort. */
function SortHeader({
  by,
  sort,
  onSort,
  children,
}: {
  by: SortKey;
  sort?: RequestSort | undefined;
  onSort?: ((sort: RequestSort) => void) | undefined;
  children: ReactNode;
}) {
  if (!onSort || !sort) return <th scope="col">{children}</th>;
  const active = sort.replace('-', '') === by;
  const descending = sort.startsWith('-');
  const next: RequestSort = active
    ? ((descending ? by : `-${by}`) as RequestSort)
    : firstDirection[by];
  return (
    <th
      scope="col"
      aria-sort={active ? (descending ? 'descending' : 'ascending') : 'none'}
      className="th-sortable"
    >
      <button type="button" className="sort-button" onClick={() => onSort(next)}>
        {children}
      </button>
    </th>
  );
}

/** The requests of a list as a table; on a narrow screen each row becomes a card. */
export function RequestTable({
  label,
  requests,
  sort,
  onSort,
  selection,
}: {
  label: string;
  requests: readonly RequestSummary[];
  /** With onSort, the headers sort the list and Priority and Updated get columns. */
  sort?: RequestSort;
  onSort?: (sort: RequestSort) => void;
  /** For leads and admins: a checkbox per row and one for the whole page. */
  selection?: {
    selected: ReadonlySet<string>;
    onToggle: (id: string) => void;
    onToggleAll: () => void;
  };
}) {
  const all = selection
    ? requests.length > 0 && requests.every((r) => selection.selected.has(r.id))
    : false;
  const some = selection ? requests.some((r) => selection.selected.has(r.id)) : false;
  return (
    <div className="table-wrap request-table-wrap">
      <table className="request-table">
        <caption className="visually-hidden">{label}</caption>
        <thead>
          <tr>
            {selection ? (
              <th scope="col" className="cell-select">
                <input
                  type="checkbox"
                  aria-label="Select all on this page"
                  checked={all}
                  ref={(box) => {
                    if (box) box.indeterminate = some && !all;
                  }}
                  onChange={selection.onToggleAll}
                />
              </th>
            ) : null}
            <th scope="col">Key</th>
            <th scope="col">Title</th>
            <th scope="col">Owner</th>
            <th scope="col">Status</th>
            <SortHeader by="created" sort={sort} onSort={onSort}>
              Age
            </SortHeader>
            <th scope="col">Next follow-up</th>
            <SortHeader by="target" sort={sort} onSort={onSort}>
              Target
            </SortHeader>
            {onSort ? (
              <SortHeader by="priority" sort={sort} onSort={onSort}>
                Priority
              </SortHeader>
            ) : null}
            {onSort ? (
              <SortHeader by="updated" sort={sort} onSort={onSort}>
                Updated
              </SortHeader>
            ) : null}
            <th scope="col">Stalled</th>
          </tr>
        </thead>
        <tbody>
          {requests.map((request) => (
            <tr
              key={request.id}
              className={request.stalled.length > 0 ? 'row-stalled' : undefined}
              data-list-item=""
            >
              {selection ? (
                <td className="cell-select" data-label="Select">
                  <input
                    type="checkbox"
                    aria-label={`Select ${request.key}`}
                    checked={selection.selected.has(request.id)}
                    onChange={() => selection.onToggle(request.id)}
                  />
                </td>
              ) : null}
              <td className="cell-key" data-label="Key">
                {request.key}
              </td>
              <td className="cell-title" data-label="Title">
                <Link to={`/requests/${request.key}`} className="row-link">
                  {request.title}
                </Link>
                {request.priority === 'high' || request.priority === 'urgent' ? (
                  <>
                    {' '}
                    <PriorityBadge priority={request.priority} />
                  </>
                ) : null}
                <span className="cell-note">
                  {request.category.name}
                  {request.location ? ` · ${request.location.name}` : ''}
                </span>
              </td>
              <td data-label="Owner">
                <OwnerText request={request} />
              </td>
              <td data-label="Status">
                <StatusBadge status={request.status} closeReason={request.closeReason} />
              </td>
              <td data-label="Age">
                <RelativeTime iso={request.createdAt} style="age" />
              </td>
              <td data-label="Next follow-up">
                <FollowUpText request={request} />
              </td>
              <td data-label="Target">
                <TargetText request={request} />
              </td>
              {onSort ? (
                <td data-label="Priority">
                  <PriorityBadge priority={request.priority} />
                </td>
              ) : null}
              {onSort ? (
                <td data-label="Updated">
                  <RelativeTime iso={request.updatedAt} />
                </td>
              ) : null}
              <td
                className={request.stalled.length > 0 ? 'cell-stalled' : 'cell-stalled cell-empty'}
                data-label="Stalled"
              >
                {request.stalled.length > 0 ? (
                  <StalledBadges stalled={request.stalled} />
                ) : (
                  <None />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
