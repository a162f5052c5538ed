import type { Priority, Role } from '@followthrough/shared';
import { sql } from 'drizzle-orm';
import {
  assets,
  categories,
  categoryTargets,
  locations,
  people,
  settings,
  teamMembers,
  teams,
} from '../db/schema';
import type { Db } from '../db/types';
import { defaultTargets } from '../domain/targets';
import { demoAssets } from './content';

const DAY_MS = 86_400_000;

export const demoOrganisationName = 'Lakeside Community Center';

/** The documented demo sign-ins (SPEC §11); all share the password `followthrough`. */
export const demoSignIns = {
  admin: 'admin@example.org',
  lead: 'lead@example.org',
  owner: 'owner@example.org',
  staff: 'staff@example.org',
} as const;

/** The person who left: deactivated, but still the owner of an open request. */
export const deactivatedEmail = 'jordan.blake@example.org';

export const demoTeams = ['Facilities', 'Front Desk', 'Aquatics', 'IT', 'Programs'] as const;

interface DemoPerson {
  name: string;
  email: string;
  role: Role;
  /** Teams this person belongs to; `lead: true` makes them a lead of it. */
  teams: { name: (typeof demoTeams)[number]; lead?: boolean }[];
  active?: boolean;
}

export const demoPeople: readonly DemoPerson[] = [
  { name: 'Alex Admin', email: demoSignIns.admin, role: 'admin', teams: [] },
  {
    name: 'Lee Lead',
    email: demoSignIns.lead,
    role: 'lead',
    teams: [{ name: 'Facilities', lead: true }],
  },
  { name: 'Dana Owner', email: demoSignIns.owner, role: 'staff', teams: [{ name: 'Facilities' }] },
  { name: 'Sam Staff', email: demoSignIns.staff, role: 'staff', teams: [{ name: 'Front Desk' }] },
  {
    name: 'Marco Ruiz',
    email: 'marco.ruiz@example.org',
    role: 'staff',
    teams: [{ name: 'Facilities' }],
  },
  {
    name: 'Priya Natarajan',
    email: 'priya.natarajan@example.org',
    role: 'staff',
    teams: [{ name: 'Facilities' }],
  },
  {
    name: 'Tom Becker',
    email: 'tom.becker@example.org',
    role: 'staff',
    teams: [{ name: 'Facilities' }],
  },
  {
    name: 'Jordan Blake',
    email: deactivatedEmail,
    role: 'staff',
    teams: [{ name: 'Facilities' }],
    active: false,
  },
  {
    name: 'Maria Gonzalez',
    email: 'maria.gonzalez@example.org',
    role: 'lead',
    teams: [{ name: 'Front Desk', lead: true }],
  },
  {
    name: 'Chloe Martin',
    email: 'chloe.martin@example.org',
    role: 'staff',
    teams: [{ name: 'Front Desk' }],
  },
  {
    name: 'Omar Haddad',
    email: 'omar.haddad@example.org',
    role: 'staff',
    teams: [{ name: 'Front Desk' }],
  },
  {
    name: 'Emily Chen',
    email: 'emily.chen@example.org',
    role: 'staff',
    teams: [{ name: 'Front Desk' }],
  },
  {
    name: 'Hannah Okafor',
    email: 'hannah.okafor@example.org',
    role: 'lead',
    teams: [{ name: 'Aquatics', lead: true }],
  },
  {
    name: 'Luis Fernandez',
    email: 'luis.fernandez@example.org',
    role: 'staff',
    teams: [{ name: 'Aquatics' }],
  },
  {
    name: 'Grace Kim',
    email: 'grace.kim@example.org',
    role: 'staff',
    teams: [{ name: 'Aquatics' }],
  },
  {
    name: 'Ben Carter',
    email: 'ben.carter@example.org',
    role: 'staff',
    teams: [{ name: 'Aquatics' }],
  },
  {
    name: 'Raj Patel',
    email: 'raj.patel@example.org',
    role: 'lead',
    teams: [{ name: 'IT', lead: true }],
  },
  {
    name: 'Nina Kowalski',
    email: 'nina.kowalski@example.org',
    role: 'staff',
    teams: [{ name: 'IT' }],
  },
  {
    name: 'Sofia Rossi',
    email: 'sofia.rossi@example.org',
    role: 'lead',
    teams: [{ name: 'Programs', lead: true }],
  },
  {
    name: 'Jamal Wright',
    email: 'jamal.wright@example.org',
    role: 'staff',
    teams: [{ name: 'Programs' }],
  },
  {
    name: 'Ava Thompson',
    email: 'ava.thompson@example.org',
    role: 'staff',
    teams: [{ name: 'Programs' }],
  },
  {
    name: 'Kenji Watanabe',
    email: 'kenji.watanabe@example.org',
    role: 'staff',
    teams: [{ name: 'Programs' }, { name: 'Aquatics' }],
  },
];

