import type { Person, RequestAction, RequestDetail, RequestEvent } from '@followthrough/shared';
import { type QueryClient, useMutation, useQueryClient } from '@tanstack/react-query';
import { type ApiError, isApiError } from '../../api/client';
import { directoryQueries } from '../../api/directory';
import {
  changeRequest,
  invalidateRequest,
  isRequestDetail,
  type RequestChange,
  type RequestRef,
  requestQueries,
} from '../../api/requests';
import { describeTimeline } from '../../features/requests/event-text';
import { stateWords } from '../../lib/labels';
import { formatRelative } from '../../lib/time';

/**
 * Sends a change with the version the person saw. On success the answer
 * replaces the cached request, and its detail, timeline and lists are refetched.
 */
export function useRequestChange() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ ref, change }: { ref: RequestRef; change: RequestChange }) =>
      changeRequest(ref, change),
    onSuccess: async (result, { ref }) => {
      if (isRequestDetail(result)) {
        queryClient.setQueryData(requestQueries.detail(result.key).queryKey, result);
      }
      await invalidateRequest(queryClient, ref);
    },
  });
}

/** The request changed under the person (412), or its state no longer admits the action (409). */
export const isConflict = (error: unknown): error is ApiError =>
  isApiError(error) && (error.status === 409 || error.status === 412);

/** What a refused form was trying to do, so the conflict can say whether to try again. */
export interface ConflictAttempt {
  /** The action as `allowedActions` names it; none for a handoff's own update. */
  action: RequestAction | undefined;
  /** The form's name, e.g. "Resolve". */
  label: string;
  /** What the person wrote, kept for when they try again ('' when nothing). */
  typed: string;
  /** The version the change was sent with: the one the screen had. */
  version: number;
}

/** The action a change is, in `allowedActions` terms. */
export function actionOf(change: RequestChange): RequestAction | undefined {
  switch (change.kind) {
    case 'action':
      return change.action;
    case 'edit':
      return 'edit';
    case 'handoff':
      return 'handoff';
    case 'handoff-update':
      return undefined;
  }
}

/** The request as the screen had it when the change was sent. */
type Seen = Pick<RequestRef, 'id' | 'key'> & {
  version?: number | undefined;
  updatedAt?: string | undefined;
};

/**
 * The events since the version the screen had. Each event moves the version on by
 * one, so they are the tail past that version; a timeline that does not add up
 * (it should) falls back to the events after the screen's last change.
 */
export function eventsSince(
  events: readonly RequestEvent[],
  seen: Pick<Seen, 'version' | 'updatedAt'>,
  fresh: Pick<RequestDetail, 'version'> | undefined,
): { index: number; event: RequestEvent }[] {
  const indexed = events.map((event, index) => ({ index, event }));
  if (seen.version !== undefined && fresh && fresh.version === events.length) {
    return indexed.slice(Math.min(seen.version, events.length));
  }
  if (seen.updatedAt === undefined) return [];
  const after = Date.parse(seen.updatedAt);
  return indexed.filter(({ event }) => Date.parse(event.at) > after);
}

/** At most this many changes are told one by one; the rest are counted. */
const TOLD = 3;

/** "Dana Owner handed this off to Maintenance, expecting it by Thu 14 Nov, 14:00 (2 min ago)" */
function whatChanged(
  events: readonly RequestEvent[],
  since: readonly { index: number }[],
  people: readonly Person[] | undefined,
  fresh: RequestDetail | undefined,
): string | undefined {
  if (since.length === 0) return undefined;
  const names = new Map((people ?? []).map((p) => [p.id, p.name]));
  const described = describeTimeline(events, {
    personName: (id) => names.get(id),
    ...(fresh ? { requesterName: fresh.requester.name } : {}),
  });
  const told = since.slice(-TOLD).map(({ index }) => {
    const text = described[index]!;
    const at = events[index]!.at;
    const when = formatRelative(at);
    return `${text.actor} ${text.action} (${when === 'now' ? 'just now' : when})`;
  });
  const more = since.length - told.length;
  const list =
    told.length === 1 ? told[0]! : `${told.slice(0, -1).join('; ')}; and ${told.at(-1)!}`;
  return more > 0 ? `${list}, after ${more} earlier change${more === 1 ? '' : 's'}` : list;
}

