import {
  acceptInviteBody,
  changePasswordBody,
  loginBody,
  me,
  problem,
} from '@followthrough/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { personOf, SESSION_COOKIE } from '../../plugins/auth';
import { acceptInvite, changePassword, hashToken, login, logout } from './auth.service';

export interface AuthRoutesOptions {
  sessionDays: number;
  loginRateMax: number;
  loginRateWindow: string;
}

/** Sign-in, sign-out, who-am-I (SPEC §8), invite acceptance and password change (SPEC §12). */
const authRoutes: FastifyPluginAsyncZod<AuthRoutesOptions> = async (app, opts) => {
  // Each of these checks a secret: guessing is slowed as for sign-in.
  const rateLimit = { max: opts.loginRateMax, timeWindow: opts.loginRateWindow };

  app.post(
    '/api/auth/login',
    {
      config: { rateLimit },
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

  app.post(
    '/api/auth/invite/accept',
    {
      config: { rateLimit },
      schema: {
        tags: ['auth'],
        summary:
          'Set the password of an invited person from the link’s secret; signs them in (sets the session cookie)',
        body: acceptInviteBody,
        response: { 200: me, 400: problem, 401: problem, 403: problem, 429: problem },
      },
    },
    async (request, reply) => {
      const { token, expiresAt, person } = await acceptInvite(
        app.db,
        { ...request.body, userAgent: request.headers['user-agent'] ?? null },
        { now: app.now(), sessionDays: opts.sessionDays },
      );
      reply.setSession(token, expiresAt);
      return person;
    },
  );

  app.post(
    '/api/auth/password',
    {
      config: { rateLimit },
      schema: {
        tags: ['auth'],
        summary:
          'Change your password; your other sessions end, the one making the change stays signed in',
        body: changePasswordBody,
        response: { 204: z.null(), 400: problem, 401: problem, 403: problem, 429: problem },
      },
    },
    async (request, reply) => {
      const cookie = request.cookies[SESSION_COOKIE];
      await changePassword(app.db, personOf(request), request.body, {
        now: app.now(),
        keepSessionId: request.authVia === 'cookie' && cookie ? hashToken(cookie) : null,
      });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/auth/me',
    {
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
