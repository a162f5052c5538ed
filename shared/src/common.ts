import { z } from 'zod';
import { priorities } from './constants';
import { errorCode } from './errors';

export const uuid = z.uuid();
/** Times travel as ISO 8601 strings in UTC. */
export const isoDateTime = z.iso.datetime({ offset: true });

export { priorities };
export const priority = z.enum(priorities);
export type Priority = z.infer<typeof priority>;

export const roles = ['staff', 'lead', 'admin'] as const;
export const role = z.enum(roles);
export type Role = z.infer<typeof role>;

export const problemFieldError = z.object({ path: z.string(), message: z.string() });

/** RFC 9457 problem details, with our stable machine-readable code. */
export const problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    // Every code the server sends is an ErrorCode; the wider string leaves room for the
    // client's own (a network failure has no problem body).
    code: z.union([errorCode, z.string()]),
    instance: z.string().optional(),
    errors: z.array(problemFieldError).optional(),
    state: z.string().optional(),
    allowedActions: z.array(z.string()).optional(),
    /** On 412: the version the resource has now. */
    currentVersion: z.number().int().optional(),
  })
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof problem>;

/** Text a person typed: trimmed, and not empty once trimmed. */
export const text = (max: number) =>
  z.string().trim().min(1, 'Required').max(max, `At most ${max} characters`);

export const optionalText = (max: number) =>
  z.string().trim().max(max, `At most ${max} characters`);

export const personRef = z
  .object({ id: uuid, name: z.string(), active: z.boolean() })
  .meta({ id: 'PersonRef' });
export type PersonRef = z.infer<typeof personRef>;

export const namedRef = z.object({ id: uuid, name: z.string() });

export const idParams = z.object({ id: z.string().min(1).max(64) });
/** A request in a path: its id, or its key as people say it (every request route takes both). */
export const requestParams = z.object({
  id: z.string().min(1).max(64).describe('The request id (uuid) or its key (REQ-12)'),
});
