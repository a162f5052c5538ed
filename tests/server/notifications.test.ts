import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/src/app';
import { rowsOf } from '../../server/src/db/raw';
import type { Db } from '../../server/src/db/types';
import {
  notifyDue,
  sequenceStream,
} from '../../server/src/modules/notifications/notifications.jobs';
import {
  DAY,
  HOUR,
  makeTestApp,
  signIn,
  type TestApp,
  type TestClock,
  testConfig,
} from '../support/app';
import { secondConnection } from '../support/db';
import { makeOrg, makePerson } from '../support/factories';

let t: Awaited<ReturnType<typeof makeTestApp>>;
let app: TestApp;
let db: Db;
let clock: TestClock;
let org: Awaited<ReturnType<typeof makeOrg>>;
let other: Awaited<ReturnType<typeof makePerson>>;
const cookies = { staff: '', owner: '', lead: '', admin: '', other: '' };
type Who = keyof typeof cookies;

beforeEach(async () => {
  t = await makeTestApp();
  ({ app, db, clock } = t);
  org = await makeOrg(db);
  other = await makePerson(db, { name: 'Olive Other' });
  cookies.staff = await signIn(app, org.staff.email);
  cookies.owner = await signIn(app, org.owner.email);
  cookies.lead = await signIn(app, org.lead.email);
  cookies.admin = await signIn(app, org.admin.email);
  cookies.other = await signIn(app, other.email);
});
afterEach(() => app.close());

const later = (ms: number) => new Date(clock.current.getTime() + ms).toISOString();

async function log(categoryId = org.equipment.id) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/requests',
    headers: { cookie: cookies.staff },
    payload: {
      title: 'Treadmill 3 belt slips',
      desiredOutcome: 'Treadmill 3 runs safely',
      categoryId,
    },
  });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string; key: string; version: number };
}

