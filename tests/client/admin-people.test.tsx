import { type Me, type Person, type Team, team as teamSchema } from '@followthrough/shared';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  aMe,
  aPerson,
  type Call,
  fromContract,
  json,
  problemResponse,
  renderApp,
  stubApi,
} from './helpers';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const alex = aPerson({ name: 'Alex Admin', email: 'admin@example.org', role: 'admin' });
const adminMe: Me = { ...aMe({ name: 'Alex Admin', role: 'admin' }), id: alex.id };
const facilitiesId = '20000000-0000-4000-8000-000000000001';
const dana = aPerson({ name: 'Dana Owner', email: 'owner@example.org', teamIds: [facilitiesId] });
const lee = aPerson({
  name: 'Lee Lead',
  email: 'lead@example.org',
  role: 'lead',
  teamIds: [facilitiesId],
});
const jordan = aPerson({ name: 'Jordan Blake', email: 'jordan.blake@example.org', active: false });
const facilities: Team = fromContract(teamSchema, {
  id: facilitiesId,
  name: 'Facilities',
  leadIds: [lee.id],
  memberIds: [dana.id, lee.id],
});
const frontDesk: Team = fromContract(teamSchema, {
  id: '20000000-0000-4000-8000-000000000002',
  name: 'Front Desk',
  leadIds: [],
  memberIds: [],
});

/** The people endpoints over a list that the writes change, as the server would. */
function peopleApi(routes: Record<string, (call: Call) => Response> = {}) {
  let people: Person[] = [alex, dana, jordan, lee];
  const stub = stubApi({
    'GET /api/auth/me': adminMe,
    'GET /api/people': () => json(people),
    'GET /api/teams': [facilities, frontDesk],
    'POST /api/people': (call) => {
      const body = call.body as Person & { password?: string };
      const created = {
        id: '30000000-0000-4000-8000-000000000001',
        name: body.name,
        email: body.email,
        role: body.role,
        active: true,
        teamIds: body.teamIds ?? [],
      };
      people = [...people, created];
      return json(
        body.password ? created : { ...created, inviteUrl: 'http://localhost/invite#s3cret' },
        201,
      );
    },
    ...routes,
  });
  const patch = (id: string, body: Partial<Person>) => {
    people = people.map((p) => (p.id === id ? { ...p, ...body } : p));
    return people.find((p) => p.id === id)!;
  };
  return { ...stub, patch };
}

describe('Admin is for admins', () => {
  it('is in the navigation of admins only', async () => {
    stubApi({ 'GET /api/auth/me': adminMe, 'GET /api/requests': { items: [], nextCursor: null } });
    renderApp('/');
    await screen.findByRole('heading', { level: 1, name: 'My work' });
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('link', { name: 'Admin' }).getAttribute('href')).toBe('/admin');
    cleanup();

    stubApi({
      'GET /api/auth/me': aMe({ role: 'lead' }),
      'GET /api/requests': { items: [], nextCursor: null },
    });
    renderApp('/');
    await screen.findByRole('heading', { level: 1, name: 'My work' });
    const staffNav = screen.getByRole('navigation', { name: 'Main' });
    expect(within(staffNav).queryByRole('link', { name: 'Admin' })).toBeNull();
  });

  it('tells anyone else plainly that it is only for admins', async () => {
    const { calls } = stubApi({ 'GET /api/auth/me': aMe({ role: 'staff' }) });
    renderApp('/admin/people');
    await screen.findByRole('heading', { level: 1, name: 'Admin' });
    expect(screen.getByText('Only admins can use Admin')).toBeTruthy();
    expect(screen.queryByRole('navigation', { name: 'Admin' })).toBeNull();
    // Nothing of the directory's writes is even asked for (the navigation's unread count and
    // saved views are).
    const navigation = ['/api/notifications', '/api/views'];
    expect(calls.map((c) => c.url.pathname).filter((path) => !navigation.includes(path))).toEqual([
      '/api/auth/me',
    ]);
  });

  it('opens on People, with every section in its navigation', async () => {
    peopleApi();
    const { router } = renderApp('/admin');
    await screen.findByRole('heading', { level: 1, name: 'People' });
    expect(router.state.location.pathname).toBe('/admin/people');
    const nav = screen.getByRole('navigation', { name: 'Admin' });
    expect(
      within(nav)
        .getAllByRole('link')
        .map((a) => a.textContent),
    ).toEqual([
      'People',
      'Teams',
      'Categories',
      'Locations',
      'Assets',
      'Labels',
      'Settings',
      'API tokens',
      'Audit',
    ]);
    // The title is set by an effect, which may run after the heading is on screen.
    await waitFor(() => expect(document.title).toBe('People · Admin · Followthrough'));
  });
});

