import type { Me } from '@followthrough/shared';

/** The person a request is made by, as the session found them. */
export type SignedInPerson = Me;

/** What a caller signed in with (a session's id, a token's), for streams that outlive the call. */
export interface Credential {
  kind: 'session' | 'token';
  id: string;
}
