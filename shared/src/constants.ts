// Plain values of the contract, without zod: the web app's first screen imports these
// (as `@followthrough/shared/constants`) so that zod loads only with the screens that validate.

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

/** Whether a value is one of the API's error codes (the ErrorCode schema's test, without zod). */
export const isErrorCode = (value: unknown): value is (typeof errorCodes)[number] =>
  (errorCodes as readonly unknown[]).includes(value);

/**
 * The live stream (`GET /api/stream`, SPEC §13): the SSE `event` field names the type and
 * `data` is its JSON; every event's `id` is its place in one sequence, for `Last-Event-ID`.
 */
export const streamEventTypes = {
  requestChanged: 'request.changed',
  notificationCreated: 'notification.created',
  /** What was missed is no longer kept (over a day) or unknown: refetch what is shown. */
  reset: 'stream.reset',
} as const;

// The lists the web app's screens offer as choices and read from their URLs; the schemas of
// common.ts, requests.ts and views.ts are made from these.

export const priorities = ['low', 'normal', 'high', 'urgent'] as const;
/** Each priority's place, lowest first: for sorting and "higher than". */
export const priorityRank = Object.fromEntries(priorities.map((p, i) => [p, i])) as Record<
  (typeof priorities)[number],
  number
>;

export const statuses = ['new', 'in_progress', 'waiting', 'resolved', 'closed'] as const;
type StatusName = (typeof statuses)[number];
export const openStatuses = ['new', 'in_progress', 'waiting'] as const satisfies StatusName[];

export const stalledReasons = [
  'unowned',
  'offer_unanswered',
  'no_activity',
  'follow_up_overdue',
  'handoff_overdue',
  'past_target',
  'owner_inactive',
  'reopened_repeatedly',
] as const;

export const requestSorts = [
  'created',
  '-created',
  'updated',
  '-updated',
  'target',
  '-target',
  'priority',
  '-priority',
] as const;

/** The longest name a saved view may have; the navigation shows it in full. */
export const VIEW_NAME_MAX = 80;
