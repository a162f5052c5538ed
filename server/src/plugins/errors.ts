import { type ErrorCode, isErrorCode } from '@followthrough/shared';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import {
  hasZodFastifySchemaValidationErrors,
  isResponseSerializationError,
} from 'fastify-type-provider-zod';
import { DomainError } from '../domain/errors';

const titles: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  406: 'Not acceptable',
  409: 'Conflict',
  412: 'Precondition failed',
  413: 'Content too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  428: 'Precondition required',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

interface ProblemInit {
  status: number;
  code: ErrorCode;
  detail?: string;
  [extra: string]: unknown;
}

/** Sends an RFC 9457 problem. */
export function sendProblem(reply: FastifyReply, init: ProblemInit) {
  const { status, code, detail, ...extra } = init;
  return reply
    .code(status)
    .type('application/problem+json')
    .send({
      type: `https://followthrough.dev/problems/${code.toLowerCase().replaceAll('_', '-')}`,
      title: titles[status] ?? 'Error',
      status,
      code,
      ...(detail ? { detail } : {}),
      instance: reply.request.url.split('?')[0],
      ...extra,
    });
}

const fastifyCodes: Record<string, { status: number; code: ErrorCode; detail: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
    detail: 'The request body is larger than the server accepts.',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    detail: 'Send the body as application/json.',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400,
    code: 'MALFORMED_JSON',
    detail: 'The body is not valid JSON.',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    code: 'MALFORMED_JSON',
    detail: 'The body is empty; send a JSON object, even an empty one ({}).',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    code: 'BAD_CONTENT_LENGTH',
    detail: 'The Content-Length header does not match the body.',
  },
};

type ValidationIssue = {
  instancePath: string;
  message?: string;
  keyword?: string;
  params?: Record<string, unknown>;
};

function fieldErrors(issues: ValidationIssue[]) {
  return issues.flatMap((issue) => {
    const base = issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
    const keys = issue.params?.keys;
    if (issue.keyword === 'unrecognized_keys' && Array.isArray(keys)) {
      return keys.map((k) => ({
        path: base ? `${base}.${String(k)}` : String(k),
        message: 'Unknown field',
      }));
    }
    return [{ path: base, message: issue.message ?? 'Invalid value' }];
  });
}

/** Connection failures of postgres.js and the OS, and SQLSTATE classes 08 and 57P0x. */
const connectionCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
]);
export function databaseGone(code: string | undefined): boolean {
  if (!code) return false;
  return connectionCodes.has(code) || /^08[0-9A-Z]{3}$/.test(code) || /^57P0[1-3]$/.test(code);
}

/** Turns every error into problem+json; a 500 never carries the internal message or a stack. */
export default fp(
  async function errors(app: FastifyInstance) {
    app.setErrorHandler((err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      if (err instanceof DomainError) {
        return sendProblem(reply, {
          status: err.status,
          code: err.code,
          detail: err.message,
          ...err.extra,
        });
      }
      if (hasZodFastifySchemaValidationErrors(err)) {
        const errors = fieldErrors(err.validation as ValidationIssue[]);
        const where = err.validationContext ?? 'request';
        return sendProblem(reply, {
          status: 400,
          code: 'VALIDATION_FAILED',
          detail: `The ${where} is not valid: ${errors.map((e) => `${e.path || '(root)'}: ${e.message}`).join('; ')}`,
          errors,
        });
      }
      if (isResponseSerializationError(err)) {
        request.log.error({ err }, 'response did not match its schema');
        return sendProblem(reply, { status: 500, code: 'INTERNAL' });
      }
      // statement_timeout: the database gave up on a query; say so, and that retrying may work.
      const pgCode = (err as { cause?: { code?: string } }).cause?.code ?? err.code;
      if (pgCode === '57014') {
        request.log.warn({ err }, 'statement timed out');
        reply.header('retry-after', '30');
        return sendProblem(reply, {
          status: 503,
          code: 'QUERY_TIMEOUT',
          detail: 'This took too long to compute. Try a shorter period, or again in a moment.',
        });
      }
      // Text PostgreSQL cannot store (a NUL character, in a field or a search): the caller's
      // input, refused before anything was written.
      if (pgCode === '22021' || pgCode === '22P05') {
        return sendProblem(reply, {
          status: 400,
          code: 'VALIDATION_FAILED',
          detail: 'The text contains a character that cannot be stored (such as NUL, \\u0000).',
          errors: [{ path: '', message: 'Remove the NUL (\\u0000) character' }],
        });
      }
      // The database cannot be reached (or is shutting down): nothing was written; say so at
      // once, so a client retries rather than waiting or reporting a bug.
      if (databaseGone(pgCode)) {
        request.log.warn({ err }, 'database unavailable');
        reply.header('retry-after', '5');
        return sendProblem(reply, {
          status: 503,
          code: 'DATABASE_UNAVAILABLE',
          detail:
            'The database cannot be reached just now. Nothing was changed; try again shortly.',
        });
      }
      const known = err.code ? fastifyCodes[err.code] : undefined;
      if (known) return sendProblem(reply, known);
      const status = err.statusCode ?? 500;
      if (status >= 400 && status < 500) {
        if (status === 429) {
          return sendProblem(reply, {
            status,
            code: 'RATE_LIMITED',
            detail: err.message || 'Too many attempts; try again later.',
          });
        }
        return sendProblem(reply, {
          status,
          // A plugin's own code passes through only when it is one of the contract's.
          code: isErrorCode(err.code) ? err.code : 'BAD_REQUEST',
          detail: err.message,
        });
      }
      request.log.error({ err }, 'unhandled error');
      return sendProblem(reply, {
        status: 500,
        code: 'INTERNAL',
        detail: `Something went wrong on our side. Quote request id ${request.id} if you report it.`,
      });
    });
  },
  { name: 'errors' },
);
