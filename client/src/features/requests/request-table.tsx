import { openStatuses, type RequestDetail, type RequestSummary } from '@followthrough/shared';
import { Link } from 'react-router';
import { RelativeTime } from '../../components/relative-time';
import { StalledBadges } from '../../components/stalled-badges';
import { PriorityBadge, StatusBadge } from '../../components/status-badge';
import { formatDate, formatDateTime, formatDuration, isPast } from '../../lib/time';

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

const weekday = new Intl.DateTimeFormat(undefined, { weekday: 'short' });

/** "today", a weekday within the last week ("Tue"), else the date. */
function dayOf(iso: string, now = Date.now()): string {
  const date = new Date(iso);
  if (date.toDateString() === new Date(now).toDateString()) return 'today';
  return now - date.getTime() < 6 * 24 * 60 * 60 * 1000 ? weekday.format(date) : formatDate(iso);
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

/** The requests of a list as a table; on a narrow screen each row becomes a card. */
export function RequestTable({
  label,
  requests,
}: {
  label: string;
  requests: readonly RequestSummary[];
}) {
  return (
    <div className="table-wrap request-table-wrap">
      <table className="request-table">
        <caption className="visually-hidden">{label}</caption>
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">Title</th>
            <th scope="col">Owner</th>
            <th scope="col">Status</th>
            <th scope="col">Age</th>
            <th scope="col">Next follow-up</th>
            <th scope="col">Target</th>
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
