import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { aMe, aRequest, type Call, json, renderApp, stubApi, time } from './helpers';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const owned = [
  aRequest({ key: 'REQ-1', title: 'Quiet and fine', nextFollowUpAt: time.ahead(3 * time.day) }),
  aRequest({
    key: 'REQ-2',
    title: 'Follow-up due soon',
    nextFollowUpAt: time.ahead(2 * time.hour),
  }),
  aRequest({
    key: 'REQ-3',
    title: 'Stalled one',
    stalled: [{ reason: 'no_activity', since: time.ago(time.day) }],
  }),
];

function myWorkApi() {
  return stubApi({
    'GET /api/auth/me': aMe({ name: 'Olive Owner' }),
    'GET /api/requests': (call: Call) => {
      const p = call.url.searchParams;
      if (p.get('owner') === 'me') return json({ items: owned, nextCursor: null });
      if (p.get('requester') === 'me' && p.get('status') === 'resolved') {
        return json({
          items: [aRequest({ key: 'REQ-5', title: 'Fixed the sauna', status: 'resolved' })],
          nextCursor: null,
        });
      }
      return json({ items: [], nextCursor: null });
    },
  });
}

describe('My work', () => {
  it('lists what I own, needing-attention first, and what awaits my confirmation', async () => {
    const api = myWorkApi();
    renderApp('/');

    await screen.findByRole('heading', { level: 1, name: 'My work' });
    expect(screen.getByText(/Hello Olive\./)).toBeTruthy();
    const mine = screen.getByRole('region', { name: /Requests I own/ });
    await within(mine).findByRole('link', { name: 'Stalled one' });
    const titles = within(mine)
      .getAllByRole('link')
      .filter((a) => a.getAttribute('href')?.startsWith('/requests/REQ-'));
    expect(titles.map((a) => a.textContent)).toEqual([
      'Stalled one',
      'Follow-up due soon',
      'Quiet and fine',
    ]);

    const confirm = screen.getByRole('region', { name: /Awaiting my confirmation/ });
    expect(await within(confirm).findByRole('link', { name: 'Fixed the sauna' })).toBeTruthy();

    const logged = screen.getByRole('region', { name: /Requests I logged/ });
    expect(await within(logged).findByText('You have no open requests')).toBeTruthy();

    const queries = api.callsTo('GET', '/api/requests').map((c) => c.url.searchParams.toString());
    expect(queries).toContain('owner=me&status=open&sort=target&limit=20');
    expect(queries).toContain('requester=me&status=resolved&sort=-updated&limit=20');
    expect(queries).toContain('requester=me&status=open&sort=-updated&limit=20');
  });
});

describe('The frame of the app', () => {
  it('has a skip link, landmarks, the signed-in person and the navigation', async () => {
    myWorkApi();
    const { router } = renderApp('/');
    await screen.findByRole('heading', { level: 1, name: 'My work' });

    const skip = screen.getByRole('link', { name: 'Skip to main content' });
    expect(skip.getAttribute('href')).toBe('#main');
    expect(screen.getByRole('main').id).toBe('main');
    expect(screen.getByRole('banner').textContent).toContain('Olive Owner');
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('link', { name: 'My work' }).getAttribute('aria-current')).toBe(
      'page',
    );

    fireEvent.click(within(nav).getByRole('link', { name: 'Open items' }));
    const heading = await screen.findByRole('heading', { level: 1, name: 'Open items' });
    expect(router.state.location.pathname).toBe('/requests');
    // Focus moves to the new screen's heading, so keyboard users start there.
    await waitFor(() => expect(document.activeElement).toBe(heading));
    expect(document.title).toBe('Open items · Followthrough');
  });
});
