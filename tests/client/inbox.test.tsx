import type { Notification } from '@followthrough/shared';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { aMe, aRequestDetail, json, renderApp, stubApi, time } from './helpers';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const dana = { id: '00000000-0000-4000-8000-00000000d001', name: 'Dana Owner', active: true };

const aNotification = (over: Partial<Notification>): Notification => ({
  id: '1',
  kind: 'offer_received',
  requestId: '00000000-0000-4000-8000-0000000000a1',
  requestKey: 'REQ-7',
  title: 'Treadmill 3 belt slips',
  actor: dana,
  at: time.ago(time.hour),
  readAt: null,
  ...over,
});

describe('Inbox', () => {
  it('groups Today and Earlier, marks unread ones in words, and counts them in the navigation', async () => {
    stubApi({
      'GET /api/auth/me': aMe(),
      'GET /api/notifications': {
        items: [
          aNotification({ id: '3' }),
          aNotification({
            id: '2',
            kind: 'commented',
            requestKey: 'REQ-4',
            title: 'Pool deck drain',
            at: time.ago(3 * time.day),
          }),
          aNotification({
            id: '1',
            kind: 'follow_up_due',
            actor: null,
            at: time.ago(5 * time.day),
            readAt: time.ago(4 * time.day),
          }),
        ],
        nextCursor: null,
        unreadCount: 2,
      },
    });
    renderApp('/inbox');

    await screen.findByRole('heading', { level: 1, name: 'Inbox' });
    const today = await screen.findByRole('region', { name: 'Today' });
    const offer = within(today).getByRole('link', { name: /Dana Owner offered you ownership/ });
    expect(offer.getAttribute('href')).toBe('/requests/REQ-7');
    expect(offer.textContent).toContain('Unread');
    expect(offer.textContent).toContain('Treadmill 3 belt slips');

    const earlier = screen.getByRole('region', { name: 'Earlier' });
    const links = within(earlier).getAllByRole('link');
    expect(links.map((l) => l.textContent)).toEqual([
      'UnreadDana Owner commentedREQ-4 Pool deck drain',
      'Your follow-up is dueREQ-7 Treadmill 3 belt slips',
    ]);
    await screen.findByRole('link', { name: 'Inbox, 2 unread' });
  });

  it('opens a notification at its request and marks it read', async () => {
    const api = stubApi({
      'GET /api/auth/me': aMe(),
      'GET /api/notifications': {
        items: [aNotification({ id: '9' })],
        nextCursor: null,
        unreadCount: 1,
      },
      'POST /api/notifications/9/read': { unreadCount: 0 },
      'GET /api/requests/REQ-7': aRequestDetail({ key: 'REQ-7', title: 'Treadmill 3 belt slips' }),
      'GET /api/requests/:id/events': [],
    });
    const { router } = renderApp('/inbox');

    fireEvent.click(await screen.findByRole('link', { name: /offered you ownership/ }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/requests/REQ-7'));
    await waitFor(() => expect(api.callsTo('POST', '/api/notifications/9/read')).toHaveLength(1));
    await screen.findByRole('link', { name: 'Inbox' });
  });

  it('marks all read', async () => {
    let unread = 2;
    const api = stubApi({
      'GET /api/auth/me': aMe(),
      'GET /api/notifications': () =>
        json({
          items: [
            aNotification({ id: '2', readAt: unread ? null : time.ago(0) }),
            aNotification({ id: '1', readAt: unread ? null : time.ago(0) }),
          ],
          nextCursor: null,
          unreadCount: unread,
        }),
      'POST /api/notifications/read-all': () => {
        unread = 0;
        return json({ unreadCount: 0 });
      },
    });
    renderApp('/inbox');

    await screen.findByRole('link', { name: 'Inbox, 2 unread' });
    // The count is in the frame; the button comes with the inbox screen's own code.
    fireEvent.click(await screen.findByRole('button', { name: 'Mark all read' }));
    await screen.findByText('All notifications are marked read.');
    expect(api.callsTo('POST', '/api/notifications/read-all')).toHaveLength(1);
    await screen.findByRole('link', { name: 'Inbox' });
    expect(screen.queryAllByText('Unread')).toHaveLength(0);
  });

  it('says so when nothing needs the person, and when the inbox cannot load', async () => {
    stubApi({
      'GET /api/auth/me': aMe(),
      'GET /api/notifications': { items: [], nextCursor: null, unreadCount: 0 },
    });
    renderApp('/inbox');
    await screen.findByText('Nothing needs you');
    cleanup();

    stubApi({ 'GET /api/auth/me': aMe() });
    renderApp('/inbox');
    await screen.findByText('Your inbox could not be loaded');
  });
});
