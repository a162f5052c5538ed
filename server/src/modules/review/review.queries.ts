import { priorities, stalledReasons } from '@followthrough/shared';
import { type SQL, sql } from 'drizzle-orm';
import { queryRows } from '../../db/raw';
import type { Executor } from '../../db/types';
import { reasonWeight } from '../../domain/stalled';
import type { RequestRow } from '../requests/requests.mapper';
import { requestSelect, stalledSince } from '../requests/requests.sql';

export interface ReviewScope {
  /** null: every team (admins). */
  teamIds: string[] | null;
  team?: string | undefined;
  owner?: string | null | undefined;
  sort: 'severity' | 'age';
  limit: number;
}

/** Stalled open requests in a lead's scope, most severe (or oldest) first, with the total. */
export async function stalledInScope(db: Executor, scope: ReviewScope, now: Date) {
  const since = stalledSince(sql`${now.toISOString()}`);
  const held = stalledReasons.map((r) => sql`(${since[r]} is not null)::int`);
  const worst = sql`greatest(${sql.join(
    stalledReasons.map(
      (r) =>
        sql`case when ${since[r]} is not null then ${sql.raw(String(reasonWeight[r]))} else 0 end`,
    ),
    sql`, `,
  )})`;
  const rank = sql.raw(
    `case r.priority ${priorities.map((p, i) => `when '${p}' then ${i}`).join(' ')} end`,
  );
  // Mirrors domain/stalled.ts severity(): worst reason, then priority, then count.
  const severity = sql`(${worst} * 100 + ${rank} * 10 + least(${sql.join(held, sql` + `)}, 9))`;
  const conds: SQL[] = [
    sql.raw(`r.status in ('new', 'in_progress', 'waiting')`),
    sql`(${sql.join(
      stalledReasons.map((r) => sql`${since[r]} is not null`),
      sql` or `,
    )})`,
  ];
  if (scope.teamIds) {
    const teams = `{${scope.teamIds.join(',')}}`;
    conds.push(sql`(r.category_id in (select c.id from categories c where c.team_id = any(${teams}::uuid[])) or r.owner_id in
      (select m.person_id from team_members m where m.team_id = any(${teams}::uuid[])))`);
  }
  if (scope.team) {
    conds.push(
      sql`r.category_id in (select c.id from categories c where c.team_id = ${scope.team})`,
    );
  }
  if (scope.owner === null) conds.push(sql`r.owner_id is null`);
  else if (scope.owner) conds.push(sql`r.owner_id = ${scope.owner}`);
  const order =
    scope.sort === 'severity' ? sql`severity desc, r.created_at, r.id` : sql`r.created_at, r.id`;
  const rows = await queryRows<RequestRow & { severity: number; total: number }>(
    db,
    sql`${requestSelect(sql`${now.toISOString()}`, sql`${severity} as severity, count(*) over () as total`)}
      where ${sql.join(conds, sql` and `)} order by ${order} limit ${scope.limit}`,
  );
  return rows;
}
