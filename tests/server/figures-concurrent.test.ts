import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/src/app';
import { loadConfig } from '../../server/src/config';
import type { Database } from '../../server/src/db/client';
import { rowsOf } from '../../server/src/db/raw';
import { seedDemo } from '../../server/src/seed';
import { HOUR, TestClock } from '../support/app';
import { resetDatabase, secondConnection, testDatabase } from '../support/db';
import {
  catchUpFigures,
  expectHours,
  figureFromRecord,
  mondaysOf,
  type TimesAnswer,
  weeklyRows,
} from '../support/figures';

/**
 * Writers never touch the figures: ten of them move figures at once (accept, resolve,
 * confirm, reopen, handoffs) while the projector runs beside them, and once it has caught up
 * the figures the API answers equal docs/figures.md's definitions over the events alone.
 * On PostgreSQL the ten really run at once, on ten pooled connections.
 */

const NOW = new Date('2026-06-03T09:00:00.000Z');
const RANGE = { from: '2025-06-01', to: '2026-06-30' };
const WRITERS = 10;

describe('figures under ten concurrent writers', () => {
  let database: Database;
  let app: Awaited<ReturnType<typeof buildApp>>;
  const clock = new TestClock(new Date(NOW));
  const cookies = {} as Record<'staff' | 'owner' | 'lead', string>;
  let equipment = '';

  const call = async (who: keyof typeof cookies, url: string, payload: object, status = 200) => {
    const res = await app.inject({
      method: url.includes('/handoffs/') ? 'PATCH' : 'POST',
      url,
      payload,
      headers: { cookie: cookies[who] },
    });
    expect(res.statusCode, `${url}: ${res.body}`).toBe(status);
    return res.json();
  };
  const api = async (url: string) => {
    const res = await app.inject({ url, headers: { cookie: cookies.lead } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    database = await testDatabase();
    await resetDatabase(database);
    const { organisation } = await seedDemo(database.db, {
      requests: 120,
      seed: 11,
      now: NOW,
      passwordHash:
        '$argon2id$v=19$m=65536,t=3,p=4$c2VlZHNlZWRzZWVk$Q2dfu3R4xJQwhiOc0z5UDDcz8ZxZsOw2P2V0Yb9GgXY',
    });
    // The projector runs on its own beside the writers, as in production.
    app = await buildApp({
      config: loadConfig({ LOG_LEVEL: 'silent', JOBS_INTERVAL_MS: '0', FIGURES_INTERVAL_MS: '20' }),
      database,
      now: clock.now,
    });
    await app.ready();
    for (const who of ['staff', 'owner', 'lead'] as const) {
      const id = organisation.people[`${who}@example.org`]!;
      await database.db.execute(
        sql`insert into sessions (id, person_id, expires_at) values (encode(sha256(convert_to(${`concurrent-${who}`}, 'UTF8')), 'hex'), ${id}, ${new Date(NOW.getTime() + 30 * 86_400_000).toISOString()}::timestamptz)`,
      );
      cookies[who] = `ft_session=concurrent-${who}`;
    }
    const [cat] = rowsOf<{ id: string }>(
      await database.db.execute(sql`select id from categories where name = 'Equipment'`),
    );
    equipment = cat!.id;
  });
  afterAll(() => app?.close());

  /** One writer's requests, each through its own story; every step moves a figure. */
  async function writer(w: number) {
    for (let i = 0; i < 4; i++) {
      const story = (w + i) % 4;
      const created = await call(
        'staff',
        '/api/requests',
        { title: `Rower ${w}-${i} rattles`, categoryId: equipment, desiredOutcome: 'Quiet' },
        201,
      );
      const url = `/api/requests/${created.id}`;
      await call('owner', `${url}/accept`, {});
      if (story === 1) {
        const h = await call(
          'owner',
          `${url}/handoffs`,
          {
            to: 'Acme Fitness Repair',
            ask: 'A new flywheel',
            expectedBy: new Date(clock.current.getTime() + 2 * HOUR).toISOString(),
          },
          201,
        );
        await call('owner', `${url}/handoffs/${h.id}`, { status: 'done', note: 'Fitted' });
      }
      await call('owner', `${url}/resolve`, { summary: 'Bearings replaced' });
      if (story === 2) {
        await call('staff', `${url}/reopen`, { reason: 'Rattles again' });
        await call('owner', `${url}/resolve`, { summary: 'Frame bolts tightened' });
      }
      if (story !== 3) await call('staff', `${url}/confirm`, { rating: 1 + ((w + i) % 5) });
    }
  }

  it('projects exactly what the record says', async () => {
    await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
    await catchUpFigures(database);

    const [rates] = await figureFromRecord(database, 'rates', RANGE);
    const r = await api(`/api/metrics/rates?from=${RANGE.from}&to=${RANGE.to}`);
    const n = (k: string) => Number(rates![k]);
    expect(r.onTarget).toMatchObject({ numerator: n('on_target'), denominator: n('resolved') });
    expect(r.reopen).toMatchObject({ numerator: n('reopened'), denominator: n('closed') });
    expect(r.requesterConfirmation).toMatchObject({
      numerator: n('confirmed'),
      denominator: n('closings'),
    });
    expect(r.handoffOnTime).toMatchObject({
      numerator: n('handoffs_on_time'),
      denominator: n('handoffs_done'),
    });
    expect(r.satisfaction.rated).toMatchObject({ numerator: n('rated') });
    expect(new Date(r.asOf).getTime()).toBeLessThanOrEqual(Date.now());

    const levels = await figureFromRecord(database, 'service_levels_by_team', RANGE);
    const byTeam = await api(
      `/api/metrics/service-levels?from=${RANGE.from}&to=${RANGE.to}&by=team`,
    );
    expect(
      byTeam.rows
        .map((row: { group: { id: string } } & Record<string, { count: number }>) => ({
          group_id: row.group.id,
          differentiated: row.differentiated!.count,
          competitive: row.competitive!.count,
          commoditized: row.commoditized!.count,
        }))
        .sort((a: { group_id: string }, b: { group_id: string }) =>
          a.group_id.localeCompare(b.group_id),
        ),
    ).toEqual(
      levels
        .map((l) => ({
          group_id: String(l.group_id),
          differentiated: Number(l.differentiated),
          competitive: Number(l.competitive),
          commoditized: Number(l.commoditized),
        }))
        .sort((a, b) => a.group_id.localeCompare(b.group_id)),
    );

    const times: TimesAnswer = await api(`/api/metrics/times?from=${RANGE.from}&to=${RANGE.to}`);
    expect(times.weeks).toEqual(await mondaysOf(database, RANGE));
    for (const [figure, measure] of [
      ['time_to_own', 'own'],
      ['time_to_resolve', 'resolve'],
      ['time_to_outcome', 'outcome'],
    ] as const) {
      const expected = await figureFromRecord(database, figure, RANGE);
      const weeks = weeklyRows(times, times.series[0]!, measure);
      expect(
        weeks.map((w) => w.week),
        figure,
      ).toEqual(expected.map((e) => e.week));
      for (const [i, e] of expected.entries()) {
        expect(weeks[i]!.n).toBe(Number(e.n));
        expectHours(weeks[i]!.median, Number(e.median), `${figure} ${e.week} median`);
        expectHours(weeks[i]!.p90, Number(e.p90), `${figure} ${e.week} p90`);
      }
    }
    // The writers' own week is in the figures: 40 new requests were owned in it.
    const thisWeek = times.weeks.indexOf('2026-06-01');
    expect(times.series[0]!.own.count[thisWeek]).toBeGreaterThanOrEqual(WRITERS * 4);
  });

  it('moves a category’s figures with it to another team at once, with nothing recounted', async () => {
    await catchUpFigures(database);
    const teamsOf = async () => {
      const levels = await api(
        `/api/metrics/service-levels?from=${RANGE.from}&to=${RANGE.to}&by=team`,
      );
      const times = await api(`/api/metrics/times?from=${RANGE.from}&to=${RANGE.to}&groupBy=team`);
      return {
        closed: Object.fromEntries(
          levels.rows.map((r: { group: { id: string }; closed: number }) => [r.group.id, r.closed]),
        ) as Record<string, number>,
        owned: Object.fromEntries(
          times.series.map((s: { group: { id: string }; total: { own: { count: number } } }) => [
            s.group.id,
            s.total.own.count,
          ]),
        ) as Record<string, number>,
      };
    };
    const [from] = rowsOf<{ team_id: string }>(
      await database.db.execute(sql`select team_id from categories where id = ${equipment}`),
    );
    const [to] = rowsOf<{ id: string }>(
      await database.db.execute(
        sql`select id from teams where id <> ${from!.team_id} order by name limit 1`,
      ),
    );
    const [own] = rowsOf<{ closed: number; owned: number }>(
      await database.db.execute(sql`select
          (select count(*)::int from requests where category_id = ${equipment} and status = 'closed') as closed,
          (select count(*)::int from figure_durations where category_id = ${equipment} and measure = 'own') as owned`),
    );
    expect(own!.closed).toBeGreaterThan(0);
    const before = await teamsOf();
    await database.db.execute(
      sql`update categories set team_id = ${to!.id} where id = ${equipment}`,
    );
    try {
      const after = await teamsOf();
      expect((after.closed[to!.id] ?? 0) - (before.closed[to!.id] ?? 0)).toBe(own!.closed);
      expect((before.closed[from!.team_id] ?? 0) - (after.closed[from!.team_id] ?? 0)).toBe(
        own!.closed,
      );
      expect((after.owned[to!.id] ?? 0) - (before.owned[to!.id] ?? 0)).toBe(own!.owned);
    } finally {
      await database.db.execute(
        sql`update categories set team_id = ${from!.team_id} where id = ${equipment}`,
      );
    }
  });

  it('lets a write through while the figures are being projected, touching no figure', async () => {
    await catchUpFigures(database);
    await app.close();
    // This time no projector runs: what the writer itself does to the figures is visible.
    app = await buildApp({
      config: loadConfig({ LOG_LEVEL: 'silent', JOBS_INTERVAL_MS: '0', FIGURES_INTERVAL_MS: '0' }),
      database,
      now: clock.now,
    });
    await app.ready();
    const figures = async () =>
      rowsOf<{ t: string }>(
        await database.db.execute(sql`select (select string_agg(d::text, ',' order by d::text) from figure_days d)
            || (select string_agg(w::text, ',' order by w::text) from figure_weeks w) as t`),
      )[0]!.t;
    const before = await figures();
    // Another session holds the projection (on PostgreSQL a real second connection).
    const other = await secondConnection();
    await other.db.execute(sql`select pg_advisory_lock(7412004)`);
    try {
      const created = await call(
        'staff',
        '/api/requests',
        { title: 'Bike 2 pedal loose', categoryId: equipment, desiredOutcome: 'Pedal firm' },
        201,
      );
      await call('owner', `/api/requests/${created.id}/accept`, {});
      await call('owner', `/api/requests/${created.id}/resolve`, { summary: 'Pedal tightened' });
      await call('staff', `/api/requests/${created.id}/confirm`, { rating: 5 });
      expect(await figures()).toBe(before);
      const [queued] = rowsOf<{ n: number }>(
        await database.db.execute(
          sql`select count(*)::int as n from figure_queue where request_id = ${created.id}`,
        ),
      );
      expect(queued!.n).toBeGreaterThanOrEqual(4);
    } finally {
      await other.db.execute(sql`select pg_advisory_unlock(7412004)`);
      await other.close();
    }
    await catchUpFigures(database);
    expect(await figures()).not.toBe(before);
  });
});
