import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/src/app';
import { loadConfig } from '../../server/src/config';
import type { Database } from '../../server/src/db/client';
import { rowsOf } from '../../server/src/db/raw';
import { runAutoConfirm } from '../../server/src/modules/outcomes/auto-confirm';
import { seedDemo } from '../../server/src/seed';
import { DAY, HOUR, TestClock } from '../support/app';
import { resetDatabase, testDatabase } from '../support/db';
import { catchUpFigures } from '../support/figures';

/**
 * The figure tables are kept up to date by the projector (server/src/db/sql/figures-projector.sql)
 * from the events each change queues. Here real API actions queue them, the projector counts
 * them, and the tables must then hold exactly what figures_rebuild() computes from the record,
 * row for row.
 */

// A Monday, so the scenario's steps cross ISO-week boundaries at known points.
const NOW = new Date('2026-06-01T12:00:00.000Z');
const AUTO_CONFIRM_DAYS = 5;

type Snapshot = Record<(typeof figureTables)[number], string[]>;

// Every key column in the ORDER BY, nulls placed explicitly; each row as its record text, so
// timestamps and doubles compare exactly (float8 text output is the shortest exact form).
const figureTables = [
  'figure_durations',
  'figure_weeks',
  'figure_week_buckets',
  'figure_requests',
  'figure_request_events',
  'figure_days',
  'figure_team_sets',
  'figure_team_weeks',
] as const;
const orderBy: Record<(typeof figureTables)[number], string> = {
  figure_durations: 'request_id, measure',
  figure_weeks: 'measure, kind, group_id nulls first, week',
  figure_week_buckets: 'measure, kind, group_id nulls first, coarse, week',
  figure_requests: 'request_id',
  figure_request_events: 'request_id, day',
  figure_days: 'kind, group_id nulls first, day',
  figure_team_sets: 'categories',
  figure_team_weeks: 'categories, measure, week',
};

async function snapshot(database: Database): Promise<Snapshot> {
  const out = {} as Snapshot;
  for (const table of figureTables) {
    const rows = rowsOf<{ row: string }>(
      await database.db.execute(
        sql.raw(`select t::text as row from ${table} t order by ${orderBy[table]}`),
      ),
    );
    out[table] = rows.map((r) => r.row);
  }
  return out;
}

/** Rows only one side has, per table: empty lists when the two agree. */
function differences(incremental: Snapshot, rebuilt: Snapshot) {
  const out: Record<string, { onlyIncremental: string[]; onlyRebuilt: string[] }> = {};
  for (const table of figureTables) {
    const a = new Set(incremental[table]);
    const b = new Set(rebuilt[table]);
    out[table] = {
      onlyIncremental: incremental[table].filter((r) => !b.has(r)),
      onlyRebuilt: rebuilt[table].filter((r) => !a.has(r)),
    };
  }
  return out;
}

