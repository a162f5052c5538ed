import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startTheme } from '../../client/src/app/theme';
import { aMe, renderApp, stubApi } from './helpers';

/** A device whose system setting is dark or light, and that says when it changes. */
function systemScheme(dark: boolean) {
  const listeners = new Set<() => void>();
  const query = {
    get matches() {
      return dark;
    },
    addEventListener: (_: string, listener: () => void) => listeners.add(listener),
    removeEventListener: (_: string, listener: () => void) => listeners.delete(listener),
  };
  vi.stubGlobal('matchMedia', () => query);
  return {
    change(next: boolean) {
      dark = next;
      for (const listener of listeners) listener();
    },
  };
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  window.localStorage.clear();
  delete document.documentElement.dataset.theme;
});

describe('Dark mode', () => {
  it('follows the system setting until the person chooses, then keeps their choice', async () => {
    const system = systemScheme(true);
    startTheme();
    expect(document.documentElement.dataset.theme).toBe('dark');
    system.change(false);
    expect(document.documentElement.dataset.theme).toBe('light');

    stubApi({
      'GET /api/auth/me': aMe(),
      'GET /api/me/preferences': { emailNotifications: true },
    });
    renderApp('/profile');
    const asDevice = await screen.findByRole('radio', { name: /As this device is set/ });
    expect(asDevice).toHaveProperty('checked', true);

    fireEvent.click(screen.getByRole('radio', { name: /^Dark/ }));
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(window.localStorage.getItem('followthrough.theme')).toBe('dark');
    expect(screen.getByRole('radio', { name: /^Dark/ })).toHaveProperty('checked', true);
    // The person's choice wins over the system from now on.
    system.change(false);
    expect(document.documentElement.dataset.theme).toBe('dark');

    fireEvent.click(asDevice);
    expect(document.documentElement.dataset.theme).toBe('light');
    expect(window.localStorage.getItem('followthrough.theme')).toBeNull();
  });
});
