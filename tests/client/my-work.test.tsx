import type { RequestSummary } from '@followthrough/shared';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  aMe,
  aRequest,
  aRequestDetail,
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
    const mine = await screen.findByRole('region', { name: /Requests I own/ });
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

    const offers = screen.getByRole('region', { name: /Offers waiting for me/ });
    expect(await within(offers).findByText('No offers waiting')).toBeTruthy();

    const queries = api.callsTo('GET', '/api/requests').map((c) => c.url.searchParams.toString());
    expect(queries).toContain('pendingOwner=me&status=open&sort=-created&limit=20');
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

/**
 * My work over a fake API whose lists answer from two mutable sets: the offers
 * waiting for me, and the resolved requests I logged.
 */
function actionsApi(
  start: { offers?: RequestSummary[]; resolved?: RequestSummary[] },
  routes: Record<string, (call: Call) => Response> = {},
) {
  const state = { offers: start.offers ?? [], resolved: start.resolved ?? [] };
  const stub = stubApi({
    // The person who logged the resolved request.
    'GET /api/auth/me': { ...aMe({ name: 'Sam Staff' }), id: resolved.requester.id },
    'GET /api/requests': (call: Call) => {
      const p = call.url.searchParams;
      if (p.get('pendingOwner') === 'me') return json({ items: state.offers, nextCursor: null });
      if (p.get('status') === 'resolved') return json({ items: state.resolved, nextCursor: null });
      return json({ items: [], nextCursor: null });
    },
    ...routes,
  });
  const listCalls = (param: string, value: string) =>
    stub.callsTo('GET', '/api/requests').filter((c) => c.url.searchParams.get(param) === value)
      .length;
  return { stub, state, listCalls };
}

const offer = aRequest({
  key: 'REQ-7',
  title: 'Treadmill 3 belt slips',
  status: 'new',
  owner: null,
  version: 2,
  desiredOutcome: 'Members can run on treadmill 3 again',
});
const resolved = aRequest({
  key: 'REQ-5',
  title: 'Fixed the sauna',
  status: 'resolved',
  version: 9,
});

