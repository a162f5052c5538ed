import type { Category, Person, Team } from '@followthrough/shared';
import { asc, eq, sql } from 'drizzle-orm';
import { rowsOf } from '../../db/raw';
import { assets, categories, categoryTargets, locations, people } from '../../db/schema';
import type { Executor } from '../../db/types';
import type { ResolveTargets } from '../../domain/change';
import type { AssetFacts, CategoryFacts, LocationFacts } from '../../domain/requests';

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

/** A category as create and edit read it: active flag, team, default owner and resolve targets. */
export async function categoryFacts(db: Executor, id: string): Promise<CategoryFacts | null> {
  const rows = await db
    .select({
      id: categories.id,
      active: categories.active,
      teamId: categories.teamId,
      defaultOwnerId: categories.defaultOwnerId,
      defaultOwnerActive: people.active,
      priority: categoryTargets.priority,
      resolveWithinMinutes: categoryTargets.resolveWithinMinutes,
    })
    .from(categories)
    .leftJoin(people, eq(people.id, categories.defaultOwnerId))
    .leftJoin(categoryTargets, eq(categoryTargets.categoryId, categories.id))
    .where(eq(categories.id, id));
  const first = rows[0];
  if (!first) return null;
  const resolveWithin: ResolveTargets = {};
  for (const r of rows) if (r.priority) resolveWithin[r.priority] = r.resolveWithinMinutes!;
  return {
    id: first.id,
    active: first.active,
    teamId: first.teamId,
    defaultOwner: first.defaultOwnerId
      ? { id: first.defaultOwnerId, active: first.defaultOwnerActive ?? false }
      : null,
    resolveWithin,
  };
}

/** A category's resolve-within minutes per priority, where it sets them. */
export async function resolveTargets(db: Executor, categoryId: string): Promise<ResolveTargets> {
  const rows = await db
    .select({
      priority: categoryTargets.priority,
      minutes: categoryTargets.resolveWithinMinutes,
    })
    .from(categoryTargets)
    .where(eq(categoryTargets.categoryId, categoryId));
  return Object.fromEntries(rows.map((r) => [r.priority, r.minutes]));
}

/** A location's active flag (null: no such location). */
export async function locationFacts(db: Executor, id: string): Promise<LocationFacts> {
  const [found] = await db
    .select({ active: locations.active })
    .from(locations)
    .where(eq(locations.id, id));
  return found ?? null;
}

/** A registered asset as create and edit read it (null: no such asset). */
export async function assetFacts(db: Executor, id: string): Promise<AssetFacts> {
  const [found] = await db
    .select({
      active: assets.active,
      locationId: assets.locationId,
      categoryId: assets.categoryId,
    })
    .from(assets)
    .where(eq(assets.id, id));
  return found ?? null;
}
