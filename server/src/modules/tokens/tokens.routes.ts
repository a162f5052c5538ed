import {
  apiToken,
  createdToken,
  createTokenBody,
  idParams,
  problem,
  tokensQuery,
} from '@followthrough/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { personOf } from '../../plugins/auth';
import { listTokens } from './tokens.queries';
import { issueToken, revokeTokenById } from './tokens.service';

const errors = { 400: problem, 401: problem, 403: problem };

/** Personal access tokens for API clients (SPEC §12): admins issue, list and revoke them. */
const tokensRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/tokens',
    {
      schema: {
        tags: ['tokens'],
        summary: 'The tokens not revoked, newest first (admins); never their secrets',
        querystring: tokensQuery,
        response: { 200: z.array(apiToken), ...errors },
      },
    },
    async (request) => listTokens(app.db, request.query),
  );

  app.post(
    '/api/tokens',
    {
      schema: {
        tags: ['tokens'],
        summary:
          'Issue a token that acts as an active person (admins); the answer alone carries the secret',
        body: createTokenBody,
        response: { 201: createdToken, ...errors },
      },
    },
    async (request, reply) => {
      const created = await issueToken(app.db, personOf(request), request.body, {
        now: app.now(),
      });
      // The secret must not linger in a cache on the way.
      return reply.code(201).header('cache-control', 'no-store').send(created);
    },
  );

  app.delete(
    '/api/tokens/:id',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Revoke a token (admins); its next call is a 401',
        params: idParams,
        response: { 204: z.null(), ...errors, 404: problem },
      },
    },
    async (request, reply) => {
      await revokeTokenById(app.db, personOf(request), request.params.id, { now: app.now() });
      return reply.code(204).send(null);
    },
  );
};

export default tokensRoutes;
