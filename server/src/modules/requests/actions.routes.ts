import {
  commentBody,
  confirmBody,
  escalateBody,
  followUpBody,
  noteBody,
  nudgeBody,
  offerBody,
  patchRequestBody,
  problem,
  type RequestAction,
  reasonBody,
  requestDetail,
  resolveBody,
  waitBody,
} from '@followthrough/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Settings } from '../../domain/lifecycle';
import * as outcomes from '../outcomes/outcomes.service';
import * as ownership from '../ownership/ownership.service';
import * as review from '../review/review.service';
import { editRequest } from './edit.service';
import { type MutationContext, mutateRequest, mutationInput } from './mutation';

const params = z.object({ id: z.string().min(1).max(64).describe('Request id (uuid) or key') });
const ifMatch = z.looseObject({
  'if-match': z.string().max(40).optional().describe('The version you last saw, e.g. "3"'),
});

// biome-ignore lint/suspicious/noExplicitAny: each entry pairs a body schema with its own handler.
type Handler = (ctx: MutationContext, body: any) => unknown;

/** SPEC §8 actions: each body schema with the change it makes. */
const actions: {
  action: RequestAction;
  path: string;
  body: z.ZodType;
  apply: Handler;
  summary: string;
}[] = [
  {
    action: 'take',
    path: 'take',
    body: noteBody,
    apply: ownership.take,
    summary: 'Take an unowned request',
  },
  {
    action: 'offer',
    path: 'offer',
    body: offerBody,
    apply: ownership.offer,
    summary: 'Offer ownership to someone',
  },
  {
    action: 'accept',
    path: 'accept',
    body: noteBody,
    apply: ownership.accept,
    summary: 'Accept an offer of ownership',
  },
  {
    action: 'decline',
    path: 'decline',
    body: reasonBody,
    apply: ownership.decline,
    summary: 'Decline an offer, with a reason',
  },
  {
    action: 'assign',
    path: 'assign',
    body: offerBody,
    apply: ownership.assign,
    summary: 'Assign an owner directly (leads, admins)',
  },
  {
    action: 'start',
    path: 'start',
    body: noteBody,
    apply: outcomes.start,
    summary: 'Back to in progress from waiting',
  },
  {
    action: 'wait',
    path: 'wait',
    body: waitBody,
    apply: outcomes.wait,
    summary: 'Wait on something, with a follow-up date',
  },
  {
    action: 'follow-up',
    path: 'follow-up',
    body: followUpBody,
    apply: outcomes.followUp,
    summary: 'Commit to a next follow-up',
  },
  {
    action: 'resolve',
    path: 'resolve',
    body: resolveBody,
    apply: outcomes.resolve,
    summary: 'Resolve with a summary',
  },
  {
    action: 'confirm',
    path: 'confirm',
    body: confirmBody,
    apply: outcomes.confirm,
    summary: 'Confirm the outcome (requester)',
  },
  {
    action: 'reopen',
    path: 'reopen',
    body: reasonBody,
    apply: outcomes.reopen,
    summary: 'Reopen, with a reason',
  },
  {
    action: 'cancel',
    path: 'cancel',
    body: reasonBody,
    apply: outcomes.cancel,
    summary: 'Cancel, with a reason',
  },
  {
    action: 'nudge',
    path: 'nudge',
    body: nudgeBody,
    apply: review.nudge,
    summary: 'Nudge the owner (leads, admins)',
  },
  {
    action: 'escalate',
    path: 'escalate',
    body: escalateBody,
    apply: review.escalate,
    summary: 'Raise priority and/or assign',
  },
  {
    action: 'comment',
    path: 'comments',
    body: commentBody,
    apply: (ctx, body: { body: string }) => ctx.event('comment', { body: body.body }),
    summary: 'Comment',
  },
];

const refusals = {
  400: problem,
  401: problem,
  403: problem,
  404: problem,
  409: problem,
  412: problem,
};

/** The lifecycle actions of SPEC §4, each one transaction on a locked row. */
const actionRoutes: FastifyPluginAsyncZod<{ settings: Settings }> = async (app, opts) => {
  app.addHook('preHandler', app.requireAuth);

  for (const a of actions) {
    app.post(
      `/api/requests/:id/${a.path}`,
      {
        schema: {
          tags: ['actions'],
          summary: a.summary,
          params,
          headers: ifMatch,
          body: a.body,
          response: { 200: requestDetail, ...refusals },
        },
      },
      async (request, reply) => {
        const { detail } = await mutateRequest(
          app.db,
          mutationInput(app, request, a.action, opts.settings),
          (ctx) => a.apply(ctx, request.body) as Promise<void>,
        );
        return reply.header('etag', `"${detail.version}"`).send(detail);
      },
    );
  }

  app.patch(
    '/api/requests/:id',
    {
      schema: {
        tags: ['requests'],
        summary:
          'Edit title, description, desired outcome, category, location, asset, priority or target',
        params,
        headers: ifMatch,
        body: patchRequestBody,
        response: { 200: requestDetail, ...refusals },
      },
    },
    async (request, reply) => {
      const { detail } = await mutateRequest(
        app.db,
        mutationInput(app, request, 'edit', opts.settings),
        (ctx) => editRequest(ctx, request.body),
      );
      return reply.header('etag', `"${detail.version}"`).send(detail);
    },
  );
};

export default actionRoutes;
