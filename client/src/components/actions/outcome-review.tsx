import type { PersonRef, RequestEvent, RequestSummary } from '@followthrough/shared';
import { useQuery } from '@tanstack/react-query';
import { requestQueries } from '../../api/requests';
import { RelativeTime } from '../relative-time';

/** The latest resolution and the handoffs of the round of work that led to it. */
export interface Resolution {
  summary: string;
  by: PersonRef | null;
  at: string;
  handoffs: {
    id: string;
    to: string;
    ask: string;
    status: 'open' | 'done' | 'cancelled';
    note: string | null;
  }[];
}

/** From the timeline (oldest first): the latest `resolved` event, or null before any. */
export function latestResolution(events: readonly RequestEvent[]): Resolution | null {
  let resolvedAt = -1;
  for (let i = events.length - 1; i >= 0; i--) {
    if (events[i]!.type === 'resolved') {
      resolvedAt = i;
      break;
    }
  }
  const resolved = events[resolvedAt];
  if (resolved?.type !== 'resolved') return null;
  // Handoffs of an earlier round (before a reopen) were judged with that round.
  let roundStart = 0;
  for (let i = resolvedAt - 1; i >= 0; i--) {
    if (events[i]!.type === 'reopened') {
      roundStart = i + 1;
      break;
    }
  }
  const handoffs = new Map<string, Resolution['handoffs'][number]>();
  for (const event of events.slice(roundStart, resolvedAt)) {
    if (event.type === 'handoff_created') {
      const d = event.data;
      handoffs.set(d.handoffId, {
        id: d.handoffId,
        to: d.to,
        ask: d.ask,
        status: 'open',
        note: null,
      });
    } else if (event.type === 'handoff_completed' || event.type === 'handoff_cancelled') {
      const h = handoffs.get(event.data.handoffId);
      if (h) {
        h.status = event.type === 'handoff_completed' ? 'done' : 'cancelled';
        h.note = event.data.note?.trim() ? event.data.note : null;
      }
    }
  }
  return {
    summary: resolved.data.summary,
    by: resolved.actor,
    at: resolved.at,
    handoffs: [...handoffs.values()],
  };
}

/** The latest resolution of a request, from its timeline (shared with the request page's cache). */
export function useResolution(request: Pick<RequestSummary, 'id'>) {
  return useQuery({ ...requestQueries.events(request.id), select: latestResolution });
}

const handoffWords = { open: 'still open', done: 'came back', cancelled: 'was cancelled' };

/**
 * What the requester asked for next to what the owner says was done (and what
 * came back from handoffs), so an outcome is judged against the asker's own words.
 */
export function OutcomeReview({
  id,
  request,
  meId,
  level = 3,
}: {
  id: string;
  request: RequestSummary;
  meId: string;
  /** The heading level of its parts: below the dialog's or panel's own heading. */
  level?: 3 | 4;
}) {
  const resolution = useResolution(request);
  const Heading = `h${level}` as const;
  const mine = request.requester.id === meId;
  const asked = mine ? 'You asked for' : `${request.requester.name} asked for`;
  const by = resolution.data?.by?.name ?? request.owner?.name;

  return (
    <div className="outcome-review" id={id}>
      <div className="outcome-review-grid">
        <section className="outcome-review-side" aria-labelledby={`${id}-asked`}>
          <Heading id={`${id}-asked`} className="outcome-review-label">
            {asked}
          </Heading>
          <p className="outcome-review-text">{request.desiredOutcome}</p>
        </section>
        <section className="outcome-review-side is-done" aria-labelledby={`${id}-done`}>
          <Heading id={`${id}-done`} className="outcome-review-label">
            {by ? `What ${by} says was done` : 'What was done'}
          </Heading>
          {resolution.isPending ? (
            <p className="outcome-review-text muted">Loading what was done…</p>
          ) : resolution.isError ? (
            <p className="outcome-review-text">
              What was done could not be loaded.{' '}
              <button type="button" className="link-button" onClick={() => resolution.refetch()}>
                Try again
              </button>
            </p>
          ) : resolution.data ? (
            <>
              <p className="outcome-review-text">{resolution.data.summary}</p>
              <p className="outcome-review-when muted">
                Resolved <RelativeTime iso={resolution.data.at} />
              </p>
            </>
          ) : (
            <p className="outcome-review-text muted">No resolution summary was recorded.</p>
          )}
        </section>
      </div>
      {resolution.data && resolution.data.handoffs.length > 0 ? (
        <section className="outcome-review-handoffs" aria-labelledby={`${id}-handoffs`}>
          <Heading id={`${id}-handoffs`} className="outcome-review-label">
            Handed off along the way
          </Heading>
          <ul>
            {resolution.data.handoffs.map((h) => (
              <li key={h.id}>
                <strong>{h.to}</strong>, asked: {h.ask}. It {handoffWords[h.status]}
                {h.note ? `: ${h.note}` : '.'}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
