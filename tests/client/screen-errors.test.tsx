import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChunkLoadError, retryImport } from '../../client/src/lib/chunk-retry';
import { aMe, json, renderApp, stubApi } from './helpers';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  vi.useRealTimers();
});

const chunkFailure = () =>
  new TypeError('Failed to fetch dynamically imported module: http://localhost/assets/x.js');

describe('errors replace the whole app', () => {
  it('a screen that fails to render shows its error inside the layout, with the navigation', async () => {
    // React reports the caught render error; keep the output to the test's own.
    vi.spyOn(console, 'error').mockImplementation(() => {});
    stubApi({
      'GET /api/auth/me': aMe(),
      // A list whose items are not requests makes Open items (the counted list) fail while
      // rendering; My work's lists are empty.
      'GET /api/requests': ({ url }) =>
        json({ items: url.searchParams.has('count') ? [null] : [], nextCursor: null }),
      'GET /api/requests/REQ-1/events': [],
    });
    renderApp('/requests');

    const heading = await screen.findByRole('heading', { level: 1, name: 'Something went wrong' });
    expect(screen.getByRole('main').contains(heading)).toBe(true);
    expect(screen.getByRole('alert').textContent).toContain('Reloading usually helps');
    expect(screen.getByRole('button', { name: 'Reload' })).toBeTruthy();

    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(screen.getByRole('button', { name: 'Sign out' })).toBeTruthy();
    fireEvent.click(within(nav).getByRole('link', { name: 'My work' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'My work' })).toBeTruthy();
  });
});

describe('a failed chunk load retries once, then offers a reload', () => {
  it('loads on the second try after a failed fetch of the code', async () => {
    vi.useFakeTimers();
    const load = vi.fn().mockRejectedValueOnce(chunkFailure()).mockResolvedValueOnce('screen');
    const loaded = retryImport(load);
    await vi.advanceTimersByTimeAsync(1000);
    await expect(loaded).resolves.toBe('screen');
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('gives up after the second failure with a ChunkLoadError', async () => {
    vi.useFakeTimers();
    const load = vi.fn().mockRejectedValue(chunkFailure());
    const loaded = retryImport(load);
    const caught = loaded.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1000);
    expect(await caught).toBeInstanceOf(ChunkLoadError);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('does not retry an error in the code itself', async () => {
    const load = vi.fn().mockRejectedValue(new RangeError('bad'));
    await expect(retryImport(load)).rejects.toThrow('bad');
    expect(load).toHaveBeenCalledTimes(1);
  });
});
