import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rowsOf } from '../../server/src/db/raw';
import type { Db } from '../../server/src/db/types';
import { DAY, HOUR, makeTestApp, signIn, type TestApp, type TestClock } from '../support/app';
import { makeOrg, makePerson } from '../support/factories';

let app: TestApp;
let t: Awaited<ReturnType<typeof makeTestApp>>;
let db: Db;
let clock: TestClock;
let org: Awaited<ReturnType<typeof makeOrg>>;
const cookies: Record<'staff' | 'owner' | 'lead' | 'admin' | 'other', string> = {
  staff: '',
  owner: '',
  lead: '',
  admin: '',
  other: '',
};

beforeEach(async () => {
  t = await makeTestApp();
  ({ app, db, clock } = t);
  org = await makeOrg(db);
  const other = await makePerson(db, { name: 'Olive Other' });
  cookies.staff = await signIn(app, org.staff.email);
  cookies.owner = await signIn(app, org.owner.email);
  cookies.lead = await signIn(app, org.lead.email);
  cookies.admin = await signIn(app, org.admin.email);
  cookies.other = await signIn(app, other.email);
});
afterEach(() => app.close());

type Who = keyof typeof cookies;

async function logTreadmill() {
  const res = await app.inject({
    method: 'POST',
    url: '/api/requests',
    headers: { cookie: cookies.staff },
    payload: {
      title: 'Treadmill 3 belt slips',
      desiredOutcome: 'Treadmill 3 runs safely',
      categoryId: org.equipment.id,
    },
  });
  return res.json() as { id: string; key: string; version: number };
}

const act = (who: Who, key: string, action: string, payload: unknown = {}, headers = {}) =>
  app.inject({
    method: 'POST',
    url: `/api/requests/${key}/${action}`,
    headers: { cookie: cookies[who], ...headers },
    payload: payload as Record<string, unknown>,
  });

const later = (ms: number) => new Date(clock.current.getTime() + ms).toISOString();

async function owned() {
  const r = await logTreadmill();
  expect((await act('owner', r.key, 'accept')).statusCode).toBe(200);
  return r;
}

async function eventTypes(id: string) {
  return rowsOf<{ type: string }>(
    await db.execute(sql`select type from events where request_id = ${id} order by id`),
  ).map((e) => e.type);
}

/** The row agrees with its events: version counts them, reopen_count counts reopens. */
async function expectRowAgreesWithEvents(id: string) {
  const [row] = rowsOf<{ version: number; events: number; reopens: number; reopen_count: number }>(
    await db.execute(sql`select r.version, r.reopen_count,
      (select count(*)::int from events e where e.request_id = r.id) as events,
      (select count(*)::int from events e where e.request_id = r.id and e.type = 'reopened') as reopens
      from requests r where r.id = ${id}`),
  );
  expect(row!.version).toBe(row!.events);
  expect(row!.reopen_count).toBe(row!.reopens);
}

