import type {
  ConfirmBody,
  FollowUpBody,
  NoteBody,
  ReasonBody,
  ResolveBody,
  WaitBody,
} from '@followthrough/shared';
import {
  type ActionContext,
  changeOf,
  eventBy,
  factsOf,
  noteOf,
  type Outcome,
  type RequestState,
  recipients,
  refusalFor,
} from './change';
import { fieldRefusal, type Refusal, refuse } from './errors';
import { confirmsOnBehalf } from './lifecycle';

const DAY_MS = 86_400_000;

/** A follow-up (or expected-by) must be a promise about the future. */
export function futureDate(
  value: string,
  now: Date,
  path: string,
): { at: Date; refused?: never } | { at?: never; refused: Refusal } {
  const at = new Date(value);
  if (at.getTime() <= now.getTime())
    return { refused: fieldRefusal(path, 'Must be in the future') };
  return { at };
}

/** start: back to in progress from waiting. */
export function start(state: RequestState, ctx: ActionContext, body: NoteBody): Outcome {
  const refused = refusalFor('start', state, ctx);
  if (refused) return refused;
  return changeOf(state, ctx, {
    set: { status: 'in_progress' },
    events: [
      // The rules admit start from waiting only, and wait from in progress only.
      eventBy(ctx, 'status_changed', {
        from: 'waiting',
        to: 'in_progress',
        ...noteOf(body.note),
      }),
    ],
  });
}

/** wait: says on what, and commits to when the owner will look again. */
export function wait(state: RequestState, ctx: ActionContext, body: WaitBody): Outcome {
  const refused = refusalFor('wait', state, ctx);
  if (refused) return refused;
  const next = futureDate(body.nextFollowUpAt, ctx.now, 'nextFollowUpAt');
  if (next.refused) return next.refused;
  return changeOf(state, ctx, {
    set: { status: 'waiting', nextFollowUpAt: next.at, followUpSetAt: ctx.now },
    events: [
      eventBy(ctx, 'status_changed', {
        from: 'in_progress',
        to: 'waiting',
        note: body.note,
        nextFollowUpAt: next.at.toISOString(),
      }),
    ],
  });
}

/** follow-up: the owner's promise to act by a moment. */
export function followUp(state: RequestState, ctx: ActionContext, body: FollowUpBody): Outcome {
  const refused = refusalFor('follow-up', state, ctx);
  if (refused) return refused;
  const next = futureDate(body.at, ctx.now, 'at');
  if (next.refused) return next.refused;
  return changeOf(state, ctx, {
    set: { nextFollowUpAt: next.at, followUpSetAt: ctx.now },
    events: [eventBy(ctx, 'follow_up_set', { at: next.at.toISOString(), ...noteOf(body.note) })],
  });
}

/** resolve: the owner says it is done; the requester is asked to confirm. */
export function resolve(state: RequestState, ctx: ActionContext, body: ResolveBody): Outcome {
  const refused = refusalFor('resolve', state, ctx);
  if (refused) return refused;
  return changeOf(state, ctx, {
    set: {
      status: 'resolved',
      resolvedAt: ctx.now,
      nextFollowUpAt: null,
      pendingOwnerId: null,
      offeredAt: null,
    },
    events: [eventBy(ctx, 'resolved', { summary: body.summary })],
    notify: recipients(ctx.actor.id, [[state.requesterId, 'confirmation_asked']]),
  });
}

/** confirm: the requester's word, or a lead/admin's on their behalf with a note. */
export function confirm(state: RequestState, ctx: ActionContext, body: ConfirmBody): Outcome {
  const refused = refusalFor('confirm', state, ctx);
  if (refused) return refused;
  const onBehalf = confirmsOnBehalf(ctx.actor, factsOf(state));
  if (onBehalf && !body.note) {
    return fieldRefusal('note', 'Say why you confirm on the requester’s behalf');
  }
  return changeOf(state, ctx, {
    set: { status: 'closed', closeReason: 'confirmed', closedAt: ctx.now },
    events: [
      eventBy(ctx, 'confirmed', {
        ...noteOf(body.note),
        ...(body.rating !== undefined ? { rating: body.rating } : {}),
        ...(onBehalf ? { onBehalf: true } : {}),
      }),
    ],
  });
}

/** reopen: back to in progress, counted; the owner is told. */
export function reopen(state: RequestState, ctx: ActionContext, body: ReasonBody): Outcome {
  const refused = refusalFor('reopen', state, ctx);
  if (refused) return refused;
  return changeOf(state, ctx, {
    set: {
      status: 'in_progress',
      closeReason: null,
      closedAt: null,
      reopenCount: state.reopenCount + 1,
      lastReopenedAt: ctx.now,
    },
    events: [
      eventBy(ctx, 'reopened', {
        reason: body.reason,
        from: state.status === 'resolved' ? 'resolved' : 'closed',
      }),
    ],
    notify: recipients(ctx.actor.id, [[state.ownerId, 'reopened']]),
  });
}

const CANCELLED_NOTE = 'The request was cancelled';

/** cancel: closes with a reason the requester sees; open handoffs are called off with it. */
export function cancel(state: RequestState, ctx: ActionContext, body: ReasonBody): Outcome {
  const refused = refusalFor('cancel', state, ctx);
  if (refused) return refused;
  const open = state.handoffs.filter((h) => h.status === 'open');
  return changeOf(state, ctx, {
    set: {
      status: 'closed',
      closeReason: 'cancelled',
      closedAt: ctx.now,
      nextFollowUpAt: null,
      pendingOwnerId: null,
      offeredAt: null,
      openHandoffs: 0,
      openHandoffDueAt: null,
    },
    handoffUpdates: open.map((h) => ({
      id: h.id,
      status: 'cancelled' as const,
      completedAt: ctx.now,
      completedById: ctx.actor.id,
      note: CANCELLED_NOTE,
    })),
    events: [
      ...open.map((h) =>
        eventBy(ctx, 'handoff_cancelled', { handoffId: h.id, note: CANCELLED_NOTE }),
      ),
      eventBy(ctx, 'cancelled', { reason: body.reason }),
    ],
  });
}

/**
 * auto-confirm: a request resolved for `days` closes as auto_confirmed, by
 * the system, dated when the quiet period ended (so figures do not depend on
 * when the job ran). `now` is when the job runs.
 */
export function autoConfirm(
  state: Pick<RequestState, 'id' | 'status' | 'resolvedAt' | 'ownerId'>,
  ctx: { now: Date; days: number },
): Outcome {
  const at =
    state.resolvedAt === null ? null : new Date(state.resolvedAt.getTime() + ctx.days * DAY_MS);
  if (state.status !== 'resolved' || at === null || at > ctx.now) {
    return refuse(
      409,
      'ACTION_NOT_ALLOWED',
      'Only a request resolved for the quiet period closes by itself.',
      {
        state: state.status,
      },
    );
  }
  return changeOf(state, ctx, {
    set: { status: 'closed', closeReason: 'auto_confirmed', closedAt: at },
    events: [{ type: 'auto_confirmed', actorId: null, at, data: {} }],
  });
}
