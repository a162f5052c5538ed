import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, signIn, type TestApp } from '../support/app';
import { makeOrg } from '../support/factories';

let app: TestApp;
let cookie: string;
let key: string;

beforeAll(async () => {
  const t = await makeTestApp();
  app = t.app;
  const org = await makeOrg(t.db);
  cookie = await signIn(app, org.owner.email);
  const r = await app.inject({
    method: 'POST',
    url: '/api/requests',
    headers: { cookie },
    payload: {
      title: 'Bike 4 squeaks',
      desiredOutcome: 'Quiet bike',
      categoryId: org.equipment.id,
    },
  });
  key = r.json().key;
});
afterAll(() => app.close());

const cursor = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

describe('bad input never reaches the database as a 500', () => {
  it.each([
    [
      'a cursor whose values are not a time and an id',
      `/api/requests?cursor=${cursor({ s: '-created', v: ['soon', 'x'] })}`,
    ],
    [
      'a priority cursor with an unknown priority',
      `/api/requests?sort=-priority&cursor=${cursor({ s: '-priority', v: ['loud', '2026-01-01T00:00:00Z', '7a0e3c4e-1111-4222-8333-444455556666'] })}`,
    ],
    ['a cursor of the wrong JSON shape', `/api/requests?cursor=${cursor([1, 2])}`],
  ])('%s → 400 naming cursor', async (_name, url) => {
    const res = await app.inject({ url, headers: { cookie } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toBe('cursor');
  });

  it('a figures range in year 0 → 400, not a 500', async () => {
    const res = await app.inject({
      url: '/api/metrics/rates?from=0000-01-01&to=2026-01-01',
      headers: { cookie },
    });
    expect(res.statusCode).toBeLessThan(500);
    expect(res.statusCode).toBe(400);
  });

  it('a follow-up date far in the future is accepted or refused, never a 500', async () => {
    const res = await app.inject({
      method: 'POST',
      url: `/api/requests/${key}/follow-up`,
      headers: { cookie },
      payload: { at: '9999-12-31T23:59:59Z' },
    });
    expect([200, 400, 409]).toContain(res.statusCode);
  });
});
