import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { csvCell } from '../../server/src/modules/exports/csv';
import { makeTestApp, signIn, type TestApp, type TestClock } from '../support/app';
import { makeOrg } from '../support/factories';

describe('csvCell', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=SUM(A1:A9)', "'=SUM(A1:A9)"],
    ['+1 555', "'+1 555"],
    ['-5', "'-5"],
    ['@cmd', "'@cmd"],
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    [null, ''],
    [3, '3'],
  ])('%j → %s', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });
});

describe('GET /api/requests.csv', () => {
  let app: TestApp;
  let clock: TestClock;
  let cookie: string;
  let org: Awaited<ReturnType<typeof makeOrg>>;

  beforeEach(async () => {
    const t = await makeTestApp();
    ({ app, clock } = t);
    org = await makeOrg(t.db);
    cookie = await signIn(app, org.staff.email);
  });
  afterEach(() => app.close());

  const log = async (title: string, categoryId = org.equipment.id) => {
    await app.inject({
      method: 'POST',
      url: '/api/requests',
      headers: { cookie },
      payload: { title, desiredOutcome: 'Done, "properly", please', categoryId },
    });
    clock.advance(1000);
  };

  it('streams every page of the filtered list as CSV, escaped and neutralised', async () => {
    for (let i = 0; i < 503; i++) await log(`Bike ${i}`);
    await log('=cmd|calc, and "quotes"', org.facilities.id);
    const res = await app.inject({
      url: `/api/requests.csv?category=${org.equipment.id}`,
      headers: { cookie },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(
      /attachment; filename="requests-\d{4}-\d{2}-\d{2}\.csv"/,
    );
    const lines = res.body.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^key,title,status,/);
    expect(lines).toHaveLength(1 + 503);
    expect(lines[1]).toMatch(/^REQ-503,Bike 502,new,/);
    expect(lines.at(-1)).toMatch(/^REQ-1,Bike 0,/);
    expect(lines[1]).toContain('"Done, ""properly"", please"');

    const other = await app.inject({
      url: `/api/requests.csv?category=${org.facilities.id}`,
      headers: { cookie },
    });
    expect(other.body.split('\r\n')[1]).toMatch(/^REQ-504,"'=cmd\|calc, and ""quotes""",new,/);
  });

  it('answers a bad filter with a 400 problem, not a half-written file', async () => {
    const res = await app.inject({ url: '/api/requests.csv?status=lost', headers: { cookie } });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it('needs a session', async () => {
    expect((await app.inject('/api/requests.csv')).statusCode).toBe(401);
  });
});
