import type { Handoff, RequestDetail } from '@followthrough/shared';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { isApiError } from '../../api/client';
import { requestQueries } from '../../api/requests';
import { PageHeader } from '../../components/page-header';
import { RelativeTime } from '../../components/relative-time';
import { StalledNotice } from '../../components/stalled-badges';
import { EmptyState, ErrorState, LoadingState } from '../../components/states';
import { PriorityBadge, StatusBadge } from '../../components/status-badge';
import { closeReasonLabels } from '../../lib/labels';
import { formatDateTime, formatDuration, isPast } from '../../lib/time';
import { describeEvent } from './event-text';
import { FollowUpText } from './request-table';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function When({ iso }: { iso: string }) {
  return (
    <>
      <time dateTime={iso}>{formatDateTime(iso)}</time>{' '}
      <span className="muted">
        (<RelativeTime iso={iso} />)
      </span>
    </>
  );
}

function OwnerPanel({ request }: { request: RequestDetail }) {
  return (
    <section className="panel panel-owner" aria-labelledby="owner-heading">
      <h2 id="owner-heading" className="panel-label">
        Accountable owner
      </h2>
      {request.owner ? (
        <p className="panel-value">
          {request.owner.name}
          {request.owner.active ? null : <span className="badge badge-stalled">Deactivated</span>}
        </p>
      ) : (
        <p className="panel-value text-warn">Nobody yet</p>
      )}
      {request.pendingOwner ? (
        <p className="panel-note">
          Offered to <strong>{request.pendingOwner.name}</strong>, waiting for an answer.
        </p>
      ) : request.owner && request.ownedAt ? (
        <p className="panel-note">
          Owner since <RelativeTime iso={request.ownedAt} style="date" />.
        </p>
      ) : request.owner ? null : (
        <p className="panel-note">Someone needs to take it on.</p>
      )}
    </section>
  );
}

function HandoffItem({ handoff }: { handoff: Handoff }) {
  const overdue = handoff.status === 'open' && (handoff.overdue || isPast(handoff.expectedBy));
  return (
    <li className={overdue ? 'handoff is-overdue' : 'handoff'}>
      <div className="handoff-top">
        <p className="handoff-to">
          To <strong>{handoff.toPerson?.name ?? handoff.to}</strong>
        </p>
        <span className={`badge badge-handoff-${handoff.status}`}>
          {handoff.status === 'open' ? 'Open' : handoff.status === 'done' ? 'Done' : 'Cancelled'}
        </span>
        {overdue ? <span className="badge badge-stalled">Overdue</span> : null}
      </div>
      <p className="handoff-ask">{handoff.ask}</p>
      <p className="handoff-meta">
        Expected by{' '}
        <time dateTime={handoff.expectedBy} className={overdue ? 'text-danger' : undefined}>
          {formatDateTime(handoff.expectedBy)}
        </time>
        {overdue ? ` (${formatDuration(Date.now() - Date.parse(handoff.expectedBy))} overdue)` : ''}
        {' · '}handed off by {handoff.createdBy.name}, <RelativeTime iso={handoff.createdAt} />
        {handoff.completedAt ? (
          <>
            {' · '}
            {handoff.status === 'done' ? 'done' : 'cancelled'}{' '}
            <RelativeTime iso={handoff.completedAt} />
          </>
        ) : null}
      </p>
      {handoff.note ? <p className="handoff-note">{handoff.note}</p> : null}
    </li>
  );
}

function Handoffs({ handoffs }: { handoffs: readonly Handoff[] }) {
  const open = handoffs.filter((h) => h.status === 'open').length;
  return (
    <section className="card" aria-labelledby="handoffs-heading">
      <h2 id="handoffs-heading">
        Handoffs
        {handoffs.length > 0 ? <span className="count">{open} open</span> : null}
      </h2>
      {handoffs.length === 0 ? (
        <p className="muted">
          No handoffs. Work given to another team, person or vendor shows here, with when it is
          expected back.
        </p>
      ) : (
        <ul className="handoffs">
          {handoffs.map((h) => (
            <HandoffItem key={h.id} handoff={h} />
          ))}
        </ul>
      )}
    </section>
  );
}