describe('ownership: take, offer, accept, decline, assign', () => {
  it('accept makes the pending owner the owner and starts the work', async () => {
    const r = await logTreadmill();
    const res = await act('owner', r.key, 'accept', { note: 'On it' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'in_progress',
      owner: { id: org.owner.id },
      pendingOwner: null,
      version: 3,
    });
    expect(res.headers.etag).toBe('"3"');
    expect(await eventTypes(r.id)).toEqual(['created', 'ownership_offered', 'ownership_accepted']);
  });

  it('only the pending owner may accept (403), and nobody when no offer is pending (409)', async () => {
    const r = await logTreadmill();
    expect((await act('other', r.key, 'accept')).statusCode).toBe(403);
    expect((await act('lead', r.key, 'accept')).statusCode).toBe(403);
    await act('owner', r.key, 'decline', { reason: 'On leave this week' });
    const res = await act('owner', r.key, 'accept');
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'ACTION_NOT_ALLOWED', state: 'new' });
    expect(res.json().allowedActions).toContain('take');
  });

  it('decline needs a reason and leaves the request unowned', async () => {
    const r = await logTreadmill();
    const bad = await act('owner', r.key, 'decline', {});
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('reason');
    const res = await act('owner', r.key, 'decline', { reason: 'Not my area' });
    expect(res.json()).toMatchObject({ owner: null, pendingOwner: null, status: 'new' });
  });

  it('take: any staff takes an unowned request; the pending offer lapses', async () => {
    const r = await logTreadmill();
    const res = await act('other', r.key, 'take');
    expect(res.json()).toMatchObject({ status: 'in_progress', pendingOwner: null });
    expect((await act('staff', r.key, 'take')).statusCode).toBe(409);
  });

  it('offer keeps the owner accountable until the new person accepts', async () => {
    const r = await owned();
    const offered = await act('owner', r.key, 'offer', { to: org.lead.id });
    expect(offered.json()).toMatchObject({
      owner: { id: org.owner.id },
      pendingOwner: { id: org.lead.id },
    });
    const accepted = await act('lead', r.key, 'accept');
    expect(accepted.json()).toMatchObject({ owner: { id: org.lead.id }, pendingOwner: null });
  });

  it('offers go only to active people, and staff may not offer what someone owns', async () => {
    const r = await owned();
    const gone = await makePerson(db, { active: false, name: 'Gone Person' });
    const res = await act('owner', r.key, 'offer', { to: gone.id });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toEqual({ path: 'to', message: 'Gone Person is deactivated' });
    expect((await act('other', r.key, 'offer', { to: org.lead.id })).statusCode).toBe(403);
  });

  it('assign is for leads and admins, and changes the owner at once', async () => {
    const r = await owned();
    expect((await act('owner', r.key, 'assign', { to: org.staff.id })).statusCode).toBe(403);
    const res = await act('lead', r.key, 'assign', {
      to: org.staff.id,
      note: 'Sam knows this one',
    });
    expect(res.json().owner.id).toBe(org.staff.id);
    expect(await eventTypes(r.id)).toContain('ownership_assigned');
  });
});

describe('working: wait, start, follow-up', () => {
  it('wait needs a note and a future follow-up; start returns to in progress', async () => {
    const r = await owned();
    const missing = await act('owner', r.key, 'wait', { note: 'Parts' });
    expect(missing.json().errors[0].path).toBe('nextFollowUpAt');
    const past = await act('owner', r.key, 'wait', { note: 'Parts', nextFollowUpAt: later(-HOUR) });
    expect(past.statusCode).toBe(400);
    expect(past.json().errors[0]).toEqual({
      path: 'nextFollowUpAt',
      message: 'Must be in the future',
    });
    const ok = await act('owner', r.key, 'wait', {
      note: 'Belt on order',
      nextFollowUpAt: later(2 * DAY),
    });
    expect(ok.json()).toMatchObject({ status: 'waiting', nextFollowUpAt: later(2 * DAY) });
    expect(
      (await act('owner', r.key, 'wait', { note: 'x', nextFollowUpAt: later(DAY) })).statusCode,
    ).toBe(409);
    expect((await act('owner', r.key, 'start')).json().status).toBe('in_progress');
  });

  it('a missed follow-up shows as stalled until the owner acts', async () => {
    const r = await owned();
    await act('owner', r.key, 'follow-up', { at: later(DAY), note: 'Call the vendor' });
    clock.advance(DAY + HOUR);
    const stalled = (
      await app.inject({ url: `/api/requests/${r.key}`, headers: { cookie: cookies.staff } })
    ).json();
    expect(stalled.stalled.map((s: { reason: string }) => s.reason)).toEqual(['follow_up_overdue']);
    await act('owner', r.key, 'comments', { body: 'Vendor comes Monday' });
    const after = (
      await app.inject({ url: `/api/requests/${r.key}`, headers: { cookie: cookies.staff } })
    ).json();
    expect(after.stalled).toEqual([]);
  });
});

