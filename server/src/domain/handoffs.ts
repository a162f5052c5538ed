import type { CreateHandoffBody, UpdateHandoffBody } from '@followthrough/shared';
import {
  type ActionContext,
  changeOf,
  eventBy,
  factsOf,
  noteOf,
  type Outcome,
  openHandoffFields,
  type PersonFacts,
  type RequestState,
  recipients,
  refusalFor,
} from './change';
import { notFoundRefusal, refuse } from './errors';
import { mayUpdateHandoff } from './lifecycle';
import { futureDate } from './outcomes';
import { activePersonRefusal } from './ownership';

/** A handoff gives work to someone else; the owner stays accountable. */
export function createHandoff(
  state: RequestState,
  ctx: ActionContext,
  body: CreateHandoffBody,
  facts: { id: string; toPerson: PersonFacts },
): Outcome {
  const refused = refusalFor('handoff', state, ctx);
  if (refused) return refused;
  const expectedBy = futureDate(body.expectedBy, ctx.now, 'expectedBy');
  if (expectedBy.refused) return expectedBy.refused;
  if (body.toPersonId) {
    const notActive = activePersonRefusal(facts.toPerson, 'toPersonId');
    if (notActive) return notActive;
  }
  const open = state.handoffs.filter((h) => h.status === 'open');
  return changeOf(state, ctx, {
    set: openHandoffFields([...open, { expectedBy: expectedBy.at }]),
    handoffInserts: [
      {
        id: facts.id,
        requestId: state.id,
        toText: body.to,
        toPersonId: body.toPersonId ?? null,
        ask: body.ask,
        expectedBy: expectedBy.at,
        createdById: ctx.actor.id,
        createdAt: ctx.now,
      },
    ],
    events: [
      eventBy(ctx, 'handoff_created', {
        handoffId: facts.id,
        to: body.to,
        ...(body.toPersonId ? { toPersonId: body.toPersonId } : {}),
        ask: body.ask,
        expectedBy: expectedBy.at.toISOString(),
      }),
    ],
    notify: recipients(ctx.actor.id, [[body.toPersonId, 'handoff_received']]),
  });
}

/** Completes or cancels an open handoff of this request. */
export function updateHandoff(
  state: RequestState,
  ctx: ActionContext,
  body: UpdateHandoffBody,
  facts: { handoffId: string },
): Outcome {
  const found = state.handoffs.find((h) => h.id === facts.handoffId);
  if (!found) return notFoundRefusal('Handoff');
  if (found.status !== 'open') {
    return refuse(409, 'HANDOFF_NOT_OPEN', `This handoff is already ${found.status}.`, {
      state: found.status,
    });
  }
  if (!mayUpdateHandoff(ctx.actor, factsOf(state), found.toPersonId)) {
    return refuse(403, 'FORBIDDEN', 'You may not complete or cancel this handoff.');
  }
  const stillOpen = state.handoffs.filter((h) => h.status === 'open' && h.id !== found.id);
  return changeOf(state, ctx, {
    set: openHandoffFields(stillOpen),
    handoffUpdates: [
      {
        id: found.id,
        status: body.status,
        completedAt: ctx.now,
        completedById: ctx.actor.id,
        note: body.note ?? null,
      },
    ],
    events: [
      eventBy(ctx, body.status === 'done' ? 'handoff_completed' : 'handoff_cancelled', {
        handoffId: found.id,
        ...noteOf(body.note),
      }),
    ],
  });
}
