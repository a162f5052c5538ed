import type { AcceptInviteBody, ChangePasswordBody, Me } from '@followthrough/shared';
import { apiFetch } from './client';

/** Sets the invited person's password and signs them in (SPEC §12). */
export const acceptInvite = (body: AcceptInviteBody) =>
  apiFetch<Me>('/api/auth/invite/accept', { method: 'POST', body });

/** Changes the signed-in person's password; their other sessions end. */
export const changePassword = (body: ChangePasswordBody) =>
  apiFetch<void>('/api/auth/password', { method: 'POST', body });
