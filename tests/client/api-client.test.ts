import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, apiFetch, toSearchParams } from '../../client/src/api/client';
import { json, problemResponse, stubApi } from './helpers';

/** The ApiError a call fails with; fails the test if it succeeds or fails otherwise. */
async function failureOf(call: Promise<unknown>): Promise<ApiError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('apiFetch', () => {
  it('turns a problem+json answer into an ApiError with its status, code and field errors', async () => {
    stubApi({
      'POST /api/requests': () =>
        problemResponse(400, 'VALIDATION_FAILED', 'The request is not valid', {
          detail: 'title: Required',
          errors: [
            { path: 'body.title', message: 'Required' },
            { path: '/body/categoryId', message: 'Invalid UUID' },
            { path: 'desiredOutcome', message: 'At most 2000 characters' },
          ],
        }),
    });

    const error = await failureOf(apiFetch('/api/requests', { method: 'POST', body: {} }));

    expect(error.status).toBe(400);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.title).toBe('The request is not valid');
    expect(error.message).toBe('title: Required');
    expect(error.fieldErrors()).toEqual({
      title: 'Required',
      categoryId: 'Invalid UUID',
      desiredOutcome: 'At most 2000 characters',
    });
  });

  it('keeps the lifecycle facts of a 409', async () => {
    stubApi({
      'POST /api/requests/abc/resolve': () =>
        problemResponse(409, 'HANDOFF_OPEN', 'A handoff is still open', {
          state: 'in_progress',
          allowedActions: ['handoff', 'comment'],
        }),
    });

    const error = await failureOf(
      apiFetch('/api/requests/abc/resolve', { method: 'POST', body: {} }),
    );

    expect(error.problem.state).toBe('in_progress');
    expect(error.problem.allowedActions).toEqual(['handoff', 'comment']);
  });

  it('branches on the API’s codes only: a code it does not know counts as a bare status', async () => {
    stubApi({
      'POST /api/requests/abc/take': () =>
        new Response(
          JSON.stringify({ type: 'about:blank', title: 'Teapot', status: 418, code: 'TEAPOT' }),
          { status: 418, headers: { 'content-type': 'application/problem+json' } },
        ),
    });

    const error = await failureOf(apiFetch('/api/requests/abc/take', { method: 'POST' }));

    expect(error.code).toBe('HTTP_418');
    expect(error.problem.code).toBe('TEAPOT');
    // @ts-expect-error a misspelt code is not an ErrorCode, so the comparison does not compile
    expect(error.code === 'HANDOF_OPEN').toBe(false);
  });

  it('makes an ApiError from an answer that is not a problem', async () => {
    stubApi({
      'GET /api/requests': () =>
        new Response('<html>Bad gateway</html>', {
          status: 502,
          headers: { 'content-type': 'text/html' },
        }),
    });

    const error = await failureOf(apiFetch('/api/requests'));

    expect(error.status).toBe(502);
    expect(error.code).toBe('HTTP_502');
    expect(error.title).toBe('The server ran into a problem');
  });

  it('reports an unreachable server as status 0', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('Failed to fetch');
      }),
    );

    const error = await failureOf(apiFetch('/api/auth/me'));

    expect(error.status).toBe(0);
    expect(error.code).toBe('NETWORK_ERROR');
  });

  it('sends state changes as JSON, with the headers given', async () => {
    const api = stubApi({ 'POST /api/requests': () => json({ key: 'REQ-1' }, 201) });

    const result = await apiFetch('/api/requests', {
      method: 'POST',
      body: { title: 'Leak' },
      headers: { 'Idempotency-Key': 'k-1' },
    });

    expect(result).toEqual({ key: 'REQ-1' });
    const [call] = api.calls;
    expect(call?.headers.get('content-type')).toBe('application/json');
    expect(call?.headers.get('idempotency-key')).toBe('k-1');
    expect(call?.body).toEqual({ title: 'Leak' });
  });

  it('sends a JSON body even when there is nothing to say, and reads 204 as no value', async () => {
    const api = stubApi({ 'POST /api/auth/logout': () => new Response(null, { status: 204 }) });

    await expect(apiFetch('/api/auth/logout', { method: 'POST' })).resolves.toBeUndefined();
    expect(api.calls[0]?.headers.get('content-type')).toBe('application/json');
    expect(api.calls[0]?.body).toEqual({});
  });

  it('writes the query string with repeated names and without empty values', () => {
    const params = toSearchParams({
      status: ['new', 'waiting'],
      owner: 'me',
      q: '',
      category: undefined,
      limit: 50,
    });
    expect(params.toString()).toBe('status=new&status=waiting&owner=me&limit=50');
  });
});
