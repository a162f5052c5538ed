import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../server/src/db/types';
import { DAY, makeTestApp, signIn, type TestApp } from '../support/app';
import { makeOrg, makePerson, makeTeam } from '../support/factories';

let app: TestApp;
let db: Db;
let org: Awaited<ReturnType<typeof makeOrg>>;
const c: Record<string, string> = {};

beforeEach(async () => {
  ({ app, db } = await makeTestApp());
  org = await makeOrg(db);
  // A lead of another team, to prove leading some team is not enough to share with any.
  const poolLead = await makePerson(db, { name: 'Ava Aquatics', role: 'lead' });
  await makeTeam(db, { name: 'Aquatics', leads: [poolLead.id] });
  for (const [who, person] of Object.entries({
    admin: org.admin,
    lead: org.lead,
    owner: org.owner,
    staff: org.staff,
    poolLead,
  })) {
    c[who] = await signIn(app, person.email);
  }
});
afterEach(() => app.close());

function call(who: string, method: string, url: string, payload?: unknown) {
  return app.inject({
    method: method as 'GET',
    url,
    headers: { cookie: c[who]! },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

async function save(who: string, body: Record<string, unknown>) {
  const res = await call(who, 'POST', '/api/views', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; name: string; sharedWithTeamId: string | null };
}

type Listed = {
  id: string;
  name: string;
  filters: Record<string, unknown>;
  editable: boolean;
  count: number;
  capped: boolean;
  owner: { name: string };
  sharedWithTeam: { name: string } | null;
};

async function listed(who: string): Promise<Listed[]> {
  const res = await call(who, 'GET', '/api/views');
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items;
}

/** A request logged by staff in a category, optionally taken by `taker`. */
async function logRequest(title: string, categoryId: string, taker?: string) {
  const res = await call('staff', 'POST', '/api/requests', {
    title,
    desiredOutcome: `${title}: fixed`,
    categoryId,
  });
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().id as string;
  if (taker) {
    const taken = await call(taker, 'POST', `/api/requests/${id}/take`, {});
    expect(taken.statusCode, taken.body).toBe(200);
  }
  return id;
}

function expectField(
  res: { statusCode: number; json: () => unknown },
  status: number,
  path: string,
) {
  expect(res.statusCode).toBe(status);
  const body = res.json() as { code: string; errors?: { path: string }[] };
  expect(body.errors?.map((e) => e.path)).toContain(path);
  return body;
}

describe('POST /api/views', () => {
  it('saves filters under a name, kept as lists, and lists them for their owner only', async () => {
    const res = await call('staff', 'POST', '/api/views', {
      name: '  Stalled equipment ',
      filters: { status: 'open', category: org.equipment.id, stalled: 'true', sort: 'target' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const view = res.json();
    expect(view).toEqual({
      id: expect.any(String),
      name: 'Stalled equipment',
      filters: { status: ['open'], category: [org.equipment.id], stalled: 'true', sort: 'target' },
      ownerId: org.staff.id,
      sharedWithTeamId: null,
      createdAt: '2026-03-02T09:00:00.000Z',
      updatedAt: '2026-03-02T09:00:00.000Z',
    });
    expect(res.headers.location).toBe(`/api/views/${view.id}`);
    expect(await listed('staff')).toMatchObject([
      { id: view.id, editable: true, owner: { name: 'Sam Staff' }, sharedWithTeam: null },
    ]);
    expect(await listed('owner')).toEqual([]);
    expect(await listed('admin')).toEqual([]);
  });

  it('refuses bad bodies with 400 naming the field', async () => {
    expectField(await call('staff', 'POST', '/api/views', { filters: {} }), 400, 'name');
    expectField(
      await call('staff', 'POST', '/api/views', { name: '   ', filters: {} }),
      400,
      'name',
    );
    expectField(
      await call('staff', 'POST', '/api/views', { name: 'x'.repeat(81), filters: {} }),
      400,
      'name',
    );
    expectField(await call('staff', 'POST', '/api/views', { name: 'Mine' }), 400, 'filters');
    expectField(
      await call('staff', 'POST', '/api/views', { name: 'Mine', filters: { status: 'lost' } }),
      400,
      'filters.status',
    );
    expectField(
      await call('staff', 'POST', '/api/views', { name: 'Mine', filters: { owner: 'them' } }),
      400,
      'filters.owner',
    );
    expectField(
      await call('staff', 'POST', '/api/views', {
        name: 'Mine',
        filters: {},
        sharedWithTeamId: 'facilities',
      }),
      400,
      'sharedWithTeamId',
    );
    const unknownTeam = expectField(
      await call('admin', 'POST', '/api/views', {
        name: 'Mine',
        filters: {},
        sharedWithTeamId: '00000000-0000-4000-8000-000000000000',
      }),
      400,
      'sharedWithTeamId',
    );
    expect(unknownTeam.code).toBe('VALIDATION_FAILED');
    expect(await listed('staff')).toEqual([]);
  });

  it('refuses unknown fields, in the body and among the filters', async () => {
    const extra = expectField(
      await call('staff', 'POST', '/api/views', { name: 'Mine', filters: {}, colour: 'green' }),
      400,
      'colour',
    );
    expect(extra.code).toBe('VALIDATION_FAILED');
    // Paging is not part of a view.
    expectField(
      await call('staff', 'POST', '/api/views', { name: 'Mine', filters: { limit: 10 } }),
      400,
      'filters.limit',
    );
    expectField(
      await call('staff', 'POST', '/api/views', { name: 'Mine', filters: { ownerId: 'me' } }),
      400,
      'filters.ownerId',
    );
  });

  it('keeps one name per person, ignoring case, while others may use it too', async () => {
    await save('staff', { name: 'Urgent', filters: { priority: 'urgent' } });
    const again = await call('staff', 'POST', '/api/views', { name: 'URGENT', filters: {} });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'NAME_TAKEN', errors: [{ path: 'name' }] });
    await save('owner', { name: 'Urgent', filters: {} });
  });

  it('lets a person keep at most 50 views', async () => {
    for (let i = 0; i < 50; i++) await save('staff', { name: `View ${i}`, filters: {} });
    const res = await call('staff', 'POST', '/api/views', { name: 'One more', filters: {} });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('VIEW_LIMIT_REACHED');
  });
});

describe('sharing a view with a team', () => {
  it('is refused to someone who leads no team, and to a lead of another team', async () => {
    const byStaff = expectField(
      await call('staff', 'POST', '/api/views', {
        name: 'Ours',
        filters: {},
        sharedWithTeamId: org.team.id,
      }),
      403,
      'sharedWithTeamId',
    );
    expect(byStaff.code).toBe('FORBIDDEN');
    // A member of the team is not its lead either.
    expectField(
      await call('owner', 'POST', '/api/views', {
        name: 'Ours',
        filters: {},
        sharedWithTeamId: org.team.id,
      }),
      403,
      'sharedWithTeamId',
    );
    expectField(
      await call('poolLead', 'POST', '/api/views', {
        name: 'Ours',
        filters: {},
        sharedWithTeamId: org.team.id,
      }),
      403,
      'sharedWithTeamId',
    );
    // Nor by changing a private view afterwards.
    const mine = await save('staff', { name: 'Mine', filters: {} });
    expectField(
      await call('staff', 'PATCH', `/api/views/${mine.id}`, { sharedWithTeamId: org.team.id }),
      403,
      'sharedWithTeamId',
    );
    expect(await listed('owner')).toEqual([]);
  });

  it('shows a lead’s shared view to the team’s members, who may not change it', async () => {
    const shared = await save('lead', {
      name: 'Facilities backlog',
      filters: { team: org.team.id },
      sharedWithTeamId: org.team.id,
    });
    expect(shared.sharedWithTeamId).toBe(org.team.id);
    expect(await listed('owner')).toMatchObject([
      {
        id: shared.id,
        editable: false,
        owner: { name: 'Lee Lead' },
        sharedWithTeam: { name: 'Facilities' },
      },
    ]);
    expect((await listed('lead'))[0]).toMatchObject({ id: shared.id, editable: true });

    const rename = await call('owner', 'PATCH', `/api/views/${shared.id}`, { name: 'Mine now' });
    expect(rename.statusCode).toBe(403);
    expect(rename.json().code).toBe('FORBIDDEN');
    expect((await call('owner', 'DELETE', `/api/views/${shared.id}`)).statusCode).toBe(403);
    expect((await listed('owner'))[0]!.name).toBe('Facilities backlog');
  });

  it('answers someone outside the team, and anyone with another’s private view, with 404', async () => {
    const shared = await save('lead', {
      name: 'Facilities backlog',
      filters: {},
      sharedWithTeamId: org.team.id,
    });
    const secret = await save('lead', { name: 'Just mine', filters: {} });
    for (const who of ['staff', 'poolLead', 'admin']) {
      expect(await listed(who)).toEqual([]);
      for (const id of [shared.id, secret.id]) {
        const patch = await call(who, 'PATCH', `/api/views/${id}`, { name: 'Taken' });
        expect(patch.statusCode, `${who} PATCH`).toBe(404);
        expect(patch.json().code).toBe('NOT_FOUND');
        expect((await call(who, 'DELETE', `/api/views/${id}`)).statusCode).toBe(404);
      }
    }
    // A team member sees the shared one but not the lead's private one.
    expect((await listed('owner')).map((v) => v.id)).toEqual([shared.id]);
    expect(
      (await call('owner', 'PATCH', `/api/views/${secret.id}`, { name: 'x' })).statusCode,
    ).toBe(404);
    // Ids that are no view's, or no id at all, are 404s too.
    expect((await call('lead', 'DELETE', '/api/views/not-an-id')).statusCode).toBe(404);
    expect(
      (await call('lead', 'DELETE', '/api/views/00000000-0000-4000-8000-000000000000')).statusCode,
    ).toBe(404);
  });

  it('lets an admin share with any team, and the owner stop sharing', async () => {
    const byAdmin = await save('admin', {
      name: 'Everything open',
      filters: { status: 'open' },
      sharedWithTeamId: org.team.id,
    });
    expect((await listed('owner')).map((v) => v.name)).toEqual(['Everything open']);
    const unshared = await call('admin', 'PATCH', `/api/views/${byAdmin.id}`, {
      sharedWithTeamId: null,
    });
    expect(unshared.statusCode, unshared.body).toBe(200);
    expect(unshared.json().sharedWithTeamId).toBeNull();
    expect(await listed('owner')).toEqual([]);
  });

  it('lets an owner who no longer leads the team still rename the shared view', async () => {
    const shared = await save('lead', { name: 'Ours', filters: {}, sharedWithTeamId: org.team.id });
    await db.execute(sql`update team_members set is_lead = false where person_id = ${org.lead.id}`);
    c.lead = await signIn(app, org.lead.email);
    const res = await call('lead', 'PATCH', `/api/views/${shared.id}`, { name: 'Still ours' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ name: 'Still ours', sharedWithTeamId: org.team.id });
  });
});

describe('PATCH and DELETE /api/views/:id', () => {
  it('renames, changes the filters, and deletes the owner’s view', async () => {
    const view = await save('staff', { name: 'Mine', filters: { owner: 'me' } });
    const res = await call('staff', 'PATCH', `/api/views/${view.id}`, {
      name: 'Mine, urgent',
      filters: { owner: 'me', priority: ['urgent', 'high'] },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      name: 'Mine, urgent',
      filters: { owner: 'me', priority: ['urgent', 'high'] },
    });
    expectField(await call('staff', 'PATCH', `/api/views/${view.id}`, {}), 400, '');
    expectField(
      await call('staff', 'PATCH', `/api/views/${view.id}`, { name: 'x', owner: 'me' }),
      400,
      'owner',
    );
    const gone = await call('staff', 'DELETE', `/api/views/${view.id}`);
    expect(gone.statusCode).toBe(204);
    expect(await listed('staff')).toEqual([]);
    expect((await call('staff', 'DELETE', `/api/views/${view.id}`)).statusCode).toBe(404);
  });
});

describe('GET /api/views counts', () => {
  it('counts what the list shows for the same filters, with “me” as the caller', async () => {
    await logRequest('Treadmill belt', org.equipment.id);
    await logRequest('Bike squeaks', org.equipment.id);
    await logRequest('Door sticks', org.facilities.id, 'owner');
    await logRequest('Light out', org.facilities.id, 'lead');
    const closed = await logRequest('Leak', org.facilities.id, 'owner');
    await call('owner', 'POST', `/api/requests/${closed}/cancel`, { reason: 'Duplicate' });

    const views = [
      await save('lead', {
        name: 'My open',
        filters: { owner: 'me' },
        sharedWithTeamId: org.team.id,
      }),
      await save('lead', { name: 'Equipment', filters: { category: org.equipment.id } }),
      await save('lead', { name: 'Everything', filters: {} }),
      await save('lead', { name: 'Open, by search', filters: { status: 'open', q: 'door' } }),
    ];
    const countOf = (items: Listed[], id: string) => items.find((v) => v.id === id)!;
    const forLead = await listed('lead');
    expect(countOf(forLead, views[0]!.id)).toMatchObject({ count: 1, capped: false });
    expect(countOf(forLead, views[1]!.id)).toMatchObject({ count: 2, capped: false });
    expect(countOf(forLead, views[2]!.id)).toMatchObject({ count: 5, capped: false });
    expect(countOf(forLead, views[3]!.id)).toMatchObject({ count: 1, capped: false });
    // The shared "My open" counts the member's own requests, not the lead's.
    const forOwner = await listed('owner');
    expect(forOwner.map((v) => [v.name, v.count])).toEqual([['My open', 2]]);

    // Each count is the size of the list the view opens.
    for (const view of forLead) {
      const query = new URLSearchParams();
      for (const [k, v] of Object.entries(view.filters)) {
        for (const item of [v].flat()) query.append(k, String(item));
      }
      const list = await call('lead', 'GET', `/api/requests?${query}&limit=200`);
      expect(list.statusCode, list.body).toBe(200);
      expect(list.json().items.length, view.name).toBe(view.count);
    }
  });

  it('stops counting at 1000 and says so', async () => {
    await db.execute(sql`
      insert into requests (title, desired_outcome, category_id, requester_id, target_at)
      select 'Locker ' || g, 'Locker works', ${org.facilities.id}::uuid, ${org.staff.id}::uuid,
        ${new Date(Date.parse('2026-03-02T09:00:00Z') + 7 * DAY).toISOString()}::timestamptz
      from generate_series(1, 1001) g`);
    await save('staff', { name: 'Facilities', filters: { category: org.facilities.id } });
    await save('staff', { name: 'Locker 7', filters: { q: 'REQ-7' } });
    expect((await listed('staff')).map((v) => [v.name, v.count, v.capped])).toEqual([
      ['Facilities', 1000, true],
      ['Locker 7', 1, false],
    ]);
  });

  it('counts nothing for filters that cannot match', async () => {
    await logRequest('Treadmill belt', org.equipment.id);
    await save('staff', {
      name: 'Closed and stalled',
      filters: { status: 'closed', stalled: 'true' },
    });
    expect((await listed('staff'))[0]).toMatchObject({ count: 0, capped: false });
  });
});
