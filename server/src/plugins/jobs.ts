import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { runAutoConfirm } from '../modules/outcomes/auto-confirm';

/** Periodic work: auto-confirm. Safe to run in every process (see runAutoConfirm). */
export default fp(
  async function jobs(app: FastifyInstance, opts: { intervalMs: number }) {
    if (opts.intervalMs <= 0) return;
    let running: Promise<unknown> | null = null;
    const tick = () => {
      if (running) return;
      running = app
        .observeJob('auto_confirm', () =>
          runAutoConfirm(app.db, { now: app.now(), days: app.settings.autoConfirmDays }),
        )
        .then((n) => {
          if (n) app.log.info({ closed: n }, 'auto-confirmed resolved requests');
        })
        .catch((err: unknown) => app.log.error({ err }, 'auto-confirm failed'))
        .finally(() => {
          running = null;
        });
    };
    let timer: NodeJS.Timeout | undefined;
    app.addHook('onReady', async () => {
      tick();
      timer = setInterval(tick, opts.intervalMs);
      timer.unref();
    });
    app.addHook('onClose', async () => {
      clearInterval(timer);
      await running;
    });
  },
  { name: 'jobs', dependencies: ['db', 'settings', 'prometheus'] },
);