describe('figure tables: incremental maintenance equals figures_rebuild()', () => {
  let database: Database;
  let app: Awaited<ReturnType<typeof buildApp>>;
  const clock = new TestClock(new Date(NOW));
  let afterSeed: Snapshot;
  const ids = {} as Record<string, string>;
  const cookies = {} as Record<'admin' | 'lead' | 'owner' | 'staff' | 'marco', string>;

  const one = async <T>(query: ReturnType<typeof sql>) =>
    rowsOf<T>(await database.db.execute(query))[0];

  /** POSTs/PATCHes through the API and insists on the status: an action that did nothing fails here. */
  const call = async (
    who: keyof typeof cookies,
    method: 'POST' | 'PATCH',
    url: string,
    payload: object,
    status = 200,
  ) => {
    const res = await app.inject({ method, url, payload, headers: { cookie: cookies[who] } });
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(status);
    return res.json();
  };
  const act = (who: keyof typeof cookies, id: string, action: string, payload: object = {}) =>
    call(who, 'POST', `/api/requests/${id}/${action}`, payload);
  const create = async (
    who: keyof typeof cookies,
    payload: { title: string; categoryId: string; locationId?: string; priority?: string },
  ): Promise<string> =>
    (await call(who, 'POST', '/api/requests', { desiredOutcome: 'Fixed', ...payload }, 201)).id;
  const handoff = async (id: string, expectedBy: Date): Promise<string> =>
    (
      await call(
        'owner',
        'POST',
        `/api/requests/${id}/handoffs`,
        { to: 'Vendor', ask: 'Bring a part', expectedBy: expectedBy.toISOString() },
        201,
      )
    ).id;
  const completeHandoff = (id: string, handoffId: string) =>
    call('owner', 'PATCH', `/api/requests/${id}/handoffs/${handoffId}`, { status: 'done' });
  const later = (ms: number) => new Date(clock.current.getTime() + ms);

  /** The figures as the projector left them, then as a rebuild from scratch makes them. */
  const incrementalThenRebuilt = async () => {
    await catchUpFigures(database);
    const incremental = await snapshot(database);
    await database.db.execute(sql`select figures_rebuild()`);
    return { incremental, rebuilt: await snapshot(database) };
  };

  beforeAll(async () => {
    database = await testDatabase();
    await resetDatabase(database);
    // The seed loads with the triggers deferred and ends with one figures_rebuild().
    const { organisation } = await seedDemo(database.db, {
      requests: 150,
      seed: 7,
      now: NOW,
      passwordHash:
        '$argon2id$v=19$m=65536,t=3,p=4$c2VlZHNlZWRzZWVk$Q2dfu3R4xJQwhiOc0z5UDDcz8ZxZsOw2P2V0Yb9GgXY',
    });
    afterSeed = await snapshot(database);
    app = await buildApp({
      config: loadConfig({ LOG_LEVEL: 'silent', JOBS_INTERVAL_MS: '0', FIGURES_INTERVAL_MS: '0' }),
      database,
      now: clock.now,
    });
    const people = organisation.people;
    Object.assign(ids, {
      admin: people['admin@example.org']!,
      owner: people['owner@example.org']!,
      staff: people['staff@example.org']!,
      marco: people['marco.ruiz@example.org']!,
      equipment: organisation.categories.Equipment!,
      facilities: organisation.categories.Facilities!,
      aquatics: organisation.categories.Aquatics!,
      it: organisation.categories.IT!,
      membership: organisation.categories.Membership!,
      fitnessFloor: organisation.locations['Fitness floor']!,
      poolDeck: organisation.locations['Pool deck']!,
      studioA: organisation.locations['Studio A']!,
    });
    // Sessions are rows: sign in without the password hash by writing one per person.
    const expires = new Date(NOW.getTime() + 365 * DAY).toISOString();
    for (const [who, email] of [
      ['admin', 'admin@example.org'],
      ['lead', 'lead@example.org'],
      ['owner', 'owner@example.org'],
      ['staff', 'staff@example.org'],
      ['marco', 'marco.ruiz@example.org'],
    ] as const) {
      const token = `figures-maintenance-${who}`;
      await database.db.execute(
        sql`insert into sessions (id, person_id, expires_at)
          select encode(sha256(convert_to(${token}, 'UTF8')), 'hex'), id, ${expires}::timestamptz
          from people where email = ${email}`,
      );
      cookies[who] = `ft_session=${token}`;
    }
  });
  afterAll(() => app?.close());

  it('after a varied sequence of actions over several weeks', async () => {
    // Requests from the seed to act on: an open one owned for a while, a recently confirmed
    // one (inside the reopen window) and an open one to cancel.
    const ownedOpen = await one<{ id: string; owner_id: string }>(
      sql`select id, owner_id from requests where status in ('in_progress', 'waiting')
        and owner_id is not null and owned_at < ${new Date(NOW.getTime() - 7 * DAY).toISOString()}::timestamptz
        order by number limit 1`,
    );
    const recentlyConfirmed = await one<{ id: string }>(
      sql`select id from requests where status = 'closed' and close_reason = 'confirmed'
        and closed_at > ${new Date(NOW.getTime() - 10 * DAY).toISOString()}::timestamptz
        order by closed_at desc limit 1`,
    );
    const toCancel = await one<{ id: string }>(
      sql`select id from requests where status in ('new', 'in_progress', 'waiting')
        and id <> ${ownedOpen?.id ?? null}::uuid order by open_handoffs desc, number limit 1`,
    );
    expect(ownedOpen && recentlyConfirmed && toCancel).toBeTruthy();
    const seeded = { ownedOpen: ownedOpen!, recentlyConfirmed: recentlyConfirmed!.id };

    // Week 1, Monday: new requests, some routed to a default owner (Equipment → Dana).
    const a = await create('staff', {
      title: 'Treadmill belt slips',
      categoryId: ids.facilities!,
      locationId: ids.fitnessFloor!,
    });
    const b = await create('staff', {
      title: 'Rowing machine display dead',
      categoryId: ids.equipment!,
      locationId: ids.poolDeck!,
    });
    const c = await create('staff', {
      title: 'Printer offline',
      categoryId: ids.it!,
      priority: 'low',
    });
    const d = await create('staff', { title: 'Card reader jams', categoryId: ids.membership! });
    // Dana is Equipment's default owner: her own request is owned from the start (0 hours).
    const e = await create('owner', { title: 'Dumbbell rack loose', categoryId: ids.equipment! });

    // A priority edit moves b's target out to 30 days, so b can end up on target.
    await call('staff', 'PATCH', `/api/requests/${b}`, { priority: 'low' });

    clock.advance(3 * HOUR);
    await act('owner', a, 'take');
    clock.advance(HOUR);
    await act('owner', b, 'accept');
    // An open, owned request from the seed changes hands: its 'own' duration moves owner.
    const newOwner = seeded.ownedOpen.owner_id === ids.marco ? ids.owner! : ids.marco!;
    await act('admin', seeded.ownedOpen.id, 'assign', { to: newOwner });
    // …and moves to another team's category, with its location cleared.
    await call('admin', 'PATCH', `/api/requests/${seeded.ownedOpen.id}`, {
      categoryId: ids.aquatics,
      locationId: null,
    });
    // A recently confirmed request is reopened: its resolve/outcome times and closed facts go.
    await act('admin', seeded.recentlyConfirmed, 'reopen', { reason: 'Still broken' });
    await act('admin', toCancel!.id, 'cancel', { reason: 'Duplicate' });

    // Wednesday: direct assignment, then a reassignment of an owned request.
    clock.advance(2 * DAY);
    await act('admin', c, 'assign', { to: ids.owner });
    clock.advance(DAY);
    await act('admin', a, 'assign', { to: ids.marco });
    // Category (another team) and location change on an owned, open request.
    await call('staff', 'PATCH', `/api/requests/${a}`, {
      categoryId: ids.aquatics,
      locationId: ids.studioA,
    });
    // Escalation that assigns (ownership by escalation) and raises priority (target moves).
    await act('admin', d, 'escalate', {
      note: 'Members queueing',
      priority: 'high',
      assignTo: ids.owner,
    });
    await act('lead', e, 'escalate', { note: 'Safety', priority: 'urgent' });
    // Dana commits to a follow-up on e, then resolves it; nobody confirms (auto-confirm later).
    await act('owner', e, 'follow-up', { at: later(2 * DAY).toISOString() });
    clock.advance(2 * HOUR);
    await act('owner', e, 'resolve', { summary: 'Bolts tightened' });

    // Week 2: waiting and a missed follow-up (only the admin acts before it is due).
    clock.advance(5 * DAY);
    await act('marco', a, 'wait', {
      note: 'Part ordered',
      nextFollowUpAt: later(2 * DAY).toISOString(),
    });
    await act('admin', c, 'nudge', { note: 'Any news?', nextFollowUpAt: later(DAY).toISOString() });
    // Handoffs: b's is completed on time, d's only after its expected-by.
    const hb = await handoff(b, later(2 * DAY));
    const hd = await handoff(d, later(DAY));
    clock.advance(DAY);
    await completeHandoff(b, hb);
    clock.advance(2 * DAY);
    await completeHandoff(d, hd);
    await act('admin', a, 'start', { note: 'Part arrived' });
    await act('admin', a, 'resolve', { summary: 'Belt replaced' });
    await act('owner', b, 'resolve', { summary: 'Display swapped' });
    await act('owner', d, 'resolve', { summary: 'Reader cleaned' });
    await act('owner', c, 'resolve', { summary: 'Driver reinstalled' });
    await act('admin', seeded.recentlyConfirmed, 'resolve', { summary: 'Fixed properly' });

    // Still week 2: the requester confirms (with and without a rating), an admin on behalf.
    clock.advance(HOUR);
    await act('staff', a, 'confirm', { rating: 3 });
    await act('staff', b, 'confirm', { rating: 5, note: 'Thanks' });
    await act('admin', d, 'confirm', { note: 'Requester said so at the desk' });
    await act('staff', c, 'confirm', {});

    // Week 3: c reopened from closed, resolved and confirmed again in another week.
    clock.advance(4 * DAY);
    await act('staff', c, 'reopen', { reason: 'Offline again' });
    await act('owner', c, 'resolve', { summary: 'New cable' });
    clock.advance(DAY);
    await act('staff', c, 'confirm', { rating: 4 });
    // …reopened from closed a second time the next day, and once more from resolved, before
    // anyone confirms: its resolve time moves again.
    clock.advance(DAY);
    await act('staff', c, 'reopen', { reason: 'Offline yet again' });
    await act('owner', c, 'resolve', { summary: 'Replaced the printer' });
    clock.advance(2 * HOUR);
    await act('staff', c, 'reopen', { reason: 'The new one is offline too' });
    await act('owner', c, 'resolve', { summary: 'Network port fixed' });

    // Week 4: the quiet period has passed for e, c, the reopened seed request and any seeded
    // request left resolved; auto-confirm closes them, dated when their quiet period ended.
    clock.advance(7 * DAY);
    const autoConfirmed = await runAutoConfirm(database.db, {
      now: clock.now(),
      days: AUTO_CONFIRM_DAYS,
    });
    expect(autoConfirmed).toBeGreaterThanOrEqual(3);
    await catchUpFigures(database);

    // The projector did its work: each new request is closed with the level its story earns
    // (so every branch of the level rules ran), with its three durations.
    const facts = rowsOf<{
      request_id: string;
      level: string;
      done: boolean;
      reopened: boolean;
      n: number;
    }>(
      await database.db.execute(sql`select f.request_id, f.level, f.done, f.reopened,
          (select count(*)::int from figure_durations d where d.request_id = f.request_id) as n
        from figure_requests f
        where f.request_id in (${a}, ${b}, ${c}, ${d}, ${e}, ${toCancel!.id}, ${seeded.recentlyConfirmed})`),
    );
    const factOf = (id: string) => facts.find((f) => f.request_id === id);
    expect(factOf(a)).toMatchObject({ level: 'commoditized', done: true, n: 3 }); // missed follow-up
    expect(factOf(b)).toMatchObject({ level: 'differentiated', done: true, n: 3 });
    expect(factOf(c)).toMatchObject({ level: 'commoditized', done: true, n: 3 }); // reopened three times
    expect(factOf(d)).toMatchObject({ level: 'commoditized', done: true, n: 3 }); // late handoff
    expect(factOf(e)).toMatchObject({ level: 'competitive', done: true, n: 3 }); // auto-confirmed
    expect(factOf(toCancel!.id)).toMatchObject({ level: 'commoditized', done: false });
    // Its level depends on the seed's history; closed again, now as reopened.
    expect(factOf(seeded.recentlyConfirmed)).toMatchObject({ done: true, reopened: true });

    const { incremental, rebuilt } = await incrementalThenRebuilt();

    // Not trivially equal: there are figures, and the actions changed every table.
    for (const table of figureTables) {
      expect(incremental[table].length, table).toBeGreaterThan(0);
      // The teams' category sets change only when a category moves team.
      if (table !== 'figure_team_sets') {
        expect(incremental[table], table).not.toEqual(afterSeed[table]);
      }
    }

    expect(differences(incremental, rebuilt)).toEqual({
      figure_durations: { onlyIncremental: [], onlyRebuilt: [] },
      figure_weeks: { onlyIncremental: [], onlyRebuilt: [] },
      figure_week_buckets: { onlyIncremental: [], onlyRebuilt: [] },
      figure_requests: { onlyIncremental: [], onlyRebuilt: [] },
      figure_request_events: { onlyIncremental: [], onlyRebuilt: [] },
      figure_days: { onlyIncremental: [], onlyRebuilt: [] },
      figure_team_sets: { onlyIncremental: [], onlyRebuilt: [] },
      figure_team_weeks: { onlyIncremental: [], onlyRebuilt: [] },
    });
    expect(incremental).toEqual(rebuilt);
  });

  it('after two requests close at the same moment', async () => {
    // Start from the record, so what the first test left cannot show up here.
    await database.db.execute(sql`select figures_rebuild()`);
    // Same team, same day: both writers touch the same week and day rows.
    const pairs: [string, string][] = [];
    for (let i = 0; i < 3; i++) {
      const x = await create('staff', { title: `Locker ${i} stuck`, categoryId: ids.facilities! });
      const y = await create('staff', {
        title: `Bench ${i} wobbles`,
        categoryId: ids.equipment!,
        locationId: ids.fitnessFloor!,
      });
      await act('owner', x, 'take');
      await act('owner', y, 'accept');
      clock.advance(HOUR);
      await act('owner', x, 'resolve', { summary: 'Oiled' });
      await act('owner', y, 'resolve', { summary: 'Tightened' });
      pairs.push([x, y]);
    }
    clock.advance(DAY);
    const before = await snapshot(database);
    // Each round closes two requests in two transactions at once.
    for (const [x, y] of pairs) {
      await Promise.all([
        act('staff', x, 'confirm', { rating: 4 }),
        act('admin', y, 'confirm', { note: 'Confirmed by phone' }),
      ]);
    }
    // Then two reopens at once, and a cancellation alongside a resolve.
    const [x0, y0] = pairs[0]!;
    await Promise.all([
      act('staff', x0, 'reopen', { reason: 'Stuck again' }),
      act('staff', y0, 'reopen', { reason: 'Wobbles again' }),
    ]);
    await Promise.all([
      act('owner', x0, 'cancel', { reason: 'Locker removed' }),
      act('owner', y0, 'resolve', { summary: 'New bolts' }),
    ]);

    const { incremental, rebuilt } = await incrementalThenRebuilt();
    expect(incremental.figure_requests).not.toEqual(before.figure_requests);
    expect(differences(incremental, rebuilt)).toEqual({
      figure_durations: { onlyIncremental: [], onlyRebuilt: [] },
      figure_weeks: { onlyIncremental: [], onlyRebuilt: [] },
      figure_week_buckets: { onlyIncremental: [], onlyRebuilt: [] },
      figure_requests: { onlyIncremental: [], onlyRebuilt: [] },
      figure_request_events: { onlyIncremental: [], onlyRebuilt: [] },
      figure_days: { onlyIncremental: [], onlyRebuilt: [] },
      figure_team_sets: { onlyIncremental: [], onlyRebuilt: [] },
      figure_team_weeks: { onlyIncremental: [], onlyRebuilt: [] },
    });
    expect(incremental).toEqual(rebuilt);
  });
});
