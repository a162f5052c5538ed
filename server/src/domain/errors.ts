import type { ErrorCode } from '@followthrough/shared';

/** A refusal the API explains: a stable code, the HTTP status, and words for a person. */
export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** A refusal as plain data, as the pure transitions return it. */
export interface Refusal {
  ok: false;
  status: number;
  code: ErrorCode;
  message: string;
  /** Added to the problem body: `errors`, `state`, `allowedActions`, … */
  extra: Record<string, unknown>;
}

export const refuse = (
  status: number,
  code: ErrorCode,
  message: string,
  extra: Record<string, unknown> = {},
): Refusal => ({ ok: false, status, code, message, extra });

/** A 400 naming the one field that is wrong. */
export const fieldRefusal = (path: string, message: string): Refusal =>
  refuse(400, 'VALIDATION_FAILED', `${path}: ${message}`, { errors: [{ path, message }] });

export const notFoundRefusal = (what: string): Refusal =>
  refuse(404, 'NOT_FOUND', `${what} was not found.`);

/** The error a service throws for a refusal; the error plugin answers it. */
export const errorOf = (r: Refusal) => new DomainError(r.status, r.code, r.message, r.extra);

export const fieldError = (path: string, message: string) => errorOf(fieldRefusal(path, message));

export const notFound = (what: string) => errorOf(notFoundRefusal(what));
