import {
  type SavedViewWithCount,
  savedView,
  savedViewWithCount,
  streamEventTypes,
} from '@followthrough/shared';
import { QueryClient } from '@tanstack/react-query';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { refreshChanged } from '../../client/src/app/live-events';
import {
  aCategory,
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

const facilities = { id: '00000000-0000-4000-8000-0000000000f1', name: 'Facilities' };
const equipment = aCategory({ name: 'Equipment' });
const olive = aPerson({ name: 'Olive Owner' });
const lead = aMe({
  name: 'Lee Lead',
  role: 'lead',
  teams: [{ ...facilities, isLead: true }],
});
const staff = aMe({ name: 'Sam Staff', teams: [{ ...facilities, isLead: false }] });

let n = 0;
function aView(over: Partial<SavedViewWithCount> = {}): SavedViewWithCount {
  n += 1;
  return fromContract(savedViewWithCount, {
    id: `00000000-0000-4000-8000-${String(900 + n).padStart(12, '0')}`,
    name: `View ${n}`,
    filters: { status: ['open'] },
    ownerId: lead.id,
    sharedWithTeamId: null,
    createdAt: '2026-03-02T09:00:00.000Z',
    updatedAt: '2026-03-02T09:00:00.000Z',
    owner: { id: lead.id, name: lead.name, active: true },
    sharedWithTeam: null,
    editable: true,
    count: 0,
    capped: false,
    ...over,
  });
}

/** The API with a views store that POST, PATCH and DELETE change, as the server would. */
function api(me = lead, initial: SavedViewWithCount[] = []) {
  let views = [...initial];
  const stub = stubApi({
    'GET /api/auth/me': me,
    'GET /api/categories': [equipment],
    'GET /api/people': [olive],
    'GET /api/requests': { items: [], nextCursor: null },
    'GET /api/views': () => json({ items: views }),
    'POST /api/views': (call: Call) => {
      const body = call.body as { name: string; sharedWithTeamId?: string };
      if (views.some((v) => v.name.toLowerCase() === body.name.toLowerCase())) {
        return problemResponse(409, 'NAME_TAKEN', 'Conflict', {
          detail: `You already have a view named ${body.name}.`,
          errors: [{ path: 'name', message: 'You already have a view of this name' }],
        });
      }
      const created = aView({
        name: body.name,
        sharedWithTeamId: body.sharedWithTeamId ?? null,
        sharedWithTeam: body.sharedWithTeamId ? facilities : null,
        count: 4,
      });
      views = [...views, created];
      const {
        owner: _o,
        sharedWithTeam: _t,
        editable: _e,
        count: _c,
        capped: _p,
        ...wire
      } = created;
      return json(fromContract(savedView, wire), 201);
    },
  });
  const routes = (method: string, handler: (id: string, call: Call) => Response) => {
    const inner = stub.fetch.getMockImplementation()!;
    stub.fetch.mockImplementation(async (input, init = {}) => {
      const url = new URL(String(input), 'http://localhost');
      const match = /^\/api\/views\/([^/]+)$/.exec(url.pathname);
      if (match && (init.method ?? 'GET').toUpperCase() === method) {
        const body = typeof init.body === 'string' ? JSON.parse(init.body) : undefined;
        stub.calls.push({ method, url, headers: new Headers(init.headers), body });
        return handler(match[1]!, { method, url, headers: new Headers(init.headers), body });
      }
      return inner(input, init);
    });
  };
  routes('PATCH', (id, call) => {
    views = views.map((v) => (v.id === id ? { ...v, ...(call.body as object) } : v));
    return json(views.find((v) => v.id === id));
  });
  routes('DELETE', (id) => {
    views = views.filter((v) => v.id !== id);
    return new Response(null, { status: 204 });
  });
  return { ...stub, views: () => views };
}

const savedViewsNav = () => screen.getByRole('navigation', { name: 'Saved views' });
const viewsCalls = (calls: Call[]) =>
  calls.filter((c) => c.method === 'GET' && c.url.pathname === '/api/views');

async function openViewsMenu() {
  const toggle = await within(
    await screen.findByRole('navigation', { name: 'Saved views' }),
  ).findByRole('button', { name: 'Views' });
  if (toggle.getAttribute('aria-expanded') !== 'true') fireEvent.click(toggle);
  return toggle;
}

describe('Save view on Open items', () => {
  it('saves the filters shown under a name, shared with a team the lead leads', async () => {
    const stub = api();
    renderApp(`/requests?status=waiting&priority=high&category=${equipment.id}&sort=target`);
    await screen.findByRole('heading', { level: 1, name: 'Open items' });
    // No views yet: the navigation has no Views group to show.
    expect(screen.queryByRole('navigation', { name: 'Saved views' })).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Save view' }));
    const dialog = await screen.findByRole('dialog', { name: 'Save this view' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save view' }));
    expect(within(dialog).getByText('Give the view a name')).toBeTruthy();
    expect(stub.callsTo('POST', '/api/views')).toHaveLength(0);

    fireEvent.change(within(dialog).getByLabelText('Name'), {
      target: { value: 'Waiting on parts' },
    });
    const share = within(dialog).getByLabelText(/Share with team/) as HTMLSelectElement;
    expect([...share.options].map((o) => o.text)).toEqual(['Only me', 'Facilities']);
    fireEvent.change(share, { target: { value: facilities.id } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save view' }));

    await screen.findByText(/Saved “Waiting on parts”/);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(stub.callsTo('POST', '/api/views').map((c) => c.body)).toEqual([
      {
        name: 'Waiting on parts',
        filters: { status: 'waiting', priority: 'high', category: equipment.id, sort: 'target' },
        sharedWithTeamId: facilities.id,
      },
    ]);

    // The new view is in the navigation at once, with its count.
    await openViewsMenu();
    const link = within(savedViewsNav()).getByRole('link', { name: /Waiting on parts/ });
    expect(link.textContent).toContain('4');
  });

  it('keeps a view to its owner, offering no sharing to someone who leads no team', async () => {
    const stub = api(staff);
    renderApp('/requests?owner=me');
    fireEvent.click(await screen.findByRole('button', { name: 'Save view' }));
    const dialog = await screen.findByRole('dialog', { name: 'Save this view' });
    expect(within(dialog).queryByLabelText(/Share with team/)).toBeNull();
    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: 'Mine' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save view' }));
    await screen.findByText(/Saved “Mine”/);
    expect(stub.callsTo('POST', '/api/views')[0]!.body).toEqual({
      name: 'Mine',
      filters: { status: 'open', owner: 'me', sort: '-created' },
    });
  });

  it('says at the name when the person already has a view of that name', async () => {
    api(lead, [aView({ name: 'Urgent' })]);
    renderApp('/requests?priority=urgent');
    fireEvent.click(await screen.findByRole('button', { name: 'Save view' }));
    const dialog = await screen.findByRole('dialog', { name: 'Save this view' });
    const name = within(dialog).getByLabelText('Name');
    fireEvent.change(name, { target: { value: 'urgent' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save view' }));
    expect(await within(dialog).findByText('You already have a view of this name')).toBeTruthy();
    expect(name.getAttribute('aria-invalid')).toBe('true');
  });
});

describe('Views in the navigation', () => {
  it('lists each view with its count, and opens Open items with its filters', async () => {
    const mine = aView({
      name: 'My stalled equipment',
      filters: { status: ['open'], owner: 'me', category: [equipment.id], stalled: 'true' },
      count: 1000,
      capped: true,
    });
    const shared = aView({
      name: 'Everything, oldest first',
      filters: { sort: 'created' },
      ownerId: olive.id,
      owner: { id: olive.id, name: olive.name, active: true },
      sharedWithTeamId: facilities.id,
      sharedWithTeam: facilities,
      editable: false,
      count: 1,
    });
    const stub = api(staff, [mine, shared]);
    const { router } = renderApp('/');
    await openViewsMenu();
    const links = within(savedViewsNav()).getAllByRole('link');
    expect(links.map((l) => l.textContent)).toEqual([
      'My stalled equipment, 1000+ requests',
      'Everything, oldest first, 1 request',
      'Manage views',
    ]);

    fireEvent.click(links[0]!);
    await screen.findByRole('heading', { level: 1, name: 'Open items' });
    expect(router.state.location.pathname).toBe('/requests');
    const query = stub.callsTo('GET', '/api/requests').at(-1)!.url.searchParams;
    expect(query.getAll('status')).toEqual(['open']);
    expect(query.get('owner')).toBe('me');
    expect(query.get('category')).toBe(equipment.id);
    expect(query.get('stalled')).toBe('true');
    expect((screen.getByLabelText('Owner') as HTMLSelectElement).value).toBe('me');
    expect((screen.getByLabelText('Stalled') as HTMLSelectElement).value).toBe('any');
    // The menu closes once a view is chosen.
    expect(
      within(savedViewsNav()).getByRole('button', { name: 'Views' }).getAttribute('aria-expanded'),
    ).toBe('false');

    // A view without a status filter opens on every status, not on the open ones.
    await openViewsMenu();
    fireEvent.click(
      within(savedViewsNav()).getByRole('link', { name: /Everything, oldest first/ }),
    );
    await waitFor(() => expect(router.state.location.search).toBe('?sort=created&status=all'));
    await waitFor(() => {
      const last = stub.callsTo('GET', '/api/requests').at(-1)!.url.searchParams;
      expect(last.has('status')).toBe(false);
      expect(last.get('sort')).toBe('created');
    });
    expect((screen.getByLabelText('Status') as HTMLSelectElement).value).toBe('all');
  });

  it('sits inside the phone menu, which closes when a view is chosen', async () => {
    api(staff, [aView({ name: 'Mine', filters: { owner: 'me' }, count: 2 })]);
    renderApp('/figures');
    const menuButton = await screen.findByRole('button', { name: /^Menu/ });
    fireEvent.click(menuButton);
    const menu = document.getElementById('site-menu')!;
    const toggle = await openViewsMenu();
    expect(menu.contains(savedViewsNav())).toBe(true);
    // Escape folds the Views group first, leaving the menu open around it.
    fireEvent.keyDown(toggle, { key: 'Escape' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(menuButton.getAttribute('aria-expanded')).toBe('true');
    expect(document.activeElement).toBe(toggle);
    fireEvent.click(toggle);
    fireEvent.click(within(savedViewsNav()).getByRole('link', { name: /Mine/ }));
    await screen.findByRole('heading', { level: 1, name: 'Open items' });
    expect(menuButton.getAttribute('aria-expanded')).toBe('false');
  });

  it('closes on Escape and gives focus back to its button', async () => {
    api(staff, [aView({ name: 'Mine' })]);
    renderApp('/');
    const toggle = await openViewsMenu();
    expect(within(savedViewsNav()).getByRole('link', { name: /Mine/ })).toBeTruthy();
    fireEvent.keyDown(document, { key: 'Escape' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(document.activeElement).toBe(toggle);
    expect(within(savedViewsNav()).queryByRole('link', { name: /Mine/ })).toBeNull();
  });

  it('refetches the counts once for a burst of live request changes', async () => {
    class FakeEventSource {
      static CLOSED = 2;
      static last: FakeEventSource | undefined;
      readyState = 1;
      onopen: (() => void) | null = null;
      onerror: (() => void) | null = null;
      listeners = new Map<string, ((event: MessageEvent) => void)[]>();
      constructor(readonly url: string) {
        FakeEventSource.last = this;
      }
      addEventListener(type: string, fn: (event: MessageEvent) => void) {
        this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
      }
      emit(type: string, data: unknown, id: string) {
        const event = new MessageEvent(type, { data: JSON.stringify(data), lastEventId: id });
        for (const fn of this.listeners.get(type) ?? []) fn(event);
      }
      close() {}
    }
    vi.stubGlobal('EventSource', FakeEventSource);
    const stub = api(staff, [aView({ name: 'Mine', count: 2 })]);
    renderApp('/');
    await openViewsMenu();
    await waitFor(() => expect(FakeEventSource.last).toBeDefined());
    const before = viewsCalls(stub.calls).length;
    for (let i = 1; i <= 5; i += 1) {
      FakeEventSource.last!.emit(
        streamEventTypes.requestChanged,
        { id: `00000000-0000-4000-8000-00000000010${i}`, key: `REQ-${i}`, version: 2 },
        String(i),
      );
    }
    await waitFor(() => expect(viewsCalls(stub.calls).length).toBe(before + 1));
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(viewsCalls(stub.calls).length).toBe(before + 1);
  });

  it('marks the counts stale for any change, the person’s own too', async () => {
    const client = new QueryClient();
    client.setQueryData(['views', 'list'], { items: [] });
    client.setQueryData(['requests', 'detail', 'REQ-1'], { version: 3 });
    await refreshChanged(
      client,
      [{ id: '00000000-0000-4000-8000-000000000001', key: 'REQ-1', version: 3 }],
      { isHeld: () => false, hold: () => {} },
    );
    expect(client.getQueryState(['views', 'list'])?.isInvalidated).toBe(true);
  });
});

describe('Saved views page', () => {
  it('renames and deletes the person’s own views, and only those', async () => {
    const mine = aView({ name: 'Mine', count: 3 });
    const theirs = aView({
      name: 'Team backlog',
      ownerId: olive.id,
      owner: { id: olive.id, name: olive.name, active: true },
      sharedWithTeamId: facilities.id,
      sharedWithTeam: facilities,
      editable: false,
    });
    const stub = api(staff, [mine, theirs]);
    renderApp('/views');
    await screen.findByRole('heading', { level: 1, name: 'Saved views' });
    const list = await screen.findByRole('list', { name: 'Saved views' });
    const [first, second] = within(list).getAllByRole('listitem');
    expect(first!.textContent).toContain('3 requests · Only you');
    expect(second!.textContent).toContain('Shared by Olive Owner with Facilities');
    expect(within(second!).queryByRole('button')).toBeNull();

    fireEvent.click(within(first!).getByRole('button', { name: 'Rename or share Mine' }));
    const dialog = await screen.findByRole('dialog', { name: 'Change “Mine”' });
    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: 'Mine, all' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await screen.findByRole('link', { name: 'Mine, all' });
    expect(stub.callsTo('PATCH', `/api/views/${mine.id}`).map((c) => c.body)).toEqual([
      { name: 'Mine, all' },
    ]);

    fireEvent.click(screen.getByRole('button', { name: 'Delete Mine, all' }));
    const confirm = await screen.findByRole('dialog', { name: 'Delete “Mine, all”?' });
    fireEvent.click(within(confirm).getByRole('button', { name: 'Delete view' }));
    await waitFor(() => expect(screen.queryByRole('link', { name: 'Mine, all' })).toBeNull());
    expect(stub.callsTo('DELETE', `/api/views/${mine.id}`)).toHaveLength(1);
    expect(stub.views().map((v) => v.name)).toEqual(['Team backlog']);
  });

  it('says how views begin when there are none', async () => {
    api(staff, []);
    renderApp('/views');
    expect(await screen.findByText('No saved views yet')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Go to Open items' }).getAttribute('href')).toBe(
      '/requests',
    );
  });
});
