/** A refusal the API explains: a stable code, the HTTP status, and words for a person. */
export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string) =>
  new DomainError(404, 'NOT_FOUND', `${what} was not found.`);
