import { randomUUID } from 'node:crypto';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyServerOptions } from 'fastify';
import {
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Config } from './config';
import type { Database } from './db/client';
import adminRoutes from './modules/admin/admin.routes';
import assetsRoutes from './modules/assets/assets.routes';
import attachmentsRoutes from './modules/attachments/attachments.routes';
import auditRoutes from './modules/audit/audit.routes';
import authRoutes from './modules/auth/auth.routes';
import benchRoutes from './modules/bench/bench.routes';
import directoryRoutes from './modules/directory/directory.routes';
import exportsRoutes from './modules/exports/exports.routes';
import handoffsRoutes from './modules/handoffs/handoffs.routes';
import healthRoutes from './modules/health/health.routes';
import metricsRoutes from './modules/metrics/metrics.routes';
import notificationsRoutes from './modules/notifications/notifications.routes';
import actionRoutes from './modules/requests/actions.routes';
import requestsRoutes from './modules/requests/requests.routes';
import reviewRoutes from './modules/review/review.routes';
import settingsRoutes from './modules/settings/settings.routes';
import tokensRoutes from './modules/tokens/tokens.routes';
import viewsRoutes from './modules/views/views.routes';
import { clientDist } from './paths';
import auth from './plugins/auth';
import db from './plugins/db';
import errors, { sendProblem } from './plugins/errors';
import figuresProjector from './plugins/figures-projector';
import jobs from './plugins/jobs';
import mail from './plugins/mail';
import notifications from './plugins/notifications';
import openapi from './plugins/openapi';
import policy from './plugins/policy';
import prometheus from './plugins/prometheus';
import security from './plugins/security';
import settingsPlugin from './plugins/settings';
import spa from './plugins/spa';
import stream from './plugins/stream';

export interface AppOptions {
  config: Config;
  database: Database;
  /** The clock; tests move it to make time pass. */
  now?: () => Date;
  logger?: FastifyServerOptions['logger'];
}

const defaultClientDist = clientDist;

type Compilers = NonNullable<
  NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']
>;
// Fastify's types describe JSON-schema compilers; these take the routes' zod schemas.
const zodCompilers = {
  buildValidator: () => validatorCompiler,
  buildSerializer: () => serializerCompiler,
} as unknown as Compilers;

/** Builds the whole HTTP app on an open database; tests build exactly this. */
export async function buildApp(opts: AppOptions) {
  const { config } = opts;
  const app = Fastify({
    logger: opts.logger ?? { level: config.LOG_LEVEL },
    bodyLimit: config.BODY_LIMIT,
    trustProxy: config.TRUST_PROXY,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    routerOptions: { ignoreTrailingSlash: true },
    // While closing (live streams are being ended, just before the listener closes), a call
    // that still arrives is served as usual rather than refused with a 503.
    return503OnClosing: false,
    // A path the router refuses before any route (malformed escapes, a segment past 100
    // characters) is a problem like any other, not Fastify's own JSON.
    frameworkErrors: (err, _request, reply) =>
      sendProblem(reply, {
        status: err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 414 : 400,
        code: 'BAD_REQUEST',
        detail:
          err.code === 'FST_ERR_MAX_PARAM_LENGTH'
            ? 'A part of the address is longer than 100 characters.'
            : 'The address is not valid (check its % escapes).',
      }),
    // Every schema is zod: given as the factories, Fastify never loads its default JSON-schema
    // compilers (Ajv and its dependencies were a fifth of a start).
    schemaController: { compilersFactory: zodCompilers },
  }).withTypeProvider<ZodTypeProvider>();
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(errors);
  await app.register(db, { database: opts.database, now: opts.now ?? (() => new Date()) });
  // First, so every route's duration is measured.
  await app.register(prometheus, { allow: config.METRICS_ALLOW });
  // The environment's values are the first ones; the database keeps them after (SPEC §12).
  await app.register(settingsPlugin, {
    first: {
      organisationName: config.ORGANISATION_NAME,
      autoConfirmDays: config.AUTO_CONFIRM_DAYS,
      reopenWindowDays: config.REOPEN_WINDOW_DAYS,
    },
    refreshMs: config.SETTINGS_REFRESH_MS,
  });
  // Read at each call: the rules see a settings change at once.
  const settings = app.settings;
  await app.register(security);
  await app.register(rateLimit, { global: false });
  if (config.CORS_ORIGINS.length > 0) {
    // Token clients only: no credentials, so a browser never sends cookies cross-origin with
    // a readable answer. Registered before auth, so a 401 carries the headers too.
    const allowed = new Set(config.CORS_ORIGINS);
    await app.register(cors, {
      origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key'],
      exposedHeaders: ['ETag'],
      credentials: false,
      maxAge: 600,
    });
  }
  await app.register(auth, {
    secure: config.COOKIE_SECURE,
    sessionCacheMs: config.SESSION_CACHE_MS,
  });
  // Before any route: each is registered against the one policy table (domain/policy.ts).
  await app.register(policy);
  await app.register(openapi, { publicUrl: config.PUBLIC_URL });
  await app.register(healthRoutes);
  await app.register(authRoutes, {
    sessionDays: config.SESSION_DAYS,
    loginRateMax: config.LOGIN_RATE_MAX,
    loginRateWindow: config.LOGIN_RATE_WINDOW,
  });
  await app.register(directoryRoutes);
  await app.register(adminRoutes, { settings, publicUrl: config.PUBLIC_URL });
  await app.register(assetsRoutes, { publicUrl: config.PUBLIC_URL });
  await app.register(auditRoutes);
  await app.register(settingsRoutes);
  await app.register(tokensRoutes);
  await app.register(exportsRoutes);
  await app.register(requestsRoutes, { settings });
  await app.register(actionRoutes, { settings });
  await app.register(handoffsRoutes, { settings });
  await app.register(attachmentsRoutes, { settings, maxBytes: config.ATTACHMENT_MAX_BYTES });
  await app.register(reviewRoutes);
  await app.register(metricsRoutes);
  await app.register(notificationsRoutes);
  await app.register(viewsRoutes);
  await app.register(mail, { config });
  await app.register(stream, { config });
  if (config.BENCH_ROUTES) await app.register(benchRoutes);
  await app.register(jobs, { intervalMs: config.JOBS_INTERVAL_MS });
  await app.register(figuresProjector, { intervalMs: config.FIGURES_INTERVAL_MS });
  await app.register(notifications, {
    streamIntervalMs: config.STREAM_INTERVAL_MS,
    dueIntervalMs: config.NOTIFICATIONS_INTERVAL_MS,
  });
  await app.register(spa, { root: config.CLIENT_DIST ?? defaultClientDist });
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