/** Whether the refused action can be sent again now, and if not, why in words. */
function whatNext(attempt: ConflictAttempt, fresh: RequestDetail | undefined): string | undefined {
  if (!fresh || attempt.action === undefined) return undefined;
  const kept = attempt.typed ? ' What you typed is kept.' : '';
  if (fresh.allowedActions.includes(attempt.action)) {
    return `You can still ${attempt.label.toLowerCase()}: check the latest and send it again.${kept}`;
  }
  const openHandoffs = fresh.handoffs.filter((h) => h.status === 'open').length;
  if (attempt.action === 'resolve' && openHandoffs > 0) {
    const when =
      openHandoffs === 1
        ? 'Resolve becomes available when the open handoff is completed or cancelled.'
        : `Resolve becomes available when the ${openHandoffs} open handoffs are completed or cancelled.`;
    return attempt.typed ? `${when} What you typed will be back in its form then.` : when;
  }
  return `${attempt.label} is no longer possible now that it is ${stateWords(fresh.status, fresh.closeReason)}.`;
}

/** What happened, in one sentence the person can act on. */
export function conflictMessage(
  error: ApiError,
  fresh: RequestDetail | undefined,
  subject: string,
  changed?: string,
): string {
  if (changed) {
    const state = fresh ? ` It is now ${stateWords(fresh.status, fresh.closeReason)}.` : '';
    return `Since ${subject === 'this request' ? 'you opened it' : `you loaded ${subject}`}, ${changed}.${state}`;
  }
  if (error.code === 'HANDOFF_OPEN') {
    return (
      error.detail ??
      'This request cannot be resolved while a handoff is still open. Complete or cancel the handoff first.'
    );
  }
  if (error.code === 'HANDOFF_NOT_OPEN') {
    return error.detail ?? 'That handoff is no longer open.';
  }
  const state = fresh
    ? stateWords(fresh.status, fresh.closeReason)
    : error.problem.state?.replace('_', ' ');
  return state
    ? `Someone else changed ${subject}: it is now ${state}.`
    : `Someone else changed ${subject}.`;
}

/**
 * After a 409 or 412: loads the request as it is now (so the screen shows the
 * true state and actions) and its timeline, refetches the lists, and returns
 * what to say: what changed since the version the screen had, and whether the
 * refused action can be sent again. Never a silent failure.
 */
export async function reloadAfterConflict(
  queryClient: QueryClient,
  ref: Seen,
  error: ApiError,
  subject = 'this request',
  attempt?: ConflictAttempt,
): Promise<{ message: string; fresh: RequestDetail | undefined; next: string | undefined }> {
  const [fresh, events] = await Promise.all([
    queryClient
      .fetchQuery({ ...requestQueries.detail(ref.key), staleTime: 0 })
      .catch(() => undefined),
    queryClient
      .fetchQuery({ ...requestQueries.events(ref.id), staleTime: 0 })
      .catch(() => undefined),
  ]);
  await Promise.all([
    // A page opened by uuid caches the request under it; the key's entry was just fetched.
    ref.id !== ref.key
      ? queryClient.invalidateQueries({ queryKey: [...requestQueries.details(), ref.id] })
      : null,
    invalidateRequest(queryClient, ref, { detail: false, events: false }),
  ]);
  // The message below still says what the server told us when the timeline is missing.
  const changed = events
    ? whatChanged(
        events,
        eventsSince(events, { ...ref, version: attempt?.version ?? ref.version }, fresh),
        queryClient.getQueryData(directoryQueries.people().queryKey),
        fresh,
      )
    : undefined;
  return {
    message: conflictMessage(error, fresh, subject, changed),
    fresh,
    next: attempt ? whatNext(attempt, fresh) : undefined,
  };
}
