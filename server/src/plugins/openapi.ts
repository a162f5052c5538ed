import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { completeDocument } from './openapi-document';

/** OpenAPI 3.1 generated from the shared zod schemas, at /api/openapi.json and /api/docs. */
export default fp(
  async function openapi(app: FastifyInstance, opts: { publicUrl?: string | undefined }) {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Followthrough API',
          version: '1.0.0',
          description:
            'Service requests with one accountable owner per outcome. Errors are RFC 9457 problem+json.',
        },
        components: {
          securitySchemes: {
            session: { type: 'apiKey', in: 'cookie', name: 'ft_session' },
            bearer: { type: 'http', scheme: 'bearer' },
          },
        },
        security: [{ session: [] }, { bearer: [] }],
      },
      transform: jsonSchemaTransform,
      transformObject: jsonSchemaTransformObject,
    });
    // Made once: the routes do not change after start.
    let document: Record<string, unknown> | undefined;
    const complete = () => {
      document ??= completeDocument(app.swagger() as Record<string, unknown>, {
        serverUrl: opts.publicUrl?.replace(/\/+$/, '') || '/',
      });
      return document;
    };
    await app.register(swaggerUi, {
      routePrefix: '/api/docs',
      staticCSP: false,
      transformSpecification: complete,
    });
    app.get('/api/openapi.json', { schema: { hide: true } }, async () => complete());
  },
  { name: 'openapi' },
);
