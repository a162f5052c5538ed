import type { NotificationKind } from '@followthrough/shared';
import type { ClaimedMail } from './mail.queries';

/** A mail ready for the transport, without its envelope. */
export interface ComposedMail {
  to: { name: string; address: string };
  subject: string;
  text: string;
}

/** What composing needs besides the row: where the app is and whose it is. */
export interface ComposeContext {
  /** The app's address, without a trailing slash. */
  publicUrl: string;
  organisationName: string;
}

/** Why a claimed row is not mailed after all; null: mail it. */
export function skipReason(row: ClaimedMail, now: Date): string | null {
  if (!row.active) return 'the person was deactivated';
  if (row.inviteId !== null) {
    if (!row.inviteOpen) return 'the invite was used or replaced';
    if (!row.inviteExpiresAt || row.inviteExpiresAt <= now) return 'the invite expired';
    if (typeof row.payload?.link !== 'string') return 'the invite link is gone';
    return null;
  }
  if (!row.emailNotifications) return 'the person turned email off';
  if (row.notificationId === null || row.requestNumber === null) return 'nothing to tell';
  return null;
}

/** Per kind: the subject's words, and one sentence on what needs the person. */
const kinds: Record<NotificationKind, { subject: string; say: (actor: string) => string }> = {
  offer_received: {
    subject: 'Offered to you',
    say: (a) =>
      `${a} offered you ownership of this request. Accept it to become accountable for its outcome, or decline it with a reason.`,
  },
  assigned: {
    subject: 'Assigned to you',
    say: (a) => `${a} assigned this request to you: you are now accountable for its outcome.`,
  },
  confirmation_asked: {
    subject: 'Resolved, please confirm',
    say: (a) =>
      `${a} resolved a request you logged. Confirm the outcome, or reopen it if it is not what was needed.`,
  },
  reopened: {
    subject: 'Reopened',
    say: (a) => `${a} reopened a request you own: its outcome is not there yet.`,
  },
  nudged: {
    subject: 'Nudged',
    say: (a) =>
      `${a} nudged you about a request you own. Take the next step or commit to a new follow-up.`,
  },
  handoff_received: {
    subject: 'Handed to you',
    say: (a) =>
      `${a} handed you work on this request; the ask and when it is expected are on its page.`,
  },
  follow_up_due: {
    subject: 'Follow-up due',
    say: () => 'The follow-up you committed to on this request is due.',
  },
  handoff_overdue: {
    subject: 'Handoff overdue',
    say: () => 'A handoff on this request is past its expected-by date.',
  },
  commented: {
    subject: 'New comment',
    say: (a) => `${a} commented on this request.`,
  },
};

const fallback = { subject: 'Update', say: () => 'There is news on this request.' };

/** The link to a request's page. */
export const requestLink = (publicUrl: string, key: string) => `${publicUrl}/requests/${key}`;

/** A notification's mail: what needs the person, the request, its link, and how to stop them. */
export function composeNotification(row: ClaimedMail, ctx: ComposeContext): ComposedMail {
  const key = `REQ-${row.requestNumber}`;
  const kind = kinds[row.kind as NotificationKind] ?? fallback;
  const title = row.title ?? '';
  const lines = [
    `Hello ${row.personName},`,
    '',
    kind.say(row.actorName ?? 'Someone'),
    '',
    `${key}: ${title}`,
    `Desired outcome: ${row.desiredOutcome ?? ''}`,
    '',
    `Open it: ${requestLink(ctx.publicUrl, key)}`,
    '',
    '-- ',
    `${ctx.organisationName} · Followthrough`,
    'Notifications always stay in your inbox in the app. To stop these mails, turn off',
    `"Email me my notifications" on your Profile page: ${ctx.publicUrl}/profile`,
  ];
  return {
    to: { name: row.personName, address: row.email },
    subject: `[${key}] ${kind.subject}: ${title}`,
    text: `${lines.join('\n')}\n`,
  };
}

/** An invite's mail: who invited the person, the link, and until when it works. */
export function composeInvite(row: ClaimedMail, ctx: ComposeContext): ComposedMail {
  const link = String(row.payload?.link ?? '');
  const by = row.inviterName ?? 'An administrator';
  const until = row.inviteExpiresAt
    ? ` It works once, until ${row.inviteExpiresAt.toUTCString().replace(/:\d\d GMT$/, ' UTC')}.`
    : ' It works once.';
  const lines = [
    `Hello ${row.personName},`,
    '',
    `${by} invited you to ${ctx.organisationName}'s service desk, where requests are logged and followed through to their outcome.`,
    '',
    `Choose your password here to sign in:${until}`,
    link,
    '',
    'If you did not expect this, you can ignore this mail.',
    '',
    '-- ',
    `${ctx.organisationName} · Followthrough`,
  ];
  return {
    to: { name: row.personName, address: row.email },
    subject: `You are invited to ${ctx.organisationName} on Followthrough`,
    text: `${lines.join('\n')}\n`,
  };
}

/** The mail a claimed row stands for (skipReason said to send it). */
export function composeMail(row: ClaimedMail, ctx: ComposeContext): ComposedMail {
  return row.inviteId !== null ? composeInvite(row, ctx) : composeNotification(row, ctx);
}

/** The wait before the next try after `attempts` failed ones: doubling from the base, to an hour. */
export function retryDelayMs(attempts: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

/** After this many tries a mail is given up on (`failed`). */
export const MAX_ATTEMPTS = 8;
