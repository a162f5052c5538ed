import type {
  CommentBody,
  ConfirmBody,
  EscalateBody,
  FollowUpBody,
  NoteBody,
  NudgeBody,
  OfferBody,
  PatchRequestBody,
  ReasonBody,
  RequestAction,
  ResolveBody,
  WaitBody,
} from '@followthrough/shared';
import * as outcomes from '../../domain/outcomes';
import * as ownership from '../../domain/ownership';
import { comment, editRequest } from '../../domain/requests';
import * as review from '../../domain/review';
import {
  assetFacts,
  categoryFacts,
  locationFacts,
  resolveTargets,
} from '../directory/directory.queries';
import { personFacts } from '../directory/people.queries';
import type { Decide } from './mutation';

/** The action routes' actions: every one of SPEC §4 but handoffs, which have their own routes. */
export type RouteAction = Exclude<RequestAction, 'handoff'>;

interface Bodies {
  edit: PatchRequestBody;
  take: NoteBody;
  offer: OfferBody;
  accept: NoteBody;
  decline: ReasonBody;
  assign: OfferBody;
  start: NoteBody;
  wait: WaitBody;
  'follow-up': FollowUpBody;
  resolve: ResolveBody;
  confirm: ConfirmBody;
  reopen: ReasonBody;
  cancel: ReasonBody;
  comment: CommentBody;
  nudge: NudgeBody;
  escalate: EscalateBody;
}

/**
 * Each action as: pre-load the directory facts its body names, then the pure
 * transition. Everything else (lock, If-Match, commit, answer) is changeRequest's.
 */
export const actionSteps: { [A in RouteAction]: (body: Bodies[A]) => Decide } = {
  take: (body) => (_tx, state, ctx) => ownership.take(state, ctx, body),
  offer: (body) => async (tx, state, ctx) =>
    ownership.offer(state, ctx, body, { to: await personFacts(tx, body.to) }),
  accept: (body) => (_tx, state, ctx) => ownership.accept(state, ctx, body),
  decline: (body) => (_tx, state, ctx) => ownership.decline(state, ctx, body),
  assign: (body) => async (tx, state, ctx) =>
    ownership.assign(state, ctx, body, { to: await personFacts(tx, body.to) }),
  start: (body) => (_tx, state, ctx) => outcomes.start(state, ctx, body),
  wait: (body) => (_tx, state, ctx) => outcomes.wait(state, ctx, body),
  'follow-up': (body) => (_tx, state, ctx) => outcomes.followUp(state, ctx, body),
  resolve: (body) => (_tx, state, ctx) => outcomes.resolve(state, ctx, body),
  confirm: (body) => (_tx, state, ctx) => outcomes.confirm(state, ctx, body),
  reopen: (body) => (_tx, state, ctx) => outcomes.reopen(state, ctx, body),
  cancel: (body) => (_tx, state, ctx) => outcomes.cancel(state, ctx, body),
  comment: (body) => (_tx, state, ctx) => comment(state, ctx, body),
  nudge: (body) => (_tx, state, ctx) => review.nudge(state, ctx, body),
  escalate: (body) => async (tx, state, ctx) =>
    review.escalate(state, ctx, body, {
      assignTo: body.assignTo ? await personFacts(tx, body.assignTo) : null,
      targets: body.priority ? await resolveTargets(tx, state.categoryId) : {},
    }),
  edit: (body) => async (tx, state, ctx) =>
    editRequest(state, ctx, body, {
      category:
        body.categoryId || body.priority
          ? await categoryFacts(tx, body.categoryId ?? state.categoryId)
          : null,
      location: body.locationId ? await locationFacts(tx, body.locationId) : null,
      asset: body.assetId ? await assetFacts(tx, body.assetId) : null,
    }),
};
