import { Readable } from 'node:stream';
import { listRequestsQuery, problem } from '@followthrough/shared';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { personOf } from '../../plugins/auth';
import { listRequests } from '../requests/requests.service';
import { csvLine } from './csv';

const header = [
  'key',
  'title',
  'status',
  'close_reason',
  'priority',
  'category',
  'location',
  'asset',
  'asset_tag',
  'requester',
  'on_behalf_of',
  'owner',
  'pending_owner',
  'created_at',
  'owned_at',
  'target_at',
  'next_follow_up_at',
  'resolved_at',
  'closed_at',
  'reopen_count',
  'open_handoffs',
  'stalled',
  'desired_outcome',
];

const csvQuery = listRequestsQuery.omit({ cursor: true, limit: true });

/** GET /api/requests.csv: the list's filters, every page, streamed. */
const exportsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/requests.csv',
    {
      schema: {
        tags: ['requests'],
        summary: 'CSV export of the list with the same filters (all pages)',
        querystring: csvQuery,
        produces: ['text/csv'],
        response: { 400: problem, 401: problem },
      },
    },
    async (request, reply) => {
      const person = personOf(request);
      const now = app.now();
      const query = request.query;
      // Validate the filters (and fail as a problem) before the first byte is sent.
      const first = await listRequests(app.db, { ...query, limit: 500 }, person, now);
      async function* rows() {
        yield csvLine(header);
        let page = first;
        for (;;) {
          for (const r of page.items) {
            yield csvLine([
              r.key,
              r.title,
              r.status,
              r.closeReason,
              r.priority,
              r.category.name,
              r.location?.name,
              r.asset,
              r.registeredAsset?.tag,
              r.requester.name,
              r.onBehalfOf,
              r.owner?.name,
              r.pendingOwner?.name,
              r.createdAt,
              r.ownedAt,
              r.targetAt,
              r.nextFollowUpAt,
              r.resolvedAt,
              r.closedAt,
              r.reopenCount,
              r.openHandoffs,
              r.stalled.map((s) => s.reason).join(';'),
              r.desiredOutcome,
            ]);
          }
          if (!page.nextCursor) return;
          page = await listRequests(
            app.db,
            { ...query, limit: 500, cursor: page.nextCursor },
            person,
            now,
          );
        }
      }
      const stamp = now.toISOString().slice(0, 10);
      // A stream bypasses the schema serializer; the base reply type says so.
      return (reply as FastifyReply)
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="requests-${stamp}.csv"`)
        .send(Readable.from(rows()));
    },
  );
};

export default exportsRoutes;
