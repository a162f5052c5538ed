import type { Category, Person, Team } from '@followthrough/shared';
import { asc, sql } from 'drizzle-orm';
import { rowsOf } from '../../db/raw';
import { locations } from '../../db/schema';
import type { Executor } from '../../db/types';

export async function listCategories(db: Executor): Promise<Category[]> {
  const result = await db.execute(sql`
    select c.id, c.name, c.team_id as "teamId", c.default_owner_id as "defaultOwnerId", c.active,
      coalesce((select json_agg(json_build_object(
          'priority', t.priority,
          'ownWithinMinutes', t.own_within_minutes,
          'quietForMinutes', t.quiet_for_minutes,
          'resolveWithinMinutes', t.resolve_within_minutes) order by t.priority)
        from category_targets t where t.category_id = c.id), '[]'::json) as targets
    from categories c order by c.name`);
  return rowsOf<Category>(result);
}

export function listLocations(db: Executor) {
  return db
    .select({ id: locations.id, name: locations.name, active: locations.active })
    .from(locations)
    .orderBy(asc(locations.name));
}

export async function listPeople(
  db: Executor,
  filter: { q?: string | undefined; active?: boolean | undefined },
): Promise<Person[]> {
  const q = filter.q ? `%${filter.q.replace(/[\\%_]/g, '\\$&')}%` : null;
  const result = await db.execute(sql`
    select p.id, p.name, p.email, p.role, p.active,
      coalesce((select array_agg(m.team_id order by m.team_id) from team_members m where m.person_id = p.id), '{}') as "teamIds"
    from people p
    where (${q}::text is null or p.name ilike ${q} or p.email ilike ${q})
      and (${filter.active ?? null}::boolean is null or p.active = ${filter.active ?? null})
    order by p.name`);
  return rowsOf<Person>(result);
}

export async function listTeams(db: Executor): Promise<Team[]> {
  const result = await db.execute(sql`
    select t.id, t.name,
      coalesce((select array_agg(m.person_id order by m.person_id) from team_members m where m.team_id = t.id and m.is_lead), '{}') as "leadIds",
      coalesce((select array_agg(m.person_id order by m.person_id) from team_members m where m.team_id = t.id), '{}') as "memberIds"
    from teams t order by t.name`);
  return rowsOf<Team>(result);
}
