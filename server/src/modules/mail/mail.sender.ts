import type { FastifyBaseLogger } from 'fastify';
import { createTransport, type Transporter } from 'nodemailer';
import type { Db } from '../../db/types';
import { composeMail, MAX_ATTEMPTS, retryDelayMs, skipReason } from './mail.compose';
import {
  type ClaimedMail,
  claimDue,
  LEASE_SECONDS,
  markFailedAttempt,
  markSent,
  markSkipped,
  outboxStats,
  release,
} from './mail.queries';

/** Rows claimed at a time. */
const BATCH = 20;
/**
 * A batch stops sending this long after its claim and hands the rest back, so no row is sent
 * after its lease could have ended (the last send may take up to the socket timeout).
 */
const SEND_WINDOW_MS = (LEASE_SECONDS - 60) * 1000;
/** The waits before trying a failed sent-mark again within the run. */
const MARK_RETRIES_MS = [0, 200, 1000];
/** Errors that say the server, not the mail, is the trouble: the rest of the batch would fail too. */
const SERVER_ERRORS = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'EAUTH']);

/** What one run did. */
export interface MailRun {
  sent: number;
  retried: number;
  failed: number;
  skipped: number;
}

export interface MailSenderOptions {
  db: Db;
  /** `smtp://user:pass@host:587` or `smtps://…`; nodemailer's options may follow as a query. */
  smtpUrl: string;
  from: string;
  /** The app's address for links, without a trailing slash. */
  publicUrl: string;
  retryBaseMs: number;
  organisationName: () => string;
  /** The app's clock, which invite expiry is judged by. */
  now: () => Date;
  log: FastifyBaseLogger;
}

/** The host part of the From address, for Message-IDs. */
function messageIdHost(from: string): string {
  const found = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from);
  return found?.[1] ?? 'followthrough.invalid';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const errorText = (err: unknown) => {
  const e = err as { message?: string; responseCode?: number; code?: string };
  return [e.code, e.responseCode, e.message ?? String(err)].filter(Boolean).join(' ');
};

/**
 * Delivers the outbox (SPEC §13): claims due rows under a lease, composes each mail from the
 * database as it is now, sends it over one pooled SMTP connection, and marks it. A row is
 * sent at least once and, short of a crash between a send and its mark, exactly once: the
 * mark is idempotent and retried here, and a row this process sent but could not mark is
 * never sent again by it. Nothing here runs on an API call's path.
 */
export class MailSender {
  private readonly transport: Transporter;
  private readonly host: string;
  /** Sent but not yet marked: marked again, never sent again. */
  private readonly unmarked = new Set<number>();
  private current: Promise<MailRun> | null = null;
  private queued: Promise<MailRun> | null = null;
  private closing = false;

  constructor(private readonly opts: MailSenderOptions) {
    this.transport = createTransport({
      url: opts.smtpUrl,
      pool: true,
      maxConnections: 1,
      // A slow or silent server costs a batch seconds, never minutes.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
    this.host = messageIdHost(opts.from);
  }

  /**
   * Sends what is due now and resolves when done; a call during a run makes one more run
   * after it (the same one for every such call).
   */
  run(): Promise<MailRun> {
    if (this.closing) return Promise.resolve({ sent: 0, retried: 0, failed: 0, skipped: 0 });
    if (!this.current) {
      this.current = this.drain().finally(() => {
        this.current = null;
      });
      return this.current;
    }
    this.queued ??= this.current.then(() => {
      this.queued = null;
      return this.run();
    });
    return this.queued;
  }

  /** Waits for the running batch, tries the last marks, and closes the connection. */
  async close(): Promise<void> {
    this.closing = true;
    await this.current?.catch(() => undefined);
    if (this.unmarked.size > 0) await this.retryMarks([0]);
    for (const id of this.unmarked) {
      this.opts.log.error(
        { outboxId: id },
        'a sent mail could not be marked sent; it may be sent again after its lease',
      );
    }
    this.transport.close();
  }

  private async drain(): Promise<MailRun> {
    const total: MailRun = { sent: 0, retried: 0, failed: 0, skipped: 0 };
    try {
      for (;;) {
        const { claimed, stop } = await this.batch(total);
        if (claimed < BATCH || stop || this.closing) break;
      }
      const stats = await outboxStats(this.opts.db);
      if (stats.depth > 0) this.opts.log.info(stats, 'mail outbox waiting');
    } catch (err) {
      this.opts.log.error({ err }, 'sending mail failed');
    }
    return total;
  }

  private async batch(total: MailRun): Promise<{ claimed: number; stop: boolean }> {
    const { db, log } = this.opts;
    if (this.unmarked.size > 0) await this.retryMarks([0]);
    const started = Date.now();
    const rows = await claimDue(db, BATCH);
    let stop = false;
    for (const [i, row] of rows.entries()) {
      if (this.closing || Date.now() - started > SEND_WINDOW_MS) {
        await release(
          db,
          rows.slice(i).map((r) => r.id),
        );
        stop = true;
        break;
      }
      if (this.unmarked.has(row.id)) {
        // Sent by this process already; its lease ran out before the mark went through.
        await this.retryMarks([0]);
        continue;
      }
      const skip = skipReason(row, this.opts.now());
      if (skip) {
        await markSkipped(db, row.id, skip);
        total.skipped++;
        continue;
      }
      try {
        await this.send(row);
      } catch (err) {
        const giveUp = row.attempts >= MAX_ATTEMPTS;
        const delayMs = retryDelayMs(row.attempts, this.opts.retryBaseMs);
        log.warn(
          { outboxId: row.id, attempts: row.attempts, err: errorText(err), giveUp },
          giveUp ? 'a mail was given up on' : 'a mail will be tried again',
        );
        await markFailedAttempt(db, row.id, { error: errorText(err), delayMs, giveUp });
        if (giveUp) total.failed++;
        else total.retried++;
        if (SERVER_ERRORS.has((err as { code?: string }).code ?? '')) {
          // The next rows would only spend their attempts on the same outage.
          await release(
            db,
            rows.slice(i + 1).map((r) => r.id),
          );
          stop = true;
          break;
        }
        continue;
      }
      total.sent++;
      this.unmarked.add(row.id);
      try {
        await markSent(db, row.id);
        this.unmarked.delete(row.id);
      } catch (err) {
        log.warn({ outboxId: row.id, err }, 'a sent mail could not be marked yet');
      }
    }
    if (this.unmarked.size > 0) await this.retryMarks(MARK_RETRIES_MS);
    return { claimed: rows.length, stop };
  }

  private async send(row: ClaimedMail) {
    const mail = composeMail(row, {
      publicUrl: this.opts.publicUrl,
      organisationName: this.opts.organisationName(),
    });
    await this.transport.sendMail({
      from: this.opts.from,
      ...mail,
      // Fixed with the row: a mail sent again after a crash is recognisably the same one.
      messageId: `<${row.messageId}@${this.host}>`,
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
    });
  }

  /** Marks the sent-but-unmarked rows, waiting each of `waits` before a try, until none is left. */
  private async retryMarks(waits: readonly number[]) {
    for (const wait of waits) {
      if (this.unmarked.size === 0) return;
      if (wait > 0) await sleep(wait);
      for (const id of [...this.unmarked]) {
        try {
          await markSent(this.opts.db, id);
          this.unmarked.delete(id);
        } catch (err) {
          this.opts.log.warn({ outboxId: id, err }, 'a sent mail could not be marked yet');
        }
      }
    }
  }
}
