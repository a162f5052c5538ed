import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DAY, HOUR, makeTestApp, signIn, type TestApp, type TestClock } from '../support/app';
import { makeOrg } from '../support/factories';

let app: TestApp;
let clock: TestClock;
let org: Awaited<ReturnType<typeof makeOrg>>;
const cookies = { staff: '', owner: '' };

beforeEach(async () => {
  const t = await makeTestApp();
  ({ app, clock } = t);
  org = await makeOrg(t.db);
  cookies.staff = await signIn(app, org.staff.email);
  cookies.owner = await signIn(app, org.owner.email);
});
afterEach(() => app.close());

const later = (ms: number) => new Date(clock.current.getTime() + ms).toISOString();

const act = (who: keyof typeof cookies, key: string, action: string, payload: object = {}) =>
  app.inject({
    method: 'POST',
    url: `/api/requests/${key}/${action}`,
    headers: { cookie: cookies[who] },
    payload: payload as Record<string, unknown>,
  });

async function ownedRequest() {
  const created = await app.inject({
    method: 'POST',
    url: '/api/requests',
    headers: { cookie: cookies.staff },
    payload: {
      title: 'Treadmill 3 belt slips',
      desiredOutcome: 'Treadmill 3 runs safely',
      categoryId: org.equipment.id,
    },
  });
  const { key } = created.json() as { key: string };
  expect((await act('owner', key, 'accept')).statusCode).toBe(200);
  return key;
}

type Seen = { followUpMetAt: string | null; stalled: { reason: string }[] };

/** The request as its page and as Open items see it. */
async function seen(key: string): Promise<{ detail: Seen; listed: Seen }> {
  const detail = (
    await app.inject({ url: `/api/requests/${key}`, headers: { cookie: cookies.staff } })
  ).json() as Seen;
  const list = (
    await app.inject({ url: '/api/requests', headers: { cookie: cookies.staff } })
  ).json() as { items: (Seen & { key: string })[] };
  return { detail, listed: list.items.find((i) => i.key === key)! };
}

const reasons = (s: Seen) => s.stalled.map((r) => r.reason);

describe('a met follow-up shown as overdue: followUpMetAt on requests', () => {
  it('is null while the follow-up is still to keep, and the overdue rule holds once it passes', async () => {
    const key = await ownedRequest();
    await act('owner', key, 'follow-up', { at: later(DAY), note: 'Call the vendor' });
    let now = await seen(key);
    expect(now.detail.followUpMetAt).toBeNull();
    expect(now.listed.followUpMetAt).toBeNull();

    clock.advance(DAY + HOUR);
    now = await seen(key);
    expect(now.detail.followUpMetAt).toBeNull();
    expect(reasons(now.detail)).toEqual(['follow_up_overdue']);
    expect(reasons(now.listed)).toEqual(['follow_up_overdue']);
  });

  it('is the moment of the owner event after it was set, and then the request is not overdue', async () => {
    const key = await ownedRequest();
    await act('owner', key, 'follow-up', { at: later(2 * DAY), note: 'Call the vendor' });
    clock.advance(HOUR);
    const actedAt = clock.current.toISOString();
    expect((await act('owner', key, 'comments', { body: 'Vendor comes Monday' })).statusCode).toBe(
      200,
    );

    // Long after the follow-up's moment, the kept promise still reads as kept.
    clock.advance(10 * DAY);
    const now = await seen(key);
    expect(now.detail.followUpMetAt).toBe(actedAt);
    expect(now.listed.followUpMetAt).toBe(actedAt);
    expect(reasons(now.detail)).not.toContain('follow_up_overdue');

    const overdue = (
      await app.inject({
        url: '/api/requests?reason=follow_up_overdue',
        headers: { cookie: cookies.staff },
      })
    ).json() as { items: { key: string }[] };
    expect(overdue.items.map((i) => i.key)).not.toContain(key);
  });

  it('is not met by someone other than the owner', async () => {
    const key = await ownedRequest();
    await act('owner', key, 'follow-up', { at: later(DAY), note: 'Call the vendor' });
    clock.advance(HOUR);
    await act('staff', key, 'comments', { body: 'Any news?' });
    expect((await seen(key)).detail.followUpMetAt).toBeNull();
  });

  it('goes back to null when the next follow-up is set', async () => {
    const key = await ownedRequest();
    await act('owner', key, 'follow-up', { at: later(DAY), note: 'Call the vendor' });
    clock.advance(HOUR);
    await act('owner', key, 'comments', { body: 'Vendor comes Monday' });
    expect((await seen(key)).detail.followUpMetAt).not.toBeNull();

    clock.advance(HOUR);
    const res = await act('owner', key, 'follow-up', { at: later(DAY), note: 'Check the belt' });
    expect(res.statusCode).toBe(200);
    expect((res.json() as Seen).followUpMetAt).toBeNull();
  });

  it('is null when no follow-up is set', async () => {
    const key = await ownedRequest();
    await act('owner', key, 'comments', { body: 'Looking at it' });
    expect((await seen(key)).detail.followUpMetAt).toBeNull();
  });
});
