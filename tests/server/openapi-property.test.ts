import { errorCodes } from '@followthrough/shared';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, signIn, type TestApp } from '../support/app';
import { makeOrg } from '../support/factories';
import { none, rowsAgainstEvents } from '../support/invariants';

/*
 * Bad input, generated: every operation of /api/openapi.json called as each role with
 * inputs drawn from its own JSON Schema (valid ones, to get past validation and into the
 * rules) and mutated ones (wrong types, missing and unknown fields, huge strings, deep
 * nesting, odd unicode, boundary numbers and dates). Nothing may answer 5xx; every 4xx is
 * problem+json with a code of the contract; afterwards the rows agree with their events.
 * Seeded and bounded: PROPERTY_RUNS (default 12 per operation) and PROPERTY_SEED.
 */

const RUNS = Number(process.env.PROPERTY_RUNS ?? 12);
const SEED = Number(process.env.PROPERTY_SEED ?? 20261203);
/**
 * Left out, with reason: the stream never ends (its own tests cover it); signing out or
 * changing the password would end the roles' sessions for the rest of the walk.
 */
const skipped = new Set(['GET /api/stream', 'POST /api/auth/logout', 'POST /api/auth/password']);

type Schema = Record<string, unknown>;
interface Operation {
  key: string;
  method: string;
  path: string;
  params: { name: string; in: string; required: boolean; schema: Schema }[];
  body: Schema | null;
}

let app: TestApp;
let doc: {
  paths: Record<string, Record<string, Schema>>;
  components: { schemas: Record<string, Schema> };
};
const cookies: Record<string, string> = {};
/** Real ids and keys, so generated paths reach real rows as often as made-up ones. */
const known: string[] = [];

beforeAll(async () => {
  let db: Awaited<ReturnType<typeof makeTestApp>>['db'];
  ({ app, db } = await makeTestApp());
  const org = await makeOrg(db);
  for (const role of ['admin', 'lead', 'owner', 'staff'] as const) {
    cookies[role] = await signIn(app, org[role].email);
  }
  doc = (await app.inject('/api/openapi.json')).json();
  for (let i = 0; i < 5; i++) {
    const made = await app.inject({
      method: 'POST',
      url: '/api/requests',
      headers: { cookie: cookies.staff! },
      payload: { title: `Seed ${i}`, desiredOutcome: 'Works', categoryId: org.equipment.id },
    });
    const r = made.json() as { id: string; key: string };
    known.push(r.id, r.key);
  }
  known.push(org.admin.id, org.staff.id, org.team.id, org.equipment.id, org.floor.id);
});
afterAll(() => app?.close());

const resolveRef = (s: Schema): Schema => {
  const ref = s.$ref as string | undefined;
  return ref ? resolveRef(doc.components.schemas[ref.split('/').pop()!]!) : s;
};

const oddStrings = fc.constantFrom(
  '',
  ' ',
  'a'.repeat(100_000),
  '\u0000',
  '\u202e\u0301\ud83d\ude00',
  '\ud800',
  '<script>alert(1)</script>',
  "'; drop table requests; --",
  '../../etc/passwd',
  'REQ-0',
  'REQ-999999999999999',
  '-1',
  '1e309',
  'NaN',
  '0000-00-00T00:00:00Z',
  '9999-12-31T23:59:59.999Z',
  '1970-01-01T00:00:00Z',
  '2026-02-30T12:00:00Z',
  '00000000-0000-0000-0000-000000000000',
);
const oddNumbers = fc.constantFrom(
  0,
  -1,
  -0,
  1.5,
  2 ** 31,
  2 ** 53 + 1,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
);
/** Anything at all, nested up to a depth, including what no schema allows. */
const anything: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string(),
    oddStrings,
    oddNumbers,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 8 }), tie('value'), { maxKeys: 3 }),
  ),
})).value;
/** An array nested 500 deep: a parser or validator that recurses must not fall over. */
const deep = fc.integer({ min: 100, max: 500 }).map((n) => {
  let v: unknown = 'x';
  for (let i = 0; i < n; i++) v = [v];
  return v;
});

/** Values the schema allows (as far as JSON Schema says; rules may still refuse them). */
function valid(schema: Schema, depth = 0): fc.Arbitrary<unknown> {
  const s = resolveRef(schema);
  if (depth > 6) return fc.constant(null);
  if ('const' in s) return fc.constant(s.const);
  if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as unknown[]));
  const union = (s.anyOf ?? s.oneOf) as Schema[] | undefined;
  if (union) return fc.oneof(...union.map((u) => valid(u, depth + 1)));
  const type = Array.isArray(s.type) ? (s.type as string[])[0] : (s.type as string | undefined);
  switch (type) {
    case 'string': {
      if (s.format === 'uuid') return fc.oneof(fc.uuid(), fc.constantFrom(...known));
      if (s.format === 'date-time')
        return fc
          .date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
          .map((d) => d.toISOString());
      if (s.format === 'email') return fc.emailAddress();
      const min = (s.minLength as number | undefined) ?? 0;
      const max = Math.min((s.maxLength as number | undefined) ?? 40, 60);
      return fc.oneof(
        fc.string({ minLength: min, maxLength: Math.max(min, max) }),
        fc.constantFrom(...known),
      );
    }
    case 'integer':
    case 'number': {
      const min = (s.minimum as number | undefined) ?? -1000;
      const max = (s.maximum as number | undefined) ?? 1000;
      return type === 'integer' ? fc.integer({ min, max }) : fc.double({ min, max, noNaN: true });
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(valid((s.items as Schema) ?? {}, depth + 1), { maxLength: 3 });
    case 'object': {
      const props = (s.properties ?? {}) as Record<string, Schema>;
      const required = new Set((s.required ?? []) as string[]);
      const shape: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, v] of Object.entries(props)) shape[k] = valid(v, depth + 1);
      return fc.record(shape, {
        requiredKeys: Object.keys(props).filter((k) => required.has(k)),
      });
    }
    default:
      return anything;
  }
}

