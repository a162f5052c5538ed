import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { DomainError } from '../domain/errors';
import { UPLOAD_ROUTE } from '../modules/attachments/upload-route';
import { hashToken, sessionPerson } from '../modules/auth/auth.service';
import type { Credential, SignedInPerson } from '../modules/auth/auth.types';
import { SessionCache } from '../modules/auth/session-cache';
import { STREAM_ENDED } from '../modules/stream/stream.hub';
import { touchToken } from '../modules/tokens/tokens.queries';
import { tokenPerson } from '../modules/tokens/tokens.service';

export const SESSION_COOKIE = 'ft_session';

/** The channel db/sql/sessions.sql names people on whose sessions now carry something else. */
export const SESSIONS_CHANGED = 'sessions_changed';

/** The calls that may change who a session is: the cache is emptied before they answer. */
const CHANGES_SESSIONS = /^\/api\/(?:auth|people|teams)(?:[/?]|$)/;

declare module 'fastify' {
  interface FastifyRequest {
    person: SignedInPerson | null;
    /** How the caller signed in; the CSRF rule applies to cookies only. */
    authVia: 'cookie' | 'token' | 'none';
    /** What the caller signed in with (a session's id, a token's), for streams that outlive the call. */
    credential: Credential | null;
  }
}

const unsafe = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function sameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (!origin || origin === 'null') return origin === undefined;
  try {
    // Normalised both sides, so an explicit default port still matches.
    return new URL(origin).host === new URL(`${request.protocol}://${request.host}`).host;
  } catch {
    return false;
  }
}

/**
 * SPEC §8 CSRF rule: a state-changing call from a browser must be JSON (or
 * multipart, on the upload route only) and, where Origin is sent, same-origin.
 * A cross-site form cannot send JSON without a CORS preflight, which this
 * server never grants; its multipart post carries a foreign Origin.
 */
function assertNotCrossSite(request: FastifyRequest) {
  if (!unsafe.has(request.method)) return;
  const type = (request.headers['content-type'] ?? '').toLowerCase();
  const hasBody = Number(request.headers['content-length'] ?? 0) > 0 || type !== '';
  const okType =
    type.startsWith('application/json') ||
    (type.startsWith('multipart/form-data') && request.routeOptions.url === UPLOAD_ROUTE);
  if ((hasBody && !okType) || !sameOrigin(request)) {
    throw new DomainError(
      403,
      'CSRF_REJECTED',
      'Cross-site or non-JSON form submissions are refused; send JSON from the app itself.',
    );
  }
}

/** Calls that open a session without one; they must not be forgeable either. */
const opensSession = ['/api/auth/login', '/api/auth/invite/accept'];

/** `Authorization: Bearer …`; other schemes (a proxy's Basic, say) are not ours to judge. */
const BEARER_SCHEME = /^bearer(?:\s|$)/i;
const BEARER = /^bearer\s+(\S+)\s*$/i;

function badToken(): DomainError {
  return new DomainError(
    401,
    'UNAUTHENTICATED',
    'The access token is not valid: it is malformed, unknown, revoked or expired, or its person is deactivated.',
  );
}

/**
 * Sessions from the cookie, or personal access tokens as `Authorization: Bearer`: both looked
 * up in the database, so any process can serve them.
 */
export default fp(
  async function auth(app: FastifyInstance, opts: { secure: boolean; sessionCacheMs?: number }) {
    await app.register(cookie);
    const ttlMs = opts.sessionCacheMs ?? 0;
    const cache = new SessionCache({ ttlMs, max: 10_000 });
    app.decorate('sessionCache', cache);
    if (ttlMs > 0) {
      const unlisteners: (() => Promise<void>)[] = [];
      app.addHook('onReady', async () => {
        const heard = () => cache.setListening(true);
        unlisteners.push(
          await app.database.listen(STREAM_ENDED, (p) => cache.changed(p), heard),
          await app.database.listen(SESSIONS_CHANGED, (p) => cache.changed(p), heard),
        );
      });
      app.addHook('onClose', async () => {
        cache.setListening(false);
        await Promise.all(unlisteners.map((u) => u().catch(() => {})));
      });
      // This process's own changes are forgotten before their answer, not when the notice
      // comes back: the caller's next call must see them.
      app.addHook('onSend', async (request) => {
        if (unsafe.has(request.method) && CHANGES_SESSIONS.test(request.url)) cache.clear();
      });
    }
    app.decorateRequest('person', null);
    app.decorateRequest('authVia', 'none');
    app.decorateRequest('credential', null);

    app.addHook('onRequest', async (request, reply) => {
      if (!request.url.startsWith('/api/')) return;
      const authorization = request.headers.authorization;
      if (authorization !== undefined && BEARER_SCHEME.test(authorization)) {
        // A client that sends credentials means them: a bad one is a 401, never the cookie's
        // person. A cross-site page cannot set this header without a preflight, so no CSRF rule.
        const secret = BEARER.exec(authorization)?.[1];
        const now = app.now();
        const found = secret ? await tokenPerson(app.db, secret, now) : undefined;
        if (!found) {
          reply.header('www-authenticate', 'Bearer error="invalid_token"');
          throw badToken();
        }
        if (found.stale) {
          // Once a minute at most; a failed write costs only the mark, never the answer.
          await touchToken(app.db, found.tokenId, now).catch((err: unknown) =>
            request.log.warn({ err }, 'could not record a token’s last use'),
          );
        }
        request.person = found.person;
        request.authVia = 'token';
        request.credential = { kind: 'token', id: found.tokenId };
        return;
      }
      if (opensSession.some((path) => request.url.startsWith(path))) assertNotCrossSite(request);
      const token = request.cookies[SESSION_COOKIE];
      if (!token) return;
      const sessionId = hashToken(token);
      const now = app.now();
      let person = cache.get(sessionId, now);
      if (!person) {
        const since = cache.generation;
        const found = await sessionPerson(app.db, sessionId, now);
        if (!found) return;
        cache.set(sessionId, found.person, found.expiresAt, since);
        person = found.person;
      }
      assertNotCrossSite(request);
      request.person = person;
      request.authVia = 'cookie';
      request.credential = { kind: 'session', id: sessionId };
    });

    app.decorateReply(
      'setSession',
      function setSession(this: FastifyReply, token: string, expires: Date) {
        return this.setCookie(SESSION_COOKIE, token, {
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure: opts.secure,
          expires,
        });
      },
    );
  },
  { name: 'auth', dependencies: ['db'] },
);

declare module 'fastify' {
  interface FastifyInstance {
    /** Who this process's recent sessions are (SessionCache). */
    sessionCache: SessionCache;
  }
  interface FastifyReply {
    setSession: (token: string, expires: Date) => FastifyReply;
  }
}

/** The signed-in person; routes the policy gate lets through only signed in may rely on it. */
export function personOf(request: FastifyRequest): SignedInPerson {
  if (!request.person) throw new DomainError(401, 'UNAUTHENTICATED', 'Sign in to continue.');
  return request.person;
}
