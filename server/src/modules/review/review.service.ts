import {
  type EscalateBody,
  type NudgeBody,
  priorityRank,
  type ReviewQueue,
  type reviewQuery,
} from '@followthrough/shared';
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import { rowsOf } from '../../db/raw';
import type { Db } from '../../db/types';
import { DomainError } from '../../domain/errors';
import { defaultTargets, targetAt } from '../../domain/targets';
import type { SignedInPerson } from '../auth/auth.types';
import { activePerson } from '../directory/people.queries';
import { futureDate } from '../outcomes/outcomes.service';
import { assignTo } from '../ownership/ownership.service';
import type { MutationContext } from '../requests/mutation';
import { dateOf, toSummary } from '../requests/requests.mapper';
import { fieldError } from '../requests/requests.service';
import { stalledInScope } from './review.queries';

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

/** GET /api/review/stalled: the lead's queue, grouped by owner in order of their worst item. */
export async function reviewQueueFor(
  db: Db,
  person: SignedInPerson,
  query: z.output<typeof reviewQuery>,
  now: Date,
): Promise<ReviewQueue> {
  const leads = person.teams.filter((t) => t.isLead).map((t) => t.id);
  if (person.role !== 'admin' && leads.length === 0) {
    throw new DomainError(403, 'FORBIDDEN', 'The review queue is for team leads and admins.');
  }
  const rows = await stalledInScope(
    db,
    {
      teamIds: person.role === 'admin' ? null : leads,
      team: query.team,
      owner: query.owner === 'none' ? null : query.owner,
      sort: query.sort,
      limit: query.limit,
    },
    now,
  );
  const groups = new Map<string, ReviewQueue['groups'][number]>();
  for (const row of rows) {
    const request = toSummary(row);
    const item = {
      request,
      severity: Number(row.severity),
      overdueMinutes: request.stalled.map((s) =>
        Math.max(0, Math.floor((now.getTime() - Date.parse(s.since)) / 60_000)),
      ),
      ageMinutes: Math.floor((now.getTime() - Date.parse(request.createdAt)) / 60_000),
    };
    const key = request.owner?.id ?? 'none';
    const group = groups.get(key) ?? { owner: request.owner, worstSeverity: 0, items: [] };
    group.items.push(item);
    group.worstSeverity = Math.max(group.worstSeverity, item.severity);
    groups.set(key, group);
  }
  const total = rows[0] ? Number(rows[0].total) : 0;
  return { groups: [...groups.values()], total, truncated: total > rows.length };
}
