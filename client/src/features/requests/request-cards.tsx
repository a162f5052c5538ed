import type { RequestSummary } from '@followthrough/shared';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
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
            <p className="request-card-outcome">
              <span className="request-card-outcome-label">Done means: </span>
              {request.desiredOutcome}
            </p>
          ) : null}
          <dl className="request-card-facts">
            <Facts request={request} facts={facts} />
          </dl>
          {actions ? <div className="request-card-actions">{actions(request)}</div> : null}
        </li>
      ))}
    </ul>
  );
}
