import { organisationSettings, problem, updateSettingsBody } from '@followthrough/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { personOf } from '../../plugins/auth';
import { readSettings, updateSettings } from './settings.service';

/** The organisation's settings (SPEC §12): everyone reads, admins write. */
const settingsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/settings',
    {
      schema: {
        tags: ['settings'],
        summary: 'The organisation’s name, auto-confirm days and reopen window',
        response: { 200: organisationSettings, 401: problem },
      },
    },
    async () => readSettings(app.db, app.settings),
  );

  app.patch(
    '/api/settings',
    {
      schema: {
        tags: ['settings'],
        summary: 'Change the organisation’s settings (admins); applies at once',
        body: updateSettingsBody,
        response: { 200: organisationSettings, 400: problem, 401: problem, 403: problem },
      },
    },
    async (request) => {
      const after = await updateSettings(app.db, personOf(request), request.body, app.settings);
      Object.assign(app.settings, after);
      return after;
    },
  );
};

export default settingsRoutes;
