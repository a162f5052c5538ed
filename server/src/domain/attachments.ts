import { ATTACHMENTS_PER_REQUEST } from '@followthrough/shared';
import {
  type ActionContext,
  changeOf,
  eventBy,
  factsOf,
  type Outcome,
  type RequestState,
} from './change';
import { refuse } from './errors';
import { relationsOf } from './lifecycle';

/** What an upload adds, as the event records it. */
export interface AttachmentFacts {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  uploadedById: string;
}

/**
 * Any staff member may attach while the request is not closed (SPEC §14), up to
 * ATTACHMENTS_PER_REQUEST; `count` is how many it has now.
 */
export function refuseUpload(state: RequestState, count: number) {
  if (state.status === 'closed') {
    return refuse(409, 'ACTION_NOT_ALLOWED', 'A closed request takes no more attachments.', {
      state: state.status,
    });
  }
  if (count >= ATTACHMENTS_PER_REQUEST) {
    return refuse(
      409,
      'ACTION_NOT_ALLOWED',
      `A request holds at most ${ATTACHMENTS_PER_REQUEST} attachments; remove one first.`,
    );
  }
  return null;
}

export function addAttachment(
  state: RequestState,
  ctx: ActionContext,
  count: number,
  a: AttachmentFacts,
): Outcome {
  const refused = refuseUpload(state, count);
  if (refused) return refused;
  return changeOf(state, ctx, {
    events: [
      eventBy(ctx, 'attachment_added', {
        attachmentId: a.id,
        filename: a.filename,
        contentType: a.contentType,
        size: a.size,
      }),
    ],
  });
}

/** The uploader, the request's owner, a lead of its team or an admin may remove one. */
export function mayRemoveAttachment(
  ctx: Pick<ActionContext, 'actor'>,
  state: RequestState,
  uploadedById: string,
) {
  if (ctx.actor.id === uploadedById) return true;
  const rel = relationsOf(ctx.actor, factsOf(state));
  return rel.has('owner') || rel.has('lead') || rel.has('admin');
}

export function removeAttachment(
  state: RequestState,
  ctx: ActionContext,
  a: Pick<AttachmentFacts, 'id' | 'filename' | 'uploadedById'>,
): Outcome {
  if (!mayRemoveAttachment(ctx, state, a.uploadedById)) {
    return refuse(
      403,
      'FORBIDDEN',
      'Only its uploader, the owner, a lead of the team or an admin may remove an attachment.',
    );
  }
  return changeOf(state, ctx, {
    events: [eventBy(ctx, 'attachment_removed', { attachmentId: a.id, filename: a.filename })],
  });
}
