import {
  type Category,
  type Location,
  type Me,
  type OrganisationSettings,
  type Team,
  team as teamSchema,
} from '@followthrough/shared';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  aCategory,
  aLocation,
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

const adminMe: Me = aMe({ name: 'Alex Admin', role: 'admin' });
const facilitiesId = '20000000-0000-4000-8000-000000000001';
const priya = aPerson({ name: 'Priya Natarajan', teamIds: [facilitiesId] });
const tom = aPerson({ name: 'Tom Becker' });
const jordan = aPerson({ name: 'Jordan Blake', active: false, teamIds: [facilitiesId] });
const people = [jordan, priya, tom];
const facilities: Team = fromContract(teamSchema, {
  id: facilitiesId,
  name: 'Facilities',
  leadIds: [],
  memberIds: [jordan.id, priya.id],
});

function directoryApi(routes: Record<string, ((call: Call) => Response) | object> = {}) {
  return stubApi({
    'GET /api/auth/me': adminMe,
    'GET /api/people': people,
    'GET /api/teams': [facilities],
    'GET /api/categories': [],
    'GET /api/locations': [],
    ...routes,
  });
}

describe('Admin › Teams', () => {
  it('adds a team; making someone lead makes them a member, and a member removed stops leading', async () => {
    const { callsTo } = directoryApi({
      'POST /api/teams': (call) =>
        json(
          {
            id: '20000000-0000-4000-8000-000000000009',
            leadIds: [],
            memberIds: [],
            ...(call.body as object),
          },
          201,
        ),
    });
    renderApp('/admin/teams');
    await screen.findByRole('button', { name: 'Edit Facilities' });
    fireEvent.click(screen.getByRole('button', { name: 'Add a team' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add a team' });
    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: 'Wellness' } });
    const add = within(dialog).getByRole('combobox', { name: 'Add a person' });
    fireEvent.keyDown(add, { key: 'ArrowDown' });
    await waitFor(() => expect(add.getAttribute('aria-expanded')).toBe('true'));
    // Deactivated people are not offered for a new team.
    expect(
      within(dialog)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Priya Natarajan, Staff · Facilities', 'Tom Becker, Staff']);
    expect(within(dialog).queryByRole('group', { name: 'Jordan Blake' })).toBeNull();
    // Added one by one: by keyboard, then by mouse; each joins as a member and leaves the list.
    fireEvent.keyDown(add, { key: 'Enter' });
    expect(within(dialog).getByText(/1 member, 0 leads\./)).toBeTruthy();
    fireEvent.change(add, { target: { value: 'to' } });
    expect(
      within(dialog)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Tom Becker, Staff']);
    fireEvent.click(within(dialog).getByRole('option', { name: /^Tom Becker/ }));
    expect((add as HTMLInputElement).value).toBe('');
    expect(within(dialog).getByText(/2 members, 0 leads\./)).toBeTruthy();
    const priyaRow = within(dialog).getByRole('group', { name: 'Priya Natarajan' });
    const tomRow = within(dialog).getByRole('group', { name: 'Tom Becker' });
    fireEvent.click(within(priyaRow).getByRole('checkbox', { name: 'Lead' }));
    expect(
      (within(priyaRow).getByRole('checkbox', { name: 'Member' }) as HTMLInputElement).checked,
    ).toBe(true);
    fireEvent.click(within(tomRow).getByRole('checkbox', { name: 'Lead' }));
    fireEvent.click(within(tomRow).getByRole('checkbox', { name: 'Member' }));
    expect(
      (within(tomRow).getByRole('checkbox', { name: 'Lead' }) as HTMLInputElement).checked,
    ).toBe(false);
    expect(within(dialog).getByText(/1 member, 1 lead\./)).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add team' }));
    await screen.findByText('Wellness was added.');
    expect(callsTo('POST', '/api/teams')[0]!.body).toEqual({
      name: 'Wellness',
      memberIds: [priya.id],
      leadIds: [priya.id],
    });
  });

  it('names the person a refusal is about, from its place in the list sent', async () => {
    directoryApi({
      [`PATCH /api/teams/${facilitiesId}`]: () =>
        problemResponse(400, 'VALIDATION_FAILED', 'Bad Request', {
          errors: [{ path: 'leadIds.0', message: 'A lead must be a member of the team' }],
        }),
    });
    renderApp('/admin/teams');
    fireEvent.click(await screen.findByRole('button', { name: 'Edit Facilities' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit Facilities' });
    // A deactivated member is still shown, so saving does not drop them unseen.
    expect(within(dialog).getByRole('group', { name: 'Jordan Blake' })).toBeTruthy();
    const priyaRow = within(dialog).getByRole('group', { name: 'Priya Natarajan' });
    fireEvent.click(within(priyaRow).getByRole('checkbox', { name: 'Lead' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await within(dialog).findByText('Priya Natarajan: A lead must be a member of the team');
  });
});

describe('Admin › Categories', () => {
  it('adds a category in a team with an active default owner, sending only the targets changed', async () => {
    const { callsTo } = directoryApi({
      'POST /api/categories': (call) =>
        json(aCategory({ ...(call.body as Partial<Category>), targets: [] }), 201),
    });
    renderApp('/admin/categories');
    await screen.findByText('No categories yet');
    fireEvent.click(screen.getByRole('button', { name: 'Add a category' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add a category' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add category' }));
    expect(within(dialog).getByText('Required')).toBeTruthy();
    expect(within(dialog).getByText('Choose the team it routes to')).toBeTruthy();

    fireEvent.change(within(dialog).getByLabelText('Name'), {
      target: { value: 'Massage chairs' },
    });
    fireEvent.change(within(dialog).getByLabelText('Team'), { target: { value: facilitiesId } });
    const owner = within(dialog).getByRole('combobox', { name: 'Default owner (optional)' });
    expect(owner.getAttribute('placeholder')).toBe('No default owner');
    fireEvent.keyDown(owner, { key: 'ArrowDown' });
    await waitFor(() => expect(owner.getAttribute('aria-expanded')).toBe('true'));
    // The team's own people first; nobody deactivated.
    const list = within(dialog).getByRole('listbox', { name: 'Suggestions' });
    const groups = within(list).getAllByRole('group');
    expect(
      groups.map((g) => [
        document.getElementById(g.getAttribute('aria-labelledby')!)?.textContent,
        within(g)
          .getAllByRole('option')
          .map((o) => o.textContent),
      ]),
    ).toEqual([
      ['In Facilities', ['Priya Natarajan, Staff · Facilities']],
      ['Everyone else', ['Tom Becker, Staff']],
    ]);
    fireEvent.keyDown(owner, { key: 'Enter' });
    expect((owner as HTMLInputElement).value).toBe('Priya Natarajan');

    const high = within(dialog).getByRole('group', { name: 'High' });
    const ownWithin = within(high).getByLabelText('Own within') as HTMLInputElement;
    expect(ownWithin.value).toBe('4');
    expect((within(high).getByLabelText('Own within: unit') as HTMLSelectElement).value).toBe(
      'hours',
    );
    fireEvent.change(ownWithin, { target: { value: '' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add category' }));
    expect(within(high).getByText('Enter a time of at least a minute')).toBeTruthy();
    expect(document.activeElement).toBe(ownWithin);
    expect(callsTo('POST', '/api/categories')).toHaveLength(0);

    fireEvent.change(ownWithin, { target: { value: '1,5' } });
    expect(within(high).getByText('1 h 30 min: someone owns it')).toBeTruthy();
    fireEvent.change(within(high).getByLabelText('Resolve within: unit'), {
      target: { value: 'hours' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add category' }));
    await screen.findByText('Massage chairs was added.');
    expect(callsTo('POST', '/api/categories')[0]!.body).toEqual({
      name: 'Massage chairs',
      teamId: facilitiesId,
      defaultOwnerId: priya.id,
      active: true,
      // 3 (days, as it was) read as hours: 180 minutes.
      targets: [
        {
          priority: 'high',
          ownWithinMinutes: 90,
          quietForMinutes: 1440,
          resolveWithinMinutes: 180,
        },
      ],
    });
  });

  it('shows targets in hours and days, warns of a deactivated default owner, and edits only what changed', async () => {
    const equipment = aCategory({
      name: 'Equipment',
      teamId: facilitiesId,
      defaultOwnerId: jordan.id,
    });
    const { callsTo } = directoryApi({
      'GET /api/categories': [equipment],
      [`PATCH /api/categories/${equipment.id}`]: (call) =>
        json({ ...equipment, ...(call.body as object) }),
    });
    renderApp('/admin/categories');
    const table = await screen.findByRole('table', { name: 'Service targets of Equipment' });
    const rows = within(table)
      .getAllByRole('row')
      .map((r) => r.textContent);
    expect(rows).toEqual([
      'PriorityOwn withinQuiet forResolve within',
      'Urgent1 h4 h1 d',
      'High4 h1 d3 d',
      'Normal1 d3 d7 d',
      'Low3 d7 d30 d',
    ]);
    expect(
      screen.getByText('Jordan Blake is deactivated: new requests wait to be taken'),
    ).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Edit Equipment' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit Equipment' });
    const owner = within(dialog).getByRole('combobox', { name: 'Default owner (optional)' });
    expect((owner as HTMLInputElement).value).toBe('Jordan Blake');
    expect(within(dialog).getByText('Staff · Facilities · deactivated')).toBeTruthy();
    const urgent = within(dialog).getByRole('group', { name: 'Urgent' });
    fireEvent.change(within(urgent).getByLabelText('Resolve within'), { target: { value: '2' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await screen.findByText('Equipment was saved.');
    expect(callsTo('PATCH', `/api/categories/${equipment.id}`)[0]!.body).toEqual({
      targets: [
        {
          priority: 'urgent',
          ownWithinMinutes: 60,
          quietForMinutes: 240,
          resolveWithinMinutes: 2880,
        },
      ],
    });
  });
});

describe('Admin › Locations', () => {
  const pool: Location = aLocation({ name: 'Pool deck' });

  it('deactivates a location only after a confirm that says what that does', async () => {
    const { callsTo } = directoryApi({
      'GET /api/locations': [pool],
      [`PATCH /api/locations/${pool.id}`]: (call) => json({ ...pool, ...(call.body as object) }),
    });
    renderApp('/admin/locations');
    fireEvent.click(await screen.findByRole('button', { name: 'Deactivate Pool deck' }));
    const dialog = await screen.findByRole('dialog', { name: 'Deactivate Pool deck?' });
    expect(dialog.textContent).toContain('Requests that name it keep it');
    expect(callsTo('PATCH', `/api/locations/${pool.id}`)).toHaveLength(0);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Deactivate Pool deck' }));
    await screen.findByText('Pool deck was deactivated.');
    expect(callsTo('PATCH', `/api/locations/${pool.id}`)[0]!.body).toEqual({ active: false });
  });

  it('shows a taken name next to the field', async () => {
    directoryApi({
      'GET /api/locations': [pool],
      [`PATCH /api/locations/${pool.id}`]: () =>
        problemResponse(409, 'NAME_TAKEN', 'Conflict', {
          errors: [{ path: 'name', message: 'Already taken' }],
        }),
    });
    renderApp('/admin/locations');
    fireEvent.click(await screen.findByRole('button', { name: 'Rename Pool deck' }));
    const dialog = await screen.findByRole('dialog', { name: 'Rename Pool deck' });
    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: 'Gym' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Rename' }));
    await within(dialog).findByText('This name is already taken: choose another');
    expect(within(dialog).getByLabelText('Name').getAttribute('aria-invalid')).toBe('true');
  });
});

describe('Admin › Settings', () => {
  const settings: OrganisationSettings = {
    organisationName: 'Lakeside Community Center',
    autoConfirmDays: 5,
    reopenWindowDays: 14,
  };

  it('checks the days with the contract, and sends only what changed', async () => {
    const { callsTo } = directoryApi({
      'GET /api/settings': settings,
      'PATCH /api/settings': (call) => json({ ...settings, ...(call.body as object) }),
    });
    renderApp('/admin/settings');
    const days = (await screen.findByLabelText(
      'Confirm automatically after (days)',
    )) as HTMLInputElement;
    expect(days.value).toBe('5');
    fireEvent.change(days, { target: { value: '0' } });
    fireEvent.change(screen.getByLabelText('Reopen window (days)'), { target: { value: 'two' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(screen.getByText('Too small: expected number to be >=1')).toBeTruthy();
    expect(screen.getByText('Enter a whole number of days')).toBeTruthy();
    expect(document.activeElement).toBe(days);
    expect(callsTo('PATCH', '/api/settings')).toHaveLength(0);

    fireEvent.change(days, { target: { value: '7' } });
    fireEvent.change(screen.getByLabelText('Reopen window (days)'), { target: { value: '14' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await screen.findByText('The settings were saved. They apply at once.');
    expect(callsTo('PATCH', '/api/settings')[0]!.body).toEqual({ autoConfirmDays: 7 });
    await waitFor(() => expect(days.value).toBe('7'));
  });
});
