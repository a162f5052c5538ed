import { z } from 'zod';

/**
 * Every `code` a problem answer of the API can carry (SPEC §8, §12). The
 * server's errors are typed with it and clients may switch on it.
 */
export const errorCodes = [
  // Input
  'VALIDATION_FAILED',
  'MALFORMED_JSON',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'BAD_CONTENT_LENGTH',
  'BAD_REQUEST',
  // Who is asking
  'UNAUTHENTICATED',
  'INVALID_CREDENTIALS',
  'CSRF_REJECTED',
  'FORBIDDEN',
  'RATE_LIMITED',
  // What is asked about
  'NOT_FOUND',
  'ACTION_NOT_ALLOWED',
  'HANDOFF_OPEN',
  'HANDOFF_NOT_OPEN',
  'STALE_VERSION',
  'IDEMPOTENCY_KEY_REUSED',
  'IDEMPOTENCY_IN_PROGRESS',
  // Administration (SPEC §12)
  'EMAIL_TAKEN',
  'NAME_TAKEN',
  'LAST_ADMIN',
  // Assets (SPEC §14)
  'TAG_TAKEN',
  'IMPORT_INVALID',
  // Accounts (SPEC §12)
  'INVITE_INVALID',
  // Saved views
  'VIEW_LIMIT_REACHED',
  // The server
  'QUERY_TIMEOUT',
  'DATABASE_UNAVAILABLE',
  'INTERNAL',
] as const;
export const errorCode = z.enum(errorCodes).meta({ id: 'ErrorCode' });
export type ErrorCode = z.infer<typeof errorCode>;

export const isErrorCode = (value: unknown): value is ErrorCode =>
  errorCode.safeParse(value).success;