describe('Admin › People', () => {
  it('lists everyone with role, teams and status, and finds people by name or email', async () => {
    peopleApi();
    renderApp('/admin/people');
    const list = await screen.findByRole('region', { name: 'People' });
    await within(list).findByRole('button', { name: 'Edit Dana Owner' });
    expect(within(list).getByText('4 people, 1 deactivated')).toBeTruthy();
    const rows = within(list).getAllByRole('listitem');
    const lees = rows.find((r) => r.textContent?.includes('Lee Lead'))!;
    expect(lees.textContent).toContain('Facilities (lead)');
    const jordans = rows.find((r) => r.textContent?.includes('Jordan Blake'))!;
    expect(within(jordans).getByText('Deactivated')).toBeTruthy();
    expect(within(jordans).getByRole('button', { name: 'Reactivate Jordan Blake' })).toBeTruthy();
    expect(within(jordans).queryByRole('button', { name: /New invite link/ })).toBeNull();

    fireEvent.change(screen.getByLabelText('Search people'), { target: { value: 'LEAD@' } });
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((r) => r.querySelector('.admin-row-name')?.textContent),
    ).toEqual(['Lee Lead']);
    expect(within(list).getByText('1 of 4 people')).toBeTruthy();

    fireEvent.change(screen.getByLabelText('Search people'), { target: { value: 'nobody' } });
    expect(within(list).getByText('Nobody matches')).toBeTruthy();
    fireEvent.click(within(list).getByRole('button', { name: 'Show everyone' }));
    expect(within(list).getAllByRole('listitem')).toHaveLength(4);
  });

  it('adds a person with an invite link, shown to copy', async () => {
    const { callsTo } = peopleApi();
    const writeText = vi.fn(async () => {});
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    renderApp('/admin/people');
    await screen.findByRole('button', { name: 'Edit Dana Owner' });
    fireEvent.click(screen.getByRole('button', { name: 'Add a person' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add a person' });
    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: 'Nina New' } });
    fireEvent.change(within(dialog).getByLabelText('Email'), {
      target: { value: 'nina@example.org' },
    });
    fireEvent.change(within(dialog).getByLabelText('Role'), { target: { value: 'lead' } });
    fireEvent.click(within(dialog).getByLabelText('Front Desk'));
    expect(
      (within(dialog).getByRole('radio', { name: /^Send an invite link/ }) as HTMLInputElement)
        .checked,
    ).toBe(true);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add person' }));

    const done = await screen.findByRole('dialog', { name: 'Nina New was added' });
    expect(callsTo('POST', '/api/people')[0]!.body).toEqual({
      name: 'Nina New',
      email: 'nina@example.org',
      role: 'lead',
      teamIds: [frontDesk.id],
    });
    const link = within(done).getByLabelText('Invite link') as HTMLInputElement;
    expect(link.value).toBe('http://localhost/invite#s3cret');
    fireEvent.click(within(done).getByRole('button', { name: 'Copy link' }));
    await within(done).findByText(/^Copied/);
    expect(writeText).toHaveBeenCalledWith('http://localhost/invite#s3cret');

    fireEvent.click(within(done).getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.getByText(/Nina New was added/)).toBeTruthy();
    expect(await screen.findByText('nina@example.org')).toBeTruthy();
  });

  it('checks the form with the contract before sending, and shows the server’s refusal by its field', async () => {
    const { callsTo } = peopleApi({
      'POST /api/people': () =>
        problemResponse(409, 'EMAIL_TAKEN', 'Conflict', {
          detail: 'The email owner@example.org is already taken.',
          errors: [{ path: 'email', message: 'Already taken' }],
        }),
    });
    renderApp('/admin/people');
    await screen.findByRole('button', { name: 'Edit Dana Owner' });
    fireEvent.click(screen.getByRole('button', { name: 'Add a person' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add a person' });
    fireEvent.change(within(dialog).getByLabelText('Email'), { target: { value: 'not-an-email' } });
    fireEvent.click(within(dialog).getByRole('radio', { name: /^Set a password now/ }));
    fireEvent.change(within(dialog).getByLabelText('Password'), { target: { value: 'short' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add person' }));

    const name = within(dialog).getByLabelText('Name');
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(name);
    expect(within(dialog).getByText('Enter an email address')).toBeTruthy();
    expect(within(dialog).getByText('At least 12 characters')).toBeTruthy();
    expect(callsTo('POST', '/api/people')).toHaveLength(0);

    fireEvent.change(name, { target: { value: 'Dana Again' } });
    fireEvent.change(within(dialog).getByLabelText('Email'), {
      target: { value: 'owner@example.org' },
    });
    fireEvent.change(within(dialog).getByLabelText('Password'), {
      target: { value: 'a long enough password' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add person' }));
    await within(dialog).findByText('Someone else already has this email');
    const email = within(dialog).getByLabelText('Email');
    expect(email.getAttribute('aria-describedby')).toContain('person-email-error');
    expect(document.activeElement).toBe(email);
    expect(callsTo('POST', '/api/people')[0]!.body).toMatchObject({
      password: 'a long enough password',
    });
  });

  it('edits a person, sending only what changed', async () => {
    const api = peopleApi({
      [`PATCH /api/people/${dana.id}`]: (call) => json(api.patch(dana.id, call.body as Person)),
    });
    renderApp('/admin/people');
    await screen.findByRole('button', { name: 'Edit Dana Owner' });
    fireEvent.click(screen.getByRole('button', { name: 'Edit Dana Owner' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit Dana Owner' });
    expect((within(dialog).getByLabelText('Facilities') as HTMLInputElement).checked).toBe(true);
    fireEvent.change(within(dialog).getByLabelText('Role'), { target: { value: 'lead' } });
    fireEvent.click(within(dialog).getByLabelText('Front Desk'));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await screen.findByText('Dana Owner was saved.');
    expect(api.callsTo('PATCH', `/api/people/${dana.id}`)[0]!.body).toEqual({
      role: 'lead',
      teamIds: [facilitiesId, frontDesk.id],
    });
  });

  it('deactivates only after saying what that does, and shows a refusal in the dialog', async () => {
    let refuse = true;
    const api = peopleApi({
      [`PATCH /api/people/${dana.id}`]: (call) => {
        if (refuse) {
          refuse = false;
          return problemResponse(500, 'INTERNAL', 'Internal Server Error');
        }
        return json(api.patch(dana.id, call.body as Person));
      },
    });
    renderApp('/admin/people');
    await screen.findByRole('button', { name: 'Edit Dana Owner' });

    // Admins do not lock themselves out: another admin deactivates them.
    expect(screen.queryByRole('button', { name: 'Deactivate Alex Admin' })).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Deactivate Dana Owner' }));
    const dialog = await screen.findByRole('dialog', { name: 'Deactivate Dana Owner?' });
    const text = dialog.textContent ?? '';
    expect(text).toContain('signed out everywhere');
    expect(text).toContain('offers waiting for them are withdrawn');
    expect(text).toContain('“Owner deactivated” in Review');
    // Focus starts on Cancel, so Enter does not deactivate by accident.
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(api.callsTo('PATCH', `/api/people/${dana.id}`)).toHaveLength(0);

    fireEvent.click(within(dialog).getByRole('button', { name: 'Deactivate Dana Owner' }));
    await within(dialog).findByText('Dana Owner was not deactivated');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Deactivate Dana Owner' }));
    await screen.findByText('Dana Owner was deactivated.');
    expect(api.callsTo('PATCH', `/api/people/${dana.id}`).at(-1)!.body).toEqual({ active: false });
    expect(await screen.findByRole('button', { name: 'Reactivate Dana Owner' })).toBeTruthy();
  });

  it('shows the last admin’s refusal to be demoted next to the role', async () => {
    peopleApi({
      [`PATCH /api/people/${alex.id}`]: () =>
        problemResponse(409, 'LAST_ADMIN', 'Conflict', {
          detail: 'This is the last active admin: make someone else an admin first.',
          errors: [{ path: 'role', message: 'Last admin' }],
        }),
    });
    renderApp('/admin/people');
    fireEvent.click(await screen.findByRole('button', { name: 'Edit Alex Admin' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit Alex Admin' });
    fireEvent.change(within(dialog).getByLabelText('Role'), { target: { value: 'lead' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await within(dialog).findByText(
      'This is the last active admin: make someone else an admin first.',
    );
    const role = within(dialog).getByLabelText('Role');
    expect(role.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(role);
    expect(within(dialog).queryByRole('alert')).toBeNull();
  });

  it('makes a new invite link only after saying the old one stops working', async () => {
    const { callsTo } = peopleApi({
      [`POST /api/people/${dana.id}/invite`]: () =>
        json({
          inviteUrl: 'http://localhost/invite#n3w',
          expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
        }),
    });
    renderApp('/admin/people');
    await screen.findByRole('button', { name: 'Edit Dana Owner' });
    fireEvent.click(screen.getByRole('button', { name: 'New invite link for Dana Owner' }));
    const dialog = await screen.findByRole('dialog', { name: 'New invite link for Dana Owner?' });
    expect(dialog.textContent).toContain('stops working');
    expect(callsTo('POST', `/api/people/${dana.id}/invite`)).toHaveLength(0);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Make a new link' }));
    const link = (await within(dialog).findByLabelText('Invite link')) as HTMLInputElement;
    expect(link.value).toBe('http://localhost/invite#n3w');
    expect(dialog.textContent).toContain('It works once, until');
  });
});
