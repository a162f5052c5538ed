import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../server/src/db/types';
import { DAY, HOUR, makeTestApp, signIn, type TestApp, type TestClock } from '../support/app';
import { makeCategory, makeOrg, makePerson, makeTeam } from '../support/factories';

let app: TestApp;
let db: Db;
let clock: TestClock;
let org: Awaited<ReturnType<typeof makeOrg>>;
let aquatics: { id: string };
const c: Record<string, string> = {};

beforeEach(async () => {
  const t = await makeTestApp();
  ({ app, db, clock } = t);
  org = await makeOrg(db);
  const aquaLead = await makePerson(db, { name: 'Ava Aquatics', role: 'lead' });
  const team = await makeTeam(db, { name: 'Aquatics', leads: [aquaLead.id] });
  aquatics = await makeCategory(db, { teamId: team.id, name: 'Pool' });
  c.staff = await signIn(app, org.staff.email);
  c.owner = await signIn(app, org.owner.email);
  c.lead = await signIn(app, org.lead.email);
  c.admin = await signIn(app, org.admin.email);
  c.aqua = await signIn(app, aquaLead.email);
});
afterEach(() => app.close());

async function log(categoryId: string, title: string, priority = 'normal') {
  const res = await app.inject({
    method: 'POST',
    url: '/api/requests',
    headers: { cookie: c.staff! },
    payload: { title, desiredOutcome: 'Fixed', categoryId, priority },
  });
  clock.advance(1000);
  return res.json() as { id: string; key: string };
}

const queue = async (who: string, qs = '') => {
  const res = await app.inject({ url: `/api/review/stalled${qs}`, headers: { cookie: c[who]! } });
  return res;
};
const keysOf = (body: { groups: { items: { request: { key: string } }[] }[] }) =>
  body.groups.flatMap((g) => g.items.map((i) => i.request.key));

