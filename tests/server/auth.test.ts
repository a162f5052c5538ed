import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rowsOf } from '../../server/src/db/raw';
import type { Db } from '../../server/src/db/types';
import { makeTestApp, signIn, type TestApp } from '../support/app';
import { makeOrg, makePerson, PASSWORD } from '../support/factories';

let app: TestApp;
let db: Db;
let org: Awaited<ReturnType<typeof makeOrg>>;

beforeEach(async () => {
  const t = await makeTestApp({ LOGIN_RATE_MAX: '5' });
  app = t.app;
  db = t.db;
  org = await makeOrg(db);
});
afterEach(() => app.close());

const login = (email: string, password: string, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, headers });

describe('POST /api/auth/login', () => {
  it('signs in with an HttpOnly SameSite=Lax session cookie and returns the person', async () => {
    const res = await login(org.lead.email.toUpperCase(), PASSWORD);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: org.lead.id, role: 'lead', name: 'Lee Lead' });
    expect(res.json().teams).toEqual([{ id: org.team.id, name: 'Facilities', isLead: true }]);
    const cookie = res.cookies.find((c) => c.name === 'ft_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
  });

  it('stores the session hashed in the database and issues a new id at each login', async () => {
    const a = await signIn(app, org.staff.email);
    const b = await signIn(app, org.staff.email);
    expect(a).not.toBe(b);
    const rows = rowsOf<{ id: string }>(await db.execute(sql`select id from sessions`));
    expect(rows).toHaveLength(2);
    for (const { id } of rows) {
      expect(a).not.toContain(id);
      expect(id).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('gives the same answer for an unknown email as for a wrong password', async () => {
    const unknown = await login('nobody@example.org', PASSWORD);
    const wrong = await login(org.staff.email, 'not the password');
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json().detail).toBe(wrong.json().detail);
    expect(unknown.json().code).toBe('INVALID_CREDENTIALS');
  });

  it('refuses a deactivated person', async () => {
    const gone = await makePerson(db, { active: false });
    expect((await login(gone.email, PASSWORD)).statusCode).toBe(401);
  });

  it('rate-limits attempts with 429 and Retry-After', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push((await login(org.staff.email, 'wrong')).statusCode);
    expect(codes.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(codes[5]).toBe(429);
    const res = await login(org.staff.email, PASSWORD);
    expect(res.statusCode).toBe(429);
    expect(res.headers['retry-after']).toBeTruthy();
    expect(res.json()).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
  });

  it('names the bad field in a malformed login', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'not-an-email' },
    });
    expect(res.statusCode).toBe(400);
    expect(
      res
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['email', 'password']);
  });

  it('refuses a cross-site login form', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'https://evil.example',
      },
      payload: `email=${org.staff.email}&password=${PASSWORD}`,
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('CSRF_REJECTED');
  });
});

describe('GET /api/auth/me and POST /api/auth/logout', () => {
  it('knows who is signed in, and logout revokes the session', async () => {
    const cookie = await signIn(app, org.owner.email);
    const me = await app.inject({ url: '/api/auth/me', headers: { cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json().email).toBe(org.owner.email);

    const out = await app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie, 'content-type': 'application/json' },
      payload: '{}',
    });
    expect(out.statusCode).toBe(204);
    const after = await app.inject({ url: '/api/auth/me', headers: { cookie } });
    expect(after.statusCode).toBe(401);
  });

  it('answers 401 without a session', async () => {
    const res = await app.inject('/api/auth/me');
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });
});

describe('CSRF rule for cookie sessions', () => {
  it('refuses a cross-origin state change', async () => {
    const cookie = await signIn(app, org.staff.email);
    const res = await app.inject({
      method: 'POST',
      url: '/api/requests',
      headers: { cookie, origin: 'https://evil.example' },
      payload: { title: 'x', desiredOutcome: 'y', categoryId: org.facilities.id },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('CSRF_REJECTED');
  });

  it('refuses a form-encoded state change even without Origin', async () => {
    const cookie = await signIn(app, org.staff.email);
    const res = await app.inject({
      method: 'POST',
      url: '/api/requests',
      headers: { cookie, 'content-type': 'text/plain' },
      payload: 'title=x',
    });
    expect(res.statusCode).toBe(403);
  });

  it('accepts a same-origin JSON state change', async () => {
    const cookie = await signIn(app, org.staff.email);
    const res = await app.inject({
      method: 'POST',
      url: '/api/requests',
      headers: { cookie, origin: 'http://localhost:80', host: 'localhost:80' },
      payload: {
        title: 'Mirror cracked',
        desiredOutcome: 'Mirror replaced',
        categoryId: org.facilities.id,
      },
    });
    expect(res.statusCode).toBe(201);
  });
});
