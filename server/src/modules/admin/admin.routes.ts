import {
  category,
  createCategoryBody,
  createdPerson,
  createLocationBody,
  createPersonBody,
  createTeamBody,
  idParams,
  invite,
  location,
  person,
  problem,
  team,
  updateCategoryBody,
  updateLocationBody,
  updatePersonBody,
  updateTeamBody,
} from '@followthrough/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Settings } from '../../domain/lifecycle';
import { personOf } from '../../plugins/auth';
import { hashPassword } from '../auth/auth.service';
import {
  createCategory,
  createLocation,
  createPerson,
  createTeam,
  reinvite,
  updateCategory,
  updateLocation,
  updatePerson,
  updateTeam,
} from './admin.service';

export interface AdminRoutesOptions {
  settings: Settings;
  /** Where invite links point; unset: the address the admin's call came to. */
  publicUrl?: string | undefined;
}

const writeErrors = { 400: problem, 401: problem, 403: problem, 404: problem, 409: problem };

/** The directory's writes (SPEC §12): admins add and change people, teams, categories, locations. */
const adminRoutes: FastifyPluginAsyncZod<AdminRoutesOptions> = async (app, opts) => {
  const baseUrl = (request: { protocol: string; host: string }) =>
    opts.publicUrl ?? `${request.protocol}://${request.host}`;

  app.post(
    '/api/people',
    {
      schema: {
        tags: ['directory'],
        summary:
          'Add a person, with a password or an invite link (admins); email unique ignoring case',
        body: createPersonBody,
        response: { 201: createdPerson, ...writeErrors },
      },
    },
    async (request, reply) => {
      const { password, ...body } = request.body;
      const created = await createPerson(app.db, personOf(request), body, {
        now: app.now(),
        baseUrl: baseUrl(request),
        ...(password ? { passwordHash: await hashPassword(password) } : {}),
      });
      return reply.code(201).send(created);
    },
  );

  app.patch(
    '/api/people/:id',
    {
      schema: {
        tags: ['directory'],
        summary:
          'Change a person (admins): deactivating ends their sessions and tokens and withdraws offers to them',
        params: idParams,
        body: updatePersonBody,
        response: { 200: person, ...writeErrors },
      },
    },
    async (request) =>
      updatePerson(app.db, personOf(request), request.params.id, request.body, {
        now: app.now(),
        settings: opts.settings,
      }),
  );

  app.post(
    '/api/people/:id/invite',
    {
      schema: {
        tags: ['directory'],
        summary: 'A new invite link for a person (admins); the old one stops working',
        params: idParams,
        response: { 200: invite, ...writeErrors },
      },
    },
    async (request) =>
      reinvite(app.db, personOf(request), request.params.id, {
        now: app.now(),
        baseUrl: baseUrl(request),
      }),
  );

  app.post(
    '/api/teams',
    {
      schema: {
        tags: ['directory'],
        summary: 'Add a team (admins); names unique, every lead a member',
        body: createTeamBody,
        response: { 201: team, ...writeErrors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createTeam(app.db, personOf(request), request.body)),
  );

  app.patch(
    '/api/teams/:id',
    {
      schema: {
        tags: ['directory'],
        summary: 'Change a team’s name, members or leads (admins)',
        params: idParams,
        body: updateTeamBody,
        response: { 200: team, ...writeErrors },
      },
    },
    async (request) => updateTeam(app.db, personOf(request), request.params.id, request.body),
  );

  app.post(
    '/api/categories',
    {
      schema: {
        tags: ['directory'],
        summary: 'Add a category with its team, default owner and targets (admins)',
        body: createCategoryBody,
        response: { 201: category, ...writeErrors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createCategory(app.db, personOf(request), request.body)),
  );

  app.patch(
    '/api/categories/:id',
    {
      schema: {
        tags: ['directory'],
        summary:
          'Change a category (admins); new targets move the stalled rules of its open requests',
        params: idParams,
        body: updateCategoryBody,
        response: { 200: category, ...writeErrors },
      },
    },
    async (request) => updateCategory(app.db, personOf(request), request.params.id, request.body),
  );

  app.post(
    '/api/locations',
    {
      schema: {
        tags: ['directory'],
        summary: 'Add a location (admins); names unique',
        body: createLocationBody,
        response: { 201: location, ...writeErrors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createLocation(app.db, personOf(request), request.body)),
  );

  app.patch(
    '/api/locations/:id',
    {
      schema: {
        tags: ['directory'],
        summary: 'Rename or (de)activate a location (admins)',
        params: idParams,
        body: updateLocationBody,
        response: { 200: location, ...writeErrors },
      },
    },
    async (request) => updateLocation(app.db, personOf(request), request.params.id, request.body),
  );
};

export default adminRoutes;
