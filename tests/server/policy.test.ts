import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Policy, passes, policyOf, routePolicies } from '../../server/src/domain/policy';
import { makeTestApp, signIn, type TestApp } from '../support/app';
import { makeCategory, makeOrg, makePerson, makeTeam } from '../support/factories';

/**
 * The authorization matrix (SPEC §8, §12): every route of the OpenAPI document, called by each
 * kind of caller, is let through or refused exactly as the policy table says. Path ids are ids
 * of nothing and bodies are empty, so nothing changes: a caller the gate lets through gets the
 * route's own answer (400, 404, …), never 401 or 403 from the gate.
 */
let app: TestApp;
const callers: Record<
  string,
  { headers: Record<string, string>; as: Parameters<typeof passes>[1] }
> = {};
let documented: { method: string; url: string }[] = [];

beforeAll(async () => {
  // Every caller signs in, and then calls the sign-in route too.
  const made = await makeTestApp({ LOGIN_RATE_MAX: '1000' });
  app = made.app;
  const db = made.db;
  const org = await makeOrg(db);
  const otherLead = await makePerson(db, { name: 'Ava Aquatics', role: 'lead' });
  const pool = await makeTeam(db, { name: 'Aquatics', leads: [otherLead.id] });
  await makeCategory(db, { teamId: pool.id, name: 'Pool' });
  const who = [
    ['staff', org.staff, { role: 'staff', leadsTeams: false }],
    ['owner', org.owner, { role: 'staff', leadsTeams: false }],
    ['lead of another team', otherLead, { role: 'lead', leadsTeams: true }],
    ['lead', org.lead, { role: 'lead', leadsTeams: true }],
    ['admin', org.admin, { role: 'admin', leadsTeams: false }],
  ] as const;
  callers.anonymous = { headers: {}, as: null };
  for (const [name, person, as] of who) {
    callers[name] = { headers: { cookie: await signIn(app, person.email) }, as };
  }
  // Each of them again through a personal access token (no cookie, no CSRF rule).
  for (const [name, person, as] of who) {
    const res = await app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: callers.admin!.headers,
      payload: { personId: person.id, name: `matrix ${name}` },
    });
    expect(res.statusCode, res.body).toBe(201);
    callers[`${name} by token`] = {
      headers: { authorization: `Bearer ${res.json().token}` },
      as,
    };
  }
  const doc = (await app.inject({ url: '/api/openapi.json' })).json() as {
    paths: Record<string, Record<string, unknown>>;
  };
  documented = Object.entries(doc.paths)
    .flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => ({
        method: m.toUpperCase(),
        // OpenAPI writes {id}; the routes and the table write :id.
        url: path.replace(/\{(\w+)\}/g, ':$1'),
      })),
    )
    // Signing out ends the caller's session, and a token's DELETE could end its own: last.
    .sort((a, b) => Number(a.url === '/api/auth/logout') - Number(b.url === '/api/auth/logout'));
  expect(Object.keys(callers)).toHaveLength(11);
});
afterAll(() => app?.close());

const NOTHING = '00000000-0000-4000-8000-000000000000';

describe('the policy table', () => {
  it('names every route of the API, and every route it names exists', () => {
    expect(documented.length).toBeGreaterThan(40);
    const keys = documented.map((r) => `${r.method} ${r.url}`);
    expect(keys.filter((k) => policyOf(k.split(' ')[0]!, k.split(' ')[1]!) === undefined)).toEqual(
      [],
    );
    // Routes hidden from the document (the document itself, the benchmark's) are still named.
    const hidden = ['GET /api/openapi.json', 'GET /api/_bench/list', 'POST /api/_bench/write/:id'];
    const healthz = ['GET /healthz', 'GET /readyz'];
    expect(
      Object.keys(routePolicies).filter(
        (k) => !keys.includes(k) && !hidden.includes(k) && !healthz.includes(k),
      ),
    ).toEqual([]);
  });

  it('refuses to register a route it does not name', async () => {
    const { buildApp } = await import('../../server/src/app');
    const { loadConfig } = await import('../../server/src/config');
    const { testDatabase } = await import('../support/db');
    const extra = await buildApp({
      config: loadConfig({ LOG_LEVEL: 'silent', JOBS_INTERVAL_MS: '0', FIGURES_INTERVAL_MS: '0' }),
      database: await testDatabase(),
    });
    expect(() => extra.get('/api/secret-door', async () => 'open')).toThrow(/policy table/);
    await extra.close();
  });

  it('is what every caller meets on every route', async () => {
    const cells: { route: string; caller: string; policy: Policy; status: number }[] = [];
    for (const route of documented) {
      const policy = policyOf(route.method, route.url)!;
      const url = route.url.replace(/:(\w+)/g, NOTHING);
      for (const [name, caller] of Object.entries(callers)) {
        const res = await app.inject({
          method: route.method as 'GET',
          url,
          headers: {
            ...caller.headers,
            ...(route.method === 'GET' || route.method === 'DELETE'
              ? {}
              : { 'content-type': 'application/json' }),
          },
          ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: '{}' }),
        });
        cells.push({
          route: `${route.method} ${route.url}`,
          caller: name,
          policy,
          status: res.statusCode,
        });
      }
    }
    const wrong = cells.filter((c) => {
      const allowed = passes(c.policy, callers[c.caller]!.as);
      if (!allowed) return c.status !== (callers[c.caller]!.as ? 403 : 401);
      // Let through: whatever the route answers, it is not the gate's refusal, nor a failure.
      return c.status === 401 || c.status === 403 || c.status >= 500;
    });
    expect(wrong).toEqual([]);
    // The matrix is not trivially one-sided: each kind of answer occurs.
    const statuses = new Set(cells.map((c) => c.status));
    for (const s of [400, 401, 403, 404]) expect(statuses).toContain(s);
  });
});
