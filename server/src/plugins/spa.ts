import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { sendProblem } from './errors';

/** Serves the built web app at / with deep-link fallback; unknown /api paths stay problems. */
export default fp(
  async function spa(app: FastifyInstance, opts: { root: string }) {
    const hasBuild = existsSync(join(opts.root, 'index.html'));
    if (hasBuild) {
      await app.register(fastifyStatic, {
        root: opts.root,
        wildcard: false,
        index: false,
        cacheControl: false,
        setHeaders: (res, path) => {
          // Vite fingerprints assets; index.html must always be fresh.
          res.setHeader(
            'cache-control',
            path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
          );
        },
      });
    }
    app.setNotFoundHandler((request, reply) => {
      const path = request.url.split('?')[0] ?? '/';
      const isApi = path === '/api' || path.startsWith('/api/');
      if (!isApi && hasBuild && (request.method === 'GET' || request.method === 'HEAD')) {
        return reply.header('cache-control', 'no-cache').sendFile('index.html');
      }
      return sendProblem(reply, {
        status: 404,
        code: 'NOT_FOUND',
        detail: `No route ${request.method} ${path}.`,
      });
    });
  },
  { name: 'spa', dependencies: ['errors'] },
);
