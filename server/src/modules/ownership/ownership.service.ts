import type { NoteBody, OfferBody, ReasonBody } from '@followthrough/shared';
import { DomainError } from '../../domain/errors';
import { activePerson } from '../directory/people.queries';
import type { MutationContext } from '../requests/mutation';
import { dateOf } from '../requests/requests.mapper';

/** take: an unowned new request becomes the caller's, and any pending offer lapses. */
export function take(ctx: MutationContext, body: NoteBody) {
  const { facts, person, now, row } = ctx;
  ctx.set({
    ownerId: person.id,
    ownedAt: dateOf(row.owned_at) ?? now,
    status: 'in_progress',
    pendingOwnerId: null,
    offeredAt: null,
  });
  ctx.event('ownership_taken', {
    ...(body.note ? { note: body.note } : {}),
    ...(facts.pendingOwnerId ? { lapsedOffer: facts.pendingOwnerId } : {}),
  });
}

/** offer: a pending owner is named; the owner stays accountable until they accept. */
export async function offer(ctx: MutationContext, body: OfferBody) {
  const to = await activePerson(ctx.tx, body.to, 'to');
  if (to.id === ctx.facts.ownerId) {
    throw new DomainError(400, 'VALIDATION_FAILED', `${to.name} already owns this request.`, {
      errors: [{ path: 'to', message: 'Already the owner' }],
    });
  }
  ctx.set({ pendingOwnerId: to.id, offeredAt: ctx.now });
  ctx.event('ownership_offered', { to: to.id, ...(body.note ? { note: body.note } : {}) });
}

/** accept: the pending owner becomes the owner. */
export function accept(ctx: MutationContext, body: NoteBody) {
  const { facts, person, now, row } = ctx;
  ctx.set({
    ownerId: person.id,
    ownedAt: dateOf(row.owned_at) ?? now,
    pendingOwnerId: null,
    offeredAt: null,
    ...(facts.status === 'new' ? { status: 'in_progress' as const } : {}),
  });
  ctx.event('ownership_accepted', {
    from: facts.ownerId,
    ...(body.note ? { note: body.note } : {}),
  });
}

/** decline: the offer is cleared, with the reason; the owner (if any) is unchanged. */
export function decline(ctx: MutationContext, body: ReasonBody) {
  ctx.set({ pendingOwnerId: null, offeredAt: null });
  ctx.event('ownership_declined', { reason: body.reason });
}

/** assign (leads and admins): the owner changes at once, recorded as an assignment. */
export async function assign(ctx: MutationContext, body: OfferBody) {
  const to = await activePerson(ctx.tx, body.to, 'to');
  await assignTo(ctx, to.id, body.note, 'ownership_assigned');
}

/** Shared by assign and escalate: direct assignment to an active person. */
export async function assignTo(
  ctx: MutationContext,
  toId: string,
  note: string | undefined,
  eventType: 'ownership_assigned' | null,
) {
  const { facts, now, row } = ctx;
  if (toId === facts.ownerId) {
    throw new DomainError(400, 'VALIDATION_FAILED', 'That person already owns this request.', {
      errors: [{ path: eventType ? 'to' : 'assignTo', message: 'Already the owner' }],
    });
  }
  ctx.set({
    ownerId: toId,
    ownedAt: dateOf(row.owned_at) ?? now,
    // The new owner's quiet-time clock starts now.
    lastOwnerActivityAt: now,
    pendingOwnerId: null,
    offeredAt: null,
    ...(facts.status === 'new' ? { status: 'in_progress' as const } : {}),
  });
  if (eventType) ctx.event(eventType, { to: toId, from: facts.ownerId, ...(note ? { note } : {}) });
}
