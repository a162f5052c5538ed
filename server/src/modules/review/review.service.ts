import type { LeadDecision, ReviewQueue, reviewQuery } from '@followthrough/shared';
import type { z } from 'zod';
import type { Db } from '../../db/types';
import type { SignedInPerson } from '../auth/auth.types';
import { toSummary } from '../requests/requests.mapper';
import { type DecisionRow, stalledInScope } from './review.queries';

const iso = (v: Date | string) => new Date(v).toISOString();

/** The newest lead decision read with the queue's page, in the contract's words. */
function toDecision(row: DecisionRow): LeadDecision | null {
  if (!row.d_type || !row.d_at) return null;
  const data = row.d_data ?? {};
  const note = typeof data.note === 'string' && data.note.trim() !== '' ? data.note : null;
  return {
    kind:
      row.d_type === 'nudged' ? 'nudged' : row.d_type === 'escalated' ? 'escalated' : 'reassigned',
    by:
      row.d_actor_id && row.d_actor_name !== null
        ? { id: row.d_actor_id, name: row.d_actor_name, active: row.d_actor_active ?? false }
        : null,
    at: iso(row.d_at),
    note,
    nextFollowUpAt:
      row.d_type === 'nudged' && typeof data.nextFollowUpAt === 'string'
        ? iso(data.nextFollowUpAt)
        : null,
  };
}

/** GET /api/review/stalled: the lead's queue, grouped by owner in order of their worst item. */
export async function reviewQueueFor(
  db: Db,
  person: SignedInPerson,
  query: z.output<typeof reviewQuery>,
  now: Date,
): Promise<ReviewQueue> {
  // Only leads and admins get here (domain/policy.ts).
  const leads = person.teams.filter((t) => t.isLead).map((t) => t.id);
  const rows = await stalledInScope(
    db,
    {
      teamIds: person.role === 'admin' ? null : leads,
      team: query.team,
      owner: query.owner === 'none' ? null : query.owner,
      sort: query.sort,
      limit: query.limit,
      decidedWithin: query.decidedWithin,
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
      lastDecision: toDecision(row),
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
