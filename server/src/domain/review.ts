import { type EscalateBody, type NudgeBody, priorityRank } from '@followthrough/shared';
import {
  type ActionContext,
  changeOf,
  eventBy,
  type Outcome,
  type PersonFacts,
  type RequestFields,
  type RequestState,
  type ResolveTargets,
  recipients,
  refusalFor,
} from './change';
import { fieldRefusal } from './errors';
import { futureDate } from './outcomes';
import { activePersonRefusal, alreadyOwnerRefusal, assignedFields } from './ownership';
import { defaultTargets, targetAt } from './targets';

/** nudge: a lead's word to the owner and a new follow-up date. */
export function nudge(state: RequestState, ctx: ActionContext, body: NudgeBody): Outcome {
  const refused = refusalFor('nudge', state, ctx);
  if (refused) return refused;
  const next = futureDate(body.nextFollowUpAt, ctx.now, 'nextFollowUpAt');
  if (next.refused) return next.refused;
  return changeOf(state, ctx, {
    set: { nextFollowUpAt: next.at, followUpSetAt: ctx.now },
    events: [
      eventBy(ctx, 'nudged', {
        note: body.note,
        nextFollowUpAt: next.at.toISOString(),
        owner: state.ownerId,
      }),
    ],
    notify: recipients(ctx.actor.id, [[state.ownerId, 'nudged']]),
  });
}

/**
 * escalate: raise the priority (the target follows it) and/or assign. The
 * owner is told they were nudged; a new owner that they were assigned.
 */
export function escalate(
  state: RequestState,
  ctx: ActionContext,
  body: EscalateBody,
  facts: { assignTo: PersonFacts; targets: ResolveTargets },
): Outcome {
  const refused = refusalFor('escalate', state, ctx);
  if (refused) return refused;
  let set: Partial<RequestFields> = {};
  if (body.priority) {
    if (priorityRank[body.priority] <= priorityRank[state.priority]) {
      return fieldRefusal('priority', `Must be higher than ${state.priority}`);
    }
    const minutes =
      facts.targets[body.priority] ?? defaultTargets[body.priority].resolveWithinMinutes;
    set = { priority: body.priority, targetAt: targetAt(state.createdAt, minutes) };
  }
  if (body.assignTo) {
    const notAssignable =
      activePersonRefusal(facts.assignTo, 'assignTo') ??
      alreadyOwnerRefusal(state, body.assignTo, 'assignTo');
    if (notAssignable) return notAssignable;
    set = { ...set, ...assignedFields(state, ctx, body.assignTo) };
  }
  return changeOf(state, ctx, {
    set,
    events: [
      eventBy(ctx, 'escalated', {
        note: body.note,
        ...(body.priority ? { priority: body.priority, from: state.priority } : {}),
        ...(body.assignTo ? { assignTo: body.assignTo, previousOwner: state.ownerId } : {}),
      }),
    ],
    notify: body.assignTo
      ? recipients(ctx.actor.id, [[body.assignTo, 'assigned']])
      : recipients(ctx.actor.id, [[state.ownerId, 'nudged']]),
  });
}

/**
 * The events that are a lead's decision on request `r`: a nudge, an escalation, or an
 * offer or assignment (not routing) made by an admin or a lead of the team that routes
 * the request's category — the reassignments Review makes. `e` is the event, `a` its actor.
 */
export const leadDecisionSql = (requestAlias: string) =>
  `(e.type in ('nudged', 'escalated')
    or (e.type in ('ownership_offered', 'ownership_assigned')
      and coalesce(e.data->>'routed', '') <> 'true'
      and (a.role = 'admin' or exists (
        select 1 from team_members m join categories c on c.team_id = m.team_id
        where c.id = ${requestAlias}.category_id and m.person_id = e.actor_id and m.is_lead))))`;