describe('My work: answering in place', () => {
  it('accepts an offer with the version it showed, says so, and reloads the lists', async () => {
    const api = actionsApi(
      { offers: [offer] },
      {
        [`POST /api/requests/${offer.id}/accept`]: () => {
          api.state.offers = [];
          return json(aRequestDetail({ ...offer, status: 'in_progress', version: 3 }));
        },
      },
    );
    renderApp('/');
    const section = await screen.findByRole('region', { name: /Offers waiting for me/ });
    await within(section).findByRole('link', { name: 'Treadmill 3 belt slips' });
    expect(section.textContent).toContain('Done means: Members can run on treadmill 3 again');
    const before = api.listCalls('pendingOwner', 'me');

    fireEvent.click(within(section).getByRole('button', { name: /^Accept/ }));
    const notice = await within(section).findByRole('status');
    expect(notice.textContent).toContain('You now own REQ-7 “Treadmill 3 belt slips”.');
    const [post] = api.stub.callsTo('POST', `/api/requests/${offer.id}/accept`);
    expect(post!.headers.get('If-Match')).toBe('"2"');
    expect(post!.body).toEqual({});
    expect(api.listCalls('pendingOwner', 'me')).toBeGreaterThan(before);
    await waitFor(() =>
      expect(within(section).queryByRole('link', { name: 'Treadmill 3 belt slips' })).toBeNull(),
    );
    expect(within(section).getByText('No offers waiting')).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(notice));
  });

  it('declines with a reason, asked for in a dialog', async () => {
    const api = actionsApi(
      { offers: [offer] },
      {
        [`POST /api/requests/${offer.id}/decline`]: () => {
          api.state.offers = [];
          return json(aRequestDetail({ ...offer, version: 3 }));
        },
      },
    );
    renderApp('/');
    const section = await screen.findByRole('region', { name: /Offers waiting for me/ });
    fireEvent.click(await within(section).findByRole('button', { name: /^Decline/ }));

    const dialog = screen.getByRole('dialog', { name: 'Decline ownership' });
    expect(dialog.textContent).toContain('REQ-7 Treadmill 3 belt slips');
    const reason = within(dialog).getByLabelText('Reason');
    await waitFor(() => expect(document.activeElement).toBe(reason));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Decline' }));
    expect(await within(dialog).findByText('Say why you are declining')).toBeTruthy();
    expect(api.stub.callsTo('POST', `/api/requests/${offer.id}/decline`)).toHaveLength(0);

    fireEvent.change(reason, { target: { value: 'Not my area' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Decline' }));
    expect((await within(section).findByRole('status')).textContent).toContain(
      'You declined REQ-7; whoever offered it sees your reason.',
    );
    expect(screen.queryByRole('dialog')).toBeNull();
    const [post] = api.stub.callsTo('POST', `/api/requests/${offer.id}/decline`);
    expect(post!.body).toEqual({ reason: 'Not my area' });
    expect(post!.headers.get('If-Match')).toBe('"2"');
  });

  it('confirms a resolved request with a rating', async () => {
    const api = actionsApi(
      { resolved: [resolved] },
      {
        [`POST /api/requests/${resolved.id}/confirm`]: () => {
          api.state.resolved = [];
          return json(aRequestDetail({ ...resolved, status: 'closed', closeReason: 'confirmed' }));
        },
      },
    );
    renderApp('/');
    const section = await screen.findByRole('region', { name: /Awaiting my confirmation/ });
    fireEvent.click(await within(section).findByRole('button', { name: /^Confirm/ }));
    const dialog = screen.getByRole('dialog', { name: 'Confirm the outcome' });
    // Confirming your own request needs no note.
    expect(within(dialog).getByLabelText(/Anything to add\?/)).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('radio', { name: '5 – Excellent' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Confirm' }));

    expect((await within(section).findByRole('status')).textContent).toContain(
      'Thank you. REQ-5 is confirmed and closed.',
    );
    const [post] = api.stub.callsTo('POST', `/api/requests/${resolved.id}/confirm`);
    expect(post!.body).toEqual({ rating: 5 });
    expect(post!.headers.get('If-Match')).toBe('"9"');
    expect(await within(section).findByText('Nothing to confirm')).toBeTruthy();
  });

  it('reopens with a reason, and Escape closes the dialog without sending', async () => {
    const api = actionsApi(
      { resolved: [resolved] },
      {
        [`POST /api/requests/${resolved.id}/reopen`]: () => {
          api.state.resolved = [];
          return json(aRequestDetail({ ...resolved, status: 'in_progress', reopenCount: 1 }));
        },
      },
    );
    renderApp('/');
    const section = await screen.findByRole('region', { name: /Awaiting my confirmation/ });
    const reopen = await within(section).findByRole('button', { name: /^Reopen/ });

    fireEvent.click(reopen);
    const first = screen.getByRole('dialog', { name: 'Reopen' });
    fireEvent(first, new Event('cancel', { cancelable: true }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(document.activeElement).toBe(reopen);

    fireEvent.click(reopen);
    const dialog = screen.getByRole('dialog', { name: 'Reopen' });
    fireEvent.change(within(dialog).getByLabelText('What is still not right?'), {
      target: { value: 'The sauna is cold again' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Reopen' }));
    expect((await within(section).findByRole('status')).textContent).toContain(
      'REQ-5 is reopened and back with Olive Owner.',
    );
    expect(api.stub.callsTo('POST', `/api/requests/${resolved.id}/reopen`)[0]!.body).toEqual({
      reason: 'The sauna is cold again',
    });
  });

  it('on 412, says what the request is now and reloads the list', async () => {
    const api = actionsApi(
      { offers: [offer] },
      {
        [`POST /api/requests/${offer.id}/accept`]: () => {
          api.state.offers = [];
          return problemResponse(412, 'STALE_VERSION', 'Precondition failed', {
            currentVersion: 4,
          });
        },
        // Someone took it meanwhile.
        [`GET /api/requests/${offer.key}`]: () =>
          json(aRequestDetail({ ...offer, status: 'in_progress', version: 4 })),
      },
    );
    renderApp('/');
    const section = await screen.findByRole('region', { name: /Offers waiting for me/ });
    const before = api.listCalls('pendingOwner', 'me');
    fireEvent.click(await within(section).findByRole('button', { name: /^Accept/ }));

    const alert = await within(section).findByRole('alert');
    expect(alert.textContent).toContain('Your change was not saved');
    expect(alert.textContent).toContain(
      'Someone else changed REQ-7: it is now in progress. The list has been reloaded.',
    );
    expect(api.stub.callsTo('GET', `/api/requests/${offer.key}`)).toHaveLength(1);
    await waitFor(() => expect(api.listCalls('pendingOwner', 'me')).toBeGreaterThan(before));
    expect(await within(section).findByText('No offers waiting')).toBeTruthy();
  });
});
