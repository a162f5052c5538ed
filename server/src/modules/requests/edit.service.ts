import type { PatchRequestBody } from '@followthrough/shared';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../db/raw';
import { defaultTargets, targetAt } from '../../domain/targets';
import type { MutationContext } from './mutation';
import { dateOf } from './requests.mapper';
import { fieldError } from './requests.service';

const columns = {
  title: 'title',
  description: 'description',
  desiredOutcome: 'desired_outcome',
  categoryId: 'category_id',
  locationId: 'location_id',
  asset: 'asset',
  priority: 'priority',
  targetAt: 'target_at',
} as const;

/** PATCH: the fields that changed, each recorded from → to; a new priority moves the target unless one is given. */
export async function editRequest(ctx: MutationContext, body: PatchRequestBody) {
  const { tx, row } = ctx;
  if (body.categoryId && body.categoryId !== row.category_id) {
    const cat = rowsOf<{ active: boolean }>(
      await tx.execute(sql`select active from categories where id = ${body.categoryId}`),
    )[0];
    if (!cat) throw fieldError('categoryId', 'No such category');
    if (!cat.active) throw fieldError('categoryId', 'This category is no longer in use');
  }
  if (body.locationId) {
    const loc = rowsOf<{ active: boolean }>(
      await tx.execute(sql`select active from locations where id = ${body.locationId}`),
    )[0];
    if (!loc) throw fieldError('locationId', 'No such location');
  }
  const next: Record<string, unknown> = { ...body };
  if (body.asset === '') next.asset = null;
  if ((body.priority || body.categoryId) && !body.targetAt) {
    const priority = body.priority ?? row.priority;
    const categoryId = body.categoryId ?? String(row.category_id);
    const m = rowsOf<{ m: number | null }>(
      await tx.execute(sql`select resolve_within_minutes as m from category_targets
        where category_id = ${categoryId} and priority = ${priority}::priority`),
    )[0]?.m;
    next.targetAt = targetAt(
      dateOf(row.created_at)!,
      m ?? defaultTargets[priority].resolveWithinMinutes,
    ).toISOString();
  }
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  const set: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(next)) {
    const col = columns[field as keyof typeof columns];
    let before = row[col];
    if (field === 'targetAt') before = dateOf(before)?.toISOString();
    if (value === undefined || before === value || (before ?? null) === value) continue;
    changes[field] = { from: before ?? null, to: value };
    set[field] = field === 'targetAt' ? new Date(String(value)) : value;
  }
  if (Object.keys(changes).length === 0) {
    throw fieldError(Object.keys(body)[0] ?? 'body', 'Nothing would change');
  }
  ctx.set(set);
  ctx.event('field_changed', { changes });
}
