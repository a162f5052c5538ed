import type { Me } from '@followthrough/shared';

/** The person a request is made by, as the session found them. */
export type SignedInPerson = Me;
