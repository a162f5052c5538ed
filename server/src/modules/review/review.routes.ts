import { problem, reviewQuery, reviewQueue } from '@followthrough/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { personOf } from '../../plugins/auth';
import { trustedSerializer } from '../../plugins/trusted-serializer';
import { reviewQueueFor } from './review.service';

/** The lead's review of stalled outcomes (SPEC §5, §9 Review). */
const reviewRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/review/stalled',
    {
      ...trustedSerializer,
      schema: {
        tags: ['review'],
        summary:
          'Stalled requests in your scope (leads: your teams; admins: all), grouped by owner',
        querystring: reviewQuery,
        response: { 200: reviewQueue, 400: problem, 401: problem, 403: problem },
      },
    },
    async (request) => reviewQueueFor(app.db, personOf(request), request.query, app.now()),
  );
};

export default reviewRoutes;