describe('GET /api/review/stalled', () => {
  it('is refused to staff with 403', async () => {
    const res = await queue('staff');
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('FORBIDDEN');
  });

  it('shows a lead only their teams’ requests, and an admin all', async () => {
    const facility = await log(org.facilities.id, 'Door sticks');
    const pool = await log(aquatics.id, 'Pool cold');
    clock.advance(2 * DAY);
    expect(keysOf((await queue('lead')).json())).toEqual([facility.key]);
    expect(keysOf((await queue('aqua')).json())).toEqual([pool.key]);
    expect(keysOf((await queue('admin')).json()).sort()).toEqual([facility.key, pool.key].sort());
  });

  it('shows a lead only requests they may act on: a member’s work for another team is that team’s lead’s', async () => {
    // Dana (a Facilities member) owns a pool request (Aquatics routes it).
    const pool = await log(aquatics.id, 'Pool filter noisy');
    await app.inject({
      method: 'POST',
      url: `/api/requests/${pool.key}/take`,
      headers: { cookie: c.owner! },
      payload: {},
    });
    const facility = await log(org.facilities.id, 'Door sticks');
    clock.advance(8 * DAY);
    const lee = keysOf((await queue('lead')).json());
    expect(lee).toEqual([facility.key]);
    expect(keysOf((await queue('aqua')).json())).toEqual([pool.key]);
    // Every item in a lead's queue admits the lead's review actions.
    for (const [who, keys] of [
      ['lead', lee],
      ['aqua', [pool.key]],
    ] as const) {
      for (const key of keys) {
        const detail = await app.inject({
          url: `/api/requests/${key}`,
          headers: { cookie: c[who]! },
        });
        expect(detail.json().allowedActions).toEqual(expect.arrayContaining(['nudge', 'escalate']));
      }
    }
  });

  it('gives each item its reasons with how long overdue, grouped by owner, most severe first', async () => {
    const quiet = await log(org.equipment.id, 'Bike squeaks', 'low');
    await app.inject({
      method: 'POST',
      url: `/api/requests/${quiet.key}/accept`,
      headers: { cookie: c.owner! },
      payload: {},
    });
    const urgent = await log(org.facilities.id, 'Fire door jammed', 'urgent');
    clock.advance(8 * DAY);
    const body = (await queue('lead')).json();
    expect(body.total).toBe(2);
    expect(body.truncated).toBe(false);
    expect(
      body.groups.map((g: { owner: { name: string } | null }) => g.owner?.name ?? null),
    ).toEqual([null, 'Dana Owner']);
    const first = body.groups[0].items[0];
    expect(first.request.key).toBe(urgent.key);
    expect(first.request.stalled.map((s: { reason: string }) => s.reason)).toEqual([
      'unowned',
      'past_target',
    ]);
    // Unowned since created + 1 h (urgent ownWithin): 8 days less one hour ago.
    expect(first.overdueMinutes[0]).toBe(8 * 24 * 60 - 60);
    expect(first.severity).toBeGreaterThan(body.groups[1].items[0].severity);
    const byAge = (await queue('lead', '?sort=age')).json();
    expect(keysOf(byAge)).toEqual([quiet.key, urgent.key]);
  });

  it('keeps an item until its condition is really cleared', async () => {
    const r = await log(org.equipment.id, 'Rower seat loose');
    await app.inject({
      method: 'POST',
      url: `/api/requests/${r.key}/accept`,
      headers: { cookie: c.owner! },
      payload: {},
    });
    await app.inject({
      method: 'POST',
      url: `/api/requests/${r.key}/follow-up`,
      headers: { cookie: c.owner! },
      payload: { at: new Date(clock.current.getTime() + HOUR).toISOString() },
    });
    clock.advance(2 * HOUR);
    expect(keysOf((await queue('lead')).json())).toEqual([r.key]);
    // A nudge sets a new date: the item leaves until that date passes with no owner action.
    await app.inject({
      method: 'POST',
      url: `/api/requests/${r.key}/nudge`,
      headers: { cookie: c.lead! },
      payload: {
        note: 'Members are asking',
        nextFollowUpAt: new Date(clock.current.getTime() + HOUR).toISOString(),
      },
    });
    expect(keysOf((await queue('lead')).json())).toEqual([]);
    clock.advance(2 * HOUR);
    expect(keysOf((await queue('lead')).json())).toEqual([r.key]);
    await app.inject({
      method: 'POST',
      url: `/api/requests/${r.key}/comments`,
      headers: { cookie: c.owner! },
      payload: { body: 'Seat bolt ordered' },
    });
    expect(keysOf((await queue('lead')).json())).toEqual([]);
  });

  it('shows the last lead decision on each item, and hides items decided within N days when asked', async () => {
    const r = await log(org.equipment.id, 'Rower seat loose');
    const other = await log(org.equipment.id, 'Bike pedal squeaks');
    for (const key of [r.key, other.key]) {
      await app.inject({
        method: 'POST',
        url: `/api/requests/${key}/accept`,
        headers: { cookie: c.owner! },
        payload: {},
      });
      await app.inject({
        method: 'POST',
        url: `/api/requests/${key}/follow-up`,
        headers: { cookie: c.owner! },
        payload: { at: new Date(clock.current.getTime() + HOUR).toISOString() },
      });
    }
    clock.advance(2 * HOUR);
    type Item = { request: { key: string }; lastDecision: unknown };
    const items = async (qs = '') =>
      new Map(
        ((await queue('lead', qs)).json().groups as { items: Item[] }[])
          .flatMap((g) => g.items)
          .map((i) => [i.request.key, i.lastDecision] as const),
      );
    expect((await items()).get(r.key)).toBeNull();

    const next = new Date(clock.current.getTime() + HOUR).toISOString();
    const nudge = await app.inject({
      method: 'POST',
      url: `/api/requests/${r.key}/nudge`,
      headers: { cookie: c.lead! },
      payload: { note: 'Members are asking', nextFollowUpAt: next },
    });
    expect(nudge.statusCode).toBe(200);
    const nudgedAt = clock.current.toISOString();
    clock.advance(2 * HOUR);
    expect((await items()).get(r.key)).toEqual({
      kind: 'nudged',
      by: { id: org.lead.id, name: org.lead.name, active: true },
      at: nudgedAt,
      note: 'Members are asking',
      nextFollowUpAt: next,
    });
    expect((await items()).get(other.key)).toBeNull();

    // Decided today: hidden when the lead asks to leave out this week's decisions.
    expect([...(await items('?decidedWithin=7')).keys()]).toEqual([other.key]);
    clock.advance(8 * DAY);
    expect([...(await items('?decidedWithin=7')).keys()].sort()).toEqual([r.key, other.key].sort());

    const escalate = await app.inject({
      method: 'POST',
      url: `/api/requests/${r.key}/escalate`,
      headers: { cookie: c.lead! },
      payload: { note: 'Third week', priority: 'high' },
    });
    expect(escalate.statusCode).toBe(200);
    const escalated = (await items()).get(r.key) as { kind: string; note: string } | undefined;
    expect(escalated).toMatchObject({
      kind: 'escalated',
      note: 'Third week',
      nextFollowUpAt: null,
    });

    // The owner's own work is not a lead's decision.
    await app.inject({
      method: 'POST',
      url: `/api/requests/${other.key}/comments`,
      headers: { cookie: c.owner! },
      payload: { body: 'Looking at it' },
    });
    clock.advance(3 * DAY);
    expect((await items()).get(other.key) ?? null).toBeNull();
  });

  it('names a bad decidedWithin in a 400', async () => {
    for (const bad of ['0', '91', 'week']) {
      const res = await queue('lead', `?decidedWithin=${bad}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().errors[0].path).toBe('decidedWithin');
    }
  });

  it('names a bad sort in a 400', async () => {
    const res = await queue('lead', '?sort=loudest');
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toBe('sort');
  });
});
