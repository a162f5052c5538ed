import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rowsOf } from '../../server/src/db/raw';
import type { Db } from '../../server/src/db/types';
import { comment, createRequest } from '../../server/src/domain/requests';
import { categoryFacts } from '../../server/src/modules/directory/directory.queries';
import { commitChanges, writeTransaction } from '../../server/src/modules/requests/commit';
import { DAY, HOUR, makeTestApp, signIn, type TestApp, type TestClock } from '../support/app';
import { makeCategory, makeOrg, makePerson } from '../support/factories';

let app: TestApp;
let db: Db;
let clock: TestClock;
let org: Awaited<ReturnType<typeof makeOrg>>;
let staff: string;
let owner: string;

beforeEach(async () => {
  const t = await makeTestApp();
  ({ app, db, clock } = t);
  org = await makeOrg(db);
  staff = await signIn(app, org.staff.email);
  owner = await signIn(app, org.owner.email);
});
afterEach(() => app.close());

const create = (
  cookie: string,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
) =>
  app.inject({
    method: 'POST',
    url: '/api/requests',
    headers: { cookie, ...headers },
    payload: body,
  });

const treadmill = () => ({
  title: 'Treadmill 3 belt slips',
  desiredOutcome: 'Members can run on treadmill 3 again',
  categoryId: org.equipment.id,
  locationId: org.floor.id,
  asset: 'Treadmill #3',
  description: 'The belt slips under load; unplugged and taped off.',
});

describe('POST /api/requests', () => {
  it('creates a new request with a REQ key, target and an offer to the default owner', async () => {
    const res = await create(staff, treadmill());
    expect(res.statusCode).toBe(201);
    const r = res.json();
    expect(r).toMatchObject({
      key: 'REQ-1',
      status: 'new',
      priority: 'normal',
      owner: null,
      pendingOwner: { id: org.owner.id, name: 'Dana Owner' },
      requester: { id: org.staff.id },
      version: 2,
      openHandoffs: 0,
      stalled: [],
    });
    expect(r.targetAt).toBe(new Date(clock.current.getTime() + 7 * DAY).toISOString());
    expect(res.headers.etag).toBe('"2"');
    expect(res.headers.location).toBe(`/api/requests/${r.id}`);
    expect(r.allowedActions).toEqual(expect.arrayContaining(['edit', 'take', 'offer', 'comment']));
    expect(r.allowedActions).not.toContain('resolve');

    const events = await app.inject({
      url: `/api/requests/${r.key}/events`,
      headers: { cookie: staff },
    });
    expect(events.json().map((e: { type: string }) => e.type)).toEqual([
      'created',
      'ownership_offered',
    ]);
    expect(events.json()[1]).toMatchObject({
      actor: null,
      data: { to: org.owner.id, routed: true },
    });
  });

  it('gives the default owner the request at once when they log it', async () => {
    const r = (await create(owner, treadmill())).json();
    expect(r).toMatchObject({
      status: 'in_progress',
      owner: { id: org.owner.id },
      pendingOwner: null,
    });
    expect(r.ownedAt).toBe(clock.current.toISOString());
  });

  it('leaves a request unowned when the category has no default owner', async () => {
    const r = (await create(staff, { ...treadmill(), categoryId: org.facilities.id })).json();
    expect(r).toMatchObject({ status: 'new', owner: null, pendingOwner: null });
  });

  it('does not offer to a deactivated default owner', async () => {
    const gone = await makePerson(db, { active: false });
    const cat = await makeCategory(db, { teamId: org.team.id, defaultOwnerId: gone.id });
    const r = (await create(staff, { ...treadmill(), categoryId: cat.id })).json();
    expect(r.pendingOwner).toBeNull();
  });

  it('uses the priority target: urgent is due in a day', async () => {
    const r = (await create(staff, { ...treadmill(), priority: 'urgent' })).json();
    expect(r.targetAt).toBe(new Date(clock.current.getTime() + DAY).toISOString());
  });

  it('answers 400 naming categoryId when the category does not exist', async () => {
    const res = await create(staff, {
      ...treadmill(),
      categoryId: '00000000-0000-4000-8000-000000000000',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ path: 'categoryId' }],
    });
  });

  it('answers 400 naming locationId when the location does not exist', async () => {
    const res = await create(staff, {
      ...treadmill(),
      locationId: '00000000-0000-4000-8000-000000000000',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toBe('locationId');
  });

  it('refuses a blank title and a missing desired outcome, and writes nothing', async () => {
    const res = await create(staff, { title: '   ', categoryId: org.equipment.id });
    expect(res.statusCode).toBe(400);
    expect(
      res
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['desiredOutcome', 'title']);
    const count = rowsOf<{ n: number }>(
      await db.execute(sql`select count(*)::int as n from requests`),
    );
    expect(count[0]!.n).toBe(0);
  });

  it('never reuses a key', async () => {
    const a = (await create(staff, treadmill())).json();
    await db.execute(sql`delete from events where request_id = ${a.id}`);
    await db.execute(sql`delete from notifications where request_id = ${a.id}`);
    await db.execute(sql`delete from requests where id = ${a.id}`);
    const b = (await create(staff, treadmill())).json();
    expect(b.key).toBe('REQ-2');
  });
});

