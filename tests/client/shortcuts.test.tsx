import type { Me } from '@followthrough/shared';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { assignLetters } from '../../client/src/app/shortcut-keys';
import { aMe, aRequest, aRequestDetail, json, renderApp, stubApi } from './helpers';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const rows = [
  aRequest({ key: 'REQ-1', title: 'Treadmill 3 is broken' }),
  aRequest({ key: 'REQ-2', title: 'Pool light flickers' }),
  aRequest({ key: 'REQ-3', title: 'Sauna door sticks' }),
];

function serveLists(me: Me = aMe()) {
  return stubApi({
    'GET /api/auth/me': me,
    'GET /api/categories': [],
    'GET /api/people': [],
    'GET /api/locations': [],
    'GET /api/requests': () => json({ items: rows, nextCursor: null }),
  });
}

/** A key pressed with focus wherever it is now, as a person would press it. */
const press = (key: string, init: KeyboardEventInit = {}) =>
  fireEvent.keyDown(document.activeElement ?? document.body, { key, ...init });

async function openItems(me?: Me) {
  serveLists(me);
  const view = renderApp('/requests');
  await screen.findByRole('link', { name: 'Sauna door sticks' });
  return view;
}

const path = (router: { state: { location: { pathname: string } } }) =>
  router.state.location.pathname;

