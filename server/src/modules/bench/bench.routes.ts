import { openStatuses } from '@followthrough/shared';
import type { FastifyPluginAsync } from 'fastify';
import { compile } from '../../db/raw';
import { listSql } from '../requests/requests.queries';

/**
 * The benchmark's ceiling: the open-items list statement run through raw
 * postgres.js (prepared), with no session, validation or mapping. Only
 * registered when BENCH_ROUTES=true.
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
};

export default benchRoutes;
