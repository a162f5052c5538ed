import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../server/src/db/types';
import { makeTestApp, signIn, type TestApp } from '../support/app';
import { makeOrg } from '../support/factories';

let app: TestApp;
let db: Db;
let org: Awaited<ReturnType<typeof makeOrg>>;

async function start(env: Record<string, string> = {}) {
  const t = await makeTestApp(env);
  app = t.app;
  db = t.db;
  org = await makeOrg(db);
}
afterEach(() => app.close());

const me = (cookie: string) =>
  app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });

/** What another process's write looks like here: only its notice reaches this one. */
async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  const until = Date.now() + 2_000;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('remembering who a session is', () => {
  it('answers from memory while nothing changed, for no longer than SESSION_CACHE_MS', async () => {
    await start({ SESSION_CACHE_MS: '300' });
    const cookie = await signIn(app, org.staff.email);
    expect((await me(cookie)).statusCode).toBe(200);
    expect(app.sessionCache.size).toBe(1);
    // Gone without a notice (no product path does this): remembered until the time is up.
    await db.execute(sql`delete from sessions where person_id = ${org.staff.id}`);
    expect((await me(cookie)).statusCode).toBe(200);
    await new Promise((r) => setTimeout(r, 350));
    expect((await me(cookie)).statusCode).toBe(401);
  });

  it('looks the session up at every call when SESSION_CACHE_MS is 0', async () => {
    await start({ SESSION_CACHE_MS: '0' });
    const cookie = await signIn(app, org.staff.email);
    expect((await me(cookie)).statusCode).toBe(200);
    expect(app.sessionCache.size).toBe(0);
    await db.execute(sql`delete from sessions where person_id = ${org.staff.id}`);
    expect((await me(cookie)).statusCode).toBe(401);
  });

  it('forgets a signed-out session before the sign-out answers', async () => {
    await start({ SESSION_CACHE_MS: '60000' });
    const cookie = await signIn(app, org.staff.email);
    expect((await me(cookie)).statusCode).toBe(200);
    const out = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    expect(out.statusCode).toBeLessThan(300);
    expect((await me(cookie)).statusCode).toBe(401);
  });

  it('shows a new role or deactivation made here at the person’s next call', async () => {
    await start({ SESSION_CACHE_MS: '60000' });
    const admin = await signIn(app, org.admin.email);
    const staff = await signIn(app, org.staff.email);
    expect((await me(staff)).json()).toMatchObject({ role: 'staff' });
    const patch = (body: object) =>
      app.inject({
        method: 'PATCH',
        url: `/api/people/${org.staff.id}`,
        headers: { cookie: admin },
        payload: body,
      });
    expect((await patch({ role: 'lead' })).statusCode).toBe(200);
    expect((await me(staff)).json()).toMatchObject({ role: 'lead' });
    expect((await patch({ active: false })).statusCode).toBe(200);
    expect((await me(staff)).statusCode).toBe(401);
  });

  it('hears what other processes change: revocation, role, teams, a team’s name, deactivation', async () => {
    await start({ SESSION_CACHE_MS: '60000' });
    const owner = await signIn(app, org.owner.email);
    const staff = await signIn(app, org.staff.email);
    const lead = await signIn(app, org.lead.email);
    for (const c of [owner, staff, lead]) expect((await me(c)).statusCode).toBe(200);
    expect(app.sessionCache.size).toBe(3);

    await db.execute(sql`update people set role = 'lead' where id = ${org.owner.id}`);
    const role = await eventually(
      async () => (await me(owner)).json(),
      (b) => b.role === 'lead',
    );
    expect(role).toMatchObject({ role: 'lead' });

    await db.execute(
      sql`insert into team_members (team_id, person_id, is_lead) values (${org.team.id}, ${org.staff.id}, false)`,
    );
    const joined = await eventually(
      async () => (await me(staff)).json(),
      (b) => b.teams.length === 1,
    );
    expect(joined.teams).toEqual([{ id: org.team.id, name: 'Facilities', isLead: false }]);

    await db.execute(sql`update teams set name = 'Buildings' where id = ${org.team.id}`);
    const renamed = await eventually(
      async () => (await me(lead)).json(),
      (b) => b.teams[0]?.name === 'Buildings',
    );
    expect(renamed.teams).toEqual([{ id: org.team.id, name: 'Buildings', isLead: true }]);

    await db.execute(sql`update sessions set revoked_at = now() where person_id = ${org.lead.id}`);
    expect(
      (
        await eventually(
          () => me(lead),
          (r) => r.statusCode === 401,
        )
      ).statusCode,
    ).toBe(401);

    await db.execute(sql`update people set active = false where id = ${org.staff.id}`);
    expect(
      (
        await eventually(
          () => me(staff),
          (r) => r.statusCode === 401,
        )
      ).statusCode,
    ).toBe(401);
    // Only what changed is looked up again.
    expect((await me(owner)).statusCode).toBe(200);
  });
});
