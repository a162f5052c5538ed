import type { RequestDetail } from '@followthrough/shared';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { type ApiError, isApiError } from '../../api/client';
import { requestQueries } from '../../api/requests';
import {
  type ConflictAttempt,
  reloadAfterConflict,
} from '../../components/actions/use-request-change';
import { LatestNoticeScope, useNothingNoticedYet } from '../../components/latest-notice';
import { PageHeader } from '../../components/page-header';
import { RelativeTime } from '../../components/relative-time';
import { StalledNotice } from '../../components/stalled-badges';
import { EmptyState, ErrorState, LoadingState } from '../../components/states';
import { PriorityBadge, StatusBadge } from '../../components/status-badge';
import { closeReasonLabels } from '../../lib/labels';
import { formatDateTime, isPast } from '../../lib/time';
import { PhotoStrip } from './photo-strip';
import { RequestActions } from './request-actions';
import { Handoffs } from './request-handoffs';
import { FollowUpText } from './request-table';
import { Timeline } from './request-timeline';

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

interface Conflict {
  /** What changed since the screen's version, or what the server said. */
  message: string;
  /** Whether the refused action can be sent again, or why not. */
  next: string | undefined;
  /** What was typed, shown here when its form had to close. */
  kept: string | undefined;
  n: number;
}

/** Said when a change was refused because the request had moved on; focused so it is seen. */
function ConflictAlert({ conflict, onDismiss }: { conflict: Conflict; onDismiss: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <div className="notice notice-warn conflict-alert" role="alert" tabIndex={-1} ref={ref}>
      <p className="notice-title">Your change was not saved</p>
      <p>{conflict.message} The page has been reloaded.</p>
      {conflict.next ? <p>{conflict.next}</p> : null}
      {conflict.kept ? (
        <>
          <p className="conflict-kept-label">What you typed:</p>
          <blockquote className="conflict-kept">{conflict.kept}</blockquote>
        </>
      ) : null}
      <button type="button" className="link-button" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}

function RequestView({ request, justCreated }: { request: RequestDetail; justCreated: boolean }) {
  const nothingNoticed = useNothingNoticedYet();
  const open = ['new', 'in_progress', 'waiting'].includes(request.status);
  const queryClient = useQueryClient();
  const [conflict, setConflict] = useState<Conflict | null>(null);
  // The version on screen when a change is refused: what changed is told from there.
  const shown = useRef(request);
  shown.current = request;

  // 409 or 412 from any form on the page: reload, and say so where it cannot be missed.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the request's identity is id and key
  const handleConflict = useCallback(
    async (error: ApiError, attempt?: ConflictAttempt) => {
      const seen = shown.current;
      const { message, next, fresh } = await reloadAfterConflict(
        queryClient,
        { id: seen.id, key: seen.key, version: seen.version, updatedAt: seen.updatedAt },
        error,
        'this request',
        attempt,
      );
      // A form the new state closed cannot show what was typed; the alert does.
      const closed =
        attempt?.action !== undefined && fresh && !fresh.allowedActions.includes(attempt.action);
      const kept = closed && attempt.typed ? attempt.typed : undefined;
      setConflict((c) => ({ message, next, kept, n: (c?.n ?? 0) + 1 }));
    },
    [queryClient, request.id, request.key],
  );
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
      {justCreated && nothingNoticed ? (
        <p className="notice notice-success" role="status">
          Logged as {request.key}.{' '}
          {request.owner
            ? `${request.owner.name} owns it.`
            : request.pendingOwner
              ? `${request.pendingOwner.name} has been asked to own it.`
              : 'It is waiting for an owner.'}
        </p>
      ) : null}
      {conflict ? (
        <ConflictAlert key={conflict.n} conflict={conflict} onDismiss={() => setConflict(null)} />
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

      <RequestActions request={request} onConflict={handleConflict} />

      <StalledNotice stalled={request.stalled} />

      <div className="detail-grid">
        <div className="detail-main">
          {request.description ? (
            <section className="card" aria-labelledby="description-heading">
              <h2 id="description-heading">Description</h2>
              <p className="prose">{request.description}</p>
            </section>
          ) : null}
          <PhotoStrip
            requestId={request.id}
            version={request.version}
            canAdd={request.status !== 'closed'}
          />
          <Handoffs request={request} onConflict={handleConflict} />
          <Timeline request={request} onConflict={handleConflict} />
        </div>
        <aside className="detail-side card" aria-labelledby="details-heading">
          <h2 id="details-heading">Details</h2>
          <dl className="facts">
            <Fact label="Status">
              <StatusBadge status={request.status} closeReason={request.closeReason} />
            </Fact>
            <Fact label="Category">{request.category.name}</Fact>
            <Fact label="Location">{request.location?.name ?? 'Not given'}</Fact>
            <Fact label="Asset">
              {request.registeredAsset ? (
                <>
                  <Link to={`/assets/${encodeURIComponent(request.registeredAsset.tag)}`}>
                    {request.registeredAsset.name} ({request.registeredAsset.tag})
                  </Link>
                  {request.asset && request.asset !== request.registeredAsset.name
                    ? ` · ${request.asset}`
                    : null}
                </>
              ) : (
                (request.asset ?? 'Not given')
              )}
            </Fact>
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
              {open ? (
                <span className="muted">
                  {' '}
                  (<RelativeTime iso={request.targetAt} style="target" />)
                </span>
              ) : null}
            </Fact>
            <Fact label="Next follow-up">
              <FollowUpText request={request} where="page" />
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
              <RelativeTime iso={request.updatedAt} focusable />
            </Fact>
          </dl>
        </aside>
      </div>
    </div>
  );
}

/** One request: outcome and owner first, then what you can do, handoffs and the timeline. */
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
  return (
    <LatestNoticeScope>
      <RequestView request={request.data} justCreated={justCreated} />
    </LatestNoticeScope>
  );
}
