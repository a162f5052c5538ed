import {
  createRequestBody,
  listRequestsQuery,
  problem,
  requestDetail,
  requestEvent,
  requestPage,
  requestParams,
} from '@followthrough/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Settings } from '../../domain/lifecycle';
import { personOf } from '../../plugins/auth';
import { trustedSerializer } from '../../plugins/trusted-serializer';
import { listEvents } from './events.queries';
import { createRequest, getRequest, listRequests } from './requests.service';

/** Requests: log, list, read (SPEC §8). */
const requestsRoutes: FastifyPluginAsyncZod<{ settings: Settings }> = async (app, opts) => {
  app.get(
    '/api/requests',
    {
      ...trustedSerializer,
      schema: {
        tags: ['requests'],
        summary: 'List requests with filters and keyset pages',
        querystring: listRequestsQuery,
        response: { 200: requestPage, 400: problem, 401: problem },
      },
    },
    async (request) => listRequests(app.db, request.query, personOf(request), app.now()),
  );

  app.post(
    '/api/requests',
    {
      schema: {
        tags: ['requests'],
        summary: 'Log a request; honours Idempotency-Key',
        headers: z.looseObject({
          'idempotency-key': z.string().min(1).max(200).optional(),
        }),
        body: createRequestBody,
        response: {
          201: requestDetail,
          400: problem,
          401: problem,
          403: problem,
          409: problem,
          422: problem,
        },
      },
    },
    async (request, reply) => {
      const result = await createRequest(app.db, request.body, personOf(request), {
        now: app.now(),
        settings: opts.settings,
        idempotencyKey: request.headers['idempotency-key'],
      });
      const created = result.body;
      return reply
        .code(201)
        .header('location', `/api/requests/${created.id}`)
        .header('etag', `"${created.version}"`)
        .send(created);
    },
  );

  app.get(
    '/api/requests/:id',
    {
      ...trustedSerializer,
      schema: {
        tags: ['requests'],
        summary: 'One request with handoffs, stalled reasons and the actions you may take',
        params: requestParams,
        response: { 200: requestDetail, 401: problem, 404: problem },
      },
    },
    async (request, reply) => {
      const detail = await getRequest(
        app.db,
        request.params.id,
        personOf(request),
        app.now(),
        opts.settings,
      );
      return reply.header('etag', `"${detail.version}"`).send(detail);
    },
  );

  app.get(
    '/api/requests/:id/events',
    {
      schema: {
        tags: ['requests'],
        summary: 'The timeline, oldest first',
        params: requestParams,
        response: { 200: z.array(requestEvent), 401: problem, 404: problem },
      },
    },
    async (request) => listEvents(app.db, request.params.id),
  );
};

export default requestsRoutes;
