import type { Me } from '@followthrough/shared';

/**
 * Whether Review is worth offering: leads and admins, and anyone who leads a team.
 * Only a hint for the navigation; the API decides (and answers others with 403).
 */
export const mayReview = (me: Pick<Me, 'role' | 'teams'>): boolean =>
  me.role !== 'staff' || me.teams.some((team) => team.isLead);
