import type { RequestDetail } from '@followthrough/shared';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { ApiError } from '../../api/client';
import { directoryQueries } from '../../api/directory';
import { requestQueries } from '../../api/requests';
import { ActionForm } from '../../components/actions/action-form';
import { commentSpec } from '../../components/actions/action-specs';
import { RelativeTime } from '../../components/relative-time';
import { EmptyState, ErrorState, LoadingState } from '../../components/states';
import { formatDateTime } from '../../lib/time';
import { describeTimeline } from './event-text';

/** The comment box under the timeline; it keeps what was typed when a change gets in the way. */
function CommentBox({
  request,
  onConflict,
}: {
  request: RequestDetail;
  onConflict: (error: ApiError) => Promise<void>;
}) {
  const [round, setRound] = useState(0);
  const [posted, setPosted] = useState<string | null>(null);
  return (
    <div className="comment-box">
      <ActionForm
        // A fresh, empty form after each comment.
        key={round}
        spec={commentSpec}
        request={request}
        idPrefix="comment"
        autoFocus={round > 0}
        holdWhile="typed"
        onDone={(message) => {
          setPosted(message);
          setRound((n) => n + 1);
        }}
        onConflict={onConflict}
      />
      <p className="comment-status" role="status">
        {posted}
      </p>
    </div>
  );
}

/** The record of the request in plain words, oldest first, with a comment box after it. */
export function Timeline({
  request,
  onConflict,
}: {
  request: RequestDetail;
  onConflict: (error: ApiError) => Promise<void>;
}) {
  const events = useQuery(requestQueries.events(request.id));
  // Events name people, categories and locations by id; the directory gives their names.
  const people = useQuery(directoryQueries.people());
  const categories = useQuery(directoryQueries.categories());
  const locations = useQuery(directoryQueries.locations());

  const described = useMemo(() => {
    if (!events.data) return [];
    const byId = <T extends { id: string; name: string }>(items: readonly T[] | undefined) => {
      const map = new Map((items ?? []).map((item) => [item.id, item.name]));
      return (id: string) => map.get(id);
    };
    return describeTimeline(events.data, {
      personName: byId(people.data),
      categoryName: byId(categories.data),
      locationName: byId(locations.data),
      requesterName: request.requester.name,
    });
  }, [events.data, people.data, categories.data, locations.data, request.requester.name]);

  // Names are worth a moment's wait; a directory that fails still leaves a readable timeline.
  const waiting = events.isPending || (people.isPending && !people.isError);

  return (
    <section className="card" aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">Timeline</h2>
      {waiting ? (
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
          {events.data.map((event, i) => {
            const { actor, action, quote } = described[i] ?? { actor: '', action: '' };
            return (
              <li key={event.id} className={`timeline-item timeline-${event.type}`}>
                <p>
                  <strong>{actor}</strong> {action}
                </p>
                {quote ? <blockquote className="timeline-quote">{quote}</blockquote> : null}
                <p className="timeline-time">
                  <RelativeTime iso={event.at} /> · {formatDateTime(event.at)}
                </p>
              </li>
            );
          })}
        </ol>
      )}
      {request.allowedActions.includes('comment') ? (
        <CommentBox request={request} onConflict={onConflict} />
      ) : null}
    </section>
  );
}