describe('Keyboard shortcuts', () => {
  it('? opens a dialog listing every shortcut, only offering Review to those who may review', async () => {
    await openItems(aMe({ role: 'staff', teams: [] }));
    press('?', { shiftKey: true });

    const help = await screen.findByRole('dialog', { name: 'Keyboard shortcuts' });
    const text = help.textContent ?? '';
    for (const does of [
      'Show these shortcuts',
      'Jump to a request or search',
      'New request',
      'Go to My work',
      'Go to Inbox',
      'Go to Open items',
      'Go to Figures',
      'Next item',
      'Previous item',
      'Open the highlighted item',
      'Write a comment',
    ]) {
      expect(text).toContain(does);
    }
    expect(text).not.toContain('Go to Review');

    // While it is open, the page's shortcuts stay quiet.
    press('c');
    expect(screen.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeTruthy();
    fireEvent.click(within(help).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('lists g then r for a lead', async () => {
    await openItems(aMe({ role: 'lead' }));
    press('?');
    const help = await screen.findByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(help.textContent).toContain('Go to Review');
  });

  it('c opens New request', async () => {
    const { router } = await openItems();
    press('c');
    await waitFor(() => expect(path(router)).toBe('/requests/new'));
  });

  it('does nothing while the person types in a field, or holds Ctrl, Meta or Alt', async () => {
    const { router } = await openItems();
    const search = screen.getByRole('searchbox', { name: 'Search' });
    search.focus();
    fireEvent.keyDown(search, { key: 'c' });
    fireEvent.keyDown(search, { key: '?' });
    fireEvent.keyDown(search, { key: 'j' });
    expect(document.activeElement).toBe(search);

    search.blur();
    press('c', { ctrlKey: true });
    press('c', { metaKey: true });
    press('c', { altKey: true });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(path(router)).toBe('/requests');
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('g then o goes to Open items, g then m to My work, but not once the moment has passed', async () => {
    serveLists();
    const { router } = renderApp('/figures');
    await screen.findByRole('heading', { level: 1, name: 'Figures' });

    press('g');
    press('o');
    await waitFor(() => expect(path(router)).toBe('/requests'));
    press('g');
    press('m');
    await waitFor(() => expect(path(router)).toBe('/'));

    const now = Date.now();
    const clock = vi.spyOn(Date, 'now').mockReturnValue(now);
    press('g');
    clock.mockReturnValue(now + 2_000);
    press('o');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(path(router)).toBe('/');
  });

  it('g then r does nothing for someone who cannot review', async () => {
    const { router } = await openItems(aMe({ role: 'staff', teams: [] }));
    press('g');
    press('r');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(path(router)).toBe('/requests');
  });

  it('/ puts focus in the jump box without typing the slash', async () => {
    await openItems();
    const slash = fireEvent.keyDown(document.body, { key: '/' });
    const jump = screen.getByRole('searchbox', { name: 'Jump to a request or search' });
    expect(document.activeElement).toBe(jump);
    expect(slash).toBe(false);
    expect((jump as HTMLInputElement).value).toBe('');
  });
});

describe('Moving through a list with j and k', () => {
  const rowOf = (title: string) => screen.getByRole('link', { name: title }).closest('tr');

  it('focuses the next and previous row, and Enter or o opens it', async () => {
    const { router } = await openItems();

    press('j');
    expect(document.activeElement).toBe(rowOf('Treadmill 3 is broken'));
    press('j');
    expect(document.activeElement).toBe(rowOf('Pool light flickers'));
    press('j');
    press('j');
    // The last row stays highlighted at the end of the list.
    expect(document.activeElement).toBe(rowOf('Sauna door sticks'));
    press('k');
    expect(document.activeElement).toBe(rowOf('Pool light flickers'));

    press('Enter');
    await waitFor(() => expect(path(router)).toBe('/requests/REQ-2'));
  });

  it('o opens the highlighted card on My work', async () => {
    stubApi({
      'GET /api/auth/me': aMe(),
      'GET /api/requests': (call) =>
        call.url.searchParams.get('owner') === 'me'
          ? json({ items: rows.slice(0, 2), nextCursor: null })
          : json({ items: [], nextCursor: null }),
    });
    const { router } = renderApp('/');
    await screen.findByRole('link', { name: 'Pool light flickers' });

    press('j');
    press('j');
    const card = screen.getByRole('link', { name: 'Pool light flickers' }).closest('li');
    expect(document.activeElement).toBe(card);
    press('o');
    await waitFor(() => expect(path(router)).toBe('/requests/REQ-2'));
  });
});

describe('Action letters on a request', () => {
  function serveRequest(allowedActions: string[]) {
    const request = aRequestDetail({
      key: 'REQ-40',
      allowedActions: allowedActions as never,
    });
    stubApi({
      'GET /api/auth/me': aMe(),
      'GET /api/requests/REQ-40': request,
      [`GET /api/requests/${request.id}/events`]: [],
      'GET /api/people': [],
      'GET /api/categories': [],
      'GET /api/locations': [],
    });
    renderApp('/requests/REQ-40');
    return screen.findByRole('list', { name: 'Actions' });
  }

  it('shows each action’s letter and opens that action’s form when it is pressed', async () => {
    const bar = await serveRequest(['comment', 'wait', 'follow-up', 'resolve', 'cancel']);
    const wait = within(bar).getByRole('button', { name: 'Wait on something' });
    expect(wait.getAttribute('aria-keyshortcuts')).toBe('w');
    expect(wait.dataset.keyHint).toBe('w');
    const letters = within(bar)
      .getAllByRole('button')
      .map((b) => b.getAttribute('aria-keyshortcuts'));
    // Resolve, Wait, Set follow-up, Cancel (c is New request, so Cancel takes its next letter).
    expect(letters).toEqual(['r', 'w', 'f', 'a']);

    press('w');
    const panel = await screen.findByRole('region', { name: 'Wait on something' });
    expect(wait.getAttribute('aria-expanded')).toBe('true');
    expect(within(panel).getByLabelText('Waiting on')).toBeTruthy();
  });

  it('m goes to the comment box, and the help lists this page’s letters', async () => {
    await serveRequest(['comment', 'resolve']);
    press('m');
    expect(document.activeElement).toBe(screen.getByLabelText('Add a comment'));

    (document.activeElement as HTMLElement).blur();
    press('?');
    const help = await screen.findByRole('dialog', { name: 'Keyboard shortcuts' });
    const resolve = within(help).getByText('Resolve');
    expect(resolve.closest('.shortcut')?.querySelector('kbd')?.textContent).toBe('r');
  });
});

describe('assignLetters', () => {
  it('gives each its initial, else the next free letter of its label, never a global one', () => {
    const letters = assignLetters([
      { id: 'confirm', label: 'Confirm outcome' },
      { id: 'reopen', label: 'Reopen' },
      { id: 'resolve', label: 'Resolve' },
      { id: 'start', label: 'Back to in progress', prefer: 's' },
    ]);
    expect(Object.fromEntries(letters)).toEqual({
      confirm: 'o',
      reopen: 'r',
      resolve: 'e',
      start: 's',
    });
  });
});
