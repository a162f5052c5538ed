import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { notifyDue, sequenceStream } from '../modules/notifications/notifications.jobs';
import { REQUEST_CHANGED } from '../modules/requests/commit';

/**
 * A job that never runs twice at once here, and runs once more when asked while running —
 * no sooner than `gapMs` after the last run started, so a steady stream of asks makes
 * fewer, fuller runs.
 */
function serial(work: () => Promise<unknown>, onError: (err: unknown) => void, gapMs = 0) {
  let running: Promise<void> | null = null;
  let again = false;
  let closed = false;
  let later: NodeJS.Timeout | undefined;
  const run = (): void => {
    if (closed || later) return;
    if (running) {
      again = true;
      return;
    }
    const started = performance.now();
    running = work()
      .then(() => undefined, onError)
      .finally(() => {
        running = null;
        if (!again || closed) return;
        again = false;
        const wait = gapMs - (performance.now() - started);
        if (wait <= 0) run();
        else
          later = setTimeout(() => {
            later = undefined;
            run();
          }, wait);
      });
  };
  return {
    run,
    close: async () => {
      closed = true;
      clearTimeout(later);
      await running;
    },
  };
}

/** Numbering runs start at most this often under load: each is a transaction and a notify. */
const SEQUENCE_GAP_MS = 25;

/**
 * What tells people (SPEC §13), kept off the write path: the stream sequencer numbers each
 * commit's queued changes and notifications soon after it (woken by the commit's notify,
 * and every `streamIntervalMs`), and the follow-ups and handoffs that came due are notified
 * every `dueIntervalMs`. Every process runs both; the database lets one at a time.
 */
export default fp(
  async function notifications(
    app: FastifyInstance,
    opts: { streamIntervalMs: number; dueIntervalMs: number },
  ) {
    const sequencer = serial(
      () => app.observeJob('stream_sequencer', () => sequenceStream(app.db)),
      (err) => app.log.error({ err }, 'numbering the live stream failed'),
      SEQUENCE_GAP_MS,
    );
    const due = serial(
      async () => {
        const n = await app.observeJob('notify_due', () => notifyDue(app.db, app.now()));
        if (n) app.log.info({ notified: n }, 'notified follow-ups and handoffs that came due');
        if (n) sequencer.run();
      },
      (err) => app.log.error({ err }, 'notifying what came due failed'),
    );
    app.decorate('tellNow', { sequence: sequencer.run, due: due.run });
    const timers: NodeJS.Timeout[] = [];
    let soon: NodeJS.Timeout | undefined;
    let unlisten: (() => Promise<void>) | undefined;
    app.addHook('onReady', async () => {
      if (opts.streamIntervalMs > 0) {
        unlisten = await app.database.listen(REQUEST_CHANGED, () => {
          // A burst of commits is numbered in one run.
          soon ??= setTimeout(() => {
            soon = undefined;
            sequencer.run();
          }, 10);
        });
        sequencer.run();
        timers.push(setInterval(sequencer.run, opts.streamIntervalMs));
      }
      if (opts.dueIntervalMs > 0) {
        due.run();
        timers.push(setInterval(due.run, opts.dueIntervalMs));
      }
      for (const t of timers) t.unref();
    });
    app.addHook('onClose', async () => {
      for (const t of timers) clearInterval(t);
      clearTimeout(soon);
      await unlisten?.();
      await Promise.all([sequencer.close(), due.close()]);
    });
  },
  { name: 'notifications', dependencies: ['db', 'prometheus'] },
);

declare module 'fastify' {
  interface FastifyInstance {
    /** Runs the stream sequencer or the due notifications now (tests, and after a job's writes). */
    tellNow: { sequence: () => void; due: () => void };
  }
}
