// Checks of the answers every screen reads (problem answers, live-stream events) and of the
// ids in its addresses, written without zod so the web app's first screen does not wait for
// it. Each is the test of a schema in this package (Problem, RequestChangedEvent,
// NotificationCreatedEvent, uuid), and tests/shared/guards.test.ts holds them to it.
import type { Problem } from './common';
import type { NotificationCreatedEvent, RequestChangedEvent } from './notifications';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// zod's own pattern for z.uuid(): RFC 9562 versions 1–8 and variant, the nil and max ids.
const RFC_UUID =
  /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$/;

/** Whether a value is an id the `uuid` schema accepts. */
export const isUuid = (value: unknown): value is string =>
  typeof value === 'string' && RFC_UUID.test(value);

/** Whether a body has the shape of the API's problem answers (the Problem schema). */
export function isProblem(json: unknown): json is Problem {
  if (!isObject(json)) return false;
  const optional = (key: string, type: string) =>
    json[key] === undefined || typeof json[key] === type;
  const { allowedActions, errors } = json;
  return (
    typeof json.type === 'string' &&
    typeof json.title === 'string' &&
    Number.isInteger(json.status) &&
    typeof json.code === 'string' &&
    optional('detail', 'string') &&
    optional('instance', 'string') &&
    optional('state', 'string') &&
    (json.currentVersion === undefined || Number.isInteger(json.currentVersion)) &&
    (allowedActions === undefined ||
      (Array.isArray(allowedActions) && allowedActions.every((a) => typeof a === 'string'))) &&
    (errors === undefined ||
      (Array.isArray(errors) &&
        errors.every(
          (e: unknown) =>
            isObject(e) && typeof e.path === 'string' && typeof e.message === 'string',
        )))
  );
}

/** A `request.changed` event's data, or null when it is not one. */
export function asRequestChanged(data: unknown): RequestChangedEvent | null {
  if (!isObject(data)) return null;
  const { id, key, version } = data;
  return typeof id === 'string' &&
    UUID.test(id) &&
    typeof key === 'string' &&
    typeof version === 'number' &&
    Number.isFinite(version)
    ? { id, key, version }
    : null;
}

/** A `notification.created` event's data, or null when it is not one. */
export function asNotificationCreated(data: unknown): NotificationCreatedEvent | null {
  if (!isObject(data)) return null;
  const { id, unreadCount } = data;
  return typeof id === 'string' && typeof unreadCount === 'number' && Number.isFinite(unreadCount)
    ? { id, unreadCount }
    : null;
}
