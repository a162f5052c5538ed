import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config';

/** The live stream, `GET /api/stream` (SPEC §13). */
export default fp(
  async function stream(_app: FastifyInstance, _opts: { config: Config }) {},
  { name: 'stream', dependencies: ['db', 'auth'] },
);
