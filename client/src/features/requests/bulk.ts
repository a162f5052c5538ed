import type { Priority } from '@followthrough/shared';
import { errorMessage, isApiError } from '../../api/client';
import { changeRequest, type RequestChange, type RequestRef } from '../../api/requests';

/** One change for many requests, each sent through its own per-request endpoint. */
export type BulkAction =
  | { kind: 'offer'; to: string }
  | { kind: 'assign'; to: string }
  | { kind: 'follow-up'; at: string }
  | { kind: 'priority'; priority: Priority }
  | { kind: 'cancel'; reason: string };

export type BulkResult =
  | { ref: RequestRef; ok: true }
  | { ref: RequestRef; ok: false; title: string; detail?: string | undefined };

/** The change one request receives: the same bodies the request's own page sends. */
export function changeFor(action: BulkAction): RequestChange {
  switch (action.kind) {
    case 'offer':
    case 'assign':
      return { kind: 'action', action: action.kind, body: { to: action.to } };
    case 'follow-up':
      return { kind: 'action', action: 'follow-up', body: { at: action.at } };
    case 'cancel':
      return { kind: 'action', action: 'cancel', body: { reason: action.reason } };
    case 'priority':
      return { kind: 'edit', body: { priority: action.priority } };
  }
}

/**
 * Applies the action to each request with If-Match from the version listed, a few at a
 * time, so the server's rules decide each one and one refusal does not stop the rest.
 * The results keep the order of `refs`.
 */
export async function runBulk(
  refs: readonly RequestRef[],
  action: BulkAction,
  { concurrency = 3, send = changeRequest } = {},
): Promise<BulkResult[]> {
  const change = changeFor(action);
  const results: BulkResult[] = new Array(refs.length);
  let next = 0;
  const worker = async () => {
    while (next < refs.length) {
      const i = next++;
      const ref = refs[i]!;
      try {
        await send(ref, change);
        results[i] = { ref, ok: true };
      } catch (error) {
        results[i] = isApiError(error)
          ? { ref, ok: false, title: error.title, detail: error.detail }
          : { ref, ok: false, title: errorMessage(error) };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, refs.length) }, worker));
  return results;
}

/** "3 of 4 changed" and the refusals, for the summary after a bulk action. */
export function summaryOf(results: readonly BulkResult[]) {
  const applied = results.filter((r) => r.ok);
  const refused = results.filter((r): r is Extract<BulkResult, { ok: false }> => !r.ok);
  return {
    applied,
    refused,
    headline: `${applied.length} of ${results.length} ${results.length === 1 ? 'request' : 'requests'} changed`,
  };
}
