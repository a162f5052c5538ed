import { z } from 'zod';
import { priority, role, uuid } from './common';

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
