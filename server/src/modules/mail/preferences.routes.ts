import { preferences, preferencesBody, problem } from '@followthrough/shared';
import { eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { people } from '../../db/schema';
import type { Executor } from '../../db/types';
import { personOf } from '../../plugins/auth';

async function preferencesOf(db: Executor, personId: string) {
  const [row] = await db
    .select({ emailNotifications: people.emailNotifications })
    .from(people)
    .where(eq(people.id, personId));
  return { emailNotifications: row?.emailNotifications ?? true };
}

/** The signed-in person's own settings: whether their notifications are also mailed. */
const preferencesRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/me/preferences',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Your own settings: whether your notifications are also mailed to you',
        response: { 200: preferences, 401: problem },
      },
    },
    async (request) => preferencesOf(app.db, personOf(request).id),
  );

  app.patch(
    '/api/me/preferences',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Changes your own settings; with email off, notifications stay in your inbox only',
        body: preferencesBody,
        response: { 200: preferences, 400: problem, 401: problem, 403: problem },
      },
    },
    async (request) => {
      const me = personOf(request);
      const { emailNotifications } = request.body;
      if (emailNotifications !== undefined) {
        await app.db.update(people).set({ emailNotifications }).where(eq(people.id, me.id));
      }
      return preferencesOf(app.db, me.id);
    },
  );
};

export default preferencesRoutes;
