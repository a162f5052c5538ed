import {
  notificationIdParams,
  notificationsPage,
  notificationsQuery,
  problem,
  unreadCount,
} from '@followthrough/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { notFound } from '../../domain/errors';
import { personOf } from '../../plugins/auth';
import { markAllRead, markRead, notificationsPage as readPage } from './notifications.queries';

/** The signed-in person's inbox (SPEC §13): only their own notifications, ever. */
const notificationsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/notifications',
    {
      schema: {
        tags: ['notifications'],
        summary: "The signed-in person's notifications, newest first, with the unread count",
        querystring: notificationsQuery,
        response: { 200: notificationsPage, 400: problem, 401: problem },
      },
    },
    async (request) => readPage(app.db, personOf(request).id, request.query),
  );

  app.post(
    '/api/notifications/:id/read',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Marks one of your notifications read',
        params: notificationIdParams,
        response: { 200: unreadCount, 400: problem, 401: problem, 404: problem },
      },
    },
    async (request) => {
      const n = await markRead(app.db, personOf(request).id, request.params.id, app.now());
      if (n === null) throw notFound(`Notification ${request.params.id}`);
      return { unreadCount: n };
    },
  );

  app.post(
    '/api/notifications/read-all',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Marks all of your notifications read',
        response: { 200: unreadCount, 401: problem },
      },
    },
    async (request) => ({
      unreadCount: await markAllRead(app.db, personOf(request).id, app.now()),
    }),
  );
};

export default notificationsRoutes;
