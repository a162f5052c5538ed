import { auditPage, auditQuery, problem } from '@followthrough/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { auditPage as readAuditPage } from './audit.queries';

/** The audit log (SPEC §12): admins read it, newest first. */
const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Directory, settings, token and account changes, newest first (admins)',
        querystring: auditQuery,
        response: { 200: auditPage, 400: problem, 401: problem, 403: problem },
      },
    },
    async (request) => readAuditPage(app.db, request.query),
  );
};

export default auditRoutes;
