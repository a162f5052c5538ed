import {
  createHandoffBody,
  handoff,
  requestDetail,
  requestParams,
  updateHandoffBody,
} from '@followthrough/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Settings } from '../../domain/lifecycle';
import { changeInput } from '../requests/mutation';
import { ifMatchHeaders, refusals } from '../requests/mutation.schemas';
import { addHandoff, closeHandoff } from './handoffs.service';

/** Handoffs: work given to another team, person or vendor, with an ask and an expected-by. */
const handoffsRoutes: FastifyPluginAsyncZod<{ settings: Settings }> = async (app, opts) => {
  app.post(
    '/api/requests/:id/handoffs',
    {
      schema: {
        tags: ['handoffs'],
        summary: 'Hand work off; the owner stays accountable',
        params: requestParams,
        headers: ifMatchHeaders,
        body: createHandoffBody,
        response: { 201: handoff, ...refusals },
      },
    },
    async (request, reply) => {
      const { version, handoff: created } = await addHandoff(
        app.db,
        changeInput(app, request, opts.settings),
        request.body,
      );
      return reply.code(201).header('etag', `"${version}"`).send(created);
    },
  );

  app.patch(
    '/api/requests/:id/handoffs/:handoffId',
    {
      schema: {
        tags: ['handoffs'],
        summary: 'Complete or cancel a handoff',
        params: requestParams.extend({ handoffId: z.uuid() }),
        headers: ifMatchHeaders,
        body: updateHandoffBody,
        response: { 200: requestDetail, ...refusals },
      },
    },
    async (request, reply) => {
      const detail = await closeHandoff(
        app.db,
        changeInput(app, request, opts.settings),
        request.params.handoffId,
        request.body,
      );
      return reply.header('etag', `"${detail.version}"`).send(detail);
    },
  );
};

export default handoffsRoutes;
