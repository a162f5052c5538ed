import { openStatuses } from '@followthrough/shared';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { compile } from '../../db/raw';
import { listSql } from '../requests/requests.queries';

/**
 * The benchmark's ceilings: the open-items list statement, and the least a
 * write can be (the row's version bumped and one event appended, in one
 * transaction), each through raw postgres.js with no session, validation or
 * mapping. Only registered when BENCH_ROUTES=true.
 */
const benchRoutes: FastifyPluginAsync = async (app) => {
  const raw = app.database.raw;
  if (!raw) return;
  app.get('/api/_bench/list', async () => {
    const query = listSql({ statuses: [...openStatuses], sort: '-created', limit: 51 }, app.now());
    const { sql, params } = compile(query!);
    const rows = await raw.unsafe(sql, params as never[], { prepare: true });
    return { items: rows.slice(0, 50) };
  });
  const params = z.object({ id: z.uuid() });
  app.post('/api/_bench/write/:id', async (request, reply) => {
    const parsed = params.safeParse(request.params);
    if (!parsed.success) return reply.code(400).send({ error: 'id must be a uuid' });
    const { id } = parsed.data;
    const [row] = await raw.begin(async (tx) => {
      const [updated] = await tx`update requests set version = version + 1, updated_at = now()
        where id = ${id} returning version`;
      await tx`insert into events (request_id, type, data) values (${id}, 'comment', '{}'::jsonb)`;
      return [updated];
    });
    return { version: row?.version };
  });
};

export default benchRoutes;
