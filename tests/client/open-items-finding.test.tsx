import { requestSummary } from '@followthrough/shared';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { rangeText } from '../../client/src/features/requests/open-items-page';
import {
  aCategory,
  aMe,
  aPerson,
  aRequest,
  type Call,
  json,
  renderApp,
  stubApi,
  time,
} from './helpers';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

// The summary may carry fields added since these fixtures were written; name them as null.
const extra = 'registeredAsset' in requestSummary.shape ? { registeredAsset: null } : {};
const req = (over: Parameters<typeof aRequest>[0] = {}) => aRequest({ ...extra, ...over });

const equipment = aCategory({ name: 'Equipment' });
const olive = aPerson({ name: 'Olive Owner' });
const pool = { id: '0b6c3f5e-7c1d-4b3a-9f2e-1a2b3c4d5e6f', name: 'Pool', active: true };
const facilities = {
  id: '1c7d4a6f-8d2e-4c4b-8a3f-2b3c4d5e6f70',
  name: 'Facilities',
  active: true,
};

function api(list: (call: Call) => Response) {
  return stubApi({
    'GET /api/auth/me': aMe(),
    'GET /api/categories': [equipment],
    'GET /api/people': [olive],
    'GET /api/locations': [pool],
    'GET /api/teams': [facilities],
    'GET /api/requests': list,
  });
}

const listCalls = (calls: Call[]) => calls.filter((c) => c.url.pathname === '/api/requests');
const table = () => screen.getByRole('table', { name: 'Open items' });

describe('rangeText', () => {
  it('says the exact total, and an estimate in words', () => {
    expect(rangeText(50, { count: 132, exact: true })).toBe('1–50 of 132');
    expect(rangeText(50, { count: 9_999, exact: true })).toBe('1–50 of 9,999');
    expect(rangeText(50, { count: 1_234_567, exact: false })).toBe('1–50 of about 1.2 million');
    expect(rangeText(50, { count: 48_210, exact: false })).toBe('1–50 of about 48.2 thousand');
  });
});

describe('Open items: finding things', () => {
  it('asks for the total and shows "1–N of total"', async () => {
    const stub = api(() =>
      json({
        items: [req({ title: 'Pool pump is loud' })],
        nextCursor: 'next',
        total: { count: 1_200_000, exact: false },
      }),
    );
    renderApp('/requests');
    await screen.findByRole('link', { name: 'Pool pump is loud' });
    expect(screen.getByText('1–1 of about 1.2 million')).toBeTruthy();
    expect(listCalls(stub.calls)[0]!.url.searchParams.get('count')).toBe('true');
  });

  it('sorts by a column header, saying so with aria-sort and keeping it in the URL', async () => {
    const stub = api(() => json({ items: [req({ title: 'One' })], nextCursor: null }));
    const { router } = renderApp('/requests');
    await screen.findByRole('link', { name: 'One' });
    const header = (name: string) =>
      within(table()).getByRole('columnheader', { name: new RegExp(`^${name}`) });
    expect(header('Age').getAttribute('aria-sort')).toBe('descending');
    expect(header('Target').getAttribute('aria-sort')).toBe('none');

    fireEvent.click(within(header('Target')).getByRole('button', { name: 'Target' }));
    await waitFor(() => expect(router.state.location.search).toBe('?sort=target'));
    await waitFor(() => expect(header('Target').getAttribute('aria-sort')).toBe('ascending'));
    expect(header('Age').getAttribute('aria-sort')).toBe('none');
    await waitFor(() =>
      expect(listCalls(stub.calls).at(-1)!.url.searchParams.get('sort')).toBe('target'),
    );

    fireEvent.click(within(header('Target')).getByRole('button', { name: 'Target' }));
    await waitFor(() => expect(router.state.location.search).toBe('?sort=-target'));
    expect(header('Target').getAttribute('aria-sort')).toBe('descending');

    fireEvent.click(within(header('Priority')).getByRole('button', { name: 'Priority' }));
    await waitFor(() => expect(router.state.location.search).toBe('?sort=-priority'));
    fireEvent.click(within(header('Updated')).getByRole('button', { name: 'Updated' }));
    await waitFor(() => expect(router.state.location.search).toBe('?sort=-updated'));
  });

  it('filters by location, team and the person who logged it, in the URL', async () => {
    const stub = api(() => json({ items: [], nextCursor: null }));
    const { router } = renderApp(`/requests?location=${pool.id}`);
    await screen.findByText('No requests match this view');
    await waitFor(() =>
      expect((screen.getByLabelText('Location') as HTMLSelectElement).value).toBe(pool.id),
    );
    expect(listCalls(stub.calls)[0]!.url.searchParams.get('location')).toBe(pool.id);

    fireEvent.change(screen.getByLabelText('Team'), { target: { value: facilities.id } });
    await waitFor(() =>
      expect(router.state.location.search).toBe(`?location=${pool.id}&team=${facilities.id}`),
    );
    await waitFor(() =>
      expect((screen.getByLabelText('Logged by') as HTMLSelectElement).options.length).toBe(3),
    );
    fireEvent.change(screen.getByLabelText('Logged by'), { target: { value: olive.id } });
    await waitFor(() => {
      const query = listCalls(stub.calls).at(-1)!.url.searchParams;
      expect(query.get('requester')).toBe(olive.id);
      expect(query.get('team')).toBe(facilities.id);
      expect(query.get('location')).toBe(pool.id);
    });
  });

  it('counts down to the target: "breaches in" ahead, "breached … ago" past, exact in title', async () => {
    api(() =>
      json({
        items: [
          req({
            key: 'REQ-1',
            title: 'Soon',
            status: 'new',
            targetAt: time.ahead(3 * time.hour + 60_000),
          }),
          req({
            key: 'REQ-2',
            title: 'Late',
            status: 'new',
            targetAt: time.ago(2 * time.hour + 60_000),
          }),
        ],
        nextCursor: null,
      }),
    );
    renderApp('/requests');
    await screen.findByRole('link', { name: 'Soon' });
    const soon = screen.getByText('breaches in 3 h');
    expect(soon.getAttribute('title')).toMatch(/\d/);
    const late = screen.getByText('breached 2 h ago');
    expect(late.className).toContain('text-danger');
  });
});
