import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/src/app';
import { loadConfig } from '../../server/src/config';
import { rowsOf } from '../../server/src/db/raw';
import { runAutoConfirm } from '../../server/src/modules/outcomes/auto-confirm';
import { DAY, HOUR, makeTestApp, signIn, type TestApp, type TestClock } from '../support/app';
import { secondConnection } from '../support/db';
import { makeOrg } from '../support/factories';

let app: TestApp;
let clock: TestClock;
let org: Awaited<ReturnType<typeof makeOrg>>;
let t: Awaited<ReturnType<typeof makeTestApp>>;

beforeEach(async () => {
  t = await makeTestApp();
  ({ app, clock } = t);
  org = await makeOrg(t.db);
});
afterEach(() => app.close());

async function resolvedRequests(n: number) {
  const owner = await signIn(app, org.owner.email);
  const keys: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = (
      await app.inject({
        method: 'POST',
        url: '/api/requests',
        headers: { cookie: owner },
        payload: {
          title: `Bike ${i} squeaks`,
          desiredOutcome: 'Quiet bike',
          categoryId: org.equipment.id,
        },
      })
    ).json();
    await app.inject({
      method: 'POST',
      url: `/api/requests/${r.key}/resolve`,
      headers: { cookie: owner },
      payload: { summary: 'Oiled' },
    });
    keys.push(r.key);
  }
  return keys;
}

describe('auto-confirm', () => {
  it('closes a request resolved for 5 days as auto_confirmed, by the system', async () => {
    const [key] = await resolvedRequests(1);
    clock.advance(5 * DAY - HOUR);
    expect(await runAutoConfirm(t.db, { now: clock.now(), days: 5 })).toBe(0);
    clock.advance(2 * HOUR);
    expect(await runAutoConfirm(t.db, { now: clock.now(), days: 5 })).toBe(1);
    const cookie = await signIn(app, org.staff.email);
    const r = (await app.inject({ url: `/api/requests/${key}`, headers: { cookie } })).json();
    expect(r).toMatchObject({ status: 'closed', closeReason: 'auto_confirmed' });
    const events = (
      await app.inject({ url: `/api/requests/${key}/events`, headers: { cookie } })
    ).json();
    expect(events.at(-1)).toMatchObject({ type: 'auto_confirmed', actor: null });
    expect(r.version).toBe(events.length);
  });

  it('closes each request exactly once with two app instances running it at the same moment', async () => {
    await resolvedRequests(30);
    clock.advance(6 * DAY);
    const other = await secondConnection();
    const config = loadConfig({ LOG_LEVEL: 'silent', JOBS_INTERVAL_MS: '0' });
    const app2 = await buildApp({ config, database: other, now: clock.now });
    try {
      const runs = await Promise.all([
        runAutoConfirm(app.db, { now: clock.now(), days: 5, batch: 7 }),
        runAutoConfirm(app2.db, { now: clock.now(), days: 5, batch: 7 }),
        runAutoConfirm(app.db, { now: clock.now(), days: 5, batch: 7 }),
      ]);
      const closed = runs.reduce<number>((sum, n) => sum + (n ?? 0), 0);
      expect(closed).toBe(30);
      const again = await runAutoConfirm(app2.db, { now: clock.now(), days: 5 });
      expect(again).toBe(0);
      const [counts] = rowsOf<{ events: number; requests: number; closed: number }>(
        await t.db.execute(sql`select
          (select count(*)::int from events where type = 'auto_confirmed') as events,
          (select count(distinct request_id)::int from events where type = 'auto_confirmed') as requests,
          (select count(*)::int from requests where close_reason = 'auto_confirmed') as closed`),
      );
      expect(counts).toEqual({ events: 30, requests: 30, closed: 30 });
    } finally {
      await app2.close();
      await other.close();
    }
  });

  it('runs from the scheduler when the app starts', async () => {
    await resolvedRequests(2);
    clock.advance(6 * DAY);
    const config = loadConfig({ LOG_LEVEL: 'silent', JOBS_INTERVAL_MS: '60000' });
    const scheduled = await buildApp({ config, database: t.database, now: clock.now });
    await scheduled.ready();
    await scheduled.close();
    const [row] = rowsOf<{ n: number }>(
      await t.db.execute(
        sql`select count(*)::int as n from requests where close_reason = 'auto_confirmed'`,
      ),
    );
    expect(row!.n).toBe(2);
  });
});
