import type { Priority, Role } from '@followthrough/shared';
import {
  categories,
  categoryTargets,
  locations,
  people,
  teamMembers,
  teams,
} from '../../server/src/db/schema';
import type { Db } from '../../server/src/db/types';
import { defaultTargets } from '../../server/src/domain/targets';
import { hashPassword } from '../../server/src/modules/auth/auth.service';

export const PASSWORD = 'correct horse battery';
let passwordHash: Promise<string> | undefined;
let n = 0;
const next = () => ++n;

export async function makePerson(
  db: Db,
  over: Partial<{ name: string; email: string; role: Role; active: boolean }> = {},
) {
  passwordHash ??= hashPassword(PASSWORD);
  const i = next();
  const [row] = await db
    .insert(people)
    .values({
      name: over.name ?? `Person ${i}`,
      email: over.email ?? `person${i}@test.example`,
      role: over.role ?? 'staff',
      active: over.active ?? true,
      passwordHash: await passwordHash,
    })
    .returning();
  return row!;
}

export async function makeTeam(
  db: Db,
  over: { name?: string; leads?: string[]; members?: string[] } = {},
) {
  const [team] = await db
    .insert(teams)
    .values({ name: over.name ?? `Team ${next()}` })
    .returning();
  const rows = [
    ...(over.leads ?? []).map((personId) => ({ teamId: team!.id, personId, isLead: true })),
    ...(over.members ?? []).map((personId) => ({ teamId: team!.id, personId, isLead: false })),
  ];
  if (rows.length) await db.insert(teamMembers).values(rows);
  return team!;
}

export async function makeCategory(
  db: Db,
  over: { teamId: string; name?: string; defaultOwnerId?: string | null; active?: boolean },
) {
  const [category] = await db
    .insert(categories)
    .values({
      name: over.name ?? `Category ${next()}`,
      teamId: over.teamId,
      defaultOwnerId: over.defaultOwnerId ?? null,
      active: over.active ?? true,
    })
    .returning();
  await db.insert(categoryTargets).values(
    (Object.keys(defaultTargets) as Priority[]).map((priority) => ({
      categoryId: category!.id,
      priority,
      ...defaultTargets[priority],
    })),
  );
  return category!;
}

export async function makeLocation(db: Db, over: { name?: string; active?: boolean } = {}) {
  const [row] = await db
    .insert(locations)
    .values({ name: over.name ?? `Location ${next()}`, active: over.active ?? true })
    .returning();
  return row!;
}

/** A small organisation: a Facilities team with a lead and an owner, a front-desk staff member. */
export async function makeOrg(db: Db) {
  const admin = await makePerson(db, { name: 'Alex Admin', role: 'admin' });
  const lead = await makePerson(db, { name: 'Lee Lead', role: 'lead' });
  const owner = await makePerson(db, { name: 'Dana Owner' });
  const staff = await makePerson(db, { name: 'Sam Staff' });
  const team = await makeTeam(db, { name: 'Facilities', leads: [lead.id], members: [owner.id] });
  const equipment = await makeCategory(db, {
    teamId: team.id,
    name: 'Equipment',
    defaultOwnerId: owner.id,
  });
  const facilities = await makeCategory(db, { teamId: team.id, name: 'Facilities' });
  const floor = await makeLocation(db, { name: 'Fitness floor' });
  return { admin, lead, owner, staff, team, equipment, facilities, floor };
}
