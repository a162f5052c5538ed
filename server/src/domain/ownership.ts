import type { NoteBody, OfferBody, ReasonBody } from '@followthrough/shared';
import {
  type ActionContext,
  changeOf,
  eventBy,
  noteOf,
  type Outcome,
  type PersonFacts,
  type RequestFields,
  type RequestState,
  recipients,
  refusalFor,
} from './change';
import { fieldRefusal, type Refusal, refuse } from './errors';

/** Offers and assignments go only to people who exist and are active (SPEC §4). */
export function activePersonRefusal(person: PersonFacts, path: string): Refusal | null {
  if (!person) return fieldRefusal(path, 'No such person');
  if (!person.active) return fieldRefusal(path, `${person.name} is deactivated`);
  return null;
}

/** take: an unowned new request becomes the caller's, and any pending offer lapses. */
export function take(state: RequestState, ctx: ActionContext, body: NoteBody): Outcome {
  const refused = refusalFor('take', state, ctx);
  if (refused) return refused;
  return changeOf(state, ctx, {
    set: {
      ownerId: ctx.actor.id,
      ownedAt: state.ownedAt ?? ctx.now,
      status: 'in_progress',
      pendingOwnerId: null,
      offeredAt: null,
    },
    events: [
      eventBy(ctx, 'ownership_taken', {
        ...noteOf(body.note),
        ...(state.pendingOwnerId ? { lapsedOffer: state.pendingOwnerId } : {}),
      }),
    ],
  });
}

/** offer: a pending owner is named; the owner stays accountable until they accept. */
export function offer(
  state: RequestState,
  ctx: ActionContext,
  body: OfferBody,
  facts: { to: PersonFacts },
): Outcome {
  const refused = refusalFor('offer', state, ctx) ?? activePersonRefusal(facts.to, 'to');
  if (refused) return refused;
  const to = facts.to!;
  if (to.id === state.ownerId) {
    return refuse(400, 'VALIDATION_FAILED', `${to.name} already owns this request.`, {
      errors: [{ path: 'to', message: 'Already the owner' }],
    });
  }
  return changeOf(state, ctx, {
    set: { pendingOwnerId: to.id, offeredAt: ctx.now },
    events: [eventBy(ctx, 'ownership_offered', { to: to.id, ...noteOf(body.note) })],
    notify: recipients(ctx.actor.id, [[to.id, 'offer_received']]),
  });
}

/** accept: the pending owner becomes the owner. */
export function accept(state: RequestState, ctx: ActionContext, body: NoteBody): Outcome {
  const refused = refusalFor('accept', state, ctx);
  if (refused) return refused;
  return changeOf(state, ctx, {
    set: {
      ownerId: ctx.actor.id,
      ownedAt: state.ownedAt ?? ctx.now,
      pendingOwnerId: null,
      offeredAt: null,
      ...(state.status === 'new' ? { status: 'in_progress' as const } : {}),
    },
    events: [eventBy(ctx, 'ownership_accepted', { from: state.ownerId, ...noteOf(body.note) })],
  });
}

/** decline: the offer is cleared, with the reason; the owner (if any) is unchanged. */
export function decline(state: RequestState, ctx: ActionContext, body: ReasonBody): Outcome {
  const refused = refusalFor('decline', state, ctx);
  if (refused) return refused;
  return changeOf(state, ctx, {
    set: { pendingOwnerId: null, offeredAt: null },
    events: [eventBy(ctx, 'ownership_declined', { reason: body.reason })],
  });
}

/**
 * An offer withdrawn because its person was deactivated (SPEC §12): by the admin who did it,
 * whatever their relation to the request; the owner, if any, stays accountable.
 */
export function withdrawOffer(state: RequestState, ctx: ActionContext): Outcome {
  const from = state.pendingOwnerId;
  if (from === null || !['new', 'in_progress', 'waiting'].includes(state.status)) {
    return refuse(409, 'ACTION_NOT_ALLOWED', 'No offer is pending on this request.', {
      state: state.status,
    });
  }
  return changeOf(state, ctx, {
    set: { pendingOwnerId: null, offeredAt: null },
    events: [eventBy(ctx, 'ownership_withdrawn', { from, reason: 'deactivated' })],
  });
}

/** assign (leads and admins): the owner changes at once, recorded as an assignment. */
export function assign(
  state: RequestState,
  ctx: ActionContext,
  body: OfferBody,
  facts: { to: PersonFacts },
): Outcome {
  const refused =
    refusalFor('assign', state, ctx) ??
    activePersonRefusal(facts.to, 'to') ??
    alreadyOwnerRefusal(state, facts.to!.id, 'to');
  if (refused) return refused;
  const to = facts.to!.id;
  return changeOf(state, ctx, {
    set: assignedFields(state, ctx, to),
    events: [eventBy(ctx, 'ownership_assigned', { to, from: state.ownerId, ...noteOf(body.note) })],
    notify: recipients(ctx.actor.id, [[to, 'assigned']]),
  });
}

/** Assigning to the person who owns it already changes nothing: a 400 naming the field. */
export function alreadyOwnerRefusal(state: RequestState, toId: string, path: string) {
  if (toId !== state.ownerId) return null;
  return refuse(400, 'VALIDATION_FAILED', 'That person already owns this request.', {
    errors: [{ path, message: 'Already the owner' }],
  });
}

/** Shared by assign and escalate: the row after a direct assignment. */
export function assignedFields(
  state: RequestState,
  ctx: ActionContext,
  toId: string,
): Partial<RequestFields> {
  return {
    ownerId: toId,
    ownedAt: state.ownedAt ?? ctx.now,
    // The new owner's quiet-time clock starts now.
    lastOwnerActivityAt: ctx.now,
    pendingOwnerId: null,
    offeredAt: null,
    ...(state.status === 'new' ? { status: 'in_progress' as const } : {}),
  };
}
