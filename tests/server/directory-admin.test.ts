import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureAdmin } from '../../server/src/bootstrap';
import type { Database } from '../../server/src/db/client';
import { rowsOf } from '../../server/src/db/raw';
import type { Db } from '../../server/src/db/types';
import { refreshStalls } from '../../server/src/modules/requests/stalls';
import { DAY, HOUR, makeTestApp, signIn, type TestApp, type TestClock } from '../support/app';
import { makeOrg, PASSWORD } from '../support/factories';

let app: TestApp;
let db: Db;
let database: Database;
let clock: TestClock;
let org: Awaited<ReturnType<typeof makeOrg>>;
const c: Record<string, string> = {};

beforeEach(async () => {
  ({ app, db, clock, database } = await makeTestApp());
  org = await makeOrg(db);
  c.admin = await signIn(app, org.admin.email);
  c.lead = await signIn(app, org.lead.email);
  c.owner = await signIn(app, org.owner.email);
  c.staff = await signIn(app, org.staff.email);
});
afterEach(() => app.close());

async function call(who: string | null, method: string, url: string, payload?: unknown) {
  return app.inject({
    method: method as 'GET',
    url,
    headers: who ? { cookie: c[who]! } : {},
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

async function ok<T = Record<string, unknown>>(
  who: string,
  method: string,
  url: string,
  payload?: unknown,
  status = 200,
): Promise<T> {
  const res = await call(who, method, url, payload);
  expect(res.statusCode, res.body).toBe(status);
  return res.json() as T;
}

const audit = async (qs = '') =>
  ok<{
    items: {
      action: string;
      entityType: string;
      entityId: string;
      before: unknown;
      after: unknown;
      actor: { name: string } | null;
    }[];
    nextCursor: string | null;
  }>('admin', 'GET', `/api/audit${qs}`);

describe('who may write the directory', () => {
  it.each([
    ['POST', '/api/teams', { name: 'Aquatics' }],
    ['POST', '/api/locations', { name: 'Pool deck' }],
    ['POST', '/api/people', { name: 'Kim New', email: 'kim@example.org', role: 'staff' }],
    ['GET', '/api/audit', undefined],
  ])(
    '%s %s: 401 signed out, 403 for staff and leads, allowed for admins',
    async (method, url, body) => {
      expect((await call(null, method, url, body)).statusCode).toBe(401);
      for (const who of ['staff', 'lead']) {
        const res = await call(who, method, url, body);
        expect(res.statusCode).toBe(403);
        expect(res.json().code).toBe('FORBIDDEN');
      }
      const res = await call('admin', method, url, body);
      expect(res.statusCode, res.body).toBe(method === 'POST' ? 201 : 200);
    },
  );
});

describe('teams', () => {
  it('are created with members and leads, every lead a member, and names unique', async () => {
    const team = await ok<{ id: string; leadIds: string[]; memberIds: string[] }>(
      'admin',
      'POST',
      '/api/teams',
      { name: 'Aquatics', memberIds: [org.owner.id, org.staff.id], leadIds: [org.owner.id] },
      201,
    );
    expect(team.leadIds).toEqual([org.owner.id]);
    expect(team.memberIds.sort()).toEqual([org.owner.id, org.staff.id].sort());

    const taken = await call('admin', 'POST', '/api/teams', { name: 'Aquatics' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ code: 'NAME_TAKEN', errors: [{ path: 'name' }] });

    const notMember = await call('admin', 'PATCH', `/api/teams/${team.id}`, {
      leadIds: [org.lead.id],
    });
    expect(notMember.statusCode).toBe(400);
    expect(notMember.json().errors).toEqual([
      { path: 'leadIds.0', message: 'A lead must be a member of the team' },
    ]);

    // Removing a lead from the members ends their lead role with it.
    const after = await ok<{ leadIds: string[]; memberIds: string[] }>(
      'admin',
      'PATCH',
      `/api/teams/${team.id}`,
      { memberIds: [org.staff.id] },
    );
    expect(after).toMatchObject({ leadIds: [], memberIds: [org.staff.id] });
    // The new lead sees the team as theirs at once.
    await ok('admin', 'PATCH', `/api/teams/${team.id}`, {
      memberIds: [org.staff.id],
      leadIds: [org.staff.id],
    });
    const me = await ok<{ teams: { name: string; isLead: boolean }[] }>(
      'staff',
      'GET',
      '/api/auth/me',
    );
    expect(me.teams).toContainEqual({ id: team.id, name: 'Aquatics', isLead: true });
  });

  it('name unknown people and ids in a 400 or 404, and refuse unknown fields', async () => {
    const ghost = '00000000-0000-4000-8000-000000000000';
    const bad = await call('admin', 'POST', '/api/teams', { name: 'Ghosts', memberIds: [ghost] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([{ path: 'memberIds.0', message: 'No such person' }]);
    expect((await call('admin', 'PATCH', `/api/teams/${ghost}`, { name: 'X' })).statusCode).toBe(
      404,
    );
    expect((await call('admin', 'PATCH', '/api/teams/not-an-id', { name: 'X' })).statusCode).toBe(
      404,
    );
    const extra = await call('admin', 'POST', '/api/teams', { name: 'X', colour: 'red' });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().code).toBe('VALIDATION_FAILED');
    const empty = await call('admin', 'PATCH', `/api/teams/${org.team.id}`, {});
    expect(empty.statusCode).toBe(400);
  });
});

describe('locations', () => {
  it('are created, renamed and deactivated, names unique', async () => {
    const loc = await ok<{ id: string; active: boolean }>(
      'admin',
      'POST',
      '/api/locations',
      { name: 'Pool deck' },
      201,
    );
    expect(loc.active).toBe(true);
    const taken = await call('admin', 'PATCH', `/api/locations/${loc.id}`, {
      name: 'Fitness floor',
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().code).toBe('NAME_TAKEN');
    const off = await ok('admin', 'PATCH', `/api/locations/${loc.id}`, { active: false });
    expect(off).toMatchObject({ name: 'Pool deck', active: false });
    const bad = await call('admin', 'POST', '/api/locations', { name: '   ' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('name');
  });
});

describe('categories', () => {
  it('take the defaults for the priorities left out, and name a bad team or owner', async () => {
    const cat = await ok<{ id: string; targets: { priority: string; ownWithinMinutes: number }[] }>(
      'admin',
      'POST',
      '/api/categories',
      {
        name: 'Pool',
        teamId: org.team.id,
        targets: [
          {
            priority: 'urgent',
            ownWithinMinutes: 15,
            quietForMinutes: 60,
            resolveWithinMinutes: 240,
          },
        ],
      },
      201,
    );
    expect(Object.fromEntries(cat.targets.map((t) => [t.priority, t.ownWithinMinutes]))).toEqual({
      urgent: 15,
      high: 240,
      normal: 1440,
      low: 4320,
    });
    const noTeam = await call('admin', 'POST', '/api/categories', {
      name: 'Spa',
      teamId: '00000000-0000-4000-8000-000000000000',
    });
    expect(noTeam.statusCode).toBe(400);
    expect(noTeam.json().errors).toEqual([{ path: 'teamId', message: 'No such team' }]);
    const twice = await call('admin', 'PATCH', `/api/categories/${cat.id}`, {
      targets: [
        { priority: 'low', ownWithinMinutes: 1, quietForMinutes: 1, resolveWithinMinutes: 1 },
        { priority: 'low', ownWithinMinutes: 2, quietForMinutes: 2, resolveWithinMinutes: 2 },
      ],
    });
    expect(twice.statusCode).toBe(400);
    const zero = await call('admin', 'PATCH', `/api/categories/${cat.id}`, {
      targets: [
        { priority: 'low', ownWithinMinutes: 0, quietForMinutes: 1, resolveWithinMinutes: 1 },
      ],
    });
    expect(zero.statusCode).toBe(400);
    expect(zero.json().errors[0].path).toBe('targets.0.ownWithinMinutes');
  });

  it('move the stalled rules of their open requests with new targets, off the admin’s transaction', async () => {
    const created = await ok<{ id: string; key: string }>(
      'staff',
      'POST',
      '/api/requests',
      { title: 'Locker 9 stuck', desiredOutcome: 'Opens', categoryId: org.facilities.id },
      201,
    );
    const other = await ok<{ id: string }>(
      'staff',
      'POST',
      '/api/requests',
      { title: 'Bench 4 loose', desiredOutcome: 'Firm', categoryId: org.facilities.id },
      201,
    );
    // Unowned for 2 hours: not stalled under the default (own within a day)…
    clock.advance(2 * HOUR);
    const stalledKeys = async () =>
      (
        await ok<{ items: { key: string }[] }>('lead', 'GET', '/api/requests?stalled=true')
      ).items.map((i) => i.key);
    expect(await stalledKeys()).toEqual([]);
    await ok('admin', 'PATCH', `/api/categories/${org.facilities.id}`, {
      targets: [
        {
          priority: 'normal',
          ownWithinMinutes: 60,
          quietForMinutes: 120,
          resolveWithinMinutes: 600,
        },
      ],
    });
    // …and once the job has moved its kept moment, stalled by the new target of one hour.
    expect(await refreshStalls(db)).toBe(2);
    expect((await stalledKeys()).sort()).toContain(created.key);
    const [row] = rowsOf<{ same: boolean }>(
      await db.execute(
        sql`select stalls_at = request_stalls_at(r) as same from requests r where id = ${created.id}`,
      ),
    );
    expect(row!.same).toBe(true);
    // Nothing left to move; a second run is a no-op.
    expect(await refreshStalls(db)).toBe(0);
    // Until the change is older than any writer's statement, later runs look again at the
    // requests written since it was queued: one a racing writer wrote from the old targets is
    // put right; one untouched since is not read again.
    const stale = async (id: string, writtenNow: boolean) =>
      db.transaction(async (tx) => {
        await tx.execute(sql`select set_config('followthrough.bulk_load', 'on', true)`);
        await tx.execute(sql`update requests set stalls_at = stalls_at + interval '1 day'
          ${writtenNow ? sql`, updated_at = now()` : sql``} where id = ${id}`);
      });
    await stale(created.id, true);
    await stale(other.id, false);
    expect(await refreshStalls(db)).toBe(1);
    const agree = rowsOf<{ id: string; same: boolean }>(
      await db.execute(sql`select id, stalls_at = request_stalls_at(r) as same from requests r
        where id in (${created.id}, ${other.id})`),
    );
    expect(Object.fromEntries(agree.map((a) => [a.id, a.same]))).toEqual({
      [created.id]: true,
      [other.id]: false,
    });
    // The request's own target stays as it was set (SPEC §12).
    const detail = await ok<{ targetAt: string }>('staff', 'GET', `/api/requests/${created.key}`);
    expect(
      new Date(detail.targetAt).getTime() - new Date('2026-03-02T09:00:00.000Z').getTime(),
    ).toBe(7 * DAY);
  });
});

describe('people', () => {
  it('are added with a password (and sign in) or with an invite link; emails unique ignoring case', async () => {
    const withPassword = await ok<{ id: string; inviteUrl?: string }>(
      'admin',
      'POST',
      '/api/people',
      {
        name: 'Kim Keys',
        email: 'kim@example.org',
        role: 'staff',
        teamIds: [org.team.id],
        password: 'a long enough password',
      },
      201,
    );
    expect(withPassword.inviteUrl).toBeUndefined();
    expect(await signIn(app, 'kim@example.org', 'a long enough password')).toMatch(/^ft_session=/);

    const invited = await ok<{ id: string; inviteUrl: string; teamIds: string[] }>(
      'admin',
      'POST',
      '/api/people',
      { name: 'Ines Invited', email: 'ines@example.org', role: 'lead' },
      201,
    );
    expect(invited.inviteUrl).toMatch(/^http:\/\/localhost(:\d+)?\/invite#[\w-]{43}$/);
    expect(invited.teamIds).toEqual([]);
    const [stored] = rowsOf<{ hashes: string[] }>(
      await db.execute(
        sql`select array_agg(secret_hash) as hashes from invites where person_id = ${invited.id}`,
      ),
    );
    // Stored hashed: the link's secret is nowhere in the table.
    expect(stored!.hashes).toHaveLength(1);
    expect(stored!.hashes[0]).not.toContain(invited.inviteUrl.split('#')[1]);

    const again = await ok<{ inviteUrl: string }>(
      'admin',
      'POST',
      `/api/people/${invited.id}/invite`,
    );
    expect(again.inviteUrl).not.toBe(invited.inviteUrl);
    const [live] = rowsOf<{ n: number }>(
      await db.execute(
        sql`select count(*)::int as n from invites where person_id = ${invited.id} and revoked_at is null`,
      ),
    );
    expect(live!.n).toBe(1);

    const taken = await call('admin', 'POST', '/api/people', {
      name: 'Kim Again',
      email: 'KIM@Example.org',
      role: 'staff',
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ code: 'EMAIL_TAKEN', errors: [{ path: 'email' }] });
    const short = await call('admin', 'POST', '/api/people', {
      name: 'Pat',
      email: 'pat@example.org',
      role: 'staff',
      password: 'short',
    });
    expect(short.statusCode).toBe(400);
    expect(short.json().errors[0].path).toBe('password');
  });

  it('keep one active admin at least (409 LAST_ADMIN), whoever tries', async () => {
    for (const body of [{ role: 'staff' }, { active: false }]) {
      const res = await call('admin', 'PATCH', `/api/people/${org.admin.id}`, body);
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('LAST_ADMIN');
    }
    // With a second admin, either may step down, but not both.
    await ok('admin', 'PATCH', `/api/people/${org.lead.id}`, { role: 'admin' });
    await ok('admin', 'PATCH', `/api/people/${org.admin.id}`, { role: 'staff' });
    const last = await call('lead', 'PATCH', `/api/people/${org.lead.id}`, { active: false });
    expect(last.json().code).toBe('LAST_ADMIN');
  });

  it('deactivated: their sessions end, offers to them are withdrawn, and their open requests show owner_inactive', async () => {
    // Dana owns one request (the default owner of Equipment) and is offered another.
    const owned = await ok<{ id: string; key: string }>(
      'staff',
      'POST',
      '/api/requests',
      { title: 'Rower 2 seat loose', desiredOutcome: 'Seat firm', categoryId: org.equipment.id },
      201,
    );
    await ok('owner', 'POST', `/api/requests/${owned.key}/accept`, {});
    const offered = await ok<{ id: string; key: string }>(
      'staff',
      'POST',
      '/api/requests',
      { title: 'Mirror cracked', desiredOutcome: 'Mirror replaced', categoryId: org.facilities.id },
      201,
    );
    await ok('lead', 'POST', `/api/requests/${offered.key}/take`, {});
    await ok('lead', 'POST', `/api/requests/${offered.key}/offer`, { to: org.owner.id });
    const before = await ok<{ version: number }>('lead', 'GET', `/api/requests/${offered.key}`);

    const person = await ok('admin', 'PATCH', `/api/people/${org.owner.id}`, { active: false });
    expect(person).toMatchObject({ active: false });
    // At once: Dana's session no longer works, nor does her password.
    expect((await call('owner', 'GET', '/api/auth/me')).statusCode).toBe(401);
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: org.owner.email, password: PASSWORD },
    });
    expect(login.statusCode).toBe(401);

    const after = await ok<{ version: number; pendingOwner: unknown }>(
      'lead',
      'GET',
      `/api/requests/${offered.key}`,
    );
    expect(after.pendingOwner).toBeNull();
    expect(after.version).toBe(before.version + 1);
    const events = await ok<{ type: string; actor: { id: string }; data: unknown }[]>(
      'lead',
      'GET',
      `/api/requests/${offered.id}/events`,
    );
    expect(events.at(-1)).toMatchObject({
      type: 'ownership_withdrawn',
      actor: { id: org.admin.id },
      data: { from: org.owner.id, reason: 'deactivated' },
    });

    await refreshStalls(db);
    const review = await ok<{
      groups: { items: { request: { key: string; stalled: { reason: string }[] } }[] }[];
    }>('lead', 'GET', '/api/review/stalled');
    const item = review.groups.flatMap((g) => g.items).find((i) => i.request.key === owned.key);
    expect(item?.request.stalled.map((s) => s.reason)).toContain('owner_inactive');

    // Reactivated, Dana signs in again; her request is no longer stalled for it.
    await ok('admin', 'PATCH', `/api/people/${org.owner.id}`, { active: true });
    expect(await signIn(app, org.owner.email)).toMatch(/^ft_session=/);
    await refreshStalls(db);
    const [row] = rowsOf<{ stalls_at: string | null; expected: string | null }>(
      await db.execute(
        sql`select stalls_at::text, request_stalls_at(r)::text as expected from requests r where id = ${owned.id}`,
      ),
    );
    expect(row!.stalls_at).toBe(row!.expected);
  });

  it('change teams as a whole list, and unknown teams are named', async () => {
    const moved = await ok<{ teamIds: string[] }>('admin', 'PATCH', `/api/people/${org.staff.id}`, {
      teamIds: [org.team.id],
    });
    expect(moved.teamIds).toEqual([org.team.id]);
    const cleared = await ok<{ teamIds: string[] }>(
      'admin',
      'PATCH',
      `/api/people/${org.staff.id}`,
      {
        teamIds: [],
      },
    );
    expect(cleared.teamIds).toEqual([]);
    const bad = await call('admin', 'PATCH', `/api/people/${org.staff.id}`, {
      teamIds: ['00000000-0000-4000-8000-000000000000'],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([{ path: 'teamIds.0', message: 'No such team' }]);
    expect(
      (await call('admin', 'PATCH', `/api/people/${org.staff.id}`, { role: 'boss' })).statusCode,
    ).toBe(400);
  });
});

describe('the audit log', () => {
  it('records the first admin a start creates from ADMIN_EMAIL as the system’s act', async () => {
    const input = {
      email: 'first@example.org',
      password: 'first admin password',
      name: 'Fay First',
    };
    expect(await ensureAdmin(database, input)).toBe('created');
    expect(await ensureAdmin(database, input)).toBe('exists');
    const entries = (await audit('?entityType=person')).items;
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actor: null,
      action: 'created as the first admin',
      after: { email: 'first@example.org', role: 'admin', active: true },
    });
    expect(await signIn(app, 'first@example.org', 'first admin password')).toMatch(/^ft_session=/);
  });

  it('records every directory change with actor, before and after, never a secret, newest first', async () => {
    const team = await ok<{ id: string }>('admin', 'POST', '/api/teams', { name: 'Aquatics' }, 201);
    await ok('admin', 'PATCH', `/api/teams/${team.id}`, { name: 'Aquatics & Spa' });
    await ok(
      'admin',
      'POST',
      '/api/people',
      {
        name: 'Kim Keys',
        email: 'kim@example.org',
        role: 'staff',
        password: 'a long enough password',
      },
      201,
    );
    const invited = await ok<{ id: string }>(
      'admin',
      'POST',
      '/api/people',
      { name: 'Ines Invited', email: 'ines@example.org', role: 'staff' },
      201,
    );
    // A refused change leaves no row.
    await call('admin', 'POST', '/api/teams', { name: 'Aquatics & Spa' });

    const all = await audit();
    expect(all.items.map((i) => [i.entityType, i.action])).toEqual([
      ['person', 'created with an invite'],
      ['person', 'created with a password'],
      ['team', 'updated'],
      ['team', 'created'],
    ]);
    expect(all.items[2]).toMatchObject({
      actor: { name: 'Alex Admin' },
      before: { name: 'Aquatics' },
      after: { name: 'Aquatics & Spa' },
    });
    const text = JSON.stringify(all);
    expect(text).not.toMatch(/argon2|passwordHash|secretHash|secret_hash|invite#/i);

    const mine = await audit(`?entityType=person&entityId=${invited.id}`);
    expect(mine.items).toHaveLength(1);
    const page1 = await audit('?limit=3');
    expect(page1.items).toHaveLength(3);
    const page2 = await audit(`?limit=3&cursor=${page1.nextCursor}`);
    expect(page2.items.map((i) => i.action)).toEqual(['created']);
    expect(page2.nextCursor).toBeNull();
    expect((await call('admin', 'GET', '/api/audit?cursor=abc')).statusCode).toBe(400);
    // Past the largest id the log can hold: a 400, not the database's overflow.
    expect((await call('admin', 'GET', '/api/audit?cursor=9999999999999999999')).statusCode).toBe(
      400,
    );
    expect((await call('admin', 'GET', '/api/audit?entityType=spaceship')).statusCode).toBe(400);
  });
});

describe('settings', () => {
  it('are read by everyone, written by admins, and the reopen rule follows them at once', async () => {
    const first = await ok('staff', 'GET', '/api/settings');
    expect(first).toEqual({
      organisationName: 'Followthrough',
      autoConfirmDays: 5,
      reopenWindowDays: 14,
    });
    expect(
      (await call('staff', 'PATCH', '/api/settings', { reopenWindowDays: 1 })).statusCode,
    ).toBe(403);
    const bad = await call('admin', 'PATCH', '/api/settings', { autoConfirmDays: 0 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('autoConfirmDays');

    // A request closed two days ago may be reopened under the first window of 14 days…
    const r = await ok<{ key: string }>(
      'staff',
      'POST',
      '/api/requests',
      { title: 'Sauna cold', desiredOutcome: 'Warm sauna', categoryId: org.facilities.id },
      201,
    );
    await ok('owner', 'POST', `/api/requests/${r.key}/take`, {});
    await ok('owner', 'POST', `/api/requests/${r.key}/resolve`, { summary: 'Heater reset' });
    await ok('staff', 'POST', `/api/requests/${r.key}/confirm`, {});
    clock.advance(2 * DAY);
    const open = await ok<{ allowedActions: string[] }>('staff', 'GET', `/api/requests/${r.key}`);
    expect(open.allowedActions).toContain('reopen');
    // …and not once an admin narrows it to one day.
    const after = await ok('admin', 'PATCH', '/api/settings', {
      reopenWindowDays: 1,
      organisationName: 'Harbour Leisure',
    });
    expect(after).toEqual({
      organisationName: 'Harbour Leisure',
      autoConfirmDays: 5,
      reopenWindowDays: 1,
    });
    const refused = await call('staff', 'POST', `/api/requests/${r.key}/reopen`, {
      reason: 'Cold again',
    });
    expect(refused.statusCode).toBe(409);
    const entry = (await audit('?entityType=settings')).items[0];
    expect(entry).toMatchObject({
      action: 'updated',
      before: { reopenWindowDays: 14, organisationName: 'Followthrough' },
      after: { reopenWindowDays: 1, organisationName: 'Harbour Leisure' },
    });
  });
});
