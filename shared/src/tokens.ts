import { z } from 'zod';
import { isoDateTime, text, uuid } from './common';

/**
 * Personal access tokens (SPEC §12): an admin issues one to an API client, which sends it as
 * `Authorization: Bearer <token>` and acts as the token's person. The secret is shown once.
 */

/** Every secret starts so, so secret scanners can recognise a leaked one. */
export const TOKEN_PREFIX = 'ftp_';

export const createTokenBody = z
  .object({
    personId: uuid,
    /** What the token is for, so an admin knows which one to revoke. */
    name: text(120),
    /** Unset: the token lives until it is revoked. */
    expiresAt: isoDateTime.optional(),
  })
  .strict();
export type CreateTokenBody = z.infer<typeof createTokenBody>;

export const apiToken = z
  .object({
    id: z.string(),
    name: z.string(),
    personId: uuid,
    createdAt: isoDateTime,
    expiresAt: isoDateTime.nullable(),
    /** Kept to the minute: the server writes it at most once a minute per token. */
    lastUsedAt: isoDateTime.nullable(),
  })
  .meta({ id: 'ApiToken' });
export type ApiToken = z.infer<typeof apiToken>;

export const createdToken = apiToken
  .extend({
    /** The secret: shown in this answer only, never again. */
    token: z.string(),
  })
  .meta({ id: 'CreatedApiToken' });
export type CreatedToken = z.infer<typeof createdToken>;

export const tokensQuery = z.object({ personId: uuid.optional() }).strict();
export type TokensQuery = z.infer<typeof tokensQuery>;