export const demoCategories: readonly {
  name: string;
  team: (typeof demoTeams)[number];
  defaultOwner?: string;
}[] = [
  { name: 'Equipment', team: 'Facilities', defaultOwner: demoSignIns.owner },
  { name: 'Facilities', team: 'Facilities' },
  { name: 'Aquatics', team: 'Aquatics' },
  { name: 'IT', team: 'IT' },
  { name: 'Membership', team: 'Front Desk' },
  { name: 'Programs', team: 'Programs' },
];

export const demoLocations = [
  'Fitness floor',
  'Pool deck',
  'Front desk',
  'Studio A',
  'Studio B',
  'Locker rooms',
  'Gym',
  'Parking lot',
  "Kids' room",
  'Office',
] as const;

export interface DemoOrganisation {
  /** Team ids by name. */
  teams: Record<string, string>;
  /** Person ids by email. */
  people: Record<string, string>;
  /** Category ids by name. */
  categories: Record<string, string>;
  /** Location ids by name. */
  locations: Record<string, string>;
}

/**
 * Creates SPEC §11's "Lakeside Community Center": teams with their leads,
 * people (the four documented sign-ins among them, and one person who has
 * left), categories routed to teams with the §6 default targets, locations,
 * and the registered assets that carry QR labels. Run it on an empty directory: names and emails are unique.
 */
export async function seedDemoOrganisation(
  db: Db,
  opts: { passwordHash: string; now?: Date },
): Promise<DemoOrganisation> {
  const now = opts.now ?? new Date();
  const joined = new Date(now.getTime() - 400 * DAY_MS);
  const left = new Date(now.getTime() - 20 * DAY_MS);
  return db.transaction(async (tx) => {
    await tx
      .insert(settings)
      .values({ key: 'organisationName', value: demoOrganisationName })
      .onConflictDoUpdate({ target: settings.key, set: { value: sql`excluded.value` } });
    const teamRows = await tx
      .insert(teams)
      .values(demoTeams.map((name) => ({ name })))
      .returning({ id: teams.id, name: teams.name });
    const teamIds = Object.fromEntries(teamRows.map((t) => [t.name, t.id]));

    const personRows = await tx
      .insert(people)
      .values(
        demoPeople.map((p) => ({
          name: p.name,
          email: p.email,
          role: p.role,
          active: p.active ?? true,
          passwordHash: opts.passwordHash,
          createdAt: joined,
          deactivatedAt: p.active === false ? left : null,
        })),
      )
      .returning({ id: people.id, email: people.email });
    const personIds = Object.fromEntries(personRows.map((p) => [p.email, p.id]));

    await tx.insert(teamMembers).values(
      demoPeople.flatMap((p) =>
        p.teams.map((t) => ({
          teamId: teamIds[t.name]!,
          personId: personIds[p.email]!,
          isLead: t.lead ?? false,
        })),
      ),
    );

    const categoryRows = await tx
      .insert(categories)
      .values(
        demoCategories.map((c) => ({
          name: c.name,
          teamId: teamIds[c.team]!,
          defaultOwnerId: c.defaultOwner ? personIds[c.defaultOwner]! : null,
        })),
      )
      .returning({ id: categories.id, name: categories.name });
    const categoryIds = Object.fromEntries(categoryRows.map((c) => [c.name, c.id]));

    await tx.insert(categoryTargets).values(
      categoryRows.flatMap((c) =>
        (Object.keys(defaultTargets) as Priority[]).map((priority) => ({
          categoryId: c.id,
          priority,
          ...defaultTargets[priority],
        })),
      ),
    );

    const locationRows = await tx
      .insert(locations)
      .values(demoLocations.map((name) => ({ name })))
      .returning({ id: locations.id, name: locations.name });
    const locationIds = Object.fromEntries(locationRows.map((l) => [l.name, l.id]));

    // The equipment and plant that carry QR labels (SPEC §14).
    await tx.insert(assets).values(
      demoAssets().map((a) => ({
        name: a.name,
        tag: a.tag,
        categoryId: categoryIds[a.category] ?? null,
        locationId: (a.location && locationIds[a.location]) || null,
        createdAt: joined,
      })),
    );

    return { teams: teamIds, people: personIds, categories: categoryIds, locations: locationIds };
  });
}
