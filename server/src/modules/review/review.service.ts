import type { EscalateBody, NudgeBody } from '@followthrough/shared';
import { priorityRank } from '@followthrough/shared';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../db/raw';
import { defaultTargets, targetAt } from '../../domain/targets';
import { activePerson } from '../directory/people.queries';
import { futureDate } from '../outcomes/outcomes.service';
import { assignTo } from '../ownership/ownership.service';
import type { MutationContext } from '../requests/mutation';
import { dateOf } from '../requests/requests.mapper';
import { fieldError } from '../requests/requests.service';

/** nudge: a lead's word to the owner and a new follow-up date. */
export function nudge(ctx: MutationContext, body: NudgeBody) {
  const at = futureDate(body.nextFollowUpAt, ctx.now, 'nextFollowUpAt');
  ctx.set({ nextFollowUpAt: at, followUpSetAt: ctx.now });
  ctx.event('nudged', {
    note: body.note,
    nextFollowUpAt: at.toISOString(),
    owner: ctx.facts.ownerId,
  });
}

/** escalate: raise the priority (the target follows it) and/or assign. */
export async function escalate(ctx: MutationContext, body: EscalateBody) {
  const { row } = ctx;
  if (body.priority) {
    if (priorityRank[body.priority] <= priorityRank[row.priority]) {
      throw fieldError('priority', `Must be higher than ${row.priority}`);
    }
    const target = rowsOf<{ m: number | null }>(
      await ctx.tx.execute(sql`select resolve_within_minutes as m from category_targets
        where category_id = ${String(row.category_id)} and priority = ${body.priority}::priority`),
    )[0]?.m;
    const minutes = target ?? defaultTargets[body.priority].resolveWithinMinutes;
    ctx.set({ priority: body.priority, targetAt: targetAt(dateOf(row.created_at)!, minutes) });
  }
  if (body.assignTo) {
    await activePerson(ctx.tx, body.assignTo, 'assignTo');
    await assignTo(ctx, body.assignTo, body.note, null);
  }
  ctx.event('escalated', {
    note: body.note,
    ...(body.priority ? { priority: body.priority, from: row.priority } : {}),
    ...(body.assignTo ? { assignTo: body.assignTo, previousOwner: ctx.facts.ownerId } : {}),
  });
}
