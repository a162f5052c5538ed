import type { Role } from '@followthrough/shared';
import type { z } from 'zod';
import { isApiError } from '../../api/client';

/** Messages by field path: `name`, `teamIds`, `targets.0.ownWithinMinutes`. */
export type FieldErrors = Record<string, string>;

type Issue = { path: readonly PropertyKey[]; message: string };

/**
 * The first message for each path. A nested path (`teamIds.2`) also counts for its
 * top-level field (`teamIds`), which is where most forms show it.
 */
export function messagesByPath(issues: readonly Issue[]): FieldErrors {
  const out: FieldErrors = {};
  for (const { path, message } of issues) {
    const full = path.map(String).join('.');
    const top = path.length > 0 ? String(path[0]) : '';
    if (!(full in out)) out[full] = message;
    if (top && !(top in out)) out[top] = message;
  }
  return out;
}

/** Checks a body against the contract: the parsed body, or the messages by field. */
export function validate<S extends z.ZodType>(
  schema: S,
  body: unknown,
): { data: z.output<S>; errors: FieldErrors } | { data: undefined; errors: FieldErrors } {
  const parsed = schema.safeParse(body);
  if (parsed.success) return { data: parsed.data, errors: {} };
  return { data: undefined, errors: messagesByPath(parsed.error.issues) };
}

/** Kinder words than the server's short ones for the refusals a form can meet. */
const byCode: Partial<Record<string, string>> = {
  EMAIL_TAKEN: 'Someone else already has this email',
  NAME_TAKEN: 'This name is already taken: choose another',
};

/**
 * The field errors of a refused write, by path as the server names them (`email`,
 * `leadIds.2`, `targets.1.quietForMinutes`; a leading `body` is dropped).
 */
export function serverErrors(error: unknown): FieldErrors {
  if (!isApiError(error)) return {};
  const kinder = byCode[error.code];
  const issues = (error.problem.errors ?? []).map(({ path, message }) => {
    const segments = path.split(/[./]/).filter(Boolean);
    if (segments[0] === 'body') segments.shift();
    const words = error.code === 'LAST_ADMIN' ? (error.detail ?? message) : (kinder ?? message);
    return { path: segments, message: words };
  });
  return messagesByPath(issues);
}

/** Whether the server's refusal was explained field by field (shown by the fields, then). */
export const hasFieldErrors = (errors: FieldErrors, fields: readonly string[]) =>
  fields.some((f) => errors[f]);

/** Moves focus to the first field, in screen order, that has an error. */
export function focusFirstError(
  errors: FieldErrors,
  fields: readonly string[],
  idOf: (field: string) => string,
) {
  const first = fields.find((f) => errors[f]);
  if (first) document.getElementById(idOf(first))?.focus();
}

export { roleLabels } from '../../lib/labels';

export const roleHints: Record<Role, string> = {
  staff: 'Logs, owns and follows requests.',
  lead: 'Also reviews the stalled requests of the teams they lead, and reads their figures.',
  admin: 'Also manages people, teams, categories, locations and settings.',
};

/** Two lists hold the same ids, in any order. */
export function sameIds(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((id) => set.has(id));
}

/** Names for ids, in the order of the directory, with the unknown ones left out. */
export function namesOf(
  ids: readonly string[],
  list: readonly { id: string; name: string }[] | undefined,
): string[] {
  const wanted = new Set(ids);
  return (list ?? []).filter((item) => wanted.has(item.id)).map((item) => item.name);
}
