import { z } from 'zod';
import { newPassword } from './admin';
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

/** The invite link's secret (its fragment) and the password the person chooses. */
export const acceptInviteBody = z
  .object({
    token: z.string().min(1, 'Paste the whole invite link').max(512),
    password: newPassword,
  })
  .strict();
export type AcceptInviteBody = z.infer<typeof acceptInviteBody>;

export const changePasswordBody = z
  .object({
    currentPassword: z.string().min(1, 'Enter your current password').max(1024),
    newPassword,
  })
  .strict();
export type ChangePasswordBody = z.infer<typeof changePasswordBody>;
