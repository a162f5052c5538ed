import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { queryRows } from '../../server/src/db/raw';
import type { Db } from '../../server/src/db/types';
import type { RequestRow } from '../../server/src/modules/requests/requests.mapper';
import {
  type ListFilter,
  listRequestRows,
  listSql,
} from '../../server/src/modules/requests/requests.queries';
import { makeTestApp, signIn, type TestApp, type TestClock } from '../support/app';
import { makeOrg } from '../support/factories';

// A search reads the newest rows first and then, depending on what it found there, gathers
// rare matches through the indexes or walks on. Each way must give the page a single
// unbounded statement gives: here with walks of a few rows, so every way is taken.
let app: TestApp;
let db: Db;
let clock: TestClock;
let org: Awaited<ReturnType<typeof makeOrg>>;
let staff: string;

beforeEach(async () => {
  const t = await makeTestApp();
  ({ app, db, clock } = t);
  org = await makeOrg(db);
  staff = await signIn(app, org.staff.email);
});
afterEach(() => app.close());

const titles = [
  'Treadmill belt slips',
  'Pool heater cold',
  'Treadmill screen dark',
  'Door handle loose',
  'Treadmill belt frayed',
  'Rowing machine squeaks',
  'Pool pump noisy',
  'Treadmill incline stuck',
  'Locker 12 jammed',
  'Treadmill belt torn',
  'Heater thermostat wrong',
  'Spin bike pedal',
];

async function seed() {
  const keys: string[] = [];
  for (const [i, title] of titles.entries()) {
    const res = await app.inject({
      method: 'POST',
      url: '/api/requests',
      headers: { cookie: staff },
      payload: {
        title,
        desiredOutcome: 'Working again',
        categoryId: i % 3 === 0 ? org.facilities.id : org.equipment.id,
      },
    });
    expect(res.statusCode).toBe(201);
    keys.push((res.json() as { key: string }).key);
    clock.advance(60_000);
  }
  return keys;
}

const keysOf = (rows: RequestRow[]) => rows.map((r) => `REQ-${r.number}`);

describe('search plans', () => {
  it('every way of finding the page gives the same page', async () => {
    await seed();
    const now = new Date(clock.now());
    const queries = ['treadmill', 'treadmill belt', 'tread', 'pool', 'heater', 'zzz', 'REQ-3'];
    // The requester's name matches every request they asked for.
    const requester = org.staff.name.split(' ')[0]!;
    queries.push(requester);
    const plans = [
      { walk: 2, sparse: 0 }, // walks on past the first rows
      { walk: 2, sparse: 5 }, // gathers through the indexes
      { walk: 4, sparse: 1 },
      { walk: 1000, sparse: 5 },
    ];
    let compared = 0;
    for (const q of queries) {
      for (const statuses of [undefined, ['new', 'in_progress', 'waiting'], ['in_progress']]) {
        for (const [sort, limit] of [
          ['-created', 2],
          ['-created', 3],
          ['-created', 50],
          ['priority', 3],
          ['created', 2],
          ['target', 2],
          ['-target', 3],
        ] as const) {
          const f: ListFilter = { q, sort, limit, ...(statuses ? { statuses } : {}) };
          // The reference: one statement walking the whole list in order.
          const expected = keysOf(
            await queryRows<RequestRow>(db, listSql(f, now, Number.POSITIVE_INFINITY)!),
          );
          for (const plan of plans) {
            expect(
              keysOf(await listRequestRows(db, f, now, plan)),
              `${q} ${sort} ${limit} ${plan.walk}/${plan.sparse}`,
            ).toEqual(expected);
            compared++;
          }
        }
      }
    }
    expect(compared).toBe(queries.length * 3 * 7 * plans.length);
    // And the answers are the matches, newest first.
    const all = async (q: string) =>
      keysOf(
        await listRequestRows(db, { q, sort: '-created', limit: 50 }, now, {
          walk: 2,
          sparse: 5,
        }),
      );
    expect(await all('treadmill belt')).toEqual(['REQ-10', 'REQ-5', 'REQ-1']);
    expect(await all('pool')).toEqual(['REQ-7', 'REQ-2']);
    expect(await all('REQ-3')).toEqual(['REQ-3']);
    expect(await all('zzz')).toEqual([]);
    expect((await all(requester)).length).toBe(titles.length);
  });

  it('pages on from a cursor the same way', async () => {
    await seed();
    const now = new Date(clock.now());
    const first = await listRequestRows(db, { q: 'treadmill', sort: '-created', limit: 2 }, now, {
      walk: 1,
      sparse: 0,
    });
    expect(keysOf(first)).toEqual(['REQ-10', 'REQ-8']);
    const last = first[first.length - 1]! as unknown as { created_at: Date; id: string };
    const after = [last.created_at, last.id];
    for (const plan of [
      { walk: 1, sparse: 0 },
      { walk: 1, sparse: 5 },
      { walk: 100, sparse: 5 },
    ]) {
      const next = await listRequestRows(
        db,
        { q: 'treadmill', sort: '-created', limit: 10, after },
        now,
        plan,
      );
      expect(keysOf(next)).toEqual(['REQ-5', 'REQ-3', 'REQ-1']);
    }
  });
});
