import {
  commentBody,
  confirmBody,
  escalateBody,
  followUpBody,
  noteBody,
  nudgeBody,
  offerBody,
  patchRequestBody,
  reasonBody,
  requestDetail,
  requestParams,
  resolveBody,
  waitBody,
} from '@followthrough/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { Settings } from '../../domain/lifecycle';
import { actionSteps, type RouteAction } from './actions.service';
import { changeInput, changeRequest } from './mutation';
import { ifMatchHeaders, refusals } from './mutation.schemas';

const params = requestParams;
/** SPEC §8 actions: each path with its body schema; the change is the domain's (actionSteps). */
const actions: {
  action: Exclude<RouteAction, 'edit'>;
  path: string;
  body: z.ZodType;
  summary: string;
}[] = [
  {
    action: 'take',
    path: 'take',
    body: noteBody,
    summary: 'Take an unowned request',
  },
  {
    action: 'offer',
    path: 'offer',
    body: offerBody,
    summary: 'Offer ownership to someone',
  },
  {
    action: 'accept',
    path: 'accept',
    body: noteBody,
    summary: 'Accept an offer of ownership',
  },
  {
    action: 'decline',
    path: 'decline',
    body: reasonBody,
    summary: 'Decline an offer, with a reason',
  },
  {
    action: 'assign',
    path: 'assign',
    body: offerBody,
    summary: 'Assign an owner directly (leads, admins)',
  },
  {
    action: 'start',
    path: 'start',
    body: noteBody,
    summary: 'Back to in progress from waiting',
  },
  {
    action: 'wait',
    path: 'wait',
    body: waitBody,
    summary: 'Wait on something, with a follow-up date',
  },
  {
    action: 'follow-up',
    path: 'follow-up',
    body: followUpBody,
    summary: 'Commit to a next follow-up',
  },
  {
    action: 'resolve',
    path: 'resolve',
    body: resolveBody,
    summary: 'Resolve with a summary',
  },
  {
    action: 'confirm',
    path: 'confirm',
    body: confirmBody,
    summary: 'Confirm the outcome (requester)',
  },
  {
    action: 'reopen',
    path: 'reopen',
    body: reasonBody,
    summary: 'Reopen, with a reason',
  },
  {
    action: 'cancel',
    path: 'cancel',
    body: reasonBody,
    summary: 'Cancel, with a reason',
  },
  {
    action: 'nudge',
    path: 'nudge',
    body: nudgeBody,
    summary: 'Nudge the owner (leads, admins)',
  },
  {
    action: 'escalate',
    path: 'escalate',
    body: escalateBody,
    summary: 'Raise priority and/or assign',
  },
  {
    action: 'comment',
    path: 'comments',
    body: commentBody,
    summary: 'Comment',
  },
];

/** The lifecycle actions of SPEC §4, each one transaction on a locked row. */
const actionRoutes: FastifyPluginAsyncZod<{ settings: Settings }> = async (app, opts) => {
  for (const a of actions) {
    app.post(
      `/api/requests/:id/${a.path}`,
      {
        schema: {
          tags: ['actions'],
          summary: a.summary,
          params,
          headers: ifMatchHeaders,
          body: a.body,
          response: { 200: requestDetail, ...refusals },
        },
      },
      async (request, reply) => {
        const { detail } = await changeRequest(
          app.db,
          changeInput(app, request, opts.settings),
          // The body was validated by this route's schema, the one actionSteps expects.
          actionSteps[a.action](request.body as never),
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
        headers: ifMatchHeaders,
        body: patchRequestBody,
        response: { 200: requestDetail, ...refusals },
      },
    },
    async (request, reply) => {
      const { detail } = await changeRequest(
        app.db,
        changeInput(app, request, opts.settings),
        actionSteps.edit(request.body),
      );
      return reply.header('etag', `"${detail.version}"`).send(detail);
    },
  );
};

export default actionRoutes;
