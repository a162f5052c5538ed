import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../server/src/db/types';
import { makeTestApp, signIn, type TestApp } from '../support/app';
import { makeLocation, makeOrg } from '../support/factories';
import { decodeQrSvg } from '../support/qr';

let app: TestApp;
let db: Db;
let org: Awaited<ReturnType<typeof makeOrg>>;
const c: Record<string, string> = {};

beforeEach(async () => {
  ({ app, db } = await makeTestApp({ PUBLIC_URL: 'https://desk.example.org' }));
  org = await makeOrg(db);
  c.admin = await signIn(app, org.admin.email);
  c.staff = await signIn(app, org.staff.email);
});
afterEach(() => app.close());

const call = (who: string | null, method: string, url: string, payload?: unknown) =>
  app.inject({
    method: method as 'GET',
    url,
    headers: who ? { cookie: c[who]! } : {},
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

async function ok<T = Record<string, unknown>>(
  who: string,
  method: string,
  url: string,
  payload?: unknown,
  status = 200,
): Promise<T> {
  const res = await call(who, method, url, payload);
  expect(res.statusCode, res.body).toBe(status);
  return res.json() as T;
}

const treadmill = () => ({
  name: 'Treadmill #3',
  tag: 'TM-03',
  locationId: org.floor.id,
  categoryId: org.equipment.id,
});

describe('Assets', () => {
  it('admins register and change assets; everyone reads them, by text or location; each change is audited', async () => {
    const tm = await ok<{ id: string; tag: string; active: boolean }>(
      'admin',
      'POST',
      '/api/assets',
      treadmill(),
      201,
    );
    expect(tm).toMatchObject({ tag: 'TM-03', active: true, locationId: org.floor.id });
    const pool = await makeLocation(db, { name: 'Pool deck' });
    await ok(
      'admin',
      'POST',
      '/api/assets',
      { name: 'Pool drain', tag: 'PD-1', locationId: pool.id },
      201,
    );

    const all = await ok<{ tag: string }[]>('staff', 'GET', '/api/assets');
    expect(all.map((a) => a.tag)).toEqual(['PD-1', 'TM-03']);
    expect(
      (await ok<{ tag: string }[]>('staff', 'GET', '/api/assets?q=tread')).map((a) => a.tag),
    ).toEqual(['TM-03']);
    expect(
      (await ok<{ tag: string }[]>('staff', 'GET', '/api/assets?q=tm-0')).map((a) => a.tag),
    ).toEqual(['TM-03']);
    expect(
      (await ok<{ tag: string }[]>('staff', 'GET', `/api/assets?locationId=${pool.id}`)).map(
        (a) => a.tag,
      ),
    ).toEqual(['PD-1']);

    // By id or by the label's tag, ignoring case.
    const byTag = await ok<{ id: string; figures: { requestsThisYear: number } }>(
      'staff',
      'GET',
      '/api/assets/tm-03',
    );
    expect(byTag.id).toBe(tm.id);
    expect(byTag.figures.requestsThisYear).toBe(0);

    const off = await ok<{ active: boolean }>('admin', 'PATCH', `/api/assets/${tm.id}`, {
      active: false,
    });
    expect(off.active).toBe(false);
    expect((await ok<unknown[]>('staff', 'GET', '/api/assets?active=true')).length).toBe(1);

    const audit = await ok<{ items: { entityType: string; action: string; entityId: string }[] }>(
      'admin',
      'GET',
      '/api/audit?entityType=asset',
    );
    expect(audit.items.map((e) => e.action)).toEqual(['updated', 'created', 'created']);
  });

  it('refuses what is wrong with a clear answer: taken tags, bad tags, unknown places, non-admins', async () => {
    await ok('admin', 'POST', '/api/assets', treadmill(), 201);
    const taken = await call('admin', 'POST', '/api/assets', { ...treadmill(), tag: 'tm-03' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ code: 'TAG_TAKEN', errors: [{ path: 'tag' }] });

    const spaced = await call('admin', 'POST', '/api/assets', { ...treadmill(), tag: 'TM 04' });
    expect(spaced.statusCode).toBe(400);
    expect(spaced.json().errors[0].path).toBe('tag');

    const nowhere = await call('admin', 'POST', '/api/assets', {
      ...treadmill(),
      tag: 'TM-04',
      locationId: '00000000-0000-4000-8000-000000000000',
    });
    expect(nowhere.statusCode).toBe(400);
    expect(nowhere.json().errors[0]).toEqual({ path: 'locationId', message: 'No such location' });

    const extra = await call('admin', 'POST', '/api/assets', {
      ...treadmill(),
      tag: 'TM-05',
      colour: 'red',
    });
    expect(extra.statusCode).toBe(400);

    expect(
      (await call('staff', 'POST', '/api/assets', { ...treadmill(), tag: 'TM-06' })).statusCode,
    ).toBe(403);
    expect((await call(null, 'GET', '/api/assets')).statusCode).toBe(401);
    expect((await call('staff', 'GET', '/api/assets/NO-SUCH')).statusCode).toBe(404);
    expect(
      (await call('admin', 'PATCH', '/api/assets/not-a-uuid', { active: false })).statusCode,
    ).toBe(404);
    expect((await call('admin', 'PATCH', `/api/assets/${org.floor.id}`, {})).statusCode).toBe(400);
  });

  it('imports a CSV of assets, checking every line first and importing nothing when one is wrong', async () => {
    await ok('admin', 'POST', '/api/assets', treadmill(), 201);
    const bad = await call('admin', 'POST', '/api/assets/import', {
      csv: [
        'name,tag,location,category',
        'Bike 1,BK-1,Fitness floor,Equipment',
        'Bike 2,BK-1,Fitness floor,Equipment',
        'Treadmill again,TM-03,,',
        ',BK-3,Nowhere,Plumbing',
      ].join('\n'),
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().code).toBe('IMPORT_INVALID');
    expect(bad.json().errors).toEqual([
      { path: 'line 3', message: 'tag BK-1 is also on line 2' },
      { path: 'line 4', message: 'tag TM-03 is already on another asset' },
      { path: 'line 5', message: 'name is empty' },
      { path: 'line 5', message: 'no location is named Nowhere' },
      { path: 'line 5', message: 'no category is named Plumbing' },
    ]);
    expect((await ok<unknown[]>('staff', 'GET', '/api/assets')).length).toBe(1);

    // Lines with no tag at all are named, not a server error.
    const untagged = await call('admin', 'POST', '/api/assets/import', {
      csv: 'name,tag\nBike,\n',
    });
    expect(untagged.statusCode).toBe(422);
    expect(untagged.json().errors).toEqual([{ path: 'line 2', message: 'tag is empty' }]);

    const header = await call('admin', 'POST', '/api/assets/import', { csv: 'title,code\nA,B' });
    expect(header.statusCode).toBe(422);
    expect(header.json().errors[0].path).toBe('line 1');

    const good = await ok<{ created: number }>(
      'admin',
      'POST',
      '/api/assets/import',
      {
        csv: 'name,tag,location,category\r\n"Bike 1, the blue one",BK-1,fitness floor,equipment\r\nBike 2,BK-2,,\r\n',
      },
      201,
    );
    expect(good.created).toBe(2);
    const bikes = await ok<
      { name: string; locationId: string | null; categoryId: string | null }[]
    >('staff', 'GET', '/api/assets?q=bike');
    expect(bikes).toMatchObject([
      { name: 'Bike 1, the blue one', locationId: org.floor.id, categoryId: org.equipment.id },
      { name: 'Bike 2', locationId: null, categoryId: null },
    ]);
    expect(
      (await call('staff', 'POST', '/api/assets/import', { csv: 'name,tag\nA,B' })).statusCode,
    ).toBe(403);
  });

  it('draws labels whose QR codes scan to the New request form with the asset or location set', async () => {
    const tm = await ok<{ id: string }>('admin', 'POST', '/api/assets', treadmill(), 201);
    const label = await call('staff', 'GET', `/api/assets/${tm.id}/qr.svg`);
    expect(label.statusCode).toBe(200);
    expect(label.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(label.headers['x-content-type-options']).toBe('nosniff');
    expect(decodeQrSvg(label.body)).toBe('https://desk.example.org/new?asset=TM-03');

    const room = await call('staff', 'GET', `/api/locations/${org.floor.id}/qr.svg`);
    expect(decodeQrSvg(room.body)).toBe(`https://desk.example.org/new?location=${org.floor.id}`);

    expect((await call('staff', 'GET', `/api/assets/${org.floor.id}/qr.svg`)).statusCode).toBe(404);
    expect((await call(null, 'GET', `/api/assets/${tm.id}/qr.svg`)).statusCode).toBe(401);
  });
});

describe('Requests by asset', () => {
  it('a request logged by asset takes its category and location, lists under it, and counts in its figures', async () => {
    const tm = await ok<{ id: string }>('admin', 'POST', '/api/assets', treadmill(), 201);
    const made = await ok<{
      id: string;
      category: { id: string };
      location: { id: string } | null;
      registeredAsset: { tag: string } | null;
    }>(
      'staff',
      'POST',
      '/api/requests',
      { title: 'Belt slips', desiredOutcome: 'It runs safely', assetId: tm.id },
      201,
    );
    expect(made.category.id).toBe(org.equipment.id);
    expect(made.location?.id).toBe(org.floor.id);
    expect(made.registeredAsset?.tag).toBe('TM-03');
    // What the body names wins over the asset's usual values.
    const other = await ok<{ category: { id: string } }>(
      'staff',
      'POST',
      '/api/requests',
      {
        title: 'Screen flickers',
        desiredOutcome: 'It shows the programme',
        assetId: tm.id,
        categoryId: org.facilities.id,
      },
      201,
    );
    expect(other.category.id).toBe(org.facilities.id);

    const listed = await ok<{ items: { id: string }[] }>(
      'staff',
      'GET',
      `/api/requests?asset=${tm.id}`,
    );
    expect(listed.items).toHaveLength(2);
    const detail = await ok<{ figures: { requestsThisYear: number; openNow: number } }>(
      'staff',
      'GET',
      '/api/assets/TM-03',
    );
    expect(detail.figures).toMatchObject({ requestsThisYear: 2, openNow: 2 });

    const noCategory = await call('staff', 'POST', '/api/requests', {
      title: 'x',
      desiredOutcome: 'y',
    });
    expect(noCategory.statusCode).toBe(400);
    expect(noCategory.json().errors[0].path).toBe('categoryId');
    const unknown = await call('staff', 'POST', '/api/requests', {
      title: 'x',
      desiredOutcome: 'y',
      assetId: org.floor.id,
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0]).toEqual({ path: 'assetId', message: 'No such asset' });
    await ok('admin', 'PATCH', `/api/assets/${tm.id}`, { active: false });
    const retired = await call('staff', 'POST', '/api/requests', {
      title: 'x',
      desiredOutcome: 'y',
      assetId: tm.id,
    });
    expect(retired.json().errors[0].message).toBe('This asset is no longer in use');
  });

  it('search finds requests by their asset’s name or tag, and the CSV export names the tag', async () => {
    const tm = await ok<{ id: string }>('admin', 'POST', '/api/assets', treadmill(), 201);
    const byAsset = await ok<{ key: string }>(
      'staff',
      'POST',
      '/api/requests',
      { title: 'Belt slips', desiredOutcome: 'It runs safely', assetId: tm.id },
      201,
    );
    const plain = await ok<{ key: string }>(
      'staff',
      'POST',
      '/api/requests',
      { title: 'Tap drips', desiredOutcome: 'No drip', categoryId: org.facilities.id },
      201,
    );
    for (const q of ['tm-03', 'Treadmill']) {
      const found = await ok<{ items: { key: string }[] }>(
        'staff',
        'GET',
        `/api/requests?q=${encodeURIComponent(q)}`,
      );
      expect(
        found.items.map((r) => r.key),
        q,
      ).toEqual([byAsset.key]);
    }
    const csv = await call('staff', 'GET', '/api/requests.csv');
    expect(csv.statusCode).toBe(200);
    const [head, ...lines] = csv.body.trim().split('\r\n');
    const columns = head!.split(',');
    const tagAt = columns.indexOf('asset_tag');
    expect(tagAt).toBeGreaterThan(0);
    const tags = Object.fromEntries(lines.map((l) => [l.split(',')[0], l.split(',')[tagAt]]));
    expect(tags).toEqual({ [byAsset.key]: 'TM-03', [plain.key]: '' });
  });
});