async function act(who: Who, key: string, action: string, payload: object = {}) {
  const res = await app.inject({
    method: 'POST',
    url: `/api/requests/${key}/${action === 'comment' ? 'comments' : action}`,
    headers: { cookie: cookies[who] },
    payload: payload as Record<string, unknown>,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function owned() {
  const r = await log();
  await act('owner', r.key, 'accept');
  return r;
}

async function inbox(who: Who, query = '') {
  const res = await app.inject({
    url: `/api/notifications${query}`,
    headers: { cookie: cookies[who] },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as {
    items: {
      id: string;
      kind: string;
      requestKey: string;
      title: string;
      actor: { id: string; name: string } | null;
      readAt: string | null;
    }[];
    nextCursor: string | null;
    unreadCount: number;
  };
}

/** Everyone's notifications as `who:kind`, oldest first. */
async function told() {
  const names = new Map([
    [org.staff.id, 'staff'],
    [org.owner.id, 'owner'],
    [org.lead.id, 'lead'],
    [org.admin.id, 'admin'],
    [other.id, 'other'],
  ]);
  const rows = rowsOf<{ person_id: string; kind: string }>(
    await db.execute(sql`select person_id, kind from notifications order by id`),
  );
  return rows.map((r) => `${names.get(r.person_id)}:${r.kind}`);
}

describe('notifications of SPEC §13, to the right person and never the actor', () => {
  it('offer_received: logging a request offers it to the category’s default owner', async () => {
    const r = await log();
    expect(await told()).toEqual(['owner:offer_received']);
    const page = await inbox('owner');
    expect(page.unreadCount).toBe(1);
    expect(page.items[0]).toMatchObject({
      kind: 'offer_received',
      requestKey: r.key,
      title: 'Treadmill 3 belt slips',
      actor: { id: org.staff.id, name: 'Sam Staff' },
      readAt: null,
    });
    expect((await inbox('staff')).items).toEqual([]);
  });

  it('taking an unowned request tells no one', async () => {
    const r = await log(org.facilities.id);
    await act('owner', r.key, 'take');
    expect(await told()).toEqual([]);
  });

  it('assigned: a lead assigning, or escalating to someone, tells the new owner', async () => {
    const r = await log(org.facilities.id);
    await act('lead', r.key, 'assign', { to: org.owner.id });
    expect(await told()).toEqual(['owner:assigned']);
    await act('lead', r.key, 'escalate', {
      note: 'Needs a second pair of hands',
      assignTo: other.id,
    });
    expect(await told()).toEqual(['owner:assigned', 'other:assigned']);
  });

  it('nudged: a nudge or an escalation without a new owner tells the owner', async () => {
    const r = await owned();
    await act('lead', r.key, 'nudge', { note: 'Any news?', nextFollowUpAt: later(DAY) });
    await act('lead', r.key, 'escalate', { note: 'Members are asking', priority: 'high' });
    expect(await told()).toEqual(['owner:offer_received', 'owner:nudged', 'owner:nudged']);
  });

  it('confirmation_asked and reopened pass between requester and owner', async () => {
    const r = await owned();
    await act('owner', r.key, 'resolve', { summary: 'New belt fitted' });
    await act('staff', r.key, 'reopen', { reason: 'It slips again' });
    expect(await told()).toEqual([
      'owner:offer_received',
      'staff:confirmation_asked',
      'owner:reopened',
    ]);
  });

  it('handoff_received: a handoff naming a person tells them', async () => {
    const r = await owned();
    const res = await app.inject({
      method: 'POST',
      url: `/api/requests/${r.key}/handoffs`,
      headers: { cookie: cookies.owner },
      payload: {
        to: 'Olive',
        ask: 'Order a belt',
        expectedBy: later(2 * DAY),
        toPersonId: other.id,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(await told()).toEqual(['owner:offer_received', 'other:handoff_received']);
  });

  it('commented: a comment tells the owner and the requester, but not its writer', async () => {
    const r = await owned();
    await act('other', r.key, 'comment', { body: 'Treadmill 4 too' });
    await act('owner', r.key, 'comment', { body: 'Looking at both' });
    expect(await told()).toEqual([
      'owner:offer_received',
      'owner:commented',
      'staff:commented',
      'staff:commented',
    ]);
  });

  it('a deactivated person is not told', async () => {
    const r = await log(org.facilities.id);
    await db.execute(sql`update people set active = false where id = ${other.id}`);
    await act('lead', r.key, 'assign', { to: org.owner.id });
    await act('owner', r.key, 'comment', { body: 'On it' });
    expect(await told()).toEqual(['owner:assigned', 'staff:commented']);
  });

  it('a refused action tells no one', async () => {
    const r = await log();
    const res = await app.inject({
      method: 'POST',
      url: `/api/requests/${r.key}/accept`,
      headers: { cookie: cookies.other },
      payload: {},
    });
    expect(res.statusCode).toBe(403);
    expect(await told()).toEqual(['owner:offer_received']);
  });
});

describe('follow-ups and handoffs that come due', () => {
  async function due() {
    return notifyDue(db, clock.now());
  }

  it('follow_up_due: once, to the owner, when a follow-up passes unmet', async () => {
    const r = await owned();
    await due(); // the job's first look: from now on
    await act('owner', r.key, 'follow-up', { at: later(2 * HOUR) });
    clock.advance(HOUR);
    expect(await due()).toBe(0);
    clock.advance(2 * HOUR);
    expect(await due()).toBe(1);
    expect(await due()).toBe(0);
    clock.advance(DAY);
    expect(await due()).toBe(0);
    const page = await inbox('owner', '?unread=true');
    expect(page.items.map((i) => i.kind)).toEqual(['follow_up_due', 'offer_received']);
    expect(page.items[0]!.actor).toBeNull();
  });

  it('a follow-up met by an owner event after it was set tells no one', async () => {
    const r = await owned();
    await due();
    await act('owner', r.key, 'follow-up', { at: later(2 * HOUR) });
    clock.advance(HOUR);
    await act('owner', r.key, 'comment', { body: 'Called the supplier' });
    clock.advance(2 * HOUR);
    expect(await due()).toBe(0);
  });

  it('each new follow-up is its own promise', async () => {
    const r = await owned();
    await due();
    await act('owner', r.key, 'follow-up', { at: later(HOUR) });
    clock.advance(2 * HOUR);
    expect(await due()).toBe(1);
    await act('lead', r.key, 'nudge', { note: 'Try again', nextFollowUpAt: later(HOUR) });
    clock.advance(2 * HOUR);
    expect(await due()).toBe(1);
    expect((await told()).filter((k) => k === 'owner:follow_up_due')).toHaveLength(2);
  });

  it('handoff_overdue: once each to the owner and the handoff’s person', async () => {
    const r = await owned();
    await due();
    const res = await app.inject({
      method: 'POST',
      url: `/api/requests/${r.key}/handoffs`,
      headers: { cookie: cookies.owner },
      payload: { to: 'Olive', ask: 'Order a belt', expectedBy: later(DAY), toPersonId: other.id },
    });
    expect(res.statusCode).toBe(201);
    clock.advance(2 * DAY);
    expect(await due()).toBe(2);
    expect(await due()).toBe(0);
    expect((await told()).filter((k) => k.endsWith(':handoff_overdue')).sort()).toEqual([
      'other:handoff_overdue',
      'owner:handoff_overdue',
    ]);
  });

  it('is notified once with two app instances at the same moment, and not again after a restart', async () => {
    const second = await secondConnection();
    const config = testConfig();
    const app2 = await buildApp({ config, database: second, now: clock.now });
    try {
      await due();
      const keys: string[] = [];
      for (let i = 0; i < 12; i++) {
        const r = await owned();
        await act('owner', r.key, 'follow-up', { at: later(HOUR + i * 60_000) });
        keys.push(r.key);
      }
      clock.advance(2 * HOUR);
      for (let round = 0; round < 3; round++) {
        await Promise.all([
          notifyDue(app.db, clock.now()),
          notifyDue(app2.db, clock.now()),
          notifyDue(app.db, clock.now()),
        ]);
      }
      await app.close();
      // A restart: a new app on the same database looks again.
      app = await buildApp({ config, database: t.database, now: clock.now });
      await app.ready();
      await notifyDue(app.db, clock.now());
      const [n] = rowsOf<{ all: number; requests: number }>(
        await db.execute(sql`select count(*)::int as all, count(distinct request_id)::int as requests
          from notifications where kind = 'follow_up_due'`),
      );
      expect(n).toEqual({ all: 12, requests: 12 });
    } finally {
      await app2.close();
      await second.close();
    }
  });

  it('runs from the scheduler when the app starts', async () => {
    const r = await owned();
    await due();
    await act('owner', r.key, 'follow-up', { at: later(HOUR) });
    clock.advance(2 * HOUR);
    const config = testConfig({ NOTIFICATIONS_INTERVAL_MS: '50' });
    const scheduled = await buildApp({ config, database: t.database, now: clock.now });
    await scheduled.ready();
    try {
      const deadline = Date.now() + 5000;
      while (!(await told()).includes('owner:follow_up_due') && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      expect((await told()).filter((k) => k === 'owner:follow_up_due')).toHaveLength(1);
    } finally {
      await scheduled.close();
    }
  });
});

describe('GET /api/notifications and marking read', () => {
  async function many(n: number) {
    for (let i = 0; i < n; i++) await log();
  }

  it('pages newest first with a cursor, and filters unread', async () => {
    await many(5);
    const first = await inbox('owner', '?limit=2');
    expect(first.items.map((i) => i.requestKey)).toEqual(['REQ-5', 'REQ-4']);
    expect(first.unreadCount).toBe(5);
    const second = await inbox('owner', `?limit=2&cursor=${first.nextCursor}`);
    expect(second.items.map((i) => i.requestKey)).toEqual(['REQ-3', 'REQ-2']);
    const last = await inbox('owner', `?limit=2&cursor=${second.nextCursor}`);
    expect(last.items.map((i) => i.requestKey)).toEqual(['REQ-1']);
    expect(last.nextCursor).toBeNull();

    const read = await app.inject({
      method: 'POST',
      url: `/api/notifications/${first.items[0]!.id}/read`,
      headers: { cookie: cookies.owner },
    });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual({ unreadCount: 4 });
    const unread = await inbox('owner', '?unread=true');
    expect(unread.items.map((i) => i.requestKey)).toEqual(['REQ-4', 'REQ-3', 'REQ-2', 'REQ-1']);
    expect((await inbox('owner')).items[0]!.readAt).not.toBeNull();

    const all = await app.inject({
      method: 'POST',
      url: '/api/notifications/read-all',
      headers: { cookie: cookies.owner },
    });
    expect(all.json()).toEqual({ unreadCount: 0 });
    expect((await inbox('owner', '?unread=true')).items).toEqual([]);
  });

  it('another person’s notification is not found, and a bad id or cursor is a 400', async () => {
    await many(1);
    const theirs = (await inbox('owner')).items[0]!.id;
    const res = await app.inject({
      method: 'POST',
      url: `/api/notifications/${theirs}/read`,
      headers: { cookie: cookies.other },
    });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect((await inbox('owner')).unreadCount).toBe(1);
    for (const url of [
      '/api/notifications/abc/read',
      '/api/notifications/99999999999999999999/read',
    ]) {
      const bad = await app.inject({ method: 'POST', url, headers: { cookie: cookies.owner } });
      expect(bad.statusCode, url).toBe(400);
      expect(bad.json().code).toBe('VALIDATION_FAILED');
    }
    for (const q of ['?cursor=x', '?limit=0', '?limit=1000', '?unread=yes', '?extra=1']) {
      const bad = await app.inject({
        url: `/api/notifications${q}`,
        headers: { cookie: cookies.owner },
      });
      expect(bad.statusCode, q).toBe(400);
    }
  });

  it('counts unread ones up to 1000', async () => {
    const r = await log();
    await db.execute(sql`insert into notifications (person_id, kind, request_id)
      select ${org.staff.id}, 'commented', ${r.id} from generate_series(1, 1005)`);
    expect((await inbox('staff')).unreadCount).toBe(1000);
    await db.execute(sql`update notifications set read_at = now()
      where id in (select id from notifications where person_id = ${org.staff.id} limit 10)`);
    expect((await inbox('staff')).unreadCount).toBe(995);
  });

  it('is refused without a session', async () => {
    expect((await app.inject({ url: '/api/notifications' })).statusCode).toBe(401);
    const res = await app.inject({ method: 'POST', url: '/api/notifications/read-all' });
    expect(res.statusCode).toBe(401);
  });
});

describe('the live stream’s record', () => {
  it('numbers each change and each notification, densely and in order', async () => {
    const a = await log();
    const b = await log();
    const accepted = await act('owner', a.key, 'accept');
    expect(await sequenceStream(db)).toBe(5);
    const rows = rowsOf<{ seq: number; type: string; person_id: string | null; data: never }>(
      await db.execute(sql`select seq::int, type, person_id, data from stream_events order by seq`),
    );
    expect(rows.map((r) => Number(r.seq))).toEqual([1, 2, 3, 4, 5]);
    const changed = rows.filter((r) => r.type === 'request.changed');
    expect(changed.map((r) => r.data)).toEqual([
      { id: a.id, key: a.key, version: a.version },
      { id: b.id, key: b.key, version: b.version },
      { id: a.id, key: a.key, version: accepted.version },
    ]);
    const created = rows.filter((r) => r.type === 'notification.created');
    expect(
      created.map((r) => [r.person_id, (r.data as { unreadCount: number }).unreadCount]),
    ).toEqual([
      // The person's count as the batch was numbered.
      [org.owner.id, 2],
      [org.owner.id, 2],
    ]);
    expect(await sequenceStream(db)).toBe(0);
    expect(rowsOf(await db.execute(sql`select 1 from stream_queue`))).toEqual([]);
  });
});
