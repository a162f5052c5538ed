import {
  createViewBody,
  idParams,
  problem,
  savedView,
  savedViewList,
  updateViewBody,
} from '@followthrough/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { personOf } from '../../plugins/auth';
import { createView, deleteView, listViews, updateView } from './views.service';

const errors = { 400: problem, 401: problem, 403: problem };

/** Saved views: filters of Open items kept under a name, shared by leads with their teams. */
const viewsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/views',
    {
      schema: {
        tags: ['views'],
        summary:
          'Your views and those shared with your teams, each with its count of matching requests (up to 1000)',
        response: { 200: savedViewList, 401: problem },
      },
    },
    async (request) => listViews(app.db, personOf(request), app.now()),
  );

  app.post(
    '/api/views',
    {
      schema: {
        tags: ['views'],
        summary: 'Save filters under a name; a lead may share the view with a team they lead',
        body: createViewBody,
        response: { 201: savedView, ...errors, 409: problem },
      },
    },
    async (request, reply) => {
      const created = await createView(app.db, personOf(request), request.body, app.now());
      return reply.code(201).header('location', `/api/views/${created.id}`).send(created);
    },
  );

  app.patch(
    '/api/views/:id',
    {
      schema: {
        tags: ['views'],
        summary: 'Rename a view, change its filters or its sharing (its owner only)',
        params: idParams,
        body: updateViewBody,
        response: { 200: savedView, ...errors, 404: problem, 409: problem },
      },
    },
    async (request) =>
      updateView(app.db, personOf(request), request.params.id, request.body, app.now()),
  );

  app.delete(
    '/api/views/:id',
    {
      schema: {
        tags: ['views'],
        summary: 'Delete a view (its owner only), for everyone it was shared with too',
        params: idParams,
        response: { 204: z.null(), ...errors, 404: problem },
      },
    },
    async (request, reply) => {
      await deleteView(app.db, personOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
};

export default viewsRoutes;
