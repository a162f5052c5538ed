import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { projectFigures } from '../modules/metrics/figures-projector';
import { REQUEST_CHANGED } from '../modules/requests/commit';
import { refreshStalls } from '../modules/requests/stalls';

/**
 * Keeps the derived data current off the write path — the figures, and the stalled moments a
 * directory change moved (refreshStalls): woken by each commit's
 * notify (a burst of them wakes one run), and every `intervalMs` as well.
 * Every process may run it; the database lets one project at a time.
 *
 * Under a steady stream of writes, runs start at most every GAP_MS: a run
 * recounts the weeks its changes touched whether they are one or a hundred,
 * so back-to-back runs would spend a core recounting the same week, and the
 * figures stay well within a second behind anyway.
 */
const GAP_MS = 150;

export default fp(
  async function figuresProjector(app: FastifyInstance, opts: { intervalMs: number }) {
    if (opts.intervalMs <= 0) return;
    let running: Promise<void> | null = null;
    let again = false;
    let closing = false;
    let later: NodeJS.Timeout | undefined;
    const run = () => {
      if (closing || later) return;
      if (running) {
        again = true;
        return;
      }
      const started = performance.now();
      running = app
        .observeJob('figures_projector', async () => {
          const n = await projectFigures(app.db);
          if (n) app.log.debug({ events: n }, 'figures projected');
          const moved = await refreshStalls(app.db);
          if (moved)
            app.log.info({ requests: moved }, 'stalled moments moved by a directory change');
        })
        .catch((err: unknown) => app.log.error({ err }, 'figures projection failed'))
        .finally(() => {
          running = null;
          if (again && !closing) {
            again = false;
            later = setTimeout(
              () => {
                later = undefined;
                run();
              },
              Math.max(0, Math.min(GAP_MS, opts.intervalMs) - (performance.now() - started)),
            );
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
      clearTimeout(later);
      await unlisten?.();
      await running;
    });
  },
  { name: 'figures-projector', dependencies: ['db', 'prometheus'] },
);
