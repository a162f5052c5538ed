import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { projectFigures } from '../modules/metrics/figures-projector';
import { REQUEST_CHANGED } from '../modules/requests/commit';

/**
 * Keeps the figures current off the write path: woken by each commit's
 * notify (a burst of them wakes one run), and every `intervalMs` as well.
 * Every process may run it; the database lets one project at a time.
 */
export default fp(
  async function figuresProjector(app: FastifyInstance, opts: { intervalMs: number }) {
    if (opts.intervalMs <= 0) return;
    let running: Promise<void> | null = null;
    let again = false;
    let closing = false;
    const run = () => {
      if (closing) return;
      if (running) {
        again = true;
        return;
      }
      running = projectFigures(app.db)
        .then((n) => {
          if (n) app.log.debug({ events: n }, 'figures projected');
        })
        .catch((err: unknown) => app.log.error({ err }, 'figures projection failed'))
        .finally(() => {
          running = null;
          if (again) {
            again = false;
            run();
          }
        });
    };
    let soon: NodeJS.Timeout | undefined;
    const wake = () => {
      soon ??= setTimeout(() => {
        soon = undefined;
        run();
      }, 50);
    };
    let timer: NodeJS.Timeout | undefined;
    let unlisten: (() => Promise<void>) | undefined;
    app.addHook('onReady', async () => {
      unlisten = await app.database.listen(REQUEST_CHANGED, wake);
      run();
      timer = setInterval(run, opts.intervalMs);
      timer.unref();
    });
    app.addHook('onClose', async () => {
      closing = true;
      clearInterval(timer);
      clearTimeout(soon);
      await unlisten?.();
      await running;
    });
  },
  { name: 'figures-projector', dependencies: ['db'] },
);
