import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rowsOf } from '../../server/src/db/raw';
import { invites } from '../../server/src/db/schema';
import type { Db } from '../../server/src/db/types';
import { DAY, makeTestApp, signIn, type TestApp, type TestClock } from '../support/app';
import { makeOrg, PASSWORD } from '../support/factories';

let app: TestApp;
let db: Db;
let clock: TestClock;
let org: Awaited<ReturnType<typeof makeOrg>>;
let adminCookie: string;

beforeEach(async () => {
  ({ app, db, clock } = await makeTestApp());
  org = await makeOrg(db);
  adminCookie = await signIn(app, org.admin.email);
});
afterEach(() => app.close());

const NEW_PASSWORD = 'a much longer passphrase';

/** An admin adds a person without a password; the invite link's fragment is its secret. */
async function invitePerson(email = 'kim@example.org') {
  const res = await app.inject({
    method: 'POST',
    url: '/api/people',
    headers: { cookie: adminCookie },
    payload: { name: 'Kim New', email, role: 'staff' },
  });
  expect(res.statusCode, res.body).toBe(201);
  const { id, inviteUrl } = res.json() as { id: string; inviteUrl: string };
  return { id, email, secret: new URL(inviteUrl).hash.slice(1) };
}

const accept = (token: string, password = NEW_PASSWORD, headers: Record<string, string> = {}) =>
  app.inject({
    method: 'POST',
    url: '/api/auth/invite/accept',
    headers,
    payload: { token, password },
  });

const changePassword = (headers: Record<string, string>, body: Record<string, unknown>) =>
  app.inject({ method: 'POST', url: '/api/auth/password', headers, payload: body });

const me = (cookie: string) => app.inject({ url: '/api/auth/me', headers: { cookie } });

async function auditOf(entityId: string) {
  const res = await app.inject({
    url: `/api/audit?entityType=account&entityId=${entityId}`,
    headers: { cookie: adminCookie },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res;
}

describe('POST /api/auth/invite/accept', () => {
  it('sets the invited person’s password and signs them in; the link works once', async () => {
    const kim = await invitePerson();
    expect(kim.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Without a password, no sign-in is possible yet.
    const before = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: kim.email, password: NEW_PASSWORD },
    });
    expect(before.statusCode).toBe(401);

    const res = await accept(kim.secret);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: kim.id, email: kim.email, role: 'staff', teams: [] });
    const cookie = res.cookies.find((c) => c.name === 'ft_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect((await me(`ft_session=${cookie!.value}`)).json().id).toBe(kim.id);

    // The new password signs in from now on.
    const again = await signIn(app, kim.email, NEW_PASSWORD);
    expect((await me(again)).statusCode).toBe(200);

    const second = await accept(kim.secret, 'another long password');
    expect(second.statusCode).toBe(400);
    expect(second.json()).toMatchObject({
      code: 'INVITE_INVALID',
      errors: [{ path: 'token', message: 'This invite link has already been used.' }],
    });
    // The refused second accept changed nothing.
    expect((await me(await signIn(app, kim.email, NEW_PASSWORD))).statusCode).toBe(200);

    const audit = await auditOf(kim.id);
    expect(audit.json().items).toMatchObject([
      {
        action: 'set a password from an invite',
        entityType: 'account',
        actor: { name: 'Kim New' },
      },
    ]);
    expect(audit.body).not.toContain(kim.secret);
    expect(audit.body).not.toContain(NEW_PASSWORD);
    expect(audit.body).not.toContain('$argon2');
  });

  it('refuses the old link once a new invite is sent, and takes the new one', async () => {
    const kim = await invitePerson();
    const reinvite = await app.inject({
      method: 'POST',
      url: `/api/people/${kim.id}/invite`,
      headers: { cookie: adminCookie },
    });
    expect(reinvite.statusCode, reinvite.body).toBe(200);
    const fresh = new URL(reinvite.json().inviteUrl).hash.slice(1);

    const old = await accept(kim.secret);
    expect(old.statusCode).toBe(400);
    expect(old.json()).toMatchObject({
      code: 'INVITE_INVALID',
      errors: [{ path: 'token', message: 'This invite link was replaced by a newer one.' }],
    });
    expect((await accept(fresh)).statusCode).toBe(200);
  });

  it('ends the person’s other live invites when one is used', async () => {
    const kim = await invitePerson();
    // A second live invite, as two admins inviting at once could leave.
    const other = 'x'.repeat(43);
    await db.insert(invites).values({
      personId: kim.id,
      secretHash: createHash('sha256').update(other).digest('hex'),
      createdAt: clock.now(),
      expiresAt: new Date(clock.now().getTime() + DAY),
    });
    expect((await accept(kim.secret)).statusCode).toBe(200);
    const res = await accept(other, 'yet another long password');
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('INVITE_INVALID');
    const live = rowsOf<{ n: number }>(
      await db.execute(
        sql`select count(*)::int as n from invites where person_id = ${kim.id} and used_at is null and revoked_at is null`,
      ),
    );
    expect(live[0]!.n).toBe(0);
  });

  it('refuses a link older than 7 days', async () => {
    const kim = await invitePerson();
    clock.advance(7 * DAY);
    const res = await accept(kim.secret);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'INVITE_INVALID',
      errors: [{ path: 'token', message: 'This invite link has expired.' }],
    });
  });

  it('refuses a deactivated person’s link', async () => {
    const kim = await invitePerson();
    // Deactivating through the API revokes the invite too; even a live one is refused.
    await db.execute(sql`update people set active = false where id = ${kim.id}`);
    const res = await accept(kim.secret);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'INVITE_INVALID',
      errors: [{ path: 'token', message: 'This account is deactivated.' }],
    });
  });

  it('names the field for an unknown link, a short password or an unknown field', async () => {
    const kim = await invitePerson();
    const unknown = await accept('not-a-real-invite');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({
      code: 'INVITE_INVALID',
      errors: [{ path: 'token', message: 'This invite link is not valid.' }],
    });

    const short = await accept(kim.secret, 'too short');
    expect(short.statusCode).toBe(400);
    expect(short.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ path: 'password', message: 'At least 12 characters' }],
    });

    const extra = await app.inject({
      method: 'POST',
      url: '/api/auth/invite/accept',
      payload: { token: kim.secret, password: NEW_PASSWORD, role: 'admin' },
    });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().errors).toEqual([{ path: 'role', message: 'Unknown field' }]);

    const empty = await app.inject({
      method: 'POST',
      url: '/api/auth/invite/accept',
      payload: {},
    });
    expect(empty.statusCode).toBe(400);
    expect(
      empty
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['password', 'token']);
    // None of these used the link.
    expect((await accept(kim.secret)).statusCode).toBe(200);
  });

  it('refuses a cross-site form, as sign-in does', async () => {
    const kim = await invitePerson();
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/invite/accept',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'https://evil.example',
      },
      payload: `token=${kim.secret}&password=${NEW_PASSWORD}`,
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('CSRF_REJECTED');
    const json = await accept(kim.secret, NEW_PASSWORD, { origin: 'https://evil.example' });
    expect(json.statusCode).toBe(403);
  });
});

