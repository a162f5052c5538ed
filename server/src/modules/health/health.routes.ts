import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { migrationsFolder } from '../../db/client';
import { rowsOf } from '../../db/raw';

const expectedMigrations = (
  JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as {
    entries: unknown[];
  }
).entries.length;

/**
 * Liveness (no database) and readiness: the database reachable and migrated, and the
 * process done preparing it (server.ts answers `preparing` until the demo is written).
 */
const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/healthz',
    {
      schema: {
        tags: ['health'],
        summary: 'Liveness: the process answers (whatever the database does)',
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  const readiness = z.object({
    status: z.enum(['ready', 'unavailable']),
    database: z.enum(['ok', 'unreachable', 'not_migrated', 'preparing']),
  });
  app.get(
    '/readyz',
    {
      schema: {
        tags: ['health'],
        summary: 'Readiness: the database is reachable and migrated (else 503)',
        response: { 200: readiness, 503: readiness },
      },
    },
    async (_request, reply) => {
      try {
        const result = await app.db.execute(
          sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
        );
        const applied = rowsOf<{ n: number }>(result)[0]?.n ?? 0;
        if (applied < expectedMigrations) {
          return reply.code(503).send({ status: 'unavailable', database: 'not_migrated' });
        }
        return { status: 'ready' as const, database: 'ok' as const };
      } catch (err) {
        const code =
          (err as { code?: string; cause?: { code?: string } }).cause?.code ??
          (err as { code?: string }).code;
        const missing = code === '42P01' || code === '3F000';
        app.log.warn({ err }, 'readiness check failed');
        return reply
          .code(503)
          .send({ status: 'unavailable', database: missing ? 'not_migrated' : 'unreachable' });
      }
    },
  );
};

export default healthRoutes;