function Timeline({ requestId }: { requestId: string }) {
  const events = useQuery(requestQueries.events(requestId));
  return (
    <section className="card" aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">Timeline</h2>
      {events.isPending ? (
        <LoadingState label="Loading the timeline…" lines={3} />
      ) : events.isError ? (
        <ErrorState
          title="The timeline could not be loaded"
          error={events.error}
          onRetry={() => events.refetch()}
        />
      ) : events.data.length === 0 ? (
        <EmptyState title="Nothing has happened yet" />
      ) : (
        <ol className="timeline">
          {events.data.map((event) => {
            const { actor, action, quote } = describeEvent(event);
            return (
              <li key={event.id} className={`timeline-item timeline-${event.type}`}>
                <p>
                  <strong>{actor}</strong> {action}
                </p>
                {quote ? <blockquote className="timeline-quote">{quote}</blockquote> : null}
                <p className="timeline-time">
                  <time dateTime={event.at}>{formatDateTime(event.at)}</time>
                </p>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

function RequestView({ request, justCreated }: { request: RequestDetail; justCreated: boolean }) {
  const open = ['new', 'in_progress', 'waiting'].includes(request.status);
  return (
    <div className="page">
      <PageHeader
        title={request.title}
        documentTitle={`${request.key} ${request.title}`}
        eyebrow={
          <>
            <span className="request-key">{request.key}</span>
            <StatusBadge status={request.status} closeReason={request.closeReason} />
            <PriorityBadge priority={request.priority} />
          </>
        }
      />
      {justCreated ? (
        <p className="notice notice-success" role="status">
          Logged as {request.key}.{' '}
          {request.owner
            ? `${request.owner.name} owns it.`
            : request.pendingOwner
              ? `${request.pendingOwner.name} has been asked to own it.`
              : 'It is waiting for an owner.'}
        </p>
      ) : null}

      <div className="outcome-grid">
        <section className="panel panel-outcome" aria-labelledby="outcome-heading">
          <h2 id="outcome-heading" className="panel-label">
            Desired outcome
          </h2>
          <p className="panel-value prose">{request.desiredOutcome}</p>
        </section>
        <OwnerPanel request={request} />
      </div>

      <StalledNotice stalled={request.stalled} />

      <div className="detail-grid">
        <div className="detail-main">
          {request.description ? (
            <section className="card" aria-labelledby="description-heading">
              <h2 id="description-heading">Description</h2>
              <p className="prose">{request.description}</p>
            </section>
          ) : null}
          <Handoffs handoffs={request.handoffs} />
          <Timeline requestId={request.id} />
        </div>
        <aside className="detail-side card" aria-labelledby="details-heading">
          <h2 id="details-heading">Details</h2>
          <dl className="facts">
            <Fact label="Status">
              <StatusBadge status={request.status} closeReason={request.closeReason} />
            </Fact>
            <Fact label="Category">{request.category.name}</Fact>
            <Fact label="Location">{request.location?.name ?? 'Not given'}</Fact>
            <Fact label="Asset">{request.asset ?? 'Not given'}</Fact>
            <Fact label="Logged by">{request.requester.name}</Fact>
            {request.onBehalfOf ? <Fact label="On behalf of">{request.onBehalfOf}</Fact> : null}
            <Fact label="Logged">
              <When iso={request.createdAt} />
            </Fact>
            <Fact label="Target">
              <time
                dateTime={request.targetAt}
                className={open && isPast(request.targetAt) ? 'text-danger' : undefined}
              >
                {formatDateTime(request.targetAt)}
              </time>
              {open && isPast(request.targetAt) ? ' (past)' : null}
            </Fact>
            <Fact label="Next follow-up">
              <FollowUpText request={request} />
            </Fact>
            {request.resolvedAt ? (
              <Fact label="Resolved">
                <When iso={request.resolvedAt} />
              </Fact>
            ) : null}
            {request.closedAt ? (
              <Fact label="Closed">
                <When iso={request.closedAt} />
                {request.closeReason ? ` · ${closeReasonLabels[request.closeReason]}` : ''}
              </Fact>
            ) : null}
            {request.reopenCount > 0 ? (
              <Fact label="Reopened">
                {request.reopenCount === 1 ? 'Once' : `${request.reopenCount} times`}
              </Fact>
            ) : null}
            <Fact label="Last change">
              <RelativeTime iso={request.updatedAt} />
            </Fact>
          </dl>
        </aside>
      </div>
    </div>
  );
}

/** One request, read-only: outcome and owner first, then handoffs and the timeline. */
export function RequestPage() {
  const { key = '' } = useParams();
  const location = useLocation();
  const request = useQuery(requestQueries.detail(key));
  const justCreated = (location.state as { created?: boolean } | null)?.created === true;

  if (request.isPending) {
    return (
      <div className="page">
        <PageHeader title={key} documentTitle={key} />
        <LoadingState label={`Loading ${key}…`} lines={5} />
      </div>
    );
  }
  if (request.isError) {
    if (isApiError(request.error) && request.error.status === 404) {
      return (
        <div className="page page-narrow">
          <PageHeader title="Request not found" documentTitle="Request not found" />
          <EmptyState
            title={`There is no request ${key}`}
            action={
              <Link className="button button-secondary" to="/requests">
                See open items
              </Link>
            }
          >
            Check the key, or find it in Open items.
          </EmptyState>
        </div>
      );
    }
    return (
      <div className="page">
        <PageHeader title={key} documentTitle={key} />
        <ErrorState
          title={`${key} could not be loaded`}
          error={request.error}
          onRetry={() => request.refetch()}
        />
      </div>
    );
  }
  return <RequestView request={request.data} justCreated={justCreated} />;
}
