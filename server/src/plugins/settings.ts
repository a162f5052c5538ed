import type { OrganisationSettings } from '@followthrough/shared';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ensureSettings, readSettings } from '../modules/settings/settings.service';

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * The organisation's settings as this process last read them: the reopen rule and the
     * auto-confirm job read them here. A change made in this process is seen at once; one
     * made in another within `refreshMs`.
     */
    settings: OrganisationSettings;
    reloadSettings: () => Promise<void>;
  }
}

export default fp(
  async function settings(
    app: FastifyInstance,
    opts: { first: OrganisationSettings; refreshMs: number },
  ) {
    const live: OrganisationSettings = { ...opts.first };
    app.decorate('settings', live);
    const reload = async () => {
      Object.assign(live, await readSettings(app.db, opts.first));
    };
    app.decorate('reloadSettings', reload);
    let timer: NodeJS.Timeout | undefined;
    app.addHook('onReady', async () => {
      await ensureSettings(app.db, opts.first);
      await reload();
      if (opts.refreshMs > 0) {
        timer = setInterval(() => {
          reload().catch((err: unknown) => app.log.warn({ err }, 'could not read the settings'));
        }, opts.refreshMs);
        timer.unref();
      }
    });
    app.addHook('onClose', async () => clearInterval(timer));
  },
  { name: 'settings', dependencies: ['db'] },
);