/** A valid value, or one broken in a way clients really break them. */
function input(schema: Schema): fc.Arbitrary<unknown> {
  const s = resolveRef(schema);
  const props = Object.keys((s.properties ?? {}) as object);
  const mutations: fc.Arbitrary<unknown>[] = [
    anything,
    deep,
    oddStrings,
    oddNumbers,
    // Unknown fields beside valid ones.
    valid(s).map((v) =>
      v && typeof v === 'object' && !Array.isArray(v) ? { ...v, unexpected: 1 } : v,
    ),
  ];
  if (props.length > 0) {
    // One field of the wrong type, or missing.
    mutations.push(
      fc
        .tuple(valid(s), fc.constantFrom(...props), fc.oneof(anything, oddStrings, deep))
        .map(([v, k, bad]) => ({ ...(v as object), [k]: bad })),
      fc.tuple(valid(s), fc.constantFrom(...props)).map(([v, k]) => {
        const copy = { ...(v as Record<string, unknown>) };
        delete copy[k];
        return copy;
      }),
    );
  }
  return fc.oneof(
    { weight: 2, arbitrary: valid(s) },
    ...mutations.map((m) => ({ weight: 1, arbitrary: m })),
  );
}

function operations(): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const key = `${method.toUpperCase()} ${path}`;
      if (skipped.has(key)) continue;
      const content = (op.requestBody as Schema | undefined)?.content as
        | Record<string, { schema: Schema }>
        | undefined;
      ops.push({
        key,
        method: method.toUpperCase(),
        path,
        params: ((op.parameters ?? []) as Operation['params']).filter((p) => p.in !== 'cookie'),
        body: content?.['application/json']?.schema ?? null,
      });
    }
  }
  return ops;
}

/** A URL cannot carry a lone surrogate; it becomes U+FFFD, as a browser would send it. */
const wellFormed = (s: string) =>
  s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');

/** Serialises a generated query value as a browser would (arrays repeat the name). */
function queryString(values: Record<string, unknown>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v]) {
      q.append(k, typeof one === 'object' ? JSON.stringify(one) : String(one));
    }
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

describe('every operation, as every role, with generated and broken input', () => {
  it(`answers no 5xx and only problem+json with the contract's codes (${RUNS} runs each)`, {
    timeout: 600_000,
  }, async () => {
    const codes = new Set<string>(errorCodes);
    const ops = operations();
    expect(ops.length).toBeGreaterThan(70);
    const statuses = new Map<number, number>();
    for (const op of ops) {
      const pathParams = op.params.filter((p) => p.in === 'path');
      const queryParams = op.params.filter((p) => p.in === 'query');
      const call = fc.record({
        role: fc.constantFrom('admin', 'lead', 'owner', 'staff', 'anonymous'),
        path: fc.record(
          Object.fromEntries(
            pathParams.map((p) => [
              p.name,
              fc.oneof(
                valid(p.schema),
                fc.constantFrom(...known),
                oddStrings.filter((x) => x !== ''),
              ),
            ]),
          ),
        ),
        query: fc.record(
          Object.fromEntries(queryParams.map((p) => [p.name, fc.oneof(valid(p.schema), anything)])),
          { requiredKeys: [] },
        ),
        body: op.body ? input(op.body) : fc.constant(undefined),
        raw: fc.oneof(
          { weight: 9, arbitrary: fc.constant(null) },
          {
            weight: 1,
            arbitrary: fc.constantFrom('{', '[1,', '{"a":', 'null', '"text"', '\u0000'),
          },
        ),
      });
      const details = await fc.check(
        fc.asyncProperty(call, async ({ role, path, query, body, raw }) => {
          let url = op.path;
          for (const [k, v] of Object.entries(path)) {
            url = url.replace(`{${k}}`, encodeURIComponent(wellFormed(String(v))));
          }
          url += queryString(query);
          const headers: Record<string, string> = {};
          if (role !== 'anonymous') headers.cookie = cookies[role]!;
          const hasBody = op.method !== 'GET' && op.method !== 'DELETE';
          if (hasBody) headers['content-type'] = 'application/json';
          const payload = hasBody ? (raw ?? JSON.stringify(body ?? {})) : undefined;
          const res = await app.inject({
            method: op.method as 'GET',
            url,
            headers,
            ...(payload === undefined ? {} : { payload }),
          });
          statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
          const where = `${op.key} as ${role}: ${url.slice(0, 200)} → ${res.statusCode} ${res.body.slice(0, 300)}`;
          expect(res.statusCode, where).toBeLessThan(500);
          if (res.statusCode >= 400) {
            expect(res.headers['content-type'], where).toMatch(/^application\/problem\+json/);
            const problem = res.json() as { code?: string; status?: number };
            expect(codes.has(problem.code ?? ''), where).toBe(true);
            expect(problem.status, where).toBe(res.statusCode);
          }
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
      // The message names the call; the counterexample itself may be megabytes of input.
      if (details.failed) expect.fail(String(details.errorInstance).slice(0, 3000));
    }
    // The walk reached past validation, not only into 400s.
    expect([...statuses.keys()].some((s) => s >= 200 && s < 300)).toBe(true);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(0);

    const { disagreements } = await rowsAgainstEvents(app.db);
    expect(disagreements).toEqual(none(disagreements));
  });
});
