import { describe, expect, it } from 'vitest';
import {
  createRefusal,
  deleteRefusal,
  maySeeView,
  updateRefusal,
  type ViewViewer,
} from '../../../server/src/domain/views';

const team = 'team-facilities';
const other = 'team-aquatics';
const person = (over: Partial<ViewViewer> = {}): ViewViewer => ({
  id: 'me',
  role: 'staff',
  teamIds: [],
  leadTeamIds: [],
  ...over,
});
const lead = person({ id: 'lead', role: 'lead', teamIds: [team], leadTeamIds: [team] });
const member = person({ id: 'member', teamIds: [team] });
const outsider = person({ id: 'outsider', teamIds: [other] });
const admin = person({ id: 'admin', role: 'admin' });
const shared = { ownerId: 'lead', sharedWithTeamId: team };
const secret = { ownerId: 'lead', sharedWithTeamId: null };

describe('saved view rules', () => {
  it('shows a view to its owner and to the members of the team it is shared with', () => {
    expect(maySeeView(lead, secret)).toBe(true);
    expect(maySeeView(member, shared)).toBe(true);
    expect(maySeeView(member, secret)).toBe(false);
    expect(maySeeView(outsider, shared)).toBe(false);
    expect(maySeeView(admin, secret)).toBe(false);
  });

  it('lets only a lead of the team, or an admin, share with it', () => {
    expect(createRefusal(lead, { sharedWithTeamId: team }, 0)).toBeNull();
    expect(createRefusal(admin, { sharedWithTeamId: other }, 0)).toBeNull();
    expect(createRefusal(member, { sharedWithTeamId: team }, 0)).toMatchObject({ status: 403 });
    expect(createRefusal(lead, { sharedWithTeamId: other }, 0)).toMatchObject({ status: 403 });
    expect(createRefusal(member, { sharedWithTeamId: null }, 0)).toBeNull();
    expect(createRefusal(member, {}, 50)).toMatchObject({ code: 'VIEW_LIMIT_REACHED' });
  });

  it('lets only the owner change or delete; others who cannot see it get 404', () => {
    expect(updateRefusal(lead, shared, { sharedWithTeamId: null })).toBeNull();
    expect(updateRefusal(member, shared, {})).toMatchObject({ status: 403 });
    expect(updateRefusal(outsider, shared, {})).toMatchObject({ status: 404 });
    expect(deleteRefusal(member, shared)).toMatchObject({ status: 403 });
    expect(deleteRefusal(outsider, secret)).toMatchObject({ status: 404 });
    expect(deleteRefusal(lead, secret)).toBeNull();
  });

  it('does not judge a share again when it stays as it was', () => {
    const former = person({ id: 'lead', teamIds: [team] });
    expect(updateRefusal(former, shared, { sharedWithTeamId: team })).toBeNull();
    expect(updateRefusal(former, secret, { sharedWithTeamId: team })).toMatchObject({
      status: 403,
    });
  });
});
