import type {
  ConfirmBody,
  FollowUpBody,
  NoteBody,
  ReasonBody,
  ResolveBody,
  WaitBody,
} from '@followthrough/shared';
import { and, eq, sql } from 'drizzle-orm';
import { rowsOf } from '../../db/raw';
import { handoffs } from '../../db/schema';
import { confirmsOnBehalf } from '../../domain/lifecycle';
import { actorOf } from '../auth/auth.service';
import type { MutationContext } from '../requests/mutation';
import { dateOf } from '../requests/requests.mapper';
import { fieldError } from '../requests/requests.service';

/** A follow-up must be a promise about the future. */
export function futureDate(value: string, now: Date, path: string): Date {
  const at = new Date(value);
  if (at.getTime() <= now.getTime()) throw fieldError(path, 'Must be in the future');
  return at;
}

export function start(ctx: MutationContext, body: NoteBody) {
  ctx.set({ status: 'in_progress' });
  ctx.event('status_changed', {
    from: ctx.facts.status,
    to: 'in_progress',
    ...(body.note ? { note: body.note } : {}),
  });
}

/** wait: says on what, and commits to when the owner will look again. */
export function wait(ctx: MutationContext, body: WaitBody) {
  const at = futureDate(body.nextFollowUpAt, ctx.now, 'nextFollowUpAt');
  ctx.set({ status: 'waiting', nextFollowUpAt: at, followUpSetAt: ctx.now });
  ctx.event('status_changed', {
    from: ctx.facts.status,
    to: 'waiting',
    note: body.note,
    nextFollowUpAt: at.toISOString(),
  });
}

export function followUp(ctx: MutationContext, body: FollowUpBody) {
  const at = futureDate(body.at, ctx.now, 'at');
  ctx.set({ nextFollowUpAt: at, followUpSetAt: ctx.now });
  ctx.event('follow_up_set', { at: at.toISOString(), ...(body.note ? { note: body.note } : {}) });
}

/** resolve: the owner says it is done; the requester will confirm. */
export function resolve(ctx: MutationContext, body: ResolveBody) {
  ctx.set({
    status: 'resolved',
    resolvedAt: ctx.now,
    nextFollowUpAt: null,
    pendingOwnerId: null,
    offeredAt: null,
  });
  ctx.event('resolved', { summary: body.summary });
}

/** confirm: the requester's word, or a lead/admin's on their behalf with a note. */
export function confirm(ctx: MutationContext, body: ConfirmBody) {
  const onBehalf = confirmsOnBehalf(actorOf(ctx.person), ctx.facts);
  if (onBehalf && !body.note) {
    throw fieldError('note', 'Say why you confirm on the requester’s behalf');
  }
  ctx.set({ status: 'closed', closeReason: 'confirmed', closedAt: ctx.now });
  ctx.event('confirmed', {
    ...(body.note ? { note: body.note } : {}),
    ...(body.rating !== undefined ? { rating: body.rating } : {}),
    ...(onBehalf ? { onBehalf: true } : {}),
  });
}

export function reopen(ctx: MutationContext, body: ReasonBody) {
  ctx.set({
    status: 'in_progress',
    closeReason: null,
    closedAt: null,
    reopenCount: Number(ctx.row.reopen_count) + 1,
    lastReopenedAt: ctx.now,
  });
  ctx.event('reopened', { reason: body.reason, from: ctx.facts.status });
}

/** cancel: closes with a reason the requester sees; open handoffs are called off with it. */
export async function cancel(ctx: MutationContext, body: ReasonBody) {
  const open = await ctx.tx
    .update(handoffs)
    .set({
      status: 'cancelled',
      completedAt: ctx.now,
      completedById: ctx.person.id,
      note: 'The request was cancelled',
    })
    .where(and(eq(handoffs.requestId, ctx.row.id), eq(handoffs.status, 'open')))
    .returning({ id: handoffs.id });
  for (const h of open)
    ctx.event('handoff_cancelled', { handoffId: h.id, note: 'The request was cancelled' });
  ctx.set({
    status: 'closed',
    closeReason: 'cancelled',
    closedAt: ctx.now,
    nextFollowUpAt: null,
    pendingOwnerId: null,
    offeredAt: null,
    openHandoffs: 0,
    openHandoffDueAt: null,
  });
  ctx.event('cancelled', { reason: body.reason });
}

/** The open-handoff facts the stalled rules read, recomputed from the handoffs. */
export async function refreshHandoffFacts(ctx: MutationContext) {
  const result = await ctx.tx.execute(sql`
    select count(*)::int as n, min(expected_by) as due
    from handoffs where request_id = ${ctx.row.id} and status = 'open'`);
  const row = rowsOf<{ n: number; due: unknown }>(result)[0]!;
  ctx.set({ openHandoffs: Number(row.n), openHandoffDueAt: dateOf(row.due) });
}
