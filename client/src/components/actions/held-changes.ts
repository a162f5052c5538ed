import type { RequestDetail } from '@followthrough/shared';
import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useSyncExternalStore } from 'react';
import { type RequestRef, requestQueries } from '../../api/requests';
import type { Values } from './action-specs';

/**
 * While a form about a request is open, a live change to that request is held
 * back instead of refreshing the page under the person's typing: the form says
 * so and offers the latest. Keyed by request id.
 */
const openForms = new Map<string, number>();
const newest = new Map<string, number>();
const listeners = new Set<() => void>();

const emit = () => {
  for (const listener of listeners) listener();
};

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/** What the live layer asks before refreshing a request, and tells when it holds a change. */
export const heldChanges = {
  isHeld: (id: string) => (openForms.get(id) ?? 0) > 0,
  /** A newer version arrived while a form is open. */
  hold(id: string, version: number) {
    if (version <= (newest.get(id) ?? 0)) return;
    newest.set(id, version);
    emit();
  },
  newestVersion: (id: string) => newest.get(id),
  forget(id: string) {
    if (newest.delete(id)) emit();
  },
};

/** The version the page shows of a request, by key or id, whichever is cached. */
function cachedVersion(queryClient: QueryClient, ref: Pick<RequestRef, 'id' | 'key'>) {
  const versions = [ref.key, ref.id].map(
    (idOrKey) =>
      queryClient.getQueryData<RequestDetail>(requestQueries.detail(idOrKey).queryKey)?.version ??
      0,
  );
  return Math.max(...versions);
}

/** Refetches a request and its timeline, and forgets what was held for it. */
export async function showLatest(queryClient: QueryClient, ref: Pick<RequestRef, 'id' | 'key'>) {
  heldChanges.forget(ref.id);
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: [...requestQueries.details(), ref.key] }),
    queryClient.invalidateQueries({ queryKey: [...requestQueries.details(), ref.id] }),
    queryClient.invalidateQueries({ queryKey: requestQueries.events(ref.id).queryKey }),
  ]);
}

/**
 * Holds live changes to the request while `active` (a form is open). When the
 * last form closes, anything held is shown, as it would have been without the form.
 */
export function useHoldRequest(ref: Pick<RequestRef, 'id' | 'key'>, active: boolean) {
  const queryClient = useQueryClient();
  const { id, key } = ref;
  useEffect(() => {
    if (!active) return;
    openForms.set(id, (openForms.get(id) ?? 0) + 1);
    return () => {
      const left = (openForms.get(id) ?? 1) - 1;
      if (left > 0) {
        openForms.set(id, left);
        return;
      }
      openForms.delete(id);
      const held = heldChanges.newestVersion(id);
      if (held === undefined) return;
      if (held > cachedVersion(queryClient, { id, key })) void showLatest(queryClient, { id, key });
      else heldChanges.forget(id);
    };
  }, [queryClient, id, key, active]);
}

/**
 * The newer version held back for a request the person is looking at version
 * `version` of, if any, and a way to show it.
 */
export function useHeldChange(ref: RequestRef) {
  const queryClient = useQueryClient();
  const held = useSyncExternalStore(subscribe, () => newest.get(ref.id));
  const { id, key } = ref;
  const show = useCallback(() => showLatest(queryClient, { id, key }), [queryClient, id, key]);
  return { newer: held !== undefined && held > ref.version ? held : undefined, show };
}

/**
 * What was typed into a form whose change was refused, by request and form, so a
 * form closed by the request's new state opens again with it. Kept for the tab's life.
 */
const drafts = new Map<string, Values>();
const draftKey = (requestId: string, form: string) => `${requestId} ${form}`;

export const formDrafts = {
  keep(requestId: string, form: string, values: Values) {
    drafts.set(draftKey(requestId, form), values);
  },
  get: (requestId: string, form: string) => drafts.get(draftKey(requestId, form)),
  forget(requestId: string, form: string) {
    drafts.delete(draftKey(requestId, form));
  },
};
