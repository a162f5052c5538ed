import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Database } from '../db/client';
import type { Db } from '../db/types';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    database: Database;
    /** The clock every rule reads; tests may move it. */
    now: () => Date;
  }
}

/** Decorates the app with the database it was built with; the process owns its lifetime. */
export default fp(
  async function db(app: FastifyInstance, opts: { database: Database; now: () => Date }) {
    app.decorate('database', opts.database);
    app.decorate('db', opts.database.db);
    app.decorate('now', opts.now);
  },
  { name: 'db' },
);