describe('handoffs', () => {
  it('an open handoff blocks resolve with 409 HANDOFF_OPEN until it is done', async () => {
    const r = await owned();
    const created = await app.inject({
      method: 'POST',
      url: `/api/requests/${r.key}/handoffs`,
      headers: { cookie: cookies.owner },
      payload: { to: 'Maintenance', ask: 'Replace the belt', expectedBy: later(2 * DAY) },
    });
    expect(created.statusCode).toBe(201);
    const h = created.json();
    expect(h).toMatchObject({ to: 'Maintenance', status: 'open', overdue: false });

    const refused = await act('owner', r.key, 'resolve', { summary: 'Fixed' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'HANDOFF_OPEN', state: 'in_progress' });
    expect(refused.json().allowedActions).not.toContain('resolve');

    clock.advance(3 * DAY);
    const overdue = (
      await app.inject({ url: `/api/requests/${r.key}`, headers: { cookie: cookies.owner } })
    ).json();
    expect(overdue.handoffs[0].overdue).toBe(true);
    expect(overdue.stalled.map((s: { reason: string }) => s.reason)).toContain('handoff_overdue');

    const done = await app.inject({
      method: 'PATCH',
      url: `/api/requests/${r.key}/handoffs/${h.id}`,
      headers: { cookie: cookies.owner },
      payload: { status: 'done', note: 'Belt replaced' },
    });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ openHandoffs: 0 });
    const again = await app.inject({
      method: 'PATCH',
      url: `/api/requests/${r.key}/handoffs/${h.id}`,
      headers: { cookie: cookies.owner },
      payload: { status: 'cancelled' },
    });
    expect(again.statusCode).toBe(409);
    expect(
      (await act('owner', r.key, 'resolve', { summary: 'Belt replaced, tested at 12 km/h' })).json()
        .status,
    ).toBe('resolved');
    await expectRowAgreesWithEvents(r.id);
  });

  it('the handoff person may complete it; other staff may not', async () => {
    const r = await owned();
    const h = (
      await app.inject({
        method: 'POST',
        url: `/api/requests/${r.key}/handoffs`,
        headers: { cookie: cookies.owner },
        payload: {
          to: 'Olive',
          toPersonId: (await signInId('other')) as string,
          ask: 'Check it',
          expectedBy: later(DAY),
        },
      })
    ).json();
    const patch = (who: Who) =>
      app.inject({
        method: 'PATCH',
        url: `/api/requests/${r.key}/handoffs/${h.id}`,
        headers: { cookie: cookies[who] },
        payload: { status: 'done' },
      });
    expect((await patch('staff')).statusCode).toBe(403);
    expect((await patch('other')).statusCode).toBe(200);
  });

  it('refuses a handoff without an ask, naming it', async () => {
    const r = await owned();
    const res = await app.inject({
      method: 'POST',
      url: `/api/requests/${r.key}/handoffs`,
      headers: { cookie: cookies.owner },
      payload: { to: 'Maintenance', expectedBy: later(DAY) },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toBe('ask');
  });
});

async function signInId(who: Who) {
  const me = await app.inject({ url: '/api/auth/me', headers: { cookie: cookies[who] } });
  return me.json().id as string;
}

