import {
  openReport as openReportSchema,
  problem,
  ratesQuery,
  ratesReport as ratesReportSchema,
  serviceLevelsQuery,
  serviceLevelsReport as serviceLevelsSchema,
  timesPeriodReport as timesPeriodSchema,
  timesQuery,
  timesReport as timesReportSchema,
} from '@followthrough/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { trustedSerializer } from '../../plugins/trusted-serializer';
import {
  openReport,
  ratesReport,
  serviceLevelsReport,
  timesPeriodReport,
  timesReport,
} from './metrics.service';

const refusals = { 400: problem, 401: problem };

/** SPEC §7 figures, computed in SQL from the stored record; readable by everyone signed in. */
const metricsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/metrics/times',
    {
      ...trustedSerializer,
      schema: {
        tags: ['metrics'],
        summary: 'Time to own, resolve and outcome: median and p90 hours per week, by group',
        querystring: timesQuery,
        response: { 200: timesReportSchema, ...refusals },
      },
    },
    async (request) => timesReport(app.db, request.query),
  );

  app.get(
    '/api/metrics/times/period',
    {
      ...trustedSerializer,
      schema: {
        tags: ['metrics'],
        summary:
          'Time to own, resolve and outcome: median and p90 hours over the whole period, by group',
        description:
          'Exact percentiles over every request in the period (as percentile_cont gives them), located through weekly bucket counts.',
        querystring: timesQuery,
        response: { 200: timesPeriodSchema, ...refusals },
      },
    },
    async (request) => timesPeriodReport(app.db, request.query),
  );

  app.get(
    '/api/metrics/open',
    {
      ...trustedSerializer,
      schema: {
        tags: ['metrics'],
        summary: 'Open requests by status, owner and age; stalled by reason',
        response: { 200: openReportSchema, 401: problem },
      },
    },
    async () => openReport(app.db, app.now()),
  );

  app.get(
    '/api/metrics/rates',
    {
      ...trustedSerializer,
      schema: {
        tags: ['metrics'],
        summary: 'On-target, reopen, requester-confirmation, handoff on-time and satisfaction',
        querystring: ratesQuery,
        response: { 200: ratesReportSchema, ...refusals },
      },
    },
    async (request) => ratesReport(app.db, request.query),
  );

  app.get(
    '/api/metrics/service-levels',
    {
      ...trustedSerializer,
      schema: {
        tags: ['metrics'],
        summary:
          'Shares of differentiated, competitive and commoditized service, per team or owner',
        querystring: serviceLevelsQuery,
        response: { 200: serviceLevelsSchema, ...refusals },
      },
    },
    async (request) => serviceLevelsReport(app.db, request.query),
  );
};

export default metricsRoutes;
