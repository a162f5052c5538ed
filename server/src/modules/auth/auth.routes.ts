import { loginBody, me, problem } from '@followthrough/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { personOf, SESSION_COOKIE } from '../../plugins/auth';
import { login, logout } from './auth.service';

export interface AuthRoutesOptions {
  sessionDays: number;
  loginRateMax: number;
  loginRateWindow: string;
}

/** Sign-in, sign-out and who-am-I (SPEC §8). */
const authRoutes: FastifyPluginAsyncZod<AuthRoutesOptions> = async (app, opts) => {
  app.post(
    '/api/auth/login',
    {
      config: {
        rateLimit: { max: opts.loginRateMax, timeWindow: opts.loginRateWindow },
      },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with email and password; sets the session cookie',
        body: loginBody,
        response: { 200: me, 400: problem, 401: problem, 403: problem, 429: problem },
      },
    },
    async (request, reply) => {
      const { token, expiresAt, person } = await login(
        app.db,
        { ...request.body, userAgent: request.headers['user-agent'] ?? null },
        { now: app.now(), sessionDays: opts.sessionDays },
      );
      reply.setSession(token, expiresAt);
      return person;
    },
  );

  app.post(
    '/api/auth/logout',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign out: revokes the session',
        response: { 204: z.null(), 403: problem },
      },
    },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await logout(app.db, token, app.now());
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/auth/me',
    {
      preHandler: app.requireAuth,
      schema: {
        tags: ['auth'],
        summary: 'The signed-in person',
        response: { 200: me, 401: problem },
      },
    },
    async (request) => personOf(request),
  );
};

export default authRoutes;