describe('outcomes: resolve, confirm, reopen, cancel', () => {
  it('confirm is the requester’s; a lead may confirm on their behalf with a note', async () => {
    const r = await owned();
    await act('owner', r.key, 'resolve', { summary: 'Belt replaced' });
    expect((await act('owner', r.key, 'confirm')).statusCode).toBe(403);
    const noNote = await act('lead', r.key, 'confirm', {});
    expect(noNote.statusCode).toBe(400);
    expect(noNote.json().errors[0].path).toBe('note');
    const bad = await act('staff', r.key, 'confirm', { rating: 6 });
    expect(bad.json().errors[0].path).toBe('rating');
    const ok = await act('staff', r.key, 'confirm', { rating: 5, note: 'Works great' });
    expect(ok.json()).toMatchObject({ status: 'closed', closeReason: 'confirmed' });
  });

  it('the requester can reopen within the window, not after it, and not a cancelled one', async () => {
    const r = await owned();
    await act('owner', r.key, 'resolve', { summary: 'Belt replaced' });
    await act('staff', r.key, 'confirm', {});
    const reopened = await act('staff', r.key, 'reopen', { reason: 'Slipping again' });
    expect(reopened.json()).toMatchObject({
      status: 'in_progress',
      reopenCount: 1,
      closeReason: null,
    });
    await act('owner', r.key, 'resolve', { summary: 'Tensioned properly' });
    await act('staff', r.key, 'confirm', {});
    clock.advance(15 * DAY);
    // Sessions last 14 days.
    cookies.staff = await signIn(app, org.staff.email);
    cookies.owner = await signIn(app, org.owner.email);
    expect((await act('staff', r.key, 'reopen', { reason: 'Again' })).statusCode).toBe(409);
    await expectRowAgreesWithEvents(r.id);

    const c = await owned();
    await act('owner', c.key, 'cancel', { reason: 'Duplicate of REQ-1' });
    const res = await act('staff', c.key, 'reopen', { reason: 'Not a duplicate' });
    expect(res.statusCode).toBe(409);
  });

  it('cancel needs a reason and calls off open handoffs', async () => {
    const r = await owned();
    await app.inject({
      method: 'POST',
      url: `/api/requests/${r.key}/handoffs`,
      headers: { cookie: cookies.owner },
      payload: { to: 'Acme Fitness Repair', ask: 'Quote', expectedBy: later(DAY) },
    });
    expect((await act('owner', r.key, 'cancel', {})).statusCode).toBe(400);
    const res = await act('owner', r.key, 'cancel', { reason: 'Treadmill retired' });
    expect(res.json()).toMatchObject({
      status: 'closed',
      closeReason: 'cancelled',
      openHandoffs: 0,
    });
    expect(res.json().handoffs[0].status).toBe('cancelled');
    await expectRowAgreesWithEvents(r.id);
  });
});

describe('leads: nudge and escalate', () => {
  it('nudge sets a follow-up and is refused to staff', async () => {
    const r = await owned();
    expect(
      (await act('other', r.key, 'nudge', { note: 'x', nextFollowUpAt: later(DAY) })).statusCode,
    ).toBe(403);
    const res = await act('lead', r.key, 'nudge', {
      note: 'Members are asking',
      nextFollowUpAt: later(DAY),
    });
    expect(res.json().nextFollowUpAt).toBe(later(DAY));
  });

  it('escalate raises the priority, moves the target, and can assign', async () => {
    const r = await owned();
    const none = await act('lead', r.key, 'escalate', { note: 'x' });
    expect(none.statusCode).toBe(400);
    const lower = await act('lead', r.key, 'escalate', { note: 'x', priority: 'low' });
    expect(lower.json().errors[0].path).toBe('priority');
    const res = await act('lead', r.key, 'escalate', {
      note: 'Three members hurt',
      priority: 'urgent',
      assignTo: org.lead.id,
    });
    expect(res.json()).toMatchObject({ priority: 'urgent', owner: { id: org.lead.id } });
    expect(new Date(res.json().targetAt).getTime() - new Date(res.json().createdAt).getTime()).toBe(
      DAY,
    );
  });
});

