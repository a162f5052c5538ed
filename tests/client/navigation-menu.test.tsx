import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { aMe, renderApp, stubApi } from './helpers';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

// Defect 7: on a phone the navigation was a sideways bar that clipped links and hid the name.
describe('The navigation menu on a phone', () => {
  function openInbox() {
    stubApi({
      'GET /api/auth/me': aMe({ name: 'Sam Staff' }),
      'GET /api/notifications': { items: [], nextCursor: null, unreadCount: 3 },
    });
    renderApp('/inbox');
  }

  it('is a disclosure holding every link, the unread count, the name and Sign out', async () => {
    openInbox();
    const toggle = await screen.findByRole('button', { name: 'Menu, 3 unread' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    const menu = document.getElementById(toggle.getAttribute('aria-controls') ?? '');
    expect(menu?.classList.contains('is-open')).toBe(false);

    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(menu?.classList.contains('is-open')).toBe(true);
    for (const name of ['My work', 'Inbox, 3 unread', 'Open items', 'Figures', 'New request']) {
      expect(menu?.contains(screen.getByRole('link', { name }))).toBe(true);
    }
    expect(menu?.textContent).toContain('Sam Staff');
    expect(menu?.contains(screen.getByRole('button', { name: 'Sign out' }))).toBe(true);
  });

  it('closes on Escape, giving focus back to its button, and after moving to another screen', async () => {
    openInbox();
    const toggle = await screen.findByRole('button', { name: /^Menu/ });
    fireEvent.click(toggle);
    fireEvent.keyDown(document, { key: 'Escape' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(document.activeElement).toBe(toggle);

    fireEvent.click(toggle);
    fireEvent.click(screen.getByRole('link', { name: 'Figures' }));
    await waitFor(() => expect(toggle.getAttribute('aria-expanded')).toBe('false'));
  });
});
