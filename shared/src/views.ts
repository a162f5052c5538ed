import { z } from 'zod';
import { isoDateTime, namedRef, personRef, text, uuid } from './common';
import { VIEW_NAME_MAX } from './constants';
import { listRequestsQuery, requestSort } from './requests';

/**
 * Saved views: a person keeps the filters of Open items under a name, and a lead may share one
 * with a team they lead. The filters are the list's own query (GET /api/requests) without its
 * paging, so every filter the list gains can be saved, and a view opens as the list it counts.
 */

export { VIEW_NAME_MAX };
/** How many views one person may keep: the navigation counts each of them on every load. */
export const MAX_VIEWS_PER_PERSON = 50;
/** Counts stop here and say "1000+": a view's count stays cheap however much it matches. */
export const VIEW_COUNT_CAP = 1000;

/** The filters as a body gives them: the list's query, where one value or a list both do. */
export const viewFilterQuery = listRequestsQuery
  .omit({ limit: true, cursor: true })
  .extend({ sort: requestSort.optional() })
  .meta({ id: 'ViewFilterQuery' });
/** The filters as kept: repeatable ones are always lists. */
export type ViewFilters = z.output<typeof viewFilterQuery>;

/** A field of the list's query as kept: a repeatable one (one value or a list) as its list. */
function keptField(field: z.ZodType): z.ZodType {
  const inner = field instanceof z.ZodOptional ? field.unwrap() : field;
  if (inner instanceof z.ZodPipe && inner.in instanceof z.ZodUnion) {
    const list = (inner.in.options as z.ZodType[]).find((o) => o instanceof z.ZodArray);
    if (list) return list.optional();
  }
  return field;
}

/**
 * The filters as answers carry them, derived field by field from the query above (the answer
 * is checked on the way out, and a one-way transform cannot be).
 */
export const viewFilters = z
  .object(
    Object.fromEntries(
      Object.entries(viewFilterQuery.shape).map(([name, field]) => [
        name,
        keptField(field as z.ZodType),
      ]),
    ),
  )
  .strict()
  .meta({ id: 'ViewFilters' }) as unknown as z.ZodType<ViewFilters, ViewFilters>;

export const savedView = z
  .object({
    id: uuid,
    name: z.string(),
    filters: viewFilters,
    ownerId: uuid,
    /** The team whose members (and leads) see the view too; null: only its owner. */
    sharedWithTeamId: uuid.nullable(),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
  })
  .meta({ id: 'SavedView' });
export type SavedView = z.infer<typeof savedView>;

export const savedViewWithCount = savedView
  .extend({
    owner: personRef,
    sharedWithTeam: namedRef.nullable(),
    /** Whether the caller may rename, change or delete it (its owner only). */
    editable: z.boolean(),
    /** Requests matching the filters now, as the caller's list would show them, up to the cap. */
    count: z.number().int().min(0),
    /** True when more match than the cap: `count` is the cap, read "1000+". */
    capped: z.boolean(),
  })
  .meta({ id: 'SavedViewWithCount' });
export type SavedViewWithCount = z.infer<typeof savedViewWithCount>;

export const savedViewList = z
  .object({
    /** The caller's own views, then those shared with their teams; each by name. */
    items: z.array(savedViewWithCount),
  })
  .meta({ id: 'SavedViewList' });
export type SavedViewList = z.infer<typeof savedViewList>;

const viewName = text(VIEW_NAME_MAX);

export const createViewBody = z
  .object({
    name: viewName,
    filters: viewFilterQuery,
    /** Share with a team you lead (admins: any team); unset or null keeps it to yourself. */
    sharedWithTeamId: uuid.nullable().optional(),
  })
  .strict()
  .meta({ id: 'CreateView' });
export type CreateViewBody = z.input<typeof createViewBody>;

export const updateViewBody = z
  .object({
    name: viewName,
    filters: viewFilterQuery,
    sharedWithTeamId: uuid.nullable(),
  })
  .partial()
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'Change at least one field' })
  .meta({ id: 'UpdateView' });
export type UpdateViewBody = z.input<typeof updateViewBody>;
