import { category, location, peopleQuery, person, problem, team } from '@followthrough/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listCategories, listLocations, listPeople, listTeams } from './directory.queries';

/**
 * The directory every signed-in person reads: categories, locations, people, teams. Admins
 * write it through modules/admin.
 */
const directoryRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/categories',
    {
      schema: {
        tags: ['directory'],
        summary: 'Categories with their routing and service targets',
        response: { 200: z.array(category), 401: problem },
      },
    },
    async () => listCategories(app.db),
  );

  app.get(
    '/api/locations',
    {
      schema: {
        tags: ['directory'],
        summary: 'Locations',
        response: { 200: z.array(location), 401: problem },
      },
    },
    async () => listLocations(app.db),
  );

  app.get(
    '/api/people',
    {
      schema: {
        tags: ['directory'],
        summary: 'People, optionally filtered by name or email',
        querystring: peopleQuery,
        response: { 200: z.array(person), 400: problem, 401: problem },
      },
    },
    async (request) =>
      listPeople(app.db, {
        q: request.query.q,
        active: request.query.active === undefined ? undefined : request.query.active === 'true',
      }),
  );

  app.get(
    '/api/teams',
    {
      schema: {
        tags: ['directory'],
        summary: 'Teams with their leads and members',
        response: { 200: z.array(team), 401: problem },
      },
    },
    async () => listTeams(app.db),
  );
};

export default directoryRoutes;
