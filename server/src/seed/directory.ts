import { type Priority, priorities, type Role } from '@followthrough/shared';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../db/raw';
import type { Executor } from '../db/types';
import type { ResolveTargets } from '../domain/change';
import type { Actor } from '../domain/lifecycle';
import { defaultTargets } from '../domain/targets';
import { MIN } from './clock';
import { type CategoryContent, categoryWeights, content, genericContent } from './content';
import { demoSignIns } from './demo-org';

/** The organisation the story happens in, read from the database: people, teams, categories, places. */

export interface Person {
  id: string;
  name: string;
  email: string;
  role: Role;
  /** Deactivation time in ms; Infinity while active. */
  activeUntil: number;
  teamIds: string[];
  /** The person as the domain's rules see them acting (the teams they lead). */
  actor: Actor;
  requesterWeight: number;
}

export interface Team {
  id: string;
  name: string;
  members: Person[];
  leads: Person[];
}

export interface Targets {
  own: number;
  quiet: number;
  resolve: number;
}

export interface Category {
  id: string;
  name: string;
  team: Team;
  defaultOwner: Person | null;
  targets: Record<Priority, Targets>;
  /** Resolve-within minutes per priority, as the domain reads a category's targets. */
  resolveWithin: ResolveTargets;
  content: CategoryContent;
  weight: number;
}

export interface Directory {
  people: Person[];
  byId: Map<string, Person>;
  byEmail: Map<string, Person>;
  admins: Person[];
  categories: Category[];
  categoriesByName: Map<string, Category>;
  locations: Map<string, string>;
  locationIds: string[];
  /** Registered assets' ids by name: a request naming one is tied to it. */
  assets: Map<string, string>;
}

const toMs = (v: unknown): number =>
  v instanceof Date ? v.getTime() : new Date(String(v)).getTime();

export async function loadDirectory(db: Executor): Promise<Directory> {
  const peopleRows = rowsOf<{
    id: string;
    name: string;
    email: string;
    role: Role;
    active: boolean;
    deactivated_at: unknown;
  }>(
    await db.execute(
      sql`select id, name, email, role, active, deactivated_at from people order by lower(email), id`,
    ),
  );
  const memberRows = rowsOf<{ team_id: string; person_id: string; is_lead: boolean }>(
    await db.execute(sql`select team_id, person_id, is_lead from team_members`),
  );
  const teamRows = rowsOf<{ id: string; name: string }>(
    await db.execute(sql`select id, name from teams order by name`),
  );
  const categoryRows = rowsOf<{
    id: string;
    name: string;
    team_id: string;
    default_owner_id: string | null;
  }>(
    await db.execute(
      sql`select id, name, team_id, default_owner_id from categories where active order by name`,
    ),
  );
  const targetRows = rowsOf<{
    category_id: string;
    priority: Priority;
    own_within_minutes: number;
    quiet_for_minutes: number;
    resolve_within_minutes: number;
  }>(
    await db.execute(
      sql`select category_id, priority, own_within_minutes, quiet_for_minutes, resolve_within_minutes from category_targets`,
    ),
  );
  const locationRows = rowsOf<{ id: string; name: string }>(
    await db.execute(sql`select id, name from locations where active order by name`),
  );
  const assetRows = rowsOf<{ id: string; name: string }>(
    await db.execute(sql`select id, name from assets where active order by name`),
  );

  const people: Person[] = peopleRows.map((p) => ({
    id: p.id,
    name: p.name,
    email: p.email.toLowerCase(),
    role: p.role,
    // Deactivated without a date: gone since before the demo year.
    activeUntil: p.active
      ? Number.POSITIVE_INFINITY
      : p.deactivated_at
        ? toMs(p.deactivated_at)
        : 0,
    teamIds: [],
    actor: { id: p.id, role: p.role, leadTeamIds: [] },
    requesterWeight: 1,
  }));
  const byId = new Map(people.map((p) => [p.id, p]));
  const teams = new Map<string, Team>(
    teamRows.map((t) => [t.id, { id: t.id, name: t.name, members: [], leads: [] }]),
  );
  const sortedMembers = [...memberRows].sort((a, b) =>
    a.team_id === b.team_id ? (a.person_id < b.person_id ? -1 : 1) : a.team_id < b.team_id ? -1 : 1,
  );
  for (const m of sortedMembers) {
    const team = teams.get(m.team_id);
    const person = byId.get(m.person_id);
    if (!team || !person) continue;
    person.teamIds.push(team.id);
    if (m.is_lead) {
      person.actor = { ...person.actor, leadTeamIds: [...person.actor.leadTeamIds, team.id] };
    }
    (m.is_lead ? team.leads : team.members).push(person);
  }
  for (const team of teams.values()) {
    const byEmail = (a: Person, b: Person) => (a.email < b.email ? -1 : 1);
    team.members.sort(byEmail);
    team.leads.sort(byEmail);
  }
  for (const p of people) {
    const frontDesk = p.teamIds.some((id) => teams.get(id)?.name === 'Front Desk');
    p.requesterWeight =
      p.email === demoSignIns.staff ? 5 : frontDesk ? 3 : p.role === 'admin' ? 0.4 : 1.2;
  }

  const targetsByCategory = new Map<string, Partial<Record<Priority, Targets>>>();
  for (const t of targetRows) {
    const m = targetsByCategory.get(t.category_id) ?? {};
    m[t.priority] = {
      own: t.own_within_minutes * MIN,
      quiet: t.quiet_for_minutes * MIN,
      resolve: t.resolve_within_minutes * MIN,
    };
    targetsByCategory.set(t.category_id, m);
  }
  const categories: Category[] = [];
  for (const c of categoryRows) {
    const team = teams.get(c.team_id);
    if (!team) continue;
    const own = targetsByCategory.get(c.id) ?? {};
    const targets = Object.fromEntries(
      priorities.map((p) => {
        const d = defaultTargets[p];
        return [
          p,
          own[p] ?? {
            own: d.ownWithinMinutes * MIN,
            quiet: d.quietForMinutes * MIN,
            resolve: d.resolveWithinMinutes * MIN,
          },
        ];
      }),
    ) as Record<Priority, Targets>;
    categories.push({
      id: c.id,
      name: c.name,
      team,
      defaultOwner: c.default_owner_id ? (byId.get(c.default_owner_id) ?? null) : null,
      targets,
      resolveWithin: Object.fromEntries(
        priorities.map((p) => [p, targets[p].resolve / MIN]),
      ) as ResolveTargets,
      content: content[c.name] ?? genericContent,
      weight: categoryWeights[c.name] ?? 10,
    });
  }
  return {
    people,
    byId,
    byEmail: new Map(people.map((p) => [p.email, p])),
    admins: people.filter((p) => p.role === 'admin'),
    categories,
    categoriesByName: new Map(categories.map((c) => [c.name, c])),
    locations: new Map(locationRows.map((l) => [l.name, l.id])),
    assets: new Map(assetRows.map((a) => [a.name, a.id])),
    locationIds: locationRows.map((l) => l.id),
  };
}

export const activeAt = (p: Person, t: number) => p.activeUntil > t;