describe('If-Match and concurrency', () => {
  it('answers 412 STALE_VERSION to a stale If-Match and applies a current one', async () => {
    const r = await owned();
    const stale = await act('owner', r.key, 'comments', { body: 'hi' }, { 'if-match': '"1"' });
    expect(stale.statusCode).toBe(412);
    expect(stale.json()).toMatchObject({ code: 'STALE_VERSION', currentVersion: 3 });
    const ok = await act('owner', r.key, 'comments', { body: 'hi' }, { 'if-match': '"3"' });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers.etag).toBe('"4"');
    const junk = await act('owner', r.key, 'comments', { body: 'hi' }, { 'if-match': 'yesterday' });
    expect(junk.statusCode).toBe(400);
  });

  it('applies exactly one of 20 concurrent conflicting actions; the rest get 409', async () => {
    const r = await owned();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        act('owner', r.key, 'resolve', { summary: `Attempt ${i}` }),
      ),
    );
    const codes = results.map((x) => x.statusCode).sort();
    expect(codes.filter((c) => c === 200)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(19);
    expect((await eventTypes(r.id)).filter((t) => t === 'resolved')).toHaveLength(1);
    await expectRowAgreesWithEvents(r.id);
  });

  it('with the same If-Match, exactly one of 20 concurrent comments applies; the rest get 412', async () => {
    const r = await owned();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        act('owner', r.key, 'comments', { body: `Comment ${i}` }, { 'if-match': '"3"' }),
      ),
    );
    const codes = results.map((x) => x.statusCode);
    expect(codes.filter((c) => c === 200)).toHaveLength(1);
    expect(codes.filter((c) => c === 412)).toHaveLength(19);
    await expectRowAgreesWithEvents(r.id);
  });

  it('applies every one of 20 concurrent comments without If-Match, each at a version of its own', async () => {
    const r = await owned();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        act('owner', r.key, 'comments', { body: `Comment ${i}` }),
      ),
    );
    expect(results.map((x) => x.statusCode)).toEqual(Array(20).fill(200));
    const versions = results.map((x) => Number(x.json().version));
    // Each answer shows the request at least as far as its own comment took it.
    expect(Math.max(...versions)).toBe(3 + 20);
    expect((await eventTypes(r.id)).filter((t) => t === 'comment')).toHaveLength(20);
    await expectRowAgreesWithEvents(r.id);
  });
});

describe('PATCH /api/requests/:id', () => {
  it('records each changed field and moves the target with the priority', async () => {
    const r = await owned();
    const res = await app.inject({
      method: 'PATCH',
      url: `/api/requests/${r.key}`,
      headers: { cookie: cookies.owner },
      payload: { title: 'Treadmill 3 belt slips under load', priority: 'high' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      title: 'Treadmill 3 belt slips under load',
      priority: 'high',
    });
    const events = (
      await app.inject({ url: `/api/requests/${r.key}/events`, headers: { cookie: cookies.owner } })
    ).json();
    expect(events.at(-1)).toMatchObject({
      type: 'field_changed',
      data: {
        changes: {
          title: { from: 'Treadmill 3 belt slips', to: 'Treadmill 3 belt slips under load' },
        },
      },
    });
  });

  it('refuses an empty patch, an unknown field, and other staff', async () => {
    const r = await owned();
    const patch = (who: Who, payload: Record<string, unknown>) =>
      app.inject({
        method: 'PATCH',
        url: `/api/requests/${r.key}`,
        headers: { cookie: cookies[who] },
        payload,
      });
    expect((await patch('owner', {})).statusCode).toBe(400);
    expect((await patch('owner', { status: 'closed' })).json().errors[0].path).toBe('status');
    expect((await patch('other', { title: 'Mine now' })).statusCode).toBe(403);
  });
});

describe('the wake-up', () => {
  it('notifies request_changed with the id and version of each committed change, and nothing for a refusal', async () => {
    const payloads: { id: string; version: number }[] = [];
    const stop = await t.database.listen('request_changed', (p) => payloads.push(JSON.parse(p)));
    try {
      const r = await owned();
      await act('owner', r.key, 'comments', { body: 'On it' });
      expect((await act('staff', r.key, 'resolve', { summary: 'x' })).statusCode).toBe(403);
      await expect.poll(() => payloads.length).toBeGreaterThanOrEqual(3);
      await new Promise((done) => setTimeout(done, 100));
      expect(payloads).toEqual([
        { id: r.id, version: 2 },
        { id: r.id, version: 3 },
        { id: r.id, version: 4 },
      ]);
    } finally {
      await stop();
    }
  });
});

describe('unknown requests', () => {
  it('answers 404 to an action on a request that does not exist', async () => {
    const res = await act('owner', 'REQ-404', 'take');
    expect(res.statusCode).toBe(404);
  });
});
