import { priorities, stalledReasons } from '@followthrough/shared';
import { type SQL, sql } from 'drizzle-orm';
import { queryRows } from '../../db/raw';
import type { Executor } from '../../db/types';
import { leadDecisionSql } from '../../domain/review';
import { severitySql } from '../../domain/stalled';
import type { RequestRow } from '../requests/requests.mapper';
import { requestSelect, stalledNow, stalledSince } from '../requests/requests.sql';

export interface ReviewScope {
  /** null: every team (admins). */
  teamIds: string[] | null;
  team?: string | undefined;
  owner?: string | null | undefined;
  sort: 'severity' | 'age';
  limit: number;
  /** Leave out requests a lead decided on within this many days. */
  decidedWithin?: number | undefined;
}

export interface DecisionRow {
  d_type: string | null;
  d_at: Date | string | null;
  d_data: Record<string, unknown> | null;
  d_actor_id: string | null;
  d_actor_name: string | null;
  d_actor_active: boolean | null;
}

/**
 * Stalled open requests in a lead's scope, most severe (or oldest) first,
 * with the total. Two stages: the stalled facts of every open row in scope
 * are computed once (joined, not looked up per expression), ranked and cut
 * to the page; only that page is then decorated with names.
 */
export async function stalledInScope(db: Executor, scope: ReviewScope, now: Date) {
  const at = sql`${now.toISOString()}`;
  const since = stalledSince(at, 'joined');
  const col = (r: string) => sql.identifier(`s_${r}`);
  const rank = `case priority ${priorities.map((p, i) => `when '${p}' then ${i}`).join(' ')} end`;
  const severity = sql.raw(severitySql((r) => `"s_${r}"`, rank));
  const conds: SQL[] = [sql.raw(`r.status in ('new', 'in_progress', 'waiting')`), stalledNow(at)];
  if (scope.teamIds) {
    const teams = `{${scope.teamIds.join(',')}}`;
    // The requests of the categories their teams route: exactly those on which a lead's
    // nudge, reassign and escalate are allowed (a member's work for another team is that
    // team's lead's to review).
    conds.push(
      sql`r.category_id in (select c.id from categories c where c.team_id = any(${teams}::uuid[]))`,
    );
  }
  if (scope.team) {
    conds.push(
      sql`r.category_id in (select c.id from categories c where c.team_id = ${scope.team})`,
    );
  }
  if (scope.decidedWithin) {
    // Read backwards along the request's own events (index on request_id, id).
    conds.push(sql`not exists (
      select 1 from events e left join people a on a.id = e.actor_id
      where e.request_id = r.id
        and e.at > ${at}::timestamptz - make_interval(days => ${scope.decidedWithin})
        and ${sql.raw(leadDecisionSql('r'))})`);
  }
  if (scope.owner === null) conds.push(sql`r.owner_id is null`);
  else if (scope.owner) conds.push(sql`r.owner_id = ${scope.owner}`);
  const order =
    scope.sort === 'severity' ? sql`severity desc, created_at, id` : sql`created_at, id`;
  const rows = await queryRows<RequestRow & DecisionRow & { severity: number; total: number }>(
    db,
    sql`with facts as (
        select r.id, r.priority, r.created_at,
          ${sql.join(
            stalledReasons.map((r) => sql`${since[r]} as ${col(r)}`),
            sql`, `,
          )}
        from requests r
        left join category_targets t on t.category_id = r.category_id and t.priority = r.priority
        left join people ow on ow.id = r.owner_id
        where ${sql.join(conds, sql` and `)}
      ), ranked as (
        select id, created_at, ${severity} as severity, count(*) over () as total
        from facts
        where ${sql.join(
          stalledReasons.map((r) => sql`${col(r)} is not null`),
          sql` or `,
        )}
        order by ${order} limit ${scope.limit}
      )
      select page.*, ranked.severity, ranked.total,
        d.type as d_type, d.at as d_at, d.data as d_data,
        d.actor_id as d_actor_id, d.actor_name as d_actor_name, d.actor_active as d_actor_active
      from ranked
      cross join lateral (${requestSelect(at)} where r.id = ranked.id) page
      left join lateral (
        select e.type, e.at, e.data, e.actor_id, a.name as actor_name, a.active as actor_active
        from events e
        join requests r on r.id = e.request_id
        left join people a on a.id = e.actor_id
        where e.request_id = ranked.id and ${sql.raw(leadDecisionSql('r'))}
        order by e.id desc limit 1
      ) d on true
      order by ${scope.sort === 'severity' ? sql`ranked.severity desc, ranked.created_at, ranked.id` : sql`ranked.created_at, ranked.id`}`,
  );
  return rows;
}
