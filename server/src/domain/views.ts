import { MAX_VIEWS_PER_PERSON, type Role } from '@followthrough/shared';
import { notFoundRefusal, type Refusal, refuse } from './errors';

/**
 * Who may see and change a saved view. A view is its owner's; sharing it with a team lets
 * that team's members and leads see it (and count it), never change it. Only a lead of a
 * team, or an admin, may share with that team. A view the caller may not see is answered as
 * if it did not exist, so private views' ids tell nobody anything.
 */

/** The caller as these rules need them. */
export interface ViewViewer {
  id: string;
  role: Role;
  /** Every team they belong to, as a member or a lead. */
  teamIds: readonly string[];
  leadTeamIds: readonly string[];
}

export interface ViewFacts {
  ownerId: string;
  sharedWithTeamId: string | null;
}

export function viewerOf(person: {
  id: string;
  role: Role;
  teams: readonly { id: string; isLead: boolean }[];
}): ViewViewer {
  return {
    id: person.id,
    role: person.role,
    teamIds: person.teams.map((t) => t.id),
    leadTeamIds: person.teams.filter((t) => t.isLead).map((t) => t.id),
  };
}

/** Its owner, and the members and leads of the team it is shared with. */
export function maySeeView(viewer: ViewViewer, view: ViewFacts): boolean {
  return (
    view.ownerId === viewer.id ||
    (view.sharedWithTeamId !== null && viewer.teamIds.includes(view.sharedWithTeamId))
  );
}

/** Renaming, changing the filters or the sharing, deleting: the owner only. */
export function mayEditView(viewer: ViewViewer, view: ViewFacts): boolean {
  return view.ownerId === viewer.id;
}

/** Sharing with a team: a lead of that team, or an admin. */
export function mayShareWith(viewer: ViewViewer, teamId: string): boolean {
  return viewer.role === 'admin' || viewer.leadTeamIds.includes(teamId);
}

const shareRefusal = (): Refusal =>
  refuse(403, 'FORBIDDEN', 'Only a lead of that team (or an admin) may share a view with it.', {
    errors: [{ path: 'sharedWithTeamId', message: 'You do not lead this team' }],
  });

/** Why this person may not save another view, or null. */
export function createRefusal(
  viewer: ViewViewer,
  input: { sharedWithTeamId?: string | null | undefined },
  ownedCount: number,
): Refusal | null {
  if (ownedCount >= MAX_VIEWS_PER_PERSON) {
    return refuse(
      409,
      'VIEW_LIMIT_REACHED',
      `You already keep ${MAX_VIEWS_PER_PERSON} views; delete one to save another.`,
    );
  }
  if (input.sharedWithTeamId && !mayShareWith(viewer, input.sharedWithTeamId)) {
    return shareRefusal();
  }
  return null;
}

/**
 * Why this change to a view is refused, or null. A share kept as it was is not re-judged, so
 * an owner who no longer leads the team can still rename the view (or stop sharing it).
 */
export function updateRefusal(
  viewer: ViewViewer,
  view: ViewFacts,
  change: { sharedWithTeamId?: string | null | undefined },
): Refusal | null {
  if (!maySeeView(viewer, view)) return notFoundRefusal('View');
  if (!mayEditView(viewer, view)) {
    return refuse(403, 'FORBIDDEN', 'Only the person who saved this view may change it.');
  }
  const team = change.sharedWithTeamId;
  if (team && team !== view.sharedWithTeamId && !mayShareWith(viewer, team)) {
    return shareRefusal();
  }
  return null;
}

/** Why this person may not delete the view, or null. */
export function deleteRefusal(viewer: ViewViewer, view: ViewFacts): Refusal | null {
  if (!maySeeView(viewer, view)) return notFoundRefusal('View');
  if (!mayEditView(viewer, view)) {
    return refuse(403, 'FORBIDDEN', 'Only the person who saved this view may delete it.');
  }
  return null;
}
