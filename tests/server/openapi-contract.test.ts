import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import openapiTS from 'openapi-typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, signIn, type TestApp } from '../support/app';
import { makeOrg } from '../support/factories';

// The contract other programs see (SPEC §8): /api/openapi.json passes Redocly's recommended
// rules, and a client generated from it logs a request and resolves it, type-checked.

const root = join(import.meta.dirname, '../..');
// Inside the project, so the generated program resolves openapi-fetch like any other.
const work = join(root, 'node_modules/.cache/followthrough/openapi-client', String(process.pid));

/**
 * Rules that are wrong for us, and why. Health checks answer 200 or 503 to anyone: they have
 * no 4xx by design (operation-4xx-response).
 */
const ignored = new Set([
  'operation-4xx-response #/paths/~1healthz/get/responses',
  'operation-4xx-response #/paths/~1readyz/get/responses',
]);

let app: TestApp;
let document: string;
beforeAll(async () => {
  ({ app } = await makeTestApp({ PUBLIC_URL: 'https://desk.example.org' }));
  document = (await app.inject('/api/openapi.json')).body;
  mkdirSync(work, { recursive: true });
});
afterAll(async () => {
  await app?.close();
  rmSync(work, { recursive: true, force: true });
});

/** Type-checks `program` (next to the generated api.d.ts) with the project's TypeScript. */
function typecheck(program: string): string {
  writeFileSync(join(work, 'program.ts'), program);
  writeFileSync(
    join(work, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        module: 'nodenext',
        moduleResolution: 'nodenext',
        target: 'es2022',
        noEmit: true,
        skipLibCheck: true,
        types: [],
      },
      files: ['program.ts'],
    }),
  );
  const tsc = spawnSync(join(root, 'node_modules/.bin/tsc'), ['-p', work], { encoding: 'utf8' });
  return `${tsc.stdout}${tsc.stderr}`.trim();
}

/** A small program a team would write against the generated client. */
const program = (call: string) => `import createClient from 'openapi-fetch';
import type { paths } from './api.js';

export async function logAndResolve(baseUrl: string, cookie: string, categoryId: string) {
  const client = createClient<paths>({ baseUrl, headers: { cookie } });
  const { data: created, error } = await client.POST('/api/requests', {
    body: { title: 'Treadmill 3 belt slips', desiredOutcome: 'It runs smoothly', categoryId },
  });
  if (error) throw new Error(error.detail ?? error.title);
  const key: string = created.key;
  await client.POST('/api/requests/{id}/take', { params: { path: { id: key } }, body: {} });
  const { data: resolved } = await client.POST('/api/requests/{id}/resolve', {
    params: { path: { id: created.id } },
    ${call},
  });
  return { key, status: resolved?.status };
}
`;

describe('the OpenAPI document', () => {
  it('passes Redocly’s recommended rules, with every operation named and tagged', async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({
      source: document,
      absoluteRef: 'openapi.json',
      config,
    });
    const found = problems
      .map((p) => `${p.ruleId} ${p.location[0]?.pointer ?? ''}: ${p.message}`)
      .filter((p) => !ignored.has(p.split(':')[0]!));
    expect(found).toEqual([]);
    // The ignores are still needed (else they should go).
    expect(problems.length).toBe(ignored.size);

    const doc = JSON.parse(document) as {
      servers: { url: string }[];
      tags: { name: string }[];
      paths: Record<string, Record<string, { operationId?: string; tags?: string[] }>>;
    };
    expect(doc.servers).toEqual([
      { url: 'https://desk.example.org', description: 'This installation' },
    ]);
    const tagNames = new Set(doc.tags.map((t) => t.name));
    const ops = Object.values(doc.paths).flatMap((item) => Object.values(item));
    expect(ops.length).toBeGreaterThan(70);
    expect(new Set(ops.map((o) => o.operationId)).size).toBe(ops.length);
    for (const op of ops) {
      expect(op.tags?.length, op.operationId).toBe(1);
      expect(tagNames.has(op.tags![0]!), op.operationId).toBe(true);
    }
  });

  it('generates a typed client that logs a request and resolves it', async () => {
    const types = await openapiTS(JSON.parse(document));
    writeFileSync(join(work, 'api.d.ts'), types);
    expect(typecheck(program("body: { summary: 'New belt fitted and tested' }"))).toBe('');
    // The types are the contract: a misspelt field does not compile.
    expect(typecheck(program("body: { summry: 'New belt fitted and tested' }"))).toMatch(/summry/);

    // And the program does what it says against the real server.
    const { db } = await makeTestApp().then((t) => {
      void app.close();
      app = t.app;
      return t;
    });
    const org = await makeOrg(db);
    const cookie = await signIn(app, org.owner.email);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    writeFileSync(
      join(work, 'program.ts'),
      program("body: { summary: 'New belt fitted and tested' }"),
    );
    const { logAndResolve } = (await import(join(work, 'program.ts'))) as {
      logAndResolve: (b: string, c: string, id: string) => Promise<{ key: string; status: string }>;
    };
    const result = await logAndResolve(base, cookie, org.equipment.id);
    expect(result.key).toMatch(/^REQ-\d+$/);
    expect(result.status).toBe('resolved');
  });
});
