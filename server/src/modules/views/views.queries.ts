import type { SavedView, ViewFilters } from '@followthrough/shared';
import { and, count, eq, inArray, or, sql } from 'drizzle-orm';
import { people, savedViews, teams } from '../../db/schema';
import type { Executor } from '../../db/types';

export interface ViewRow {
  id: string;
  name: string;
  filters: ViewFilters;
  ownerId: string;
  sharedWithTeamId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const columns = {
  id: savedViews.id,
  name: savedViews.name,
  filters: savedViews.filters,
  ownerId: savedViews.ownerId,
  sharedWithTeamId: savedViews.sharedWithTeamId,
  createdAt: savedViews.createdAt,
  updatedAt: savedViews.updatedAt,
};

export function toSavedView(row: ViewRow): SavedView {
  return {
    id: row.id,
    name: row.name,
    filters: row.filters,
    ownerId: row.ownerId,
    sharedWithTeamId: row.sharedWithTeamId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export interface ListedViewRow extends ViewRow {
  ownerName: string;
  ownerActive: boolean;
  teamName: string | null;
}

/**
 * The views a person owns and those shared with any of `teamIds`, their own first, then by
 * name. One statement; served by the owner index and the shared-team index.
 */
export async function listViewRows(
  db: Executor,
  personId: string,
  teamIds: readonly string[],
): Promise<ListedViewRow[]> {
  const mine = eq(savedViews.ownerId, personId);
  return db
    .select({
      ...columns,
      ownerName: people.name,
      ownerActive: people.active,
      teamName: teams.name,
    })
    .from(savedViews)
    .innerJoin(people, eq(people.id, savedViews.ownerId))
    .leftJoin(teams, eq(teams.id, savedViews.sharedWithTeamId))
    .where(teamIds.length > 0 ? or(mine, inArray(savedViews.sharedWithTeamId, [...teamIds])) : mine)
    .orderBy(
      sql`(${savedViews.ownerId} = ${personId}) desc`,
      sql`lower(${savedViews.name})`,
      savedViews.id,
    );
}

/** One view; with `lock`, in a transaction, held until it ends. */
export async function findViewRow(
  db: Executor,
  id: string,
  opts: { lock: boolean } = { lock: false },
): Promise<ViewRow | undefined> {
  const query = db.select(columns).from(savedViews).where(eq(savedViews.id, id));
  const [row] = await (opts.lock ? query.for('update') : query);
  return row;
}

export async function countOwnedViews(db: Executor, ownerId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(savedViews)
    .where(eq(savedViews.ownerId, ownerId));
  return row?.n ?? 0;
}

export async function teamExists(db: Executor, id: string): Promise<boolean> {
  const [row] = await db.select({ id: teams.id }).from(teams).where(eq(teams.id, id));
  return row !== undefined;
}

export async function insertViewRow(
  db: Executor,
  values: typeof savedViews.$inferInsert,
): Promise<ViewRow> {
  const [row] = await db.insert(savedViews).values(values).returning(columns);
  return row!;
}

export async function updateViewRow(
  db: Executor,
  id: string,
  set: Partial<Pick<typeof savedViews.$inferInsert, 'name' | 'filters' | 'sharedWithTeamId'>> & {
    updatedAt: Date;
  },
): Promise<ViewRow> {
  const [row] = await db
    .update(savedViews)
    .set(set)
    .where(eq(savedViews.id, id))
    .returning(columns);
  return row!;
}

export async function deleteViewRow(db: Executor, id: string, ownerId: string): Promise<void> {
  await db.delete(savedViews).where(and(eq(savedViews.id, id), eq(savedViews.ownerId, ownerId)));
}
