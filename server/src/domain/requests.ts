import type {
  CommentBody,
  CreateRequestBody,
  PatchRequestBody,
  Priority,
} from '@followthrough/shared';
import {
  type ActionContext,
  changeOf,
  type EventDraft,
  eventBy,
  type Outcome,
  type RequestFields,
  type RequestState,
  type ResolveTargets,
  recipients,
  refusalFor,
} from './change';
import { fieldRefusal, type Refusal } from './errors';
import { defaultTargets, targetAt } from './targets';

/** A category as create and edit read it. */
export interface CategoryFacts {
  id: string;
  active: boolean;
  teamId: string;
  /** With their active flag: a deactivated default owner receives no offer. */
  defaultOwner: { id: string; active: boolean } | null;
  resolveWithin: ResolveTargets;
}

/** null: no such location. */
export type LocationFacts = { active: boolean } | null;

/** A registered asset (SPEC §14); null: no such asset. */
export type AssetFacts = {
  active: boolean;
  locationId: string | null;
  categoryId: string | null;
} | null;

/** The create body once validated (the priority has its default). */
export type CreateInput = Omit<CreateRequestBody, 'priority'> & { priority: Priority };

/**
 * Creating by asset (SPEC §14): the asset's category and location fill what the body leaves
 * out, so a QR label's form needs only a title and an outcome. Refuses an unknown or retired
 * asset, and a request that ends up with no category.
 */
export function fillFromAsset(
  body: CreateInput,
  asset: AssetFacts | undefined,
): { ok: true; body: CreateInput & { categoryId: string } } | Refusal {
  let filled = body;
  if (body.assetId) {
    if (!asset) return fieldRefusal('assetId', 'No such asset');
    if (!asset.active) return fieldRefusal('assetId', 'This asset is no longer in use');
    filled = {
      ...body,
      categoryId: body.categoryId ?? asset.categoryId ?? undefined,
      locationId: body.locationId ?? asset.locationId ?? undefined,
    };
  }
  const { categoryId } = filled;
  if (!categoryId) {
    return fieldRefusal(
      'categoryId',
      body.assetId ? 'Required: this asset has no usual category' : 'Required',
    );
  }
  return { ok: true, body: { ...filled, categoryId } };
}

const resolveMinutes = (targets: ResolveTargets, priority: Priority) =>
  targets[priority] ?? defaultTargets[priority].resolveWithinMinutes;

const ROUTED = { routed: true, reason: 'default owner of the category' } as const;

/**
 * create (SPEC §4): a new, unowned request; the category's default owner
 * receives an offer, or owns it at once when they logged it themselves.
 * `id` is the new request's id, chosen by the caller.
 */
export function createRequest(
  ctx: Omit<ActionContext, 'settings'>,
  body: CreateInput & { categoryId: string },
  facts: { id: string; category: CategoryFacts | null; location: LocationFacts },
): Outcome {
  const { category } = facts;
  if (!category) return fieldRefusal('categoryId', 'No such category');
  if (!category.active) return fieldRefusal('categoryId', 'This category is no longer in use');
  if (body.locationId) {
    if (!facts.location) return fieldRefusal('locationId', 'No such location');
    if (!facts.location.active) {
      return fieldRefusal('locationId', 'This location is no longer in use');
    }
  }
  const { now, actor } = ctx;
  const defaultOwner = category.defaultOwner?.active ? category.defaultOwner.id : null;
  const selfOwned = defaultOwner === actor.id;
  const offered = defaultOwner !== null && !selfOwned;
  const events: EventDraft[] = [
    {
      type: 'created',
      actorId: actor.id,
      at: now,
      data: {
        title: body.title,
        priority: body.priority,
        categoryId: body.categoryId,
        desiredOutcome: body.desiredOutcome,
        ...(body.assetId ? { assetId: body.assetId } : {}),
      },
    },
  ];
  if (selfOwned) {
    events.push({ type: 'ownership_taken', actorId: actor.id, at: now, data: { ...ROUTED } });
  } else if (offered) {
    // Routing is the system's doing, not the requester's.
    events.push({
      type: 'ownership_offered',
      actorId: null,
      at: now,
      data: { to: defaultOwner, ...ROUTED },
    });
  }
  const insert = {
    title: body.title,
    description: body.description ?? '',
    desiredOutcome: body.desiredOutcome,
    categoryId: body.categoryId,
    locationId: body.locationId ?? null,
    asset: body.asset || null,
    assetId: body.assetId ?? null,
    priority: body.priority,
    requesterId: actor.id,
    onBehalfOf: body.onBehalfOf || null,
    status: selfOwned ? ('in_progress' as const) : ('new' as const),
    ownerId: selfOwned ? actor.id : null,
    ownedAt: selfOwned ? now : null,
    lastOwnerActivityAt: selfOwned ? now : null,
    pendingOwnerId: offered ? defaultOwner : null,
    offeredAt: offered ? now : null,
    targetAt: targetAt(now, resolveMinutes(category.resolveWithin, body.priority)),
    createdAt: now,
    updatedAt: now,
  };
  const outcome = changeOf({ id: facts.id, ownerId: null }, ctx, {
    events,
    notify: offered ? recipients(actor.id, [[defaultOwner, 'offer_received']]) : [],
  });
  if (outcome.ok) outcome.change.insert = insert;
  return outcome;
}

