import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, signIn, type TestApp } from '../support/app';
import { makeOrg } from '../support/factories';

let app: TestApp;
let staffCookie: string;

beforeAll(async () => {
  const t = await makeTestApp({ BODY_LIMIT: '2048' });
  app = t.app;
  const org = await makeOrg(t.db);
  staffCookie = await signIn(app, org.staff.email);
});
afterAll(() => app.close());

describe('GET /healthz and /readyz', () => {
  it('answers liveness without the database', async () => {
    const res = await app.inject('/healthz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('is ready when the database is reachable and migrated', async () => {
    const res = await app.inject('/readyz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ready', database: 'ok' });
  });
});

describe('errors', () => {
  it('answers an unknown /api path with a 404 problem', async () => {
    const res = await app.inject({ url: '/api/nope', headers: { cookie: staffCookie } });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ status: 404, code: 'NOT_FOUND', title: 'Not found' });
  });

  it('refuses a body over the limit with 413', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/requests',
      headers: { cookie: staffCookie, 'content-type': 'application/json' },
      payload: JSON.stringify({ title: 'x'.repeat(5000) }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });

  it('refuses malformed JSON with 400 and no internal message', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/requests',
      headers: { cookie: staffCookie, 'content-type': 'application/json' },
      payload: '{"title": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'MALFORMED_JSON' });
    expect(res.body).not.toMatch(/at .*\.ts:\d+/);
  });

  it('names each invalid field, unknown fields included', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/requests',
      headers: { cookie: staffCookie },
      payload: { title: '', categoryId: 'not-a-uuid', surprise: 1 },
    });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe('VALIDATION_FAILED');
    const paths = body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining(['title', 'desiredOutcome', 'categoryId', 'surprise']),
    );
  });

  it('refuses a non-numeric limit on the list with a 400 naming it', async () => {
    const res = await app.inject({
      url: '/api/requests?limit=lots',
      headers: { cookie: staffCookie },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toBe('limit');
  });

  it('answers 401 to a call without a session', async () => {
    const res = await app.inject('/api/requests');
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});

describe('security headers', () => {
  it('sends CSP, nosniff, frame-ancestors and referrer policy on every response', async () => {
    for (const url of ['/healthz', '/api/nope', '/']) {
      const res = await app.inject(url);
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
      expect(res.headers['x-request-id']).toBeTruthy();
    }
  });
});

describe('OpenAPI', () => {
  it('serves an OpenAPI 3.1 document generated from the shared schemas', async () => {
    const res = await app.inject('/api/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/requests', '/api/requests/{id}', '/api/auth/login']),
    );
    expect(doc.components.schemas).toHaveProperty('CreateRequestInput');
    expect(doc.components.schemas).toHaveProperty('Problem');
  });

  it('serves a browsable page at /api/docs', async () => {
    const res = await app.inject('/api/docs/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
  });
});

describe('the web app', () => {
  it('serves index.html at / and for deep links', async () => {
    for (const url of ['/', '/requests/REQ-1', '/requests?status=open']) {
      const res = await app.inject(url);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.body).toContain('<div id="root">');
    }
  });
});
