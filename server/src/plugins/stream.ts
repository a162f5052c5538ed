import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config';
import { StreamHub } from '../modules/stream/stream.hub';
import streamRoutes from '../modules/stream/stream.routes';

/**
 * The live stream, `GET /api/stream` (SPEC §13): one hub per process, listening from ready
 * on, and every stream ended before the server stops accepting, so closing never waits on one.
 */
export default fp(
  async function stream(app: FastifyInstance, opts: { config: Config }) {
    const hub = new StreamHub({
      db: app.db,
      now: app.now,
      log: app.log,
      heartbeatMs: opts.config.STREAM_HEARTBEAT_MS,
    });
    app.decorate('streamHub', hub);
    app.addHook('onReady', () => hub.start((channel, fn) => app.database.listen(channel, fn)));
    // preClose runs before the server closes; onClose only once it has.
    app.addHook('preClose', () => hub.closeAll());
    app.addHook('onClose', () => hub.stop());
    await app.register(streamRoutes, { hub });
  },
  { name: 'stream', dependencies: ['db', 'auth'] },
);

declare module 'fastify' {
  interface FastifyInstance {
    /** This process's live streams. */
    streamHub: StreamHub;
  }
}
