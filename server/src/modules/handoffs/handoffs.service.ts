import type { CreateHandoffBody, UpdateHandoffBody } from '@followthrough/shared';
import { and, eq } from 'drizzle-orm';
import { handoffs } from '../../db/schema';
import { DomainError, notFound } from '../../domain/errors';
import { mayUpdateHandoff } from '../../domain/lifecycle';
import { actorOf } from '../auth/auth.service';
import { activePerson } from '../directory/people.queries';
import { futureDate, refreshHandoffFacts } from '../outcomes/outcomes.service';
import type { MutationContext } from '../requests/mutation';

/** A handoff gives work to someone else; the owner stays accountable. */
export async function createHandoff(ctx: MutationContext, body: CreateHandoffBody) {
  const expectedBy = futureDate(body.expectedBy, ctx.now, 'expectedBy');
  if (body.toPersonId) await activePerson(ctx.tx, body.toPersonId, 'toPersonId');
  const [created] = await ctx.tx
    .insert(handoffs)
    .values({
      requestId: ctx.row.id,
      toText: body.to,
      toPersonId: body.toPersonId ?? null,
      ask: body.ask,
      expectedBy,
      createdById: ctx.person.id,
      createdAt: ctx.now,
    })
    .returning({ id: handoffs.id });
  await refreshHandoffFacts(ctx);
  ctx.event('handoff_created', {
    handoffId: created!.id,
    to: body.to,
    ...(body.toPersonId ? { toPersonId: body.toPersonId } : {}),
    ask: body.ask,
    expectedBy: expectedBy.toISOString(),
  });
  return created!.id;
}

/** Completes or cancels an open handoff of this request. */
export async function updateHandoff(
  ctx: MutationContext,
  handoffId: string,
  body: UpdateHandoffBody,
) {
  const [found] = await ctx.tx
    .select({ id: handoffs.id, status: handoffs.status, toPersonId: handoffs.toPersonId })
    .from(handoffs)
    .where(and(eq(handoffs.id, handoffId), eq(handoffs.requestId, ctx.row.id)));
  if (!found) throw notFound('Handoff');
  if (found.status !== 'open') {
    throw new DomainError(409, 'HANDOFF_NOT_OPEN', `This handoff is already ${found.status}.`, {
      state: found.status,
    });
  }
  if (!mayUpdateHandoff(actorOf(ctx.person), ctx.facts, found.toPersonId)) {
    throw new DomainError(403, 'FORBIDDEN', 'You may not complete or cancel this handoff.');
  }
  await ctx.tx
    .update(handoffs)
    .set({
      status: body.status,
      completedAt: ctx.now,
      completedById: ctx.person.id,
      note: body.note ?? null,
    })
    .where(eq(handoffs.id, handoffId));
  await refreshHandoffFacts(ctx);
  ctx.event(body.status === 'done' ? 'handoff_completed' : 'handoff_cancelled', {
    handoffId,
    ...(body.note ? { note: body.note } : {}),
  });
}
