import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import axe from 'axe-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { aLocation, aMe, anAsset, renderApp, stubApi } from './helpers';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const treadmill = anAsset({ name: 'Treadmill #3', tag: 'TM-03' });
const bike = anAsset({ name: 'Spin bike 1', tag: 'BK-1' });
const rower = anAsset({ name: 'Rowing machine', tag: 'RW-1' });
const pool = aLocation({ name: 'Pool deck' });

function labelsApi() {
  return stubApi({
    'GET /api/auth/me': aMe({ role: 'admin' }),
    'GET /api/assets': [rower, bike, treadmill],
    'GET /api/locations': [pool],
  });
}

async function axeViolations() {
  const result = await axe.run(document.body, {
    rules: { 'color-contrast': { enabled: false }, region: { enabled: false } },
  });
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' | ')}`);
}

/** Each label as read: its name, its tag (or what it is), the QR code's source. */
const labelsShown = () =>
  within(screen.getByRole('region', { name: 'Labels to print' }))
    .getAllByRole('listitem')
    .map((label) => [
      label.querySelector('.label-name')?.textContent,
      label.querySelector('.label-tag, .label-kind')?.textContent,
      within(label).getByRole('img').getAttribute('src'),
      label.textContent?.includes('Scan to report a problem'),
    ]);

describe('Admin › Labels', () => {
  it('prints a label for each asset chosen, with its name, tag and QR code', async () => {
    labelsApi();
    const print = vi.fn();
    vi.stubGlobal('print', print);
    renderApp('/admin/labels');
    await screen.findByRole('heading', { level: 1, name: 'Labels' });
    const assets = await screen.findByRole('group', { name: /^Assets/ });
    expect(screen.getByText('Nothing to print yet')).toBeTruthy();
    // Nothing chosen: Print does nothing.
    fireEvent.click(screen.getByRole('button', { name: 'Print' }));
    expect(print).not.toHaveBeenCalled();

    fireEvent.click(within(assets).getByRole('checkbox', { name: 'Treadmill #3 (TM-03)' }));
    fireEvent.click(within(assets).getByRole('checkbox', { name: 'Spin bike 1 (BK-1)' }));
    expect(labelsShown()).toEqual([
      ['Spin bike 1', 'BK-1', `/api/assets/${bike.id}/qr.svg`, true],
      ['Treadmill #3', 'TM-03', `/api/assets/${treadmill.id}/qr.svg`, true],
    ]);
    expect(screen.getByText('2 labels on 1 sheet.')).toBeTruthy();
    const qr = screen.getByRole('img', { name: /^QR code for Treadmill #3: opens / });
    expect(qr.getAttribute('alt')).toBe(
      `QR code for Treadmill #3: opens ${window.location.origin}/new?asset=TM-03`,
    );
    expect(await axeViolations()).toEqual([]);

    fireEvent.click(screen.getByRole('button', { name: 'Print' }));
    expect(print).toHaveBeenCalledTimes(1);
  });

  it('selects all the assets a search shows, and labels locations too', async () => {
    labelsApi();
    renderApp('/admin/labels');
    const assets = await screen.findByRole('group', { name: /^Assets/ });
    fireEvent.change(within(assets).getByLabelText('Search assets'), { target: { value: '1' } });
    expect(within(assets).getAllByRole('checkbox')).toHaveLength(2);
    fireEvent.click(within(assets).getByRole('button', { name: 'Select all shown assets' }));
    const locations = screen.getByRole('group', { name: /^Locations/ });
    fireEvent.click(within(locations).getByRole('checkbox', { name: 'Pool deck' }));
    expect(labelsShown()).toEqual([
      ['Rowing machine', 'RW-1', `/api/assets/${rower.id}/qr.svg`, true],
      ['Spin bike 1', 'BK-1', `/api/assets/${bike.id}/qr.svg`, true],
      ['Pool deck', 'Location', `/api/locations/${pool.id}/qr.svg`, true],
    ]);
    expect(within(assets).getByText('(2 of 3 chosen)')).toBeTruthy();

    fireEvent.change(within(assets).getByLabelText('Search assets'), { target: { value: '' } });
    fireEvent.click(within(assets).getByRole('button', { name: 'Select all assets' }));
    expect(screen.getByText('4 labels on 1 sheet.')).toBeTruthy();
    fireEvent.click(within(assets).getByRole('button', { name: 'Clear assets' }));
    expect(labelsShown()).toEqual([
      ['Pool deck', 'Location', `/api/locations/${pool.id}/qr.svg`, true],
    ]);
  });
});
