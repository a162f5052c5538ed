import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/src/config';
import { rowsOf } from '../../server/src/db/raw';
import type { Db } from '../../server/src/db/types';
import { HOUR, makeTestApp, signIn, type TestApp, type TestClock } from '../support/app';
import { makeOrg } from '../support/factories';

let app: TestApp;
let db: Db;
let clock: TestClock;
let org: Awaited<ReturnType<typeof makeOrg>>;
const c: Record<string, string> = {};
let running: TestApp | null = null;

async function start(env: Record<string, string> = {}) {
  ({ app, db, clock } = await makeTestApp(env));
  running = app;
  org = await makeOrg(db);
  c.admin = await signIn(app, org.admin.email);
  c.lead = await signIn(app, org.lead.email);
  c.staff = await signIn(app, org.staff.email);
}
afterEach(async () => {
  await running?.close();
  running = null;
});

type Token = {
  id: string;
  name: string;
  personId: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
};

async function call(
  who: string | null,
  method: string,
  url: string,
  payload?: unknown,
  headers: Record<string, string> = {},
) {
  return app.inject({
    method: method as 'GET',
    url,
    headers: { ...(who ? { cookie: c[who]! } : {}), ...headers },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

async function issue(body: Record<string, unknown>) {
  const res = await call('admin', 'POST', '/api/tokens', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as Token & { token: string };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function withToken(token: string, method: string, url: string, payload?: unknown) {
  return call(null, method, url, payload, bearer(token));
}

async function listed(): Promise<Token[]> {
  const res = await call('admin', 'GET', '/api/tokens');
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

const newRequest = () => ({
  title: 'Treadmill 4 belt slipping',
  desiredOutcome: 'Treadmill 4 runs smoothly',
  categoryId: org.equipment.id,
});

describe('POST /api/tokens', () => {
  beforeEach(() => start());

  it('issues a token with a recognisable secret, shown once and stored only as its hash', async () => {
    const res = await call('admin', 'POST', '/api/tokens', {
      personId: org.staff.id,
      name: 'Nightly import',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    const created = res.json();
    expect(created).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{32}$/),
      name: 'Nightly import',
      personId: org.staff.id,
      createdAt: clock.now().toISOString(),
      expiresAt: null,
      lastUsedAt: null,
      token: expect.stringMatching(/^ftp_[A-Za-z0-9_-]{43}$/),
    });

    const rows = rowsOf<Record<string, unknown>>(
      await db.execute(sql`select * from api_tokens where id = ${created.id}`),
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.secret_hash).toBe(createHash('sha256').update(created.token).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(created.token);

    const { token, ...shown } = created;
    const list = await call('admin', 'GET', '/api/tokens');
    expect(list.json()).toEqual([shown]);
    expect(list.body).not.toContain(token);
    expect(list.body).not.toContain(rows[0]!.secret_hash);

    const audit = await call('admin', 'GET', '/api/audit?entityType=token');
    expect(audit.json().items).toMatchObject([
      { action: 'issued', entityId: created.id, actor: { name: 'Alex Admin' } },
    ]);
    expect(audit.body).not.toContain(token);
    expect(audit.body).not.toContain(rows[0]!.secret_hash);
  });

  it('gives every token its own secret and id', async () => {
    const a = await issue({ personId: org.staff.id, name: 'A' });
    const b = await issue({ personId: org.staff.id, name: 'B' });
    expect(a.id).not.toBe(b.id);
    expect(a.token).not.toBe(b.token);
    expect((await listed()).map((t) => t.name).sort()).toEqual(['A', 'B']);
    const mine = await call('admin', 'GET', `/api/tokens?personId=${org.lead.id}`);
    expect(mine.json()).toEqual([]);
  });

  it('is for admins only, whether signed in by cookie or by token', async () => {
    for (const [method, url, body] of [
      ['GET', '/api/tokens', undefined],
      ['POST', '/api/tokens', { personId: org.staff.id, name: 'x' }],
      ['DELETE', '/api/tokens/0123456789abcdef0123456789abcdef', undefined],
    ] as const) {
      expect((await call(null, method, url, body)).statusCode).toBe(401);
      for (const who of ['staff', 'lead']) {
        const res = await call(who, method, url, body);
        expect(res.statusCode).toBe(403);
        expect(res.json().code).toBe('FORBIDDEN');
      }
    }
    // A lead's token carries the lead's role, not the admin's who issued it.
    const leads = await issue({ personId: org.lead.id, name: 'Lead script' });
    const res = await withToken(leads.token, 'POST', '/api/tokens', {
      personId: org.lead.id,
      name: 'Escalated',
    });
    expect(res.statusCode).toBe(403);
    // An admin's token may manage tokens.
    const admins = await issue({ personId: org.admin.id, name: 'Admin script' });
    expect((await withToken(admins.token, 'GET', '/api/tokens')).statusCode).toBe(200);
  });

  it('refuses an unknown or deactivated person, a past expiry and unknown fields, naming the field', async () => {
    const ghost = '00000000-0000-4000-8000-000000000000';
    const unknown = await call('admin', 'POST', '/api/tokens', { personId: ghost, name: 'x' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ path: 'personId', message: 'No such person' }],
    });

    const off = await call('admin', 'PATCH', `/api/people/${org.staff.id}`, { active: false });
    expect(off.statusCode, off.body).toBe(200);
    const gone = await call('admin', 'POST', '/api/tokens', { personId: org.staff.id, name: 'x' });
    expect(gone.statusCode).toBe(400);
    expect(gone.json().errors).toEqual([
      { path: 'personId', message: 'This person is deactivated' },
    ]);

    const past = await call('admin', 'POST', '/api/tokens', {
      personId: org.lead.id,
      name: 'x',
      expiresAt: new Date(clock.now().getTime() - 1000).toISOString(),
    });
    expect(past.statusCode).toBe(400);
    expect(past.json().errors).toEqual([{ path: 'expiresAt', message: 'Must be in the future' }]);

    for (const body of [
      { personId: org.lead.id, name: 'x', scopes: ['all'] },
      { personId: 'not-a-uuid', name: 'x' },
      { personId: org.lead.id, name: '   ' },
      { personId: org.lead.id, name: 'x', expiresAt: 'tomorrow' },
      { name: 'x' },
    ]) {
      const res = await call('admin', 'POST', '/api/tokens', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
      expect(res.json().errors.length).toBeGreaterThan(0);
    }
    expect(await listed()).toEqual([]);
  });
});

describe('DELETE /api/tokens/:id', () => {
  beforeEach(() => start());

  it('revokes a token at once: its next call is a 401, and it leaves the list', async () => {
    const t = await issue({ personId: org.staff.id, name: 'Kiosk' });
    expect((await withToken(t.token, 'GET', '/api/auth/me')).statusCode).toBe(200);

    const res = await call('admin', 'DELETE', `/api/tokens/${t.id}`);
    expect(res.statusCode, res.body).toBe(204);
    expect(res.body).toBe('');

    const after = await withToken(t.token, 'GET', '/api/requests');
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('UNAUTHENTICATED');
    expect(await listed()).toEqual([]);

    const audit = await call('admin', 'GET', `/api/audit?entityType=token&entityId=${t.id}`);
    expect(audit.json().items.map((i: { action: string }) => i.action)).toEqual([
      'revoked',
      'issued',
    ]);
    expect(audit.body).not.toContain(t.token);
  });

  it('answers 404 for an unknown or already revoked token', async () => {
    const t = await issue({ personId: org.staff.id, name: 'Kiosk' });
    expect((await call('admin', 'DELETE', `/api/tokens/${t.id}`)).statusCode).toBe(204);
    const again = await call('admin', 'DELETE', `/api/tokens/${t.id}`);
    expect(again.statusCode).toBe(404);
    expect(again.json().code).toBe('NOT_FOUND');
    expect((await call('admin', 'DELETE', '/api/tokens/nope')).statusCode).toBe(404);
  });
});

describe('Authorization: Bearer', () => {
  beforeEach(() => start());

  it('acts as the token’s person with their role on every route, with no CSRF concern', async () => {
    const t = await issue({ personId: org.staff.id, name: 'Front desk tablet' });
    const me = await withToken(t.token, 'GET', '/api/auth/me');
    expect(me.json()).toMatchObject({ id: org.staff.id, role: 'staff' });

    const list = await withToken(t.token, 'GET', '/api/requests');
    expect(list.statusCode, list.body).toBe(200);

    // From another origin, with no content type of a form: a token is not a cookie.
    const created = await call(null, 'POST', '/api/requests', newRequest(), {
      ...bearer(t.token),
      origin: 'https://elsewhere.example',
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().requester).toMatchObject({ id: org.staff.id });

    const asStaff = await withToken(t.token, 'GET', '/api/audit');
    expect(asStaff.statusCode).toBe(403);
  });

  it('refuses a malformed or unknown token with 401 on any /api route, without falling back to the cookie', async () => {
    const unknown = `ftp_${'A'.repeat(43)}`;
    for (const authorization of [
      'Bearer',
      'Bearer ',
      'Bearer not-a-token',
      `Bearer ftp_${'A'.repeat(42)}`,
      `Bearer ${unknown} extra`,
      `Bearer ${unknown}`,
      `bearer ${unknown}`,
    ]) {
      for (const url of ['/api/requests', '/api/auth/me', '/api/openapi.json']) {
        const res = await call('admin', 'GET', url, undefined, { authorization });
        expect(res.statusCode, `${authorization} ${url}`).toBe(401);
        expect(res.json().code).toBe('UNAUTHENTICATED');
        expect(res.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
      }
    }
    // Outside the API (the web app, health) the header is not looked at.
    expect(
      (await call(null, 'GET', '/healthz', undefined, { authorization: 'Bearer x' })).statusCode,
    ).toBe(200);
  });

  it('leaves other schemes (a proxy’s Basic) to the cookie', async () => {
    const res = await call('staff', 'GET', '/api/auth/me', undefined, {
      authorization: `Basic ${Buffer.from('proxy:secret').toString('base64')}`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().id).toBe(org.staff.id);
  });

  it('stops working when it expires', async () => {
    const t = await issue({
      personId: org.staff.id,
      name: 'Contractor',
      expiresAt: new Date(clock.now().getTime() + HOUR).toISOString(),
    });
    expect((await withToken(t.token, 'GET', '/api/requests')).statusCode).toBe(200);
    clock.advance(HOUR - 1);
    expect((await withToken(t.token, 'GET', '/api/requests')).statusCode).toBe(200);
    clock.advance(1);
    expect((await withToken(t.token, 'GET', '/api/requests')).statusCode).toBe(401);
    // Listed still, so an admin sees it lapsed.
    expect((await listed()).map((x) => x.id)).toEqual([t.id]);
  });

  it('stops working when its person is deactivated, and stays revoked if they come back', async () => {
    const t = await issue({ personId: org.staff.id, name: 'Tablet' });
    expect((await withToken(t.token, 'GET', '/api/requests')).statusCode).toBe(200);
    const off = await call('admin', 'PATCH', `/api/people/${org.staff.id}`, { active: false });
    expect(off.statusCode, off.body).toBe(200);
    expect((await withToken(t.token, 'GET', '/api/requests')).statusCode).toBe(401);
    const on = await call('admin', 'PATCH', `/api/people/${org.staff.id}`, { active: true });
    expect(on.statusCode, on.body).toBe(200);
    expect((await withToken(t.token, 'GET', '/api/requests')).statusCode).toBe(401);
  });

  it('is refused for a deactivated person even if the token was never revoked', async () => {
    const t = await issue({ personId: org.staff.id, name: 'Tablet' });
    await db.execute(sql`update people set active = false where id = ${org.staff.id}`);
    expect((await withToken(t.token, 'GET', '/api/requests')).statusCode).toBe(401);
  });

  it('records lastUsedAt at most once a minute', async () => {
    const t = await issue({ personId: org.staff.id, name: 'Poller' });
    const lastUsed = async () => (await listed()).find((x) => x.id === t.id)!.lastUsedAt;
    expect(await lastUsed()).toBeNull();

    const first = clock.now().toISOString();
    await withToken(t.token, 'GET', '/api/requests');
    expect(await lastUsed()).toBe(first);

    clock.advance(30_000);
    await withToken(t.token, 'GET', '/api/requests');
    clock.advance(29_999);
    await withToken(t.token, 'GET', '/api/requests');
    expect(await lastUsed()).toBe(first);

    clock.advance(2);
    const later = clock.now().toISOString();
    await withToken(t.token, 'GET', '/api/requests');
    expect(await lastUsed()).toBe(later);
  });
});

describe('CORS', () => {
  const allowed = 'https://ops.example.org';
  const preflight = (origin: string) =>
    app.inject({
      method: 'OPTIONS',
      url: '/api/requests',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type, idempotency-key',
      },
    });

  describe('with no CORS_ORIGINS', () => {
    beforeEach(() => start());

    it('sends no CORS headers to anyone', async () => {
      const pre = await preflight(allowed);
      expect(pre.statusCode).toBe(404);
      expect(pre.headers['access-control-allow-origin']).toBeUndefined();
      const t = await issue({ personId: org.staff.id, name: 'x' });
      const res = await call(null, 'GET', '/api/requests', undefined, {
        ...bearer(t.token),
        origin: allowed,
      });
      expect(res.statusCode).toBe(200);
      expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    });
  });

  describe('with CORS_ORIGINS', () => {
    beforeEach(() => start({ CORS_ORIGINS: `${allowed}, https://other.example.org` }));

    it('answers a preflight from an allowed origin, never allowing credentials', async () => {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = app.server.address() as { port: number };
      // Over real HTTP, so these are the headers on the wire.
      const res = await fetch(`http://127.0.0.1:${port}/api/requests`, {
        method: 'OPTIONS',
        headers: {
          origin: allowed,
          'access-control-request-method': 'PATCH',
          'access-control-request-headers': 'authorization, content-type, if-match',
        },
      });
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe(allowed);
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
      const headers = res.headers.get('access-control-allow-headers')!.toLowerCase();
      for (const h of ['authorization', 'content-type', 'if-match', 'idempotency-key']) {
        expect(headers).toContain(h);
      }
      expect(res.headers.get('access-control-allow-methods')).toContain('PATCH');
      expect(res.headers.get('vary')).toContain('Origin');

      const other = await fetch(`http://127.0.0.1:${port}/api/requests`, {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
      });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
      expect(other.headers.get('access-control-allow-credentials')).toBeNull();
      expect(other.headers.get('access-control-allow-headers')).toBeNull();
    });

    it('lets an allowed origin read a token call’s answer and its ETag, even a 401', async () => {
      const t = await issue({ personId: org.staff.id, name: 'Dashboard' });
      const created = await call(null, 'POST', '/api/requests', newRequest(), {
        ...bearer(t.token),
        origin: allowed,
      });
      expect(created.statusCode, created.body).toBe(201);
      const read = await call(null, 'GET', `/api/requests/${created.json().id}`, undefined, {
        ...bearer(t.token),
        origin: allowed,
      });
      expect(read.statusCode).toBe(200);
      expect(read.headers['access-control-allow-origin']).toBe(allowed);
      expect(read.headers['access-control-expose-headers']).toContain('ETag');
      expect(read.headers.etag).toBeTruthy();
      expect(read.headers['access-control-allow-credentials']).toBeUndefined();

      const bad = await call(null, 'GET', '/api/requests', undefined, {
        authorization: 'Bearer nope',
        origin: allowed,
      });
      expect(bad.statusCode).toBe(401);
      expect(bad.headers['access-control-allow-origin']).toBe(allowed);

      const foreign = await call(null, 'GET', '/api/requests', undefined, {
        ...bearer(t.token),
        origin: 'https://evil.example',
      });
      expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('still refuses a cookie-signed state change from an allowed origin (403)', async () => {
      const res = await call('staff', 'POST', '/api/requests', newRequest(), { origin: allowed });
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('CSRF_REJECTED');
    });
  });
});

describe('CORS_ORIGINS', () => {
  it('takes origins alone, as browsers send them; a bad one names the variable', () => {
    expect(
      loadConfig({ CORS_ORIGINS: 'https://OPS.example.org:443/, http://a.test:8080' }).CORS_ORIGINS,
    ).toEqual(['https://ops.example.org', 'http://a.test:8080']);
    expect(loadConfig({}).CORS_ORIGINS).toEqual([]);
    for (const bad of ['ops.example.org', 'https://ops.example.org/app', 'ftp://files.example']) {
      expect(() => loadConfig({ CORS_ORIGINS: bad }), bad).toThrow(/CORS_ORIGINS/);
    }
  });
});
