import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config';
import { MailSender } from '../modules/mail/mail.sender';
import preferencesRoutes from '../modules/mail/preferences.routes';
import { REQUEST_CHANGED, setMailDelivery } from '../modules/requests/commit';

declare module 'fastify' {
  interface FastifyInstance {
    /** The outbox's sender when SMTP_URL is set; `run()` sends what is due now. */
    mailSender: MailSender | null;
  }
}

/** A burst of commits wakes one run, this long after the first. */
const WAKE_DELAY_MS = 250;

/**
 * Mail for notifications and invites (SPEC §13), through the outbox. With SMTP_URL set, new
 * notifications and invites queue mail in their own transaction, and every process runs a
 * sender every MAIL_INTERVAL_MS and soon after each commit; the outbox's leases let each row
 * have one runner at a time. The person's own email setting is served here with or without it.
 */
export default fp(
  async function mail(app: FastifyInstance, opts: { config: Config }) {
    const { config } = opts;
    await app.register(preferencesRoutes);
    setMailDelivery(app.db, Boolean(config.SMTP_URL));
    if (!config.SMTP_URL) {
      app.decorate('mailSender', null);
      return;
    }
    if (!config.PUBLIC_URL) {
      app.log.warn('SMTP_URL is set without PUBLIC_URL: links in mail point at localhost');
    }
    const sender = new MailSender({
      db: app.db,
      smtpUrl: config.SMTP_URL,
      from: config.MAIL_FROM,
      publicUrl: (config.PUBLIC_URL ?? `http://localhost:${config.PORT}`).replace(/\/+$/, ''),
      retryBaseMs: config.MAIL_RETRY_BASE_MS,
      organisationName: () => app.settings.organisationName,
      now: app.now,
      log: app.log.child({ component: 'mail' }),
    });
    app.decorate('mailSender', sender);

    let timer: NodeJS.Timeout | undefined;
    let soon: NodeJS.Timeout | undefined;
    let unlisten: (() => Promise<void>) | undefined;
    const run = () => {
      // Failures are logged by the sender; a run never rejects.
      void app.observeJob('mail_sender', () => sender.run());
    };
    app.addHook('onReady', async () => {
      if (config.MAIL_INTERVAL_MS <= 0) return;
      unlisten = await app.database.listen(REQUEST_CHANGED, () => {
        soon ??= setTimeout(() => {
          soon = undefined;
          run();
        }, WAKE_DELAY_MS);
      });
      run();
      timer = setInterval(run, config.MAIL_INTERVAL_MS);
      timer.unref();
    });
    app.addHook('onClose', async () => {
      clearInterval(timer);
      clearTimeout(soon);
      await unlisten?.();
      await sender.close();
      setMailDelivery(app.db, false);
    });
  },
  { name: 'mail', dependencies: ['db', 'settings', 'prometheus'] },
);
