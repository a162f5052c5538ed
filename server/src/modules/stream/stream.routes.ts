import type { OutgoingHttpHeaders } from 'node:http';
import { problem } from '@followthrough/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError } from '../../domain/errors';
import { personOf } from '../../plugins/auth';
import type { StreamHub } from './stream.hub';

const streamQuery = z
  .object({
    /** For clients that cannot send the Last-Event-ID header; the header wins when both come. */
    lastEventId: z
      .string()
      .regex(/^\d{1,18}$/, 'Not an event id from this stream')
      .optional(),
  })
  .strict();

// Whether the caller asks for an event stream: EventSource names text/event-stream, curl and
// fetch send */*. A call that names no type is not a stream's client; it would wait forever.
function asksForEventStream(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept.split(',').some((part) => {
    const [type, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (q !== undefined && Number(q.slice(2)) === 0) return false;
    return type === 'text/event-stream' || type === 'text/*' || type === '*/*';
  });
}

/** GET /api/stream: the signed-in person's live events as server-sent events (SPEC §13). */
const streamRoutes: FastifyPluginAsyncZod<{ hub: StreamHub }> = async (app, opts) => {
  app.get(
    '/api/stream',
    {
      // A HEAD would hold a connection open for a body it never gets.
      exposeHeadRoute: false,
      schema: {
        tags: ['notifications'],
        summary:
          'Live events (server-sent events): request.changed for every change, notification.created for your own; resume with Last-Event-ID',
        querystring: streamQuery,
        produces: ['text/event-stream'],
        response: { 400: problem, 401: problem, 406: problem },
      },
    },
    async (request, reply) => {
      const person = personOf(request);
      const credential = request.credential;
      if (!credential) throw new DomainError(401, 'UNAUTHENTICATED', 'Sign in to continue.');
      if (!asksForEventStream(request.headers.accept)) {
        throw new DomainError(
          406,
          'BAD_REQUEST',
          'This is an event stream: ask for it with Accept: text/event-stream (EventSource does).',
        );
      }
      const header = request.headers['last-event-id'];
      const lastEventId = (Array.isArray(header) ? header[0] : header) ?? request.query.lastEventId;
      // From here the response is the stream's, written by the hub, not by Fastify.
      reply.hijack();
      // The headers set so far (security, CORS) go too; onSend hooks do not run for it.
      const headers: OutgoingHttpHeaders = { 'x-request-id': request.id };
      for (const [name, value] of Object.entries(reply.getHeaders())) {
        if (value !== undefined) headers[name] = typeof value === 'number' ? String(value) : value;
      }
      await opts.hub.open(reply.raw, { personId: person.id, credential }, lastEventId, headers);
    },
  );
};

export default streamRoutes;
