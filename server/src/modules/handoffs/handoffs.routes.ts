import {
  createHandoffBody,
  handoff,
  problem,
  requestDetail,
  updateHandoffBody,
} from '@followthrough/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Settings } from '../../domain/lifecycle';
import { mutateRequest, mutationInput } from '../requests/mutation';
import { createHandoff, updateHandoff } from './handoffs.service';

const ifMatch = z.looseObject({ 'if-match': z.string().max(40).optional() });
const refusals = {
  400: problem,
  401: problem,
  403: problem,
  404: problem,
  409: problem,
  412: problem,
};

/** Handoffs: work given to another team, person or vendor, with an ask and an expected-by. */
const handoffsRoutes: FastifyPluginAsyncZod<{ settings: Settings }> = async (app, opts) => {
  app.addHook('preHandler', app.requireAuth);

  app.post(
    '/api/requests/:id/handoffs',
    {
      schema: {
        tags: ['handoffs'],
        summary: 'Hand work off; the owner stays accountable',
        params: z.object({ id: z.string().min(1).max(64) }),
        headers: ifMatch,
        body: createHandoffBody,
        response: { 201: handoff, ...refusals },
      },
    },
    async (request, reply) => {
      let createdId = '';
      const { detail, result } = await mutateRequest(
        app.db,
        mutationInput(app, request, 'handoff', opts.settings),
        async (ctx) => {
          createdId = await createHandoff(ctx, request.body);
        },
        (_ctx, d) => d.handoffs.find((h) => h.id === createdId)!,
      );
      return reply.code(201).header('etag', `"${detail.version}"`).send(result);
    },
  );

  app.patch(
    '/api/requests/:id/handoffs/:handoffId',
    {
      schema: {
        tags: ['handoffs'],
        summary: 'Complete or cancel a handoff',
        params: z.object({ id: z.string().min(1).max(64), handoffId: z.uuid() }),
        headers: ifMatch,
        body: updateHandoffBody,
        response: { 200: requestDetail, ...refusals },
      },
    },
    async (request, reply) => {
      const { detail } = await mutateRequest(
        app.db,
        mutationInput(app, request, null, opts.settings),
        (ctx) => updateHandoff(ctx, request.params.handoffId, request.body),
      );
      return reply.header('etag', `"${detail.version}"`).send(detail);
    },
  );
};

export default handoffsRoutes;
