import { z } from 'zod';
import { role, uuid } from './common';

export const loginBody = z
  .object({
    email: z.email('Enter an email address').max(320),
    password: z.string().min(1, 'Enter your password').max(1024),
  })
  .strict();
export type LoginBody = z.infer<typeof loginBody>;

export const me = z
  .object({
    id: uuid,
    name: z.string(),
    email: z.string(),
    role,
    teams: z.array(z.object({ id: uuid, name: z.string(), isLead: z.boolean() })),
  })
  .meta({ id: 'Me' });
export type Me = z.infer<typeof me>;