describe('POST /api/auth/password', () => {
  it('changes the password and ends the person’s other sessions, keeping this one', async () => {
    const here = await signIn(app, org.staff.email);
    const phone = await signIn(app, org.staff.email);
    const res = await changePassword(
      { cookie: here },
      { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
    );
    expect(res.statusCode, res.body).toBe(204);
    expect(res.body).toBe('');

    expect((await me(here)).statusCode).toBe(200);
    expect((await me(phone)).statusCode).toBe(401);
    // Someone else's sessions are untouched.
    expect((await me(adminCookie)).statusCode).toBe(200);

    const old = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: org.staff.email, password: PASSWORD },
    });
    expect(old.statusCode).toBe(401);
    expect((await me(await signIn(app, org.staff.email, NEW_PASSWORD))).statusCode).toBe(200);

    const audit = await auditOf(org.staff.id);
    expect(audit.json().items).toMatchObject([
      { action: 'changed their password', actor: { name: 'Sam Staff' }, before: null, after: null },
    ]);
    expect(audit.body).not.toContain('$argon2');
  });

  it('refuses a wrong current password, naming it, and changes nothing', async () => {
    const here = await signIn(app, org.staff.email);
    const other = await signIn(app, org.staff.email);
    const res = await changePassword(
      { cookie: here },
      { currentPassword: 'not my password', newPassword: NEW_PASSWORD },
    );
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'INVALID_CREDENTIALS',
      errors: [{ path: 'currentPassword' }],
    });
    expect((await me(other)).statusCode).toBe(200);
    expect((await me(await signIn(app, org.staff.email, PASSWORD))).statusCode).toBe(200);
  });

  it('names a short new password and unknown fields; 401 signed out', async () => {
    const here = await signIn(app, org.staff.email);
    const short = await changePassword(
      { cookie: here },
      { currentPassword: PASSWORD, newPassword: 'short' },
    );
    expect(short.statusCode).toBe(400);
    expect(short.json().errors).toEqual([
      { path: 'newPassword', message: 'At least 12 characters' },
    ]);
    const extra = await changePassword(
      { cookie: here },
      { currentPassword: PASSWORD, newPassword: NEW_PASSWORD, email: 'x@example.org' },
    );
    expect(extra.statusCode).toBe(400);
    expect(extra.json().errors).toEqual([{ path: 'email', message: 'Unknown field' }]);
    const out = await changePassword({}, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
    expect(out.statusCode).toBe(401);
  });

  it('refuses a cookie call from another origin', async () => {
    const here = await signIn(app, org.staff.email);
    const res = await changePassword(
      { cookie: here, origin: 'https://evil.example' },
      { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
    );
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('CSRF_REJECTED');
  });

  it('works with a token too, ending every session of the person', async () => {
    const issued = await app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: { cookie: adminCookie },
      payload: { personId: org.staff.id, name: 'Script' },
    });
    expect(issued.statusCode, issued.body).toBe(201);
    const authorization = `Bearer ${issued.json().token}`;
    const browser = await signIn(app, org.staff.email);
    const res = await changePassword(
      { authorization },
      { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
    );
    expect(res.statusCode, res.body).toBe(204);
    expect((await me(browser)).statusCode).toBe(401);
    const still = await app.inject({ url: '/api/auth/me', headers: { authorization } });
    expect(still.statusCode).toBe(200);
  });
});