describe('Idempotency-Key on POST /api/requests', () => {
  it('replays the first response for the same key and body', async () => {
    const headers = { 'idempotency-key': 'k-1' };
    const first = await create(staff, treadmill(), headers);
    const again = await create(staff, treadmill(), headers);
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    const count = rowsOf<{ n: number }>(
      await db.execute(sql`select count(*)::int as n from requests`),
    );
    expect(count[0]!.n).toBe(1);
  });

  it('answers 422 for the same key with another body', async () => {
    const headers = { 'idempotency-key': 'k-2' };
    await create(staff, treadmill(), headers);
    const res = await create(staff, { ...treadmill(), title: 'Something else' }, headers);
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('creates once when the same key arrives concurrently', async () => {
    const headers = { 'idempotency-key': 'k-3' };
    const results = await Promise.all(
      Array.from({ length: 5 }, () => create(staff, treadmill(), headers)),
    );
    expect(results.map((r) => r.statusCode)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(results.map((r) => r.json().id)).size).toBe(1);
    const count = rowsOf<{ n: number }>(
      await db.execute(sql`select count(*)::int as n from requests`),
    );
    expect(count[0]!.n).toBe(1);
  });

  it('keeps keys per person: another person may use the same key', async () => {
    const headers = { 'idempotency-key': 'shared' };
    const a = (await create(staff, treadmill(), headers)).json();
    const b = (await create(owner, treadmill(), headers)).json();
    expect(a.id).not.toBe(b.id);
  });

  it('treats a key as new after 24 hours', async () => {
    const headers = { 'idempotency-key': 'k-4' };
    const a = (await create(staff, treadmill(), headers)).json();
    clock.advance(25 * HOUR);
    const b = (await create(staff, treadmill(), headers)).json();
    expect(b.id).not.toBe(a.id);
  });
});

describe('GET /api/requests/:idOrKey', () => {
  it('finds a request by key (any case) and by id, with an ETag', async () => {
    const r = (await create(staff, treadmill())).json();
    for (const ref of [r.key, r.key.toLowerCase(), r.id]) {
      const res = await app.inject({ url: `/api/requests/${ref}`, headers: { cookie: staff } });
      expect(res.statusCode).toBe(200);
      expect(res.json().id).toBe(r.id);
      expect(res.headers.etag).toBe('"2"');
    }
  });

  it('gives the pending owner accept and decline, and others not', async () => {
    const r = (await create(staff, treadmill())).json();
    const asOwner = await app.inject({ url: `/api/requests/${r.key}`, headers: { cookie: owner } });
    expect(asOwner.json().allowedActions).toEqual(expect.arrayContaining(['accept', 'decline']));
    const asStaff = await app.inject({ url: `/api/requests/${r.key}`, headers: { cookie: staff } });
    expect(asStaff.json().allowedActions).not.toContain('accept');
  });

  it('answers 404 problems for unknown and malformed references', async () => {
    for (const ref of ['REQ-999', 'not-a-key', '00000000-0000-4000-8000-000000000000']) {
      const res = await app.inject({ url: `/api/requests/${ref}`, headers: { cookie: staff } });
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('NOT_FOUND');
    }
  });
});

describe('GET /api/requests', () => {
  async function logMany(n: number) {
    const made = [];
    for (let i = 0; i < n; i++) {
      made.push((await create(staff, { ...treadmill(), title: `Request number ${i}` })).json());
      clock.advance(60_000);
    }
    return made;
  }

  it('pages newest first with a cursor, without gaps or repeats', async () => {
    const made = await logMany(7);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/requests?limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await app.inject({ url, headers: { cookie: staff } });
      expect(res.statusCode).toBe(200);
      const page = res.json();
      seen.push(...page.items.map((i: { key: string }) => i.key));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(made.map((m) => m.key).reverse());
  });

  it('pages by priority too', async () => {
    await create(staff, { ...treadmill(), priority: 'low' });
    await create(staff, { ...treadmill(), priority: 'urgent' });
    await create(staff, { ...treadmill(), priority: 'high' });
    await create(staff, { ...treadmill(), priority: 'normal' });
    const keys: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/requests?sort=-priority&limit=1${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await app.inject({ url, headers: { cookie: staff } })).json();
      keys.push(...page.items.map((i: { priority: string }) => i.priority));
      cursor = page.nextCursor;
    } while (cursor);
    expect(keys).toEqual(['urgent', 'high', 'normal', 'low']);
  });

  it('refuses a cursor from another sort with a 400 naming it', async () => {
    await logMany(3);
    const page = (
      await app.inject({ url: '/api/requests?limit=1', headers: { cookie: staff } })
    ).json();
    const res = await app.inject({
      url: `/api/requests?limit=1&sort=target&cursor=${page.nextCursor}`,
      headers: { cookie: staff },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toBe('cursor');
    const junk = await app.inject({ url: '/api/requests?cursor=%%%', headers: { cookie: staff } });
    expect(junk.statusCode).toBe(400);
  });

  it('filters by owner, requester, status, category and priority', async () => {
    await create(staff, treadmill());
    clock.advance(1000);
    await create(owner, treadmill());
    clock.advance(1000);
    await create(staff, { ...treadmill(), categoryId: org.facilities.id, priority: 'high' });
    const q = async (qs: string, cookie = staff) =>
      (await app.inject({ url: `/api/requests?${qs}`, headers: { cookie } }))
        .json()
        .items.map((i: { key: string }) => i.key);
    expect(await q('owner=me', owner)).toEqual(['REQ-2']);
    expect(await q('owner=none')).toEqual(['REQ-3', 'REQ-1']);
    expect(await q('requester=me')).toEqual(['REQ-3', 'REQ-1']);
    expect(await q('pendingOwner=me', owner)).toEqual(['REQ-1']);
    expect(await q('pendingOwner=me')).toEqual([]);
    expect(await q('status=in_progress')).toEqual(['REQ-2']);
    expect(await q('status=open')).toEqual(['REQ-3', 'REQ-2', 'REQ-1']);
    expect(await q('status=new&status=in_progress')).toEqual(['REQ-3', 'REQ-2', 'REQ-1']);
    expect(await q(`category=${org.facilities.id}`)).toEqual(['REQ-3']);
    expect(await q('priority=high')).toEqual(['REQ-3']);
    expect(await q(`team=${org.team.id}&priority=normal`)).toEqual(['REQ-2', 'REQ-1']);
  });

  it('searches key, title, description and asset', async () => {
    await create(staff, treadmill());
    clock.advance(1000);
    await create(staff, {
      title: 'Pool heater cold',
      desiredOutcome: 'Pool at 28°C',
      categoryId: org.facilities.id,
      description: 'Thermostat reads 24 degrees',
    });
    const q = async (text: string) =>
      (
        await app.inject({
          url: `/api/requests?q=${encodeURIComponent(text)}`,
          headers: { cookie: staff },
        })
      )
        .json()
        .items.map((i: { key: string }) => i.key);
    expect(await q('treadmill')).toEqual(['REQ-1']);
    expect(await q('slipping belts')).toEqual(['REQ-1']);
    expect(await q('thermostat')).toEqual(['REQ-2']);
    expect(await q('REQ-2')).toEqual(['REQ-2']);
    expect(await q('#3')).toEqual(['REQ-1']);
    expect(await q('nothing like this')).toEqual([]);
    // While typing: the last word is a prefix, of a word or of a key.
    expect(await q('tread')).toEqual(['REQ-1']);
    expect(await q('pool hea')).toEqual(['REQ-2']);
    expect(await q('thermo')).toEqual(['REQ-2']);
    expect(await q('REQ-')).toEqual(['REQ-2', 'REQ-1']);
    expect(await q('heater tread')).toEqual([]);
  });

  it('derives stalled reasons at read time and filters on them', async () => {
    await create(staff, treadmill());
    clock.advance(1000);
    await create(staff, { ...treadmill(), categoryId: org.facilities.id });
    const stalled = async () =>
      (await app.inject({ url: '/api/requests?stalled=true', headers: { cookie: staff } })).json();
    expect((await stalled()).items).toEqual([]);

    clock.advance(DAY + HOUR);
    const page = await stalled();
    const byKey = Object.fromEntries(
      page.items.map((i: { key: string; stalled: { reason: string }[] }) => [
        i.key,
        i.stalled.map((s) => s.reason),
      ]),
    );
    expect(byKey).toEqual({
      'REQ-1': ['unowned', 'offer_unanswered'],
      'REQ-2': ['unowned'],
    });
    const offers = await app.inject({
      url: '/api/requests?reason=offer_unanswered',
      headers: { cookie: staff },
    });
    expect(offers.json().items.map((i: { key: string }) => i.key)).toEqual(['REQ-1']);

    clock.advance(7 * DAY);
    const late = await app.inject({
      url: '/api/requests?reason=past_target',
      headers: { cookie: staff },
    });
    expect(late.json().items).toHaveLength(2);
    expect(
      late.json().items[0].stalled.find((s: { reason: string }) => s.reason === 'past_target')
        .since,
    ).toBe(late.json().items[0].targetAt);
  });
});

describe('commitChanges: the one write path', () => {
  it('writes many changes in one call: new rows, further changes to them, events and versions', async () => {
    const category = await categoryFacts(db, org.equipment.id);
    const actor = { id: org.staff.id, role: 'staff' as const, leadTeamIds: [] };
    const now = clock.now();
    const ids: string[] = [randomUUID(), randomUUID(), randomUUID()];
    const creates = ids.map((id, i) => {
      const outcome = createRequest(
        { actor, now },
        { ...treadmill(), title: `Bike ${i} squeaks`, priority: 'normal' },
        { id, category, location: { active: true } },
      );
      if (!outcome.ok) throw new Error(outcome.message);
      return outcome.change;
    });
    // A generator may write a request's later changes in the same call: they fold into its row.
    const state = {
      ...creates[0]!.insert!,
      id: ids[0]!,
      teamId: category!.teamId,
      closeReason: null,
      closedAt: null,
      resolvedAt: null,
      reopenCount: 0,
      handoffs: [],
    };
    const commented = comment(
      state,
      { actor, now, settings: { reopenWindowDays: 14 } },
      {
        body: 'Still squeaking',
      },
    );
    if (!commented.ok) throw new Error(commented.message);
    const committed = await writeTransaction(db, (tx) =>
      commitChanges(tx, [...creates, commented.change]),
    );
    expect(committed.sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id))).toEqual([
      { id: ids[0], version: 3 },
      { id: ids[1], version: 2 },
      { id: ids[2], version: 2 },
    ]);
    const rows = rowsOf<{ id: string; version: number; events: number; pending: string | null }>(
      await db.execute(sql`select r.id, r.version, r.pending_owner_id as pending,
        (select count(*)::int from events e where e.request_id = r.id) as events
        from requests r order by r.number`),
    );
    expect(rows.map((r) => [r.version, r.events, r.pending])).toEqual([
      [3, 3, org.owner.id],
      [2, 2, org.owner.id],
      [2, 2, org.owner.id],
    ]);
    const read = await app.inject({ url: `/api/requests/${ids[0]}`, headers: { cookie: staff } });
    expect(read.json()).toMatchObject({ title: 'Bike 0 squeaks', version: 3, status: 'new' });
  });
});
