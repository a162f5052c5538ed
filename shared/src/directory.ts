import { z } from 'zod';
import { type Priority, priority, role, uuid } from './common';

export const person = z
  .object({
    id: uuid,
    name: z.string(),
    email: z.string(),
    role,
    active: z.boolean(),
    teamIds: z.array(uuid),
  })
  .meta({ id: 'Person' });
export type Person = z.infer<typeof person>;

/** Minutes, per priority: how soon someone must own it, how long it may stay quiet, and the resolve target. */
export const serviceTarget = z
  .object({
    priority,
    ownWithinMinutes: z.number().int().positive(),
    quietForMinutes: z.number().int().positive(),
    resolveWithinMinutes: z.number().int().positive(),
  })
  .meta({ id: 'ServiceTarget' });
export type ServiceTarget = z.infer<typeof serviceTarget>;

const HOUR = 60;
const DAY = 24 * HOUR;

/**
 * SPEC §6's defaults, in minutes: what a category's priority has until an admin sets its own
 * (the server's stalled rules, and the Admin screen's starting values).
 */
export const defaultTargets: Record<Priority, Omit<ServiceTarget, 'priority'>> = {
  urgent: { ownWithinMinutes: 1 * HOUR, quietForMinutes: 4 * HOUR, resolveWithinMinutes: 1 * DAY },
  high: { ownWithinMinutes: 4 * HOUR, quietForMinutes: 1 * DAY, resolveWithinMinutes: 3 * DAY },
  normal: { ownWithinMinutes: 1 * DAY, quietForMinutes: 3 * DAY, resolveWithinMinutes: 7 * DAY },
  low: { ownWithinMinutes: 3 * DAY, quietForMinutes: 7 * DAY, resolveWithinMinutes: 30 * DAY },
};

export const category = z
  .object({
    id: uuid,
    name: z.string(),
    teamId: uuid,
    defaultOwnerId: uuid.nullable(),
    active: z.boolean(),
    targets: z.array(serviceTarget),
  })
  .meta({ id: 'Category' });
export type Category = z.infer<typeof category>;

export const location = z
  .object({ id: uuid, name: z.string(), active: z.boolean() })
  .meta({ id: 'Location' });
export type Location = z.infer<typeof location>;

export const team = z
  .object({ id: uuid, name: z.string(), leadIds: z.array(uuid), memberIds: z.array(uuid) })
  .meta({ id: 'Team' });
export type Team = z.infer<typeof team>;

export const peopleQuery = z
  .object({
    q: z.string().trim().max(100).optional(),
    active: z.enum(['true', 'false']).optional(),
  })
  .strict();
