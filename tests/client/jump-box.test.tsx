import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jumpTarget } from '../../client/src/app/jump-box';
import { aMe, aRequestDetail, json, renderApp, stubApi } from './helpers';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function serve() {
  const request = aRequestDetail({ key: 'REQ-12', title: 'Locker 12 will not lock' });
  return stubApi({
    'GET /api/auth/me': aMe(),
    'GET /api/categories': [],
    'GET /api/people': [],
    'GET /api/locations': [],
    'GET /api/requests': () => json({ items: [], nextCursor: null }),
    'GET /api/requests/REQ-12': request,
    [`GET /api/requests/${request.id}/events`]: [],
  });
}

async function jumpBox() {
  return (await screen.findByRole('searchbox', {
    name: 'Jump to a request or search',
  })) as HTMLInputElement;
}

function jump(box: HTMLInputElement, text: string) {
  fireEvent.change(box, { target: { value: text } });
  fireEvent.submit(box.form!);
}

describe('The jump box', () => {
  it('sits in the navigation menu, so a phone has it behind Menu', async () => {
    serve();
    renderApp('/');
    const box = await jumpBox();
    expect(document.getElementById('site-menu')?.contains(box)).toBe(true);
    // A <search> landmark (testing-library does not know the element's role yet).
    expect(box.closest('search')?.getAttribute('aria-label')).toBe('Jump to a request or search');
  });

  it('opens the request for a key, whatever its case', async () => {
    serve();
    const { router } = renderApp('/');
    const box = await jumpBox();

    jump(box, 'REQ-12');
    await waitFor(() => expect(router.state.location.pathname).toBe('/requests/REQ-12'));
    await screen.findByRole('heading', { level: 1, name: /Locker 12 will not lock/ });
    expect(box.value).toBe('');

    jump(box, '  req 12 ');
    await waitFor(() => expect(router.state.location.pathname).toBe('/requests/REQ-12'));
  });

  it('searches Open items for anything else, with the words in the address and the API call', async () => {
    const stub = serve();
    const { router } = renderApp('/figures');
    const box = await jumpBox();

    jump(box, 'treadmill belt');
    await waitFor(() => expect(router.state.location.pathname).toBe('/requests'));
    expect(new URLSearchParams(router.state.location.search).get('q')).toBe('treadmill belt');
    const search = (await screen.findByRole('searchbox', { name: 'Search' })) as HTMLInputElement;
    expect(search.value).toBe('treadmill belt');
    await waitFor(() =>
      expect(
        stub
          .callsTo('GET', '/api/requests')
          .some((c) => c.url.searchParams.get('q') === 'treadmill belt'),
      ).toBe(true),
    );
  });

  it('does nothing when empty', async () => {
    const stub = serve();
    const { router } = renderApp('/figures');
    const box = await jumpBox();
    jump(box, '   ');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(router.state.location.pathname).toBe('/figures');
    expect(stub.callsTo('GET', '/api/requests')).toHaveLength(0);
  });
});

describe('jumpTarget', () => {
  it('reads REQ-n in any case, with or without the dash; a bare number or other words search', () => {
    expect(jumpTarget('REQ-123')).toBe('/requests/REQ-123');
    expect(jumpTarget('req-123')).toBe('/requests/REQ-123');
    expect(jumpTarget('Req123')).toBe('/requests/REQ-123');
    expect(jumpTarget('REQ-0012')).toBe('/requests/REQ-12');
    expect(jumpTarget('123')).toBe('/requests?q=123');
    expect(jumpTarget('REQ-12 pump')).toBe('/requests?q=REQ-12+pump');
    expect(jumpTarget('')).toBeNull();
  });
});