type EditableField = keyof PatchRequestBody;

/**
 * PATCH: the fields that changed, each recorded from → to; a new priority
 * (or category) moves the target unless one is given. `category` is the one
 * the request will have (named in the body, else its own).
 */
export function editRequest(
  state: RequestState,
  ctx: ActionContext,
  body: PatchRequestBody,
  facts: { category: CategoryFacts | null; location: LocationFacts; asset?: AssetFacts },
): Outcome {
  const refused = refusalFor('edit', state, ctx);
  if (refused) return refused;
  if (body.assetId && body.assetId !== state.assetId) {
    if (!facts.asset) return fieldRefusal('assetId', 'No such asset');
    if (!facts.asset.active) return fieldRefusal('assetId', 'This asset is no longer in use');
  }
  if (body.categoryId && body.categoryId !== state.categoryId) {
    if (!facts.category) return fieldRefusal('categoryId', 'No such category');
    if (!facts.category.active) {
      return fieldRefusal('categoryId', 'This category is no longer in use');
    }
  }
  if (body.locationId && !facts.location) return fieldRefusal('locationId', 'No such location');

  const next: Partial<Record<EditableField, string | null>> = { ...body };
  if (body.asset === '') next.asset = null;
  if ((body.priority || body.categoryId) && !body.targetAt) {
    const priority = body.priority ?? state.priority;
    next.targetAt = targetAt(
      state.createdAt,
      resolveMinutes(facts.category?.resolveWithin ?? {}, priority),
    ).toISOString();
  }
  const before: Record<EditableField, string | null> = {
    title: state.title,
    description: state.description,
    desiredOutcome: state.desiredOutcome,
    categoryId: state.categoryId,
    locationId: state.locationId,
    asset: state.asset,
    assetId: state.assetId,
    priority: state.priority,
    targetAt: state.targetAt.toISOString(),
  };
  const changes: Record<string, { from: string | null; to: string | null }> = {};
  const set: Partial<RequestFields> = {};
  for (const [field, value] of Object.entries(next) as [EditableField, string | null][]) {
    const from = before[field];
    if (value === undefined || from === value) continue;
    changes[field] = { from, to: value };
    Object.assign(set, { [field]: field === 'targetAt' ? new Date(String(value)) : value });
  }
  if (Object.keys(changes).length === 0) {
    return fieldRefusal(Object.keys(body)[0] ?? 'body', 'Nothing would change');
  }
  return changeOf(state, ctx, { set, events: [eventBy(ctx, 'field_changed', { changes })] });
}

/** comment: anyone, any time; the owner and the requester are told. */
export function comment(state: RequestState, ctx: ActionContext, body: CommentBody): Outcome {
  const refused = refusalFor('comment', state, ctx);
  if (refused) return refused;
  return changeOf(state, ctx, {
    events: [eventBy(ctx, 'comment', { body: body.body })],
    notify: recipients(ctx.actor.id, [
      [state.ownerId, 'commented'],
      [state.requesterId, 'commented'],
    ]),
  });
}
