import type { ErrorCode, Problem } from '@followthrough/shared';
import { isErrorCode } from '@followthrough/shared/constants';
import { isProblem } from '@followthrough/shared/guards';

/** The code of a failure that brought no code of the API's: unreachable, or a bare status. */
type NoApiCode = 'NETWORK_ERROR' | `HTTP_${number}`;

const noApiCode = (status: number): NoApiCode =>
  status === 0 ? 'NETWORK_ERROR' : `HTTP_${status}`;

/** An API call that did not succeed, carrying the server's RFC 9457 problem. */
export class ApiError extends Error {
  readonly status: number;
  /** What to branch on: one of the API's codes, so a misspelt one does not compile. */
  readonly code: ErrorCode | NoApiCode;
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
    this.status = problem.status;
    // A code this client does not know yet is handled like a bare status.
    this.code = isErrorCode(problem.code) ? problem.code : noApiCode(problem.status);
    this.problem = problem;
  }

  get title(): string {
    return this.problem.title;
  }

  get detail(): string | undefined {
    return this.problem.detail;
  }

  /**
   * Validation messages by field name. The server names a field by a path such as
   * `title`, `body.title` or `/body/title`; the last segment is the field.
   */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const { path, message } of this.problem.errors ?? []) {
      const field = path.split(/[./]/).filter(Boolean).at(-1) ?? '';
      if (field && !(field in out)) out[field] = message;
    }
    return out;
  }
}

export const isApiError = (error: unknown): error is ApiError => error instanceof ApiError;

type Query = Record<string, string | number | boolean | readonly string[] | null | undefined>;

export interface ApiRequest {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  query?: Query;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** Query parameters in a stable order; arrays repeat the name; empty values are left out. */
export function toSearchParams(query: Query): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      for (const item of value) params.append(name, item);
    } else {
      params.append(name, String(value));
    }
  }
  return params;
}

function syntheticProblem(status: number, title: string, detail?: string): Problem {
  return {
    type: 'about:blank',
    title,
    status,
    code: noApiCode(status),
    ...(detail ? { detail } : {}),
  };
}

async function readProblem(response: Response): Promise<Problem> {
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    const json: unknown = await response.json().catch(() => undefined);
    if (isProblem(json)) return json;
    const loose = json as { message?: unknown; title?: unknown } | undefined;
    const message =
      typeof loose?.title === 'string'
        ? loose.title
        : typeof loose?.message === 'string'
          ? loose.message
          : undefined;
    return syntheticProblem(response.status, message ?? describeStatus(response.status));
  }
  return syntheticProblem(response.status, describeStatus(response.status));
}

function describeStatus(status: number): string {
  if (status === 401) return 'You are signed out';
  if (status === 403) return 'You may not do that';
  if (status === 404) return 'Not found';
  if (status === 429) return 'Too many attempts';
  if (status >= 500) return 'The server ran into a problem';
  return 'The request failed';
}

/**
 * Calls the API on the same origin. Resolves with the parsed JSON body (undefined for 204);
 * rejects with an ApiError for any other outcome, including a network failure (status 0).
 */
export async function apiFetch<T>(path: string, request: ApiRequest = {}): Promise<T> {
  const method = request.method ?? 'GET';
  const params = request.query ? toSearchParams(request.query).toString() : '';
  const url = params ? `${path}?${params}` : path;
  const headers: Record<string, string> = { Accept: 'application/json', ...request.headers };
  const init: RequestInit = { method, headers, credentials: 'same-origin' };
  if (request.signal) init.signal = request.signal;
  if (method !== 'GET' && request.body instanceof FormData) {
    // An upload: the browser writes the multipart type with its boundary.
    init.body = request.body;
  } else if (method !== 'GET') {
    // The server refuses state changes that are not JSON (cross-site form posts).
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(request.body ?? {});
  }

  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(
      syntheticProblem(0, "Can't reach Followthrough", 'Check your connection and try again.'),
    );
  }

  if (!response.ok) throw new ApiError(await readProblem(response));
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** A short sentence for any error, for the places that show one. */
export function errorMessage(error: unknown): string {
  if (isApiError(error)) return error.detail ?? error.title;
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}
