import type { RequestEvent, RequestSummary } from '@followthrough/shared';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { requestQueries } from '../../api/requests';
import { useResolution } from '../../components/actions/outcome-review';
import { RelativeTime } from '../../components/relative-time';
import { StalledBadges } from '../../components/stalled-badges';
import { PriorityBadge, StatusBadge } from '../../components/status-badge';
import { FollowUpText, OwnerText, TargetText } from './request-table';

/** Which facts a card shows: what matters differs by who is looking and why. */
export type CardFacts = 'offer' | 'owned' | 'resolved' | 'logged';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Facts({ request, facts }: { request: RequestSummary; facts: CardFacts }) {
  const owner = (
    <Fact label="Owner">
      <OwnerText request={request} />
    </Fact>
  );
  const followUp = (
    <Fact label="Next follow-up">
      <FollowUpText request={request} />
    </Fact>
  );
  const target = (
    <Fact label="Target">
      <TargetText request={request} />
    </Fact>
  );
  const age = (
    <Fact label="Age">
      <RelativeTime iso={request.createdAt} style="age" />
    </Fact>
  );
  if (facts === 'offer') {
    return (
      <>
        {owner}
        {target}
        <Fact label="Logged by">{request.requester.name}</Fact>
        {age}
      </>
    );
  }
  if (facts === 'owned') {
    return (
      <>
        {followUp}
        {target}
        <Fact label="Logged by">{request.requester.name}</Fact>
        {age}
      </>
    );
  }
  if (facts === 'resolved') {
    return (
      <>
        {owner}
        <Fact label="Resolved">
          {request.resolvedAt ? <RelativeTime iso={request.resolvedAt} /> : 'Recently'}
        </Fact>
      </>
    );
  }
  return (
    <>
      {owner}
      {followUp}
      {target}
      {age}
    </>
  );
}

/** The offer now pending: the latest offer to its pending owner. */
export function pendingOffer(events: readonly RequestEvent[], to: string | undefined) {
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i]!;
    if (event.type === 'ownership_offered' && event.data.to === to) {
      return {
        by: event.actor,
        note: event.data.note?.trim() || null,
        routed: !!event.data.routed,
      };
    }
  }
  return null;
}

/** Who offered it and why, from the offer event; the list itself does not carry them. */
function OfferedBy({ request }: { request: RequestSummary }) {
  const offer = useQuery({
    ...requestQueries.events(request.id),
    select: (events) => pendingOffer(events, request.pendingOwner?.id),
  });
  const data = offer.data;
  if (!data) return null;
  const who = data.routed
    ? `Offered as the default owner for ${request.category.name}`
    : `Offered by ${data.by?.name ?? 'someone'}`;
  return (
    <p className="request-card-outcome">
      <span className="request-card-outcome-label">{who}</span>
      {data.note ? `: ${data.note}` : null}
    </p>
  );
}

/** What was done, next to what was asked, before the requester confirms. */
function ResolvedWith({ request }: { request: RequestSummary }) {
  const resolution = useResolution(request);
  return (
    <>
      <p className="request-card-outcome">
        <span className="request-card-outcome-label">You asked for: </span>
        {request.desiredOutcome}
      </p>
      {resolution.data ? (
        <p className="request-card-outcome">
          <span className="request-card-outcome-label">What was done: </span>
          {resolution.data.summary}
        </p>
      ) : null}
    </>
  );
}

/** A compact list of requests, for My work. */
export function RequestCards({
  requests,
  facts,
  actions,
}: {
  requests: readonly RequestSummary[];
  facts: CardFacts;
  /** What the person can do about each request, in place. */
  actions?: (request: RequestSummary) => ReactNode;
}) {
  return (
    <ul className="request-cards">
      {requests.map((request) => (
        <li
          key={request.id}
          className={request.stalled.length > 0 ? 'request-card is-stalled' : 'request-card'}
          data-list-item=""
        >
          <div className="request-card-top">
            <span className="request-key">{request.key}</span>
            <StatusBadge status={request.status} closeReason={request.closeReason} />
            {request.priority === 'high' || request.priority === 'urgent' ? (
              <PriorityBadge priority={request.priority} />
            ) : null}
          </div>
          <Link to={`/requests/${request.key}`} className="request-card-title">
            {request.title}
          </Link>
          <StalledBadges stalled={request.stalled} />
          {facts === 'offer' ? (
            <>
              <p className="request-card-outcome">
                <span className="request-card-outcome-label">Done means: </span>
                {request.desiredOutcome}
              </p>
              <OfferedBy request={request} />
            </>
          ) : null}
          {facts === 'resolved' ? <ResolvedWith request={request} /> : null}
          <dl className="request-card-facts">
            <Facts request={request} facts={facts} />
          </dl>
          {actions ? <div className="request-card-actions">{actions(request)}</div> : null}
        </li>
      ))}
    </ul>
  );
}
