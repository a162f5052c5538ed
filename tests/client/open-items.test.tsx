import { requestSummary } from '@followthrough/shared';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  aCategory,
  aMe,
  aPerson,
  aRequest,
  type Call,
  json,
  problemResponse,
  renderApp,
  stubApi,
  time,
} from './helpers';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

// The summary may carry fields added since these fixtures were written; name them as null.
const extra = 'registeredAsset' in requestSummary.shape ? { registeredAsset: null } : {};
const req = (over: Parameters<typeof aRequest>[0] = {}) => aRequest({ ...extra, ...over });

const equipment = aCategory({ name: 'Equipment' });
const aquatics = aCategory({ name: 'Aquatics' });
const olive = aPerson({ name: 'Olive Owner' });

function api(list: (call: Call) => Response) {
  return stubApi({
    'GET /api/auth/me': aMe(),
    'GET /api/categories': [equipment, aquatics],
    'GET /api/people': [olive],
    'GET /api/requests': list,
  });
}

const listCalls = (calls: Call[]) => calls.filter((c) => c.url.pathname === '/api/requests');
const table = () => screen.getByRole('table', { name: 'Open items' });

describe('Open items', () => {
  it('renders the filters from the URL and asks the API for that view', async () => {
    const stub = api(() => json({ items: [], nextCursor: null }));
    renderApp(
      `/requests?q=pump&status=waiting&owner=none&category=${aquatics.id}&priority=high&stalled=true&sort=target`,
    );

    await screen.findByText('No requests match this view');
    expect((screen.getByRole('searchbox', { name: 'Search' }) as HTMLInputElement).value).toBe(
      'pump',
    );
    expect((screen.getByLabelText('Status') as HTMLSelectElement).value).toBe('waiting');
    expect((screen.getByLabelText('Owner') as HTMLSelectElement).value).toBe('none');
    await waitFor(() =>
      expect((screen.getByLabelText('Category') as HTMLSelectElement).value).toBe(aquatics.id),
    );
    expect((screen.getByLabelText('Priority') as HTMLSelectElement).value).toBe('high');
    expect((screen.getByLabelText('Stalled') as HTMLSelectElement).value).toBe('any');
    expect((screen.getByLabelText('Sort by') as HTMLSelectElement).value).toBe('target');

    const query = listCalls(stub.calls)[0]!.url.searchParams;
    expect(query.get('q')).toBe('pump');
    expect(query.getAll('status')).toEqual(['waiting']);
    expect(query.get('owner')).toBe('none');
    expect(query.get('category')).toBe(aquatics.id);
    expect(query.get('priority')).toBe('high');
    expect(query.get('stalled')).toBe('true');
    expect(query.get('sort')).toBe('target');
    expect(query.get('cursor')).toBeNull();
  });

  it('shows open requests by default and ignores filter values the API would refuse', async () => {
    const stub = api(() => json({ items: [], nextCursor: null }));
    renderApp('/requests?status=bogus&owner=somebody&priority=extreme&sort=sideways');

    await screen.findByText('Nothing is open');
    expect((screen.getByLabelText('Status') as HTMLSelectElement).value).toBe('open');
    const query = listCalls(stub.calls)[0]!.url.searchParams;
    expect(query.getAll('status')).toEqual(['open']);
    expect(query.has('owner')).toBe(false);
    expect(query.has('priority')).toBe(false);
    expect(query.get('sort')).toBe('-created');
  });

  it('lists key, title, owner, status, age, follow-up, target and stalled reasons', async () => {
    api(() =>
      json({
        items: [
          req({
            key: 'REQ-12',
            title: 'Pool pump is loud',
            owner: null,
            status: 'new',
            priority: 'urgent',
            createdAt: time.ago(3 * time.day),
            targetAt: time.ago(time.day),
            stalled: [
              { reason: 'unowned', since: time.ago(2 * time.day) },
              { reason: 'past_target', since: time.ago(time.day) },
            ],
          }),
          req({
            key: 'REQ-9',
            title: 'Locker 12 will not lock',
            status: 'waiting',
            nextFollowUpAt: time.ago(5 * time.hour),
          }),
        ],
        nextCursor: null,
      }),
    );
    renderApp('/requests');

    await screen.findByRole('link', { name: 'Pool pump is loud' });
    const rows = within(table()).getAllByRole('row');
    expect(rows).toHaveLength(3);
    const headers = within(rows[0]!)
      .getAllByRole('columnheader')
      .map((h) => h.textContent);
    expect(headers).toEqual([
      'Key',
      'Title',
      'Owner',
      'Status',
      'Age',
      'Next follow-up',
      'Target',
      'Priority',
      'Updated',
      'Stalled',
    ]);

    const first = within(rows[1]!);
    expect(first.getByText('REQ-12')).toBeTruthy();
    expect(first.getByRole('link', { name: 'Pool pump is loud' }).getAttribute('href')).toBe(
      '/requests/REQ-12',
    );
    expect(first.getByText('Unowned')).toBeTruthy();
    expect(first.getByText('New')).toBeTruthy();
    expect(first.getAllByText('Urgent').length).toBeGreaterThan(0);
    expect(first.getByText('3 d')).toBeTruthy();
    expect(first.getByText('breached 1 d ago').getAttribute('title')).toBeTruthy();
    const stalled = first.getByRole('list', { name: 'Stalled' });
    expect(
      within(stalled)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['No owner · 2 d', 'Past target · 1 d']);
    const [unowned] = within(stalled).getAllByRole('listitem');
    expect(unowned!.querySelector('.badge')!.getAttribute('title')).toContain(
      'Nobody has taken ownership within the time its priority allows.',
    );

    const second = within(rows[2]!);
    expect(second.getByText('Waiting')).toBeTruthy();
    expect(second.getByText('5 h overdue')).toBeTruthy();
    expect(screen.getByText('2 requests')).toBeTruthy();
  });

  it('loads the next page with the cursor and appends it', async () => {
    const stub = api((call) =>
      call.url.searchParams.get('cursor') === 'page-2'
        ? json({ items: [req({ key: 'REQ-1', title: 'Oldest one' })], nextCursor: null })
        : json({ items: [req({ key: 'REQ-2', title: 'Newest one' })], nextCursor: 'page-2' }),
    );
    renderApp('/requests?owner=me');

    await screen.findByRole('link', { name: 'Newest one' });
    expect(screen.getByText('Showing the first 1 requests')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));

    await screen.findByRole('link', { name: 'Oldest one' });
    expect(screen.getByRole('link', { name: 'Newest one' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
    const second = listCalls(stub.calls).at(-1)!.url.searchParams;
    expect(second.get('cursor')).toBe('page-2');
    expect(second.get('owner')).toBe('me');
  });

  it('writes a changed filter to the URL so the view can be shared', async () => {
    const stub = api(() => json({ items: [], nextCursor: null }));
    const { router } = renderApp('/requests');
    await screen.findByText('Nothing is open');

    fireEvent.change(screen.getByLabelText('Stalled'), { target: { value: 'handoff_overdue' } });
    await waitFor(() => expect(router.state.location.search).toBe('?reason=handoff_overdue'));
    await waitFor(() =>
      expect(listCalls(stub.calls).at(-1)!.url.searchParams.get('reason')).toBe('handoff_overdue'),
    );

    fireEvent.change(screen.getByLabelText('Owner'), { target: { value: olive.id } });
    await waitFor(() =>
      expect(router.state.location.search).toBe(`?owner=${olive.id}&reason=handoff_overdue`),
    );

    fireEvent.click(screen.getAllByRole('button', { name: 'Clear filters' })[0]!);
    await waitFor(() => expect(router.state.location.search).toBe(''));
  });

  it('searches after a pause in typing, and at once on Enter', async () => {
    const stub = api(() => json({ items: [], nextCursor: null }));
    const { router } = renderApp('/requests');
    await screen.findByText('Nothing is open');
    const search = screen.getByRole('searchbox', { name: 'Search' });

    fireEvent.change(search, { target: { value: 'treadmill' } });
    expect(router.state.location.search).toBe('');
    await waitFor(() => expect(router.state.location.search).toBe('?q=treadmill'));

    fireEvent.change(search, { target: { value: 'REQ-12' } });
    fireEvent.keyDown(search, { key: 'Enter' });
    await waitFor(() => expect(router.state.location.search).toBe('?q=REQ-12'));
    await waitFor(() =>
      expect(listCalls(stub.calls).at(-1)!.url.searchParams.get('q')).toBe('REQ-12'),
    );
  });

  it('explains a failed load and tries again on request', async () => {
    let fail = true;
    api(() =>
      fail
        ? problemResponse(500, 'INTERNAL', 'Internal Server Error')
        : json({ items: [req({ title: 'Back again' })], nextCursor: null }),
    );
    renderApp('/requests');

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The requests could not be loaded');
    fail = false;
    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    await screen.findByRole('link', { name: 'Back again' });
  });
});
