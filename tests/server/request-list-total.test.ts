import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../server/src/db/types';
import type { SignedInPerson } from '../../server/src/modules/auth/auth.types';
import { listTotal } from '../../server/src/modules/requests/requests.service';
import { makeTestApp, signIn, type TestApp, type TestClock } from '../support/app';
import { makeLocation, makeOrg } from '../support/factories';

let app: TestApp;
let db: Db;
let clock: TestClock;
let org: Awaited<ReturnType<typeof makeOrg>>;
let staff: string;
let owner: string;
let lead: string;

beforeEach(async () => {
  const t = await makeTestApp();
  ({ app, db, clock } = t);
  org = await makeOrg(db);
  staff = await signIn(app, org.staff.email);
  owner = await signIn(app, org.owner.email);
  lead = await signIn(app, org.lead.email);
});
afterEach(() => app.close());

const create = async (cookie: string, over: Record<string, unknown> = {}) => {
  const res = await app.inject({
    method: 'POST',
    url: '/api/requests',
    headers: { cookie },
    payload: {
      title: 'Treadmill belt slips',
      desiredOutcome: 'Members can run again',
      categoryId: org.equipment.id,
      locationId: org.floor.id,
      ...over,
    },
  });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string; key: string };
};

const list = (cookie: string, query: string) =>
  app.inject({ method: 'GET', url: `/api/requests?${query}`, headers: { cookie } });

describe('GET /api/requests total', () => {
  it('is absent unless asked for, and exact for a small list', async () => {
    await create(staff);
    await create(staff);
    await create(lead);
    const plain = await list(staff, 'status=open');
    expect(plain.statusCode).toBe(200);
    expect(plain.json().total).toBeUndefined();
    const counted = await list(staff, 'status=open&count=true&limit=1');
    expect(counted.json().items).toHaveLength(1);
    expect(counted.json().total).toEqual({ count: 3, exact: true });
  });

  it('follows the same filters as the list', async () => {
    const pool = await makeLocation(db, { name: 'Pool' });
    await create(staff);
    await create(staff, { locationId: pool.id });
    await create(lead, { locationId: pool.id });
    const byLocation = await list(staff, `count=true&location=${pool.id}`);
    expect(byLocation.json().items).toHaveLength(2);
    expect(byLocation.json().total).toEqual({ count: 2, exact: true });
    const byRequester = await list(staff, `count=true&location=${pool.id}&requester=me`);
    expect(byRequester.json().total).toEqual({ count: 1, exact: true });
    const byTeam = await list(staff, `count=true&team=${org.team.id}`);
    expect(byTeam.json().total).toEqual({ count: 3, exact: true });
    const none = await list(staff, 'count=true&status=closed');
    expect(none.json().total).toEqual({ count: 0, exact: true });
  });

  it('refuses a count that is not true or false with a 400 naming it', async () => {
    const res = await list(staff, 'count=yes');
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toContain('count');
  });

  it('past the exact limit is the planner estimate, marked not exact and above the limit', async () => {
    for (let i = 0; i < 4; i++) await create(staff);
    const person = { id: org.staff.id } as SignedInPerson;
    const exact = await listTotal(db, { status: ['open'] }, person, clock.now(), 4);
    expect(exact).toEqual({ count: 4, exact: true });
    const estimated = await listTotal(db, { status: ['open'] }, person, clock.now(), 2);
    expect(estimated.exact).toBe(false);
    expect(estimated.count).toBeGreaterThanOrEqual(3);
    // Nothing matches: counted, so exact whatever the limit.
    expect(await listTotal(db, { status: ['closed'] }, person, clock.now(), 2)).toEqual({
      count: 0,
      exact: true,
    });
  });
});

describe('GET /api/requests q by person name', () => {
  it('finds requests by the requester or the owner name as well as by text', async () => {
    const mine = await create(staff, { title: 'Sauna heater cold' });
    // Dana logs one in her own category and so owns it.
    const danas = await create(owner, { title: 'Locker hinge loose' });
    const keysFor = async (q: string) =>
      (
        (await list(lead, `q=${encodeURIComponent(q)}&count=true`)).json() as {
          items: { key: string }[];
        }
      ).items.map((r) => r.key);
    expect(await keysFor('sam staff')).toEqual([mine.key]);
    expect(await keysFor('Dana')).toEqual([danas.key]);
    expect(await keysFor('sauna')).toEqual([mine.key]);
    expect(await keysFor('nobody-by-this-name')).toEqual([]);
    // LIKE wildcards in q are taken literally.
    expect(await keysFor('%')).toEqual([]);
    const total = (await list(lead, 'q=staff&count=true')).json().total;
    expect(total).toEqual({ count: 1, exact: true });
  });
});
