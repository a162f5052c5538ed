import type { AddressInfo } from 'node:net';
import { notificationKinds } from '@followthrough/shared';
import { sql } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { rowsOf } from '../../server/src/db/raw';
import type { Db } from '../../server/src/db/types';
import {
  composeNotification,
  MAX_ATTEMPTS,
  retryDelayMs,
} from '../../server/src/modules/mail/mail.compose';
import type { ClaimedMail } from '../../server/src/modules/mail/mail.queries';
import { outboxStats } from '../../server/src/modules/mail/mail.queries';
import { MailSender } from '../../server/src/modules/mail/mail.sender';
import { makeTestApp, signIn, type TestApp } from '../support/app';
import { secondConnection } from '../support/db';
import { makeOrg } from '../support/factories';

/** A mail as the SMTP server received it. */
interface Received {
  to: string[];
  messageId: string;
  subject: string;
  text: string;
}

function decodeQuotedPrintable(body: string) {
  const bytes = body
    .replace(/=\r\n/g, '')
    .replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

/** Enough of RFC 5322 and MIME for the single-part text mails the sender writes. */
function parseMessage(raw: string, to: string[]): Received {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const body = raw.slice(split + 4);
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  const encoding = headers.get('content-transfer-encoding') ?? '';
  const text = /quoted-printable/i.test(encoding)
    ? decodeQuotedPrintable(body)
    : /base64/i.test(encoding)
      ? Buffer.from(body, 'base64').toString('utf8')
      : body;
  return {
    to,
    messageId: headers.get('message-id') ?? '',
    subject: headers.get('subject') ?? '',
    text: text.replace(/\r\n/g, '\n'),
  };
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** A real SMTP server on 127.0.0.1 that keeps what it accepts, and can refuse or hold. */
const smtp = {
  server: null as SMTPServer | null,
  port: 0,
  received: [] as Received[],
  /** How many recipients to refuse next, with a temporary 451. */
  refuseRecipients: 0,
  /** While set, a message's DATA is read but not answered until `release` resolves. */
  hold: null as null | { arrived: () => void; release: Promise<void> },
  arrivals: [] as (() => void)[],
  reset() {
    this.received = [];
    this.refuseRecipients = 0;
    this.hold = null;
    this.arrivals = [];
  },
  /** Resolves when the next mail has been accepted. */
  next() {
    return new Promise<void>((resolve) => this.arrivals.push(resolve));
  },
};

beforeAll(async () => {
  smtp.server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 200,
    onRcptTo(_address, _session, callback) {
      if (smtp.refuseRecipients > 0) {
        smtp.refuseRecipients--;
        return callback(
          Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 }),
        );
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', async () => {
        const hold = smtp.hold;
        if (hold) {
          hold.arrived();
          await hold.release;
        }
        const to = session.envelope.rcptTo.map((r) => r.address);
        smtp.received.push(parseMessage(Buffer.concat(chunks).toString('utf8'), to));
        callback();
        for (const arrived of smtp.arrivals.splice(0)) arrived();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.server!.listen(0, '127.0.0.1', resolve));
  smtp.port = (smtp.server.server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => smtp.server?.close(resolve));
});

let app: TestApp;
let db: Db;
let org: Awaited<ReturnType<typeof makeOrg>>;
let staff: string;
let sender: MailSender;

const mailEnv = () => ({
  SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
  MAIL_INTERVAL_MS: '0',
  MAIL_RETRY_BASE_MS: '60000',
  PUBLIC_URL: 'https://desk.example',
});

async function start(env: Record<string, string>) {
  smtp.reset();
  ({ app, db } = await makeTestApp(env));
  org = await makeOrg(db);
  staff = await signIn(app, org.staff.email);
}

const logRequest = (cookie: string, title = 'Treadmill 3 is broken') =>
  app.inject({
    method: 'POST',
    url: '/api/requests',
    headers: { cookie },
    payload: {
      title,
      desiredOutcome: 'Members can run on treadmill 3 again',
      categoryId: org.equipment.id,
    },
  });

interface OutboxRow {
  id: number;
  person_id: string;
  invite_id: string | null;
  status: string;
  attempts: number;
  payload: Record<string, unknown> | null;
  message_id: string;
  last_error: string | null;
  sent_at: Date | null;
  /** Seconds from now until the row is due. */
  due_in: number;
}

async function outbox(): Promise<OutboxRow[]> {
  const rows = rowsOf<OutboxRow>(
    await db.execute(sql`select id, person_id, invite_id, status, attempts, payload, message_id,
        last_error, sent_at,
        extract(epoch from next_attempt_at - now())::float8 as due_in
      from mail_outbox order by id`),
  );
  return rows.map((r) => ({
    ...r,
    id: Number(r.id),
    attempts: Number(r.attempts),
    due_in: Number(r.due_in),
  }));
}

describe('mail for notifications (SMTP_URL set)', () => {
  beforeEach(async () => {
    await start(mailEnv());
    sender = app.mailSender!;
  });
  afterEach(() => app.close());

  it("mails the default owner the request's key, title, desired outcome and link; the person who logged it gets none", async () => {
    const res = await logRequest(staff);
    expect(res.statusCode, res.body).toBe(201);
    const queued = await outbox();
    expect(queued).toMatchObject([{ person_id: org.owner.id, status: 'pending', attempts: 0 }]);

    expect(await sender.run()).toEqual({ sent: 1, retried: 0, failed: 0, skipped: 0 });
    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(mail!.to).toEqual([org.owner.email]);
    expect(mail!.subject).toBe('[REQ-1] Offered to you: Treadmill 3 is broken');
    expect(mail!.text).toContain('Sam Staff offered you ownership of this request.');
    expect(mail!.text).toContain('REQ-1: Treadmill 3 is broken');
    expect(mail!.text).toContain('Desired outcome: Members can run on treadmill 3 again');
    expect(mail!.text).toContain('Open it: https://desk.example/requests/REQ-1');
    expect(mail!.text).toContain('"Email me my notifications" on your Profile page');
    expect(mail!.messageId).toBe(`<${queued[0]!.message_id}@localhost>`);

    const [row] = await outbox();
    expect(row).toMatchObject({ status: 'sent', attempts: 1, last_error: null });
    expect(row!.sent_at).not.toBeNull();
    // Nothing is due any more: a second run sends nothing.
    expect((await sender.run()).sent).toBe(0);
    expect(smtp.received).toHaveLength(1);
    expect(await outboxStats(db)).toEqual({ depth: 0, oldestAgeSeconds: 0 });
  });

  it('queues nothing for a person with email off, and skips what was queued before they turned it off', async () => {
    const owner = await signIn(app, org.owner.email);
    expect((await logRequest(staff, 'Queued before')).statusCode).toBe(201);
    const off = await app.inject({
      method: 'PATCH',
      url: '/api/me/preferences',
      headers: { cookie: owner },
      payload: { emailNotifications: false },
    });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json()).toEqual({ emailNotifications: false });
    expect((await logRequest(staff, 'Logged after')).statusCode).toBe(201);

    // Both notifications are in the inbox; only the first had queued a mail.
    const inbox = await app.inject({ url: '/api/notifications', headers: { cookie: owner } });
    expect(inbox.json().items).toHaveLength(2);
    expect(await outbox()).toHaveLength(1);

    expect(await sender.run()).toMatchObject({ sent: 0, skipped: 1 });
    expect(smtp.received).toHaveLength(0);
    expect(await outbox()).toMatchObject([
      { status: 'skipped', last_error: 'the person turned email off' },
    ]);
  });

  it('skips the mail of a person deactivated since it was queued', async () => {
    expect((await logRequest(staff)).statusCode).toBe(201);
    await db.execute(sql`update people set active = false where id = ${org.owner.id}`);
    expect(await sender.run()).toMatchObject({ sent: 0, skipped: 1 });
    expect(smtp.received).toHaveLength(0);
    expect(await outbox()).toMatchObject([{ status: 'skipped' }]);
  });

  it('tries a refused delivery again after the backoff, doubling it, and then delivers it once', async () => {
    smtp.refuseRecipients = 2;
    expect((await logRequest(staff)).statusCode).toBe(201);

    expect(await sender.run()).toMatchObject({ sent: 0, retried: 1 });
    let [row] = await outbox();
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row!.last_error).toContain('451');
    // MAIL_RETRY_BASE_MS is 60 s here.
    expect(row!.due_in).toBeGreaterThan(55);
    expect(row!.due_in).toBeLessThanOrEqual(60);

    // Not due yet: nothing is tried.
    expect(await sender.run()).toEqual({ sent: 0, retried: 0, failed: 0, skipped: 0 });
    expect(smtp.received).toHaveLength(0);

    // The backoff passes; refused again, the wait doubles.
    await db.execute(sql`update mail_outbox set next_attempt_at = now() - interval '1 second'`);
    expect(await sender.run()).toMatchObject({ retried: 1 });
    [row] = await outbox();
    expect(row).toMatchObject({ status: 'pending', attempts: 2 });
    expect(row!.due_in).toBeGreaterThan(115);
    expect(row!.due_in).toBeLessThanOrEqual(120);

    await db.execute(sql`update mail_outbox set next_attempt_at = now() - interval '1 second'`);
    expect(await sender.run()).toMatchObject({ sent: 1 });
    expect(await sender.run()).toMatchObject({ sent: 0 });
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.to).toEqual([org.owner.email]);
    expect(await outbox()).toMatchObject([{ status: 'sent', attempts: 3, last_error: null }]);
  });

  it(`gives a mail up after ${MAX_ATTEMPTS} attempts`, async () => {
    smtp.refuseRecipients = 1;
    expect((await logRequest(staff)).statusCode).toBe(201);
    await db.execute(sql`update mail_outbox set attempts = ${MAX_ATTEMPTS - 1}`);
    expect(await sender.run()).toMatchObject({ failed: 1 });
    expect(await outbox()).toMatchObject([{ status: 'failed', attempts: MAX_ATTEMPTS }]);
    expect(await sender.run()).toMatchObject({ sent: 0, failed: 0 });
    expect(smtp.received).toHaveLength(0);
  });

  it('does not send again when marking it sent fails once', async () => {
    // A real fault in the database: the first update to 'sent' raises, later ones pass.
    await db.execute(sql.raw('create sequence mark_fault_seq'));
    await db.execute(
      sql.raw(`create function mark_fault() returns trigger language plpgsql as $$
        begin
          if new.status = 'sent' and nextval('mark_fault_seq') = 1 then
            raise exception 'the disk is full';
          end if;
          return new;
        end $$`),
    );
    await db.execute(
      sql.raw(`create trigger mark_fault before update on mail_outbox
        for each row execute function mark_fault()`),
    );
    try {
      expect((await logRequest(staff)).statusCode).toBe(201);
      expect(await sender.run()).toMatchObject({ sent: 1 });
      const [fault] = rowsOf<{ n: string | number }>(
        await db.execute(sql.raw('select last_value as n from mark_fault_seq')),
      );
      // The mark was refused once, and tried again.
      expect(Number(fault!.n)).toBe(2);
      expect(await outbox()).toMatchObject([{ status: 'sent', attempts: 1 }]);
      expect((await sender.run()).sent).toBe(0);
      expect(smtp.received).toHaveLength(1);
    } finally {
      await db.execute(sql.raw('drop trigger if exists mark_fault on mail_outbox'));
      await db.execute(sql.raw('drop function if exists mark_fault()'));
      await db.execute(sql.raw('drop sequence if exists mark_fault_seq'));
    }
  });

  it('does not send again what it sent while marks kept failing, even once its lease is over', async () => {
    await db.execute(
      sql.raw(`create function mark_fault() returns trigger language plpgsql as $$
        begin
          if new.status = 'sent' then raise exception 'the disk is full'; end if;
          return new;
        end $$`),
    );
    await db.execute(
      sql.raw(`create trigger mark_fault before update on mail_outbox
        for each row execute function mark_fault()`),
    );
    try {
      expect((await logRequest(staff)).statusCode).toBe(201);
      expect(await sender.run()).toMatchObject({ sent: 1 });
      expect(await outbox()).toMatchObject([{ status: 'sending' }]);
      // The lease runs out while the database still refuses the mark.
      await db.execute(sql`update mail_outbox set lease_until = now() - interval '1 second'`);
      expect(await sender.run()).toMatchObject({ sent: 0 });
      expect(smtp.received).toHaveLength(1);
    } finally {
      await db.execute(sql.raw('drop trigger if exists mark_fault on mail_outbox'));
      await db.execute(sql.raw('drop function if exists mark_fault()'));
    }
    // The database recovers: the mark goes through, and still nothing is sent twice.
    expect((await sender.run()).sent).toBe(0);
    expect(await outbox()).toMatchObject([{ status: 'sent' }]);
    expect(smtp.received).toHaveLength(1);
  });

  it('sends again, with the same Message-ID, a mail whose runner crashed between the send and the mark', async () => {
    expect((await logRequest(staff)).statusCode).toBe(201);
    expect((await sender.run()).sent).toBe(1);
    // As a crash right after the server accepted it leaves the row: sending, lease running.
    await db.execute(
      sql`update mail_outbox set status = 'sending', sent_at = null,
        lease_until = now() + interval '1 minute'`,
    );
    // While the crashed runner's lease runs, no one takes the row.
    expect((await sender.run()).sent).toBe(0);
    await db.execute(sql`update mail_outbox set lease_until = now() - interval '1 second'`);
    // Another runner (this one knows nothing of the first send) takes it up and sends it again.
    expect((await sender.run()).sent).toBe(1);
    expect(smtp.received).toHaveLength(2);
    const [first, second] = smtp.received;
    expect(second!.messageId).toBe(first!.messageId);
    expect(second!.subject).toBe(first!.subject);
    expect(await outbox()).toMatchObject([{ status: 'sent', attempts: 2 }]);
  });

  it('sends each mail once when two processes run their senders at the same time', async () => {
    const other = await secondConnection();
    const second = new MailSender({
      db: other.db,
      smtpUrl: `smtp://127.0.0.1:${smtp.port}`,
      from: 'Followthrough <followthrough@localhost>',
      publicUrl: 'https://desk.example',
      retryBaseMs: 60_000,
      organisationName: () => 'Followthrough',
      now: () => new Date(),
      log: app.log,
    });
    try {
      for (let i = 1; i <= 6; i++) {
        expect((await logRequest(staff, `Bike ${i} creaks`)).statusCode).toBe(201);
      }
      const runs = await Promise.all([sender.run(), second.run()]);
      expect(runs[0].sent + runs[1].sent).toBe(6);
      expect(smtp.received).toHaveLength(6);
      expect(new Set(smtp.received.map((m) => m.messageId)).size).toBe(6);
      expect((await outbox()).every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
    } finally {
      await second.close();
      await other.close();
    }
  });

  it('answers API calls while the SMTP server is still holding a mail', async () => {
    const held = deferred();
    const release = deferred();
    smtp.hold = { arrived: held.resolve, release: release.promise };
    expect((await logRequest(staff)).statusCode).toBe(201);
    const running = sender.run();
    await held.promise;

    // The server has the first mail's DATA and has not answered; the API is not waiting on it.
    const again = await logRequest(staff, 'Rowing machine 2 squeaks');
    expect(again.statusCode, again.body).toBe(201);
    const owner = await signIn(app, org.owner.email);
    const inbox = await app.inject({ url: '/api/notifications', headers: { cookie: owner } });
    expect(inbox.statusCode).toBe(200);
    expect(inbox.json().unreadCount).toBe(2);
    expect(smtp.received).toHaveLength(0);
    expect(await outboxStats(db)).toMatchObject({ depth: 2 });

    smtp.hold = null;
    release.resolve();
    expect((await running).sent).toBe(1);
    expect((await sender.run()).sent).toBe(1);
    expect(smtp.received.map((m) => m.subject)).toEqual([
      '[REQ-1] Offered to you: Treadmill 3 is broken',
      '[REQ-2] Offered to you: Rowing machine 2 squeaks',
    ]);
  });

  it('mails an invite with its link, and keeps the link only until it is sent', async () => {
    const admin = await signIn(app, org.admin.email);
    const invite = (email: string) =>
      app.inject({
        method: 'POST',
        url: '/api/people',
        headers: { cookie: admin },
        payload: { name: 'Kim New', email, role: 'staff' },
      });
    const res = await invite('kim@example.org');
    expect(res.statusCode, res.body).toBe(201);
    const { id, inviteUrl } = res.json() as { id: string; inviteUrl: string };
    expect(inviteUrl).toMatch(/^https:\/\/desk\.example\/invite#[A-Za-z0-9_-]{43}$/);
    expect(await outbox()).toMatchObject([
      { person_id: id, status: 'pending', payload: { link: inviteUrl } },
    ]);

    expect((await sender.run()).sent).toBe(1);
    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(mail!.to).toEqual(['kim@example.org']);
    expect(mail!.subject).toBe('You are invited to Followthrough on Followthrough');
    expect(mail!.text).toContain('Alex Admin invited you');
    expect(mail!.text).toContain(inviteUrl);
    const [row] = await outbox();
    expect(row).toMatchObject({ status: 'sent', payload: null });
    expect(row!.invite_id).not.toBeNull();
  });

  it('mails only the newest invite link when an admin invited again before it went out', async () => {
    const admin = await signIn(app, org.admin.email);
    const created = await app.inject({
      method: 'POST',
      url: '/api/people',
      headers: { cookie: admin },
      payload: { name: 'Kim New', email: 'kim@example.org', role: 'staff' },
    });
    const { id } = created.json() as { id: string };
    const again = await app.inject({
      method: 'POST',
      url: `/api/people/${id}/invite`,
      headers: { cookie: admin },
    });
    expect(again.statusCode, again.body).toBe(200);
    const { inviteUrl } = again.json() as { inviteUrl: string };

    expect(await sender.run()).toMatchObject({ sent: 1, skipped: 1 });
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.text).toContain(inviteUrl);
    expect(await outbox()).toMatchObject([
      { status: 'skipped', payload: null },
      { status: 'sent', payload: null },
    ]);
  });
});

