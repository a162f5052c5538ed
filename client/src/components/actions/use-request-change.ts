import type { RequestDetail } from '@followthrough/shared';
import { type QueryClient, useMutation, useQueryClient } from '@tanstack/react-query';
import { type ApiError, isApiError } from '../../api/client';
import {
  changeRequest,
  invalidateRequest,
  isRequestDetail,
  type RequestChange,
  type RequestRef,
  requestQueries,
} from '../../api/requests';
import { stateWords } from '../../lib/labels';

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

/** What happened, in one sentence the person can act on. */
export function conflictMessage(
  error: ApiError,
  fresh: RequestDetail | undefined,
  subject: string,
): string {
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
 * true state and actions), refetches its timeline and the lists, and returns
 * the sentence to show. Never a silent failure.
 */
export async function reloadAfterConflict(
  queryClient: QueryClient,
  ref: Pick<RequestRef, 'id' | 'key'>,
  error: ApiError,
  subject = 'this request',
): Promise<{ message: string; fresh: RequestDetail | undefined }> {
  let fresh: RequestDetail | undefined;
  try {
    fresh = await queryClient.fetchQuery({ ...requestQueries.detail(ref.key), staleTime: 0 });
  } catch {
    // The message below still says what the server told us.
  }
  await Promise.all([
    // A page opened by uuid caches the request under it; the key's entry was just fetched.
    ref.id !== ref.key
      ? queryClient.invalidateQueries({ queryKey: [...requestQueries.details(), ref.id] })
      : null,
    invalidateRequest(queryClient, ref, { detail: false }),
  ]);
  return { message: conflictMessage(error, fresh, subject), fresh };
}
