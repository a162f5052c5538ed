import { BlockList, isIPv4 } from 'node:net';
import { sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { queryRows } from '../db/raw';
import { DomainError } from '../domain/errors';
import { outboxStats } from '../modules/mail/mail.queries';

declare module 'fastify' {
  interface FastifyInstance {
    /** Counts a periodic job's run (and its failure) for /metrics; resolves as `work` does. */
    observeJob<T>(job: string, work: () => Promise<T>): Promise<T>;
  }
}

/** `127.0.0.1`, `10.0.0.0/8`, `::1`: the addresses /metrics answers, as a BlockList. */
export function metricsAllowList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', bits] = entry.split('/');
    const type = isIPv4(address) ? 'ipv4' : 'ipv6';
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(bits), type);
  }
  return list;
}

/** An IPv4 caller on a dual-stack socket arrives as `::ffff:a.b.c.d`. */
function allowed(list: BlockList, ip: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  const address = mapped?.[1] ?? ip;
  return list.check(address, isIPv4(address) ? 'ipv4' : 'ipv6');
}

/**
 * The operator's view (SPEC §15): `GET /metrics` in Prometheus text, for the addresses in
 * METRICS_ALLOW only (elsewhere it does not exist: 404). Each app has its own registry, so
 * several in one process (tests) do not share counts. What lives in the database (outbox,
 * projector queue, connections) is read when scraped, never on the write path.
 */
export default fp(
  async function prometheus(app: FastifyInstance, opts: { allow: readonly string[] }) {
    const allowList = metricsAllowList(opts.allow);
    const register = new Registry();
    collectDefaultMetrics({ register, eventLoopMonitoringPrecision: 20 });

    const http = new Histogram({
      name: 'followthrough_http_request_duration_seconds',
      help: 'HTTP requests by route pattern, method and status',
      labelNames: ['method', 'route', 'status_code'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [register],
    });
    const inFlight = new Gauge({
      name: 'followthrough_http_requests_in_flight',
      help: 'HTTP requests being answered now',
      registers: [register],
    });
    const jobRuns = new Counter({
      name: 'followthrough_job_runs_total',
      help: 'Runs of each periodic job in this process',
      labelNames: ['job'] as const,
      registers: [register],
    });
    const jobFailures = new Counter({
      name: 'followthrough_job_failures_total',
      help: 'Runs of each periodic job that failed',
      labelNames: ['job'] as const,
      registers: [register],
    });
    const jobSeconds = new Histogram({
      name: 'followthrough_job_duration_seconds',
      help: 'How long each periodic job run took',
      labelNames: ['job'] as const,
      buckets: [0.005, 0.025, 0.1, 0.25, 1, 5, 30],
      registers: [register],
    });

    new Gauge({
      name: 'followthrough_stream_clients',
      help: 'Live streams (SSE) open on this process',
      registers: [register],
      collect() {
        this.set(app.hasDecorator('streamHub') ? app.streamHub.size : 0);
      },
    });
    const outboxDepth = new Gauge({
      name: 'followthrough_mail_outbox_depth',
      help: 'Mail waiting to be sent (pending or being sent)',
      registers: [register],
    });
    const outboxAge = new Gauge({
      name: 'followthrough_mail_outbox_oldest_age_seconds',
      help: 'How long the oldest waiting mail has waited',
      registers: [register],
    });
    const projectorLag = new Gauge({
      name: 'followthrough_figures_projector_lag_seconds',
      help: 'Age of the oldest change the figures have not yet counted',
      registers: [register],
    });
    const poolMax = new Gauge({
      name: 'followthrough_db_pool_max',
      help: 'Database connections this process may open',
      registers: [register],
    });
    const connections = new Gauge({
      name: 'followthrough_db_connections',
      help: 'This process’s database connections by state (PostgreSQL: pg_stat_activity)',
      labelNames: ['state'] as const,
      registers: [register],
    });
    const lockWaits = new Gauge({
      name: 'followthrough_db_lock_waiting',
      help: 'This process’s database connections waiting on a lock',
      registers: [register],
    });

    /** The database's side, read once per scrape. */
    async function collectDatabase() {
      const outbox = await outboxStats(app.db);
      outboxDepth.set(outbox.depth);
      outboxAge.set(outbox.oldestAgeSeconds);
      const [lag] = await queryRows<{ lag: number | string }>(
        app.db,
        sql`select coalesce(extract(epoch from clock_timestamp() - min(queued_at)), 0)::float8 as lag
          from figure_queue`,
      );
      projectorLag.set(Number(lag?.lag ?? 0));
      if (app.database.engine === 'pglite') {
        // One in-process connection, used one statement at a time.
        poolMax.set(1);
        return;
      }
      poolMax.set(app.database.poolMax ?? 0);
      const rows = await queryRows<{ state: string | null; waiting: boolean; n: number }>(
        app.db,
        sql`select state, wait_event_type = 'Lock' as waiting, count(*)::int as n
          from pg_stat_activity
          where application_name = current_setting('application_name')
          group by 1, 2`,
      );
      connections.reset();
      lockWaits.set(0);
      for (const r of rows) {
        connections.inc({ state: (r.state ?? 'unknown').replaceAll(' ', '_') }, r.n);
        if (r.waiting) lockWaits.inc(r.n);
      }
    }

    app.decorate('observeJob', async function observeJob<T>(job: string, work: () => Promise<T>) {
      const end = jobSeconds.startTimer({ job });
      jobRuns.inc({ job });
      try {
        return await work();
      } catch (err) {
        jobFailures.inc({ job });
        throw err;
      } finally {
        end();
      }
    });

    const started = new WeakMap<FastifyRequest, bigint>();
    app.addHook('onRequest', async (request) => {
      started.set(request, process.hrtime.bigint());
      inFlight.inc();
    });
    const done = (request: FastifyRequest, statusCode: number) => {
      const t0 = started.get(request);
      if (t0 === undefined) return;
      started.delete(request);
      inFlight.dec();
      // The pattern, never the path: ids would make a series per request.
      const route = request.routeOptions.url ?? 'unmatched';
      http.observe(
        { method: request.method, route, status_code: String(statusCode) },
        Number(process.hrtime.bigint() - t0) / 1e9,
      );
    };
    app.addHook('onResponse', async (request, reply) => done(request, reply.statusCode));
    // An aborted call never answers; it still ends (499, as nginx records it).
    app.addHook('onRequestAbort', async (request) => done(request, 499));

    app.get(
      '/metrics',
      { schema: { hide: true }, logLevel: 'warn' },
      async (request: FastifyRequest, reply: FastifyReply) => {
        if (!allowed(allowList, request.ip)) {
          // Answered as any unknown route is, so it gives nothing away.
          throw new DomainError(404, 'NOT_FOUND', `No route GET /metrics.`);
        }
        try {
          await collectDatabase();
        } catch (err) {
          // Without the database the process's own figures still answer.
          request.log.warn({ err }, 'metrics: the database figures could not be read');
        }
        return reply.type(register.contentType).send(await register.metrics());
      },
    );
  },
  { name: 'prometheus', dependencies: ['db'] },
);
