import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/src/config';
import { makeTestApp, signIn, type TestApp } from '../support/app';
import { makeOrg } from '../support/factories';
import { SseClient } from '../support/sse';

let app: TestApp;
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function start(env: Record<string, string> = {}) {
  const t = await makeTestApp(env);
  app = t.app;
  cleanups.push(() => app.close());
  return t;
}

/** One sample's value from Prometheus text: `name{labels} value`. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | null {
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries(
      [...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]),
    );
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return null;
}

describe('/metrics', () => {
  it('shows HTTP durations by route pattern, the outbox, jobs, streams and the process', async () => {
    const { db } = await start();
    const org = await makeOrg(db);
    const cookie = await signIn(app, org.staff.email);
    const made = await app.inject({
      method: 'POST',
      url: '/api/requests',
      headers: { cookie },
      payload: { title: 'Belt slips', desiredOutcome: 'It runs', categoryId: org.equipment.id },
    });
    expect(made.statusCode).toBe(201);
    const { id } = made.json() as { id: string };
    for (let i = 0; i < 3; i++) {
      await app.inject({ method: 'GET', url: `/api/requests/${id}`, headers: { cookie } });
    }
    await app.inject({ method: 'GET', url: '/api/requests/not-a-request', headers: { cookie } });
    // Two mails waiting, the older an hour old.
    await db.execute(sql`insert into mail_outbox (person_id, payload, created_at) values
      (${org.staff.id}, '{}'::jsonb, now() - interval '1 hour'), (${org.staff.id}, '{}'::jsonb, now())`);
    await app.observeJob('test_job', async () => 1);
    await expect(
      app.observeJob('test_job', async () => {
        throw new Error('broken');
      }),
    ).rejects.toThrow('broken');

    const res = await app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = res.body;
    const route = '/api/requests/:id';
    expect(
      sample(text, 'followthrough_http_request_duration_seconds_count', {
        method: 'GET',
        route,
        status_code: '200',
      }),
    ).toBe(3);
    expect(
      sample(text, 'followthrough_http_request_duration_seconds_count', {
        route,
        status_code: '404',
      }),
    ).toBe(1);
    expect(
      sample(text, 'followthrough_http_request_duration_seconds_count', {
        method: 'POST',
        route: '/api/requests',
        status_code: '201',
      }),
    ).toBe(1);
    // Patterns only: a series per request id would grow without bound.
    expect(text).not.toContain(id);
    expect(sample(text, 'followthrough_mail_outbox_depth')).toBe(2);
    expect(sample(text, 'followthrough_mail_outbox_oldest_age_seconds')).toBeGreaterThanOrEqual(
      3599,
    );
    expect(sample(text, 'followthrough_job_runs_total', { job: 'test_job' })).toBe(2);
    expect(sample(text, 'followthrough_job_failures_total', { job: 'test_job' })).toBe(1);
    expect(sample(text, 'followthrough_stream_clients')).toBe(0);
    expect(sample(text, 'followthrough_figures_projector_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'followthrough_db_pool_max')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'nodejs_eventloop_lag_p99_seconds')).not.toBeNull();
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('counts open live streams, read over a real socket', async () => {
    const { db } = await start();
    const org = await makeOrg(db);
    const cookie = await signIn(app, org.staff.email);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const client = await SseClient.open(`${base}/api/stream`, { cookie });
    cleanups.push(() => client.close());
    await client.until(() => client.retry !== undefined, 'the stream’s first block');
    const res = await request(base).get('/metrics');
    expect(res.status).toBe(200);
    expect(sample(res.text, 'followthrough_stream_clients')).toBe(1);
    if (app.database.engine === 'postgres') {
      // This process's connections, the scrape's own among them.
      expect(sample(res.text, 'followthrough_db_connections', { state: 'active' })).toBeGreaterThan(
        0,
      );
    }
  });

  it('does not exist for other addresses, unless METRICS_ALLOW names them', async () => {
    await start();
    const elsewhere = await app.inject({
      method: 'GET',
      url: '/metrics',
      remoteAddress: '203.0.113.9',
    });
    expect(elsewhere.statusCode).toBe(404);
    expect(elsewhere.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(elsewhere.json()).toMatchObject({ code: 'NOT_FOUND' });
    expect(elsewhere.body).not.toContain('followthrough_');
    const mapped = await app.inject({
      method: 'GET',
      url: '/metrics',
      remoteAddress: '::ffff:127.0.0.1',
    });
    expect(mapped.statusCode).toBe(200);
    await app.close();
    cleanups.length = 0;

    await start({ METRICS_ALLOW: '203.0.113.0/24, fd00::/8' });
    for (const [address, status] of [
      ['203.0.113.9', 200],
      ['fd00::5', 200],
      ['198.51.100.1', 404],
      ['127.0.0.1', 404],
    ] as const) {
      const res = await app.inject({ method: 'GET', url: '/metrics', remoteAddress: address });
      expect(res.statusCode, address).toBe(status);
    }
  });

  it('refuses a METRICS_ALLOW it cannot read, naming it', () => {
    for (const bad of ['localhost', '10.0.0.0/33', '::1/129', '10.0.0.1/8/2']) {
      expect(() => loadConfig({ METRICS_ALLOW: bad }), bad).toThrow(/METRICS_ALLOW/);
    }
  });
});