describe('the sender woken by commits', () => {
  beforeEach(() => start({ ...mailEnv(), MAIL_INTERVAL_MS: '3600000' }));
  afterEach(() => app.close());

  it('sends soon after the change that caused the notification, without waiting for its interval', async () => {
    const arrived = smtp.next();
    expect((await logRequest(staff)).statusCode).toBe(201);
    await arrived;
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.to).toEqual([org.owner.email]);
  });
});

describe('without SMTP_URL', () => {
  beforeEach(() => start({ PUBLIC_URL: 'https://desk.example' }));
  afterEach(() => app.close());

  it('writes no mail, for notifications or invites, and the API answers as before', async () => {
    expect(app.mailSender).toBeNull();
    expect((await logRequest(staff)).statusCode).toBe(201);
    const admin = await signIn(app, org.admin.email);
    const res = await app.inject({
      method: 'POST',
      url: '/api/people',
      headers: { cookie: admin },
      payload: { name: 'Kim New', email: 'kim@example.org', role: 'staff' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().inviteUrl).toMatch(/^https:\/\/desk\.example\/invite#/);
    const owner = await signIn(app, org.owner.email);
    const inbox = await app.inject({ url: '/api/notifications', headers: { cookie: owner } });
    expect(inbox.json().unreadCount).toBe(1);
    expect(await outbox()).toEqual([]);
  });
});

describe('GET and PATCH /api/me/preferences', () => {
  beforeEach(() => start({}));
  afterEach(() => app.close());

  it('reads and changes the signed-in person’s own email setting, on by default', async () => {
    const owner = await signIn(app, org.owner.email);
    const read = (cookie: string) =>
      app.inject({ url: '/api/me/preferences', headers: { cookie } });
    expect((await read(owner)).json()).toEqual({ emailNotifications: true });
    const patch = (payload: unknown) =>
      app.inject({
        method: 'PATCH',
        url: '/api/me/preferences',
        headers: { cookie: owner },
        payload: payload as object,
      });
    expect((await patch({ emailNotifications: false })).json()).toEqual({
      emailNotifications: false,
    });
    expect((await read(owner)).json()).toEqual({ emailNotifications: false });
    // Another person's setting is their own.
    expect((await read(staff)).json()).toEqual({ emailNotifications: true });
    // Nothing to change answers the setting as it is.
    expect((await patch({})).json()).toEqual({ emailNotifications: false });
    expect((await patch({ emailNotifications: true })).json()).toEqual({
      emailNotifications: true,
    });
  });

  it('refuses a bad body with 400 and an anonymous caller with 401, as problems', async () => {
    const owner = await signIn(app, org.owner.email);
    for (const payload of [{ emailNotifications: 'yes' }, { emailNotifications: true, theme: 1 }]) {
      const res = await app.inject({
        method: 'PATCH',
        url: '/api/me/preferences',
        headers: { cookie: owner },
        payload,
      });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    const anonymous = await app.inject({ url: '/api/me/preferences' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['content-type']).toContain('application/problem+json');
  });
});

describe('composing and retry timing', () => {
  const row = (kind: string): ClaimedMail => ({
    id: 1,
    attempts: 1,
    messageId: 'm',
    payload: null,
    personName: 'Dana Owner',
    email: 'dana@example.org',
    active: true,
    emailNotifications: true,
    notificationId: 1,
    kind,
    actorName: 'Lee Lead',
    requestNumber: 12,
    title: 'Treadmill 3 is broken',
    desiredOutcome: 'It runs',
    inviteId: null,
    inviterName: null,
    inviteExpiresAt: null,
    inviteOpen: null,
  });

  it('says in one sentence what each kind of notification needs of the person', () => {
    const ctx = { publicUrl: 'https://desk.example', organisationName: 'Lakeside' };
    const sentences = new Set<string>();
    for (const kind of notificationKinds) {
      const mail = composeNotification(row(kind), ctx);
      expect(mail.subject).toMatch(/^\[REQ-12\] .+: Treadmill 3 is broken$/);
      expect(mail.text).toContain('https://desk.example/requests/REQ-12');
      sentences.add(mail.text.split('\n')[2]!);
    }
    expect(sentences.size).toBe(notificationKinds.length);
  });

  it('doubles the wait from the base after each failure, to an hour at most', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 30_000))).toEqual([
      30_000, 60_000, 120_000, 240_000,
    ]);
    expect(retryDelayMs(8, 30_000)).toBe(3_600_000);
  });
});
