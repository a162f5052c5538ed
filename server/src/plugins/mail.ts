import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config';

/** Mail for notifications and invites (SPEC §13), through the outbox. */
export default fp(
  async function mail(_app: FastifyInstance, _opts: { config: Config }) {},
  { name: 'mail', dependencies: ['db'] },
);
