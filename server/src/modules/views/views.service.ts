import {
  type createViewBody,
  type SavedView,
  type SavedViewList,
  type updateViewBody,
  VIEW_COUNT_CAP,
  type ViewFilters,
  viewFilterQuery,
} from '@followthrough/shared';
import type { z } from 'zod';
import { isUniqueViolation, isUuid } from '../../db/errors';
import type { Db, Executor } from '../../db/types';
import { DomainError, errorOf, fieldError, notFound } from '../../domain/errors';
import {
  createRefusal,
  deleteRefusal,
  mayEditView,
  maySeeView,
  updateRefusal,
  viewerOf,
} from '../../domain/views';
import type { SignedInPerson } from '../auth/auth.types';
import { countRequests } from '../requests/requests.service';
import {
  countOwnedViews,
  deleteViewRow,
  findViewRow,
  insertViewRow,
  listViewRows,
  teamExists,
  toSavedView,
  updateViewRow,
} from './views.queries';

/**
 * Filters as kept, read again through today's list query: a filter value the list no longer
 * takes is left out (and the rest still count), rather than failing the whole navigation.
 */
function currentFilters(stored: unknown): ViewFilters {
  const parsed = viewFilterQuery.safeParse(stored);
  if (parsed.success) return parsed.data;
  const bad = new Set(parsed.error.issues.map((i) => String(i.path[0] ?? '')));
  const rest = Object.fromEntries(
    Object.entries((stored ?? {}) as Record<string, unknown>).filter(([k]) => !bad.has(k)),
  );
  return viewFilterQuery.safeParse(rest).data ?? {};
}

/**
 * GET /api/views: the caller's views and those shared with their teams, each with how many
 * requests it matches now for the caller (through the requests list's own filters).
 */
export async function listViews(db: Db, person: SignedInPerson, now: Date): Promise<SavedViewList> {
  const viewer = viewerOf(person);
  const rows = (await listViewRows(db, viewer.id, viewer.teamIds)).filter((row) =>
    maySeeView(viewer, row),
  );
  const items = await Promise.all(
    rows.map(async (row) => {
      const filters = currentFilters(row.filters);
      const { count, capped } = await countRequests(db, filters, person, now, VIEW_COUNT_CAP);
      return {
        ...toSavedView({ ...row, filters }),
        owner: { id: row.ownerId, name: row.ownerName, active: row.ownerActive },
        sharedWithTeam:
          row.sharedWithTeamId && row.teamName
            ? { id: row.sharedWithTeamId, name: row.teamName }
            : null,
        editable: mayEditView(viewer, row),
        count,
        capped,
      };
    }),
  );
  return { items };
}

/** Runs a write, answering a second view of the same name with 409 NAME_TAKEN. */
async function uniqueName<T>(name: string | undefined, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new DomainError(409, 'NAME_TAKEN', `You already have a view named ${name}.`, {
        errors: [{ path: 'name', message: 'You already have a view of this name' }],
      });
    }
    throw err;
  }
}

async function requireTeam(db: Executor, teamId: string | null | undefined) {
  if (teamId && !(await teamExists(db, teamId))) {
    throw fieldError('sharedWithTeamId', 'No such team');
  }
}

/** POST /api/views: saves filters under a name, kept to the caller or shared with a team. */
export async function createView(
  db: Db,
  person: SignedInPerson,
  body: z.output<typeof createViewBody>,
  now: Date,
): Promise<SavedView> {
  const viewer = viewerOf(person);
  return db.transaction(async (tx) => {
    await requireTeam(tx, body.sharedWithTeamId);
    const refused = createRefusal(viewer, body, await countOwnedViews(tx, viewer.id));
    if (refused) throw errorOf(refused);
    const row = await uniqueName(body.name, () =>
      insertViewRow(tx, {
        ownerId: viewer.id,
        name: body.name,
        filters: body.filters,
        sharedWithTeamId: body.sharedWithTeamId ?? null,
        createdAt: now,
        updatedAt: now,
      }),
    );
    return toSavedView(row);
  });
}

/** PATCH /api/views/:id: the owner renames it, changes its filters, or shares or unshares it. */
export async function updateView(
  db: Db,
  person: SignedInPerson,
  id: string,
  body: z.output<typeof updateViewBody>,
  now: Date,
): Promise<SavedView> {
  if (!isUuid(id)) throw notFound('View');
  const viewer = viewerOf(person);
  return db.transaction(async (tx) => {
    const row = await findViewRow(tx, id, { lock: true });
    if (!row) throw notFound('View');
    const refused = updateRefusal(viewer, row, body);
    if (refused) throw errorOf(refused);
    if (body.sharedWithTeamId !== row.sharedWithTeamId)
      await requireTeam(tx, body.sharedWithTeamId);
    const updated = await uniqueName(body.name, () =>
      updateViewRow(tx, id, {
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.filters !== undefined ? { filters: body.filters } : {}),
        ...(body.sharedWithTeamId !== undefined ? { sharedWithTeamId: body.sharedWithTeamId } : {}),
        updatedAt: now,
      }),
    );
    return toSavedView(updated);
  });
}

/** DELETE /api/views/:id: the owner deletes it, for everyone it was shared with too. */
export async function deleteView(db: Db, person: SignedInPerson, id: string): Promise<void> {
  if (!isUuid(id)) throw notFound('View');
  const viewer = viewerOf(person);
  await db.transaction(async (tx) => {
    const row = await findViewRow(tx, id, { lock: true });
    if (!row) throw notFound('View');
    const refused = deleteRefusal(viewer, row);
    if (refused) throw errorOf(refused);
    await deleteViewRow(tx, id, viewer.id);
  });
}
