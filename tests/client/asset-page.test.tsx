import { cleanup, screen, within } from '@testing-library/react';
import axe from 'axe-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  aCategory,
  aLocation,
  aMe,
  anAssetDetail,
  aRequest,
  problemResponse,
  renderApp,
  stubApi,
  time,
} from './helpers';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const fitness = aLocation({ name: 'Fitness floor' });
const equipment = aCategory({ name: 'Equipment' });
const treadmill = anAssetDetail({
  name: 'Treadmill #3',
  tag: 'TM-03',
  locationId: fitness.id,
  categoryId: equipment.id,
  figures: { requestsThisYear: 9, medianMinutesToOutcome: 1800, reopenedThisYear: 2, openNow: 1 },
});
const ref = { id: treadmill.id, name: treadmill.name, tag: treadmill.tag };
const newest = aRequest({
  key: 'REQ-31',
  title: 'Belt slips again',
  registeredAsset: ref,
  createdAt: time.ago(2 * time.hour),
  status: 'new',
  owner: null,
});
const older = aRequest({
  key: 'REQ-12',
  title: 'Belt slips at speed',
  registeredAsset: ref,
  createdAt: time.ago(40 * time.day),
  status: 'closed',
  closeReason: 'confirmed',
  reopenCount: 1,
});

function assetApi(me = aMe()) {
  return stubApi({
    'GET /api/auth/me': me,
    'GET /api/locations': [fitness],
    'GET /api/categories': [equipment],
    'GET /api/assets/TM-03': treadmill,
    'GET /api/requests': { items: [newest, older], nextCursor: null },
  });
}

async function axeViolations() {
  const result = await axe.run(document.body, {
    rules: { 'color-contrast': { enabled: false }, region: { enabled: false } },
  });
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' | ')}`);
}

/** The value a figure's term is given, as read. */
const figure = (term: string) =>
  screen.getByText(term, { selector: 'dt' }).nextElementSibling?.textContent;

describe('An asset’s page', () => {
  it('shows what it is, its QR label, its figures in words, and its requests newest first', async () => {
    const { callsTo } = assetApi();
    renderApp('/assets/TM-03');
    await screen.findByRole('heading', { level: 1, name: 'Treadmill #3' });
    const about = screen.getByRole('region', { name: 'About it' });
    expect(within(about).getByText('TM-03')).toBeTruthy();
    expect(await within(about).findByText('Fitness floor')).toBeTruthy();
    expect(within(about).getByText('Equipment')).toBeTruthy();
    expect(within(about).getByText(/^Active/)).toBeTruthy();

    const link = `${window.location.origin}/new?asset=TM-03`;
    const qr = screen.getByRole('img', { name: `QR code for Treadmill #3: opens ${link}` });
    expect(qr.getAttribute('src')).toBe(`/api/assets/${treadmill.id}/qr.svg`);
    expect(screen.getByText('Scan to report a problem')).toBeTruthy();

    expect(figure('Requests this year')).toBe('9');
    expect(figure('Median time to outcome')).toBe('1 day 6 hours');
    expect(figure('Reopened')).toBe('2 of 9');
    expect(figure('Open now')).toBe('1');

    const list = await screen.findByRole('list', {
      name: 'Requests about Treadmill #3, newest first',
    });
    const items = within(list).getAllByRole('listitem');
    expect(items.map((li) => within(li).getByRole('link').textContent)).toEqual([
      'Belt slips again',
      'Belt slips at speed',
    ]);
    expect(within(items[0]!).getByRole('link').getAttribute('href')).toBe('/requests/REQ-31');
    expect(within(items[0]!).getByText('No owner yet')).toBeTruthy();
    expect(within(items[1]!).getByText('Closed · Confirmed')).toBeTruthy();
    expect(within(items[1]!).getByText('Reopened 1 time')).toBeTruthy();
    // The asset's requests in every state, as the list filters them by the asset's id.
    const asked = callsTo('GET', '/api/requests')[0]!.url.searchParams;
    expect(Object.fromEntries(asked)).toEqual({ asset: treadmill.id, limit: '50' });
    // Anyone signed in sees it; managing assets is for admins.
    expect(screen.queryByRole('link', { name: 'Manage assets' })).toBeNull();
    expect(
      screen.getByRole('link', { name: 'Report a problem with it' }).getAttribute('href'),
    ).toBe('/requests/new?asset=TM-03');
    expect(await axeViolations()).toEqual([]);
  });

  it('says when no request has been confirmed yet, and links admins to the list', async () => {
    stubApi({
      'GET /api/auth/me': aMe({ role: 'admin' }),
      'GET /api/locations': [],
      'GET /api/categories': [],
      'GET /api/assets/BK-1': anAssetDetail({ name: 'Spin bike 1', tag: 'BK-1', active: false }),
      'GET /api/requests': { items: [], nextCursor: null },
    });
    renderApp('/assets/BK-1');
    await screen.findByRole('heading', { level: 1, name: 'Spin bike 1' });
    expect(figure('Median time to outcome')).toBe('None confirmed yet');
    expect(figure('Reopened')).toBe('0');
    expect(screen.getByText('Inactive')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Manage assets' }).getAttribute('href')).toBe(
      '/admin/assets',
    );
    await screen.findByText('No requests about it yet');
  });

  it('says plainly when no asset has the tag', async () => {
    stubApi({
      'GET /api/auth/me': aMe(),
      'GET /api/assets/NOPE': () => problemResponse(404, 'NOT_FOUND', 'Asset not found'),
    });
    renderApp('/assets/NOPE');
    await screen.findByRole('heading', { level: 1, name: 'Asset not found' });
    expect(screen.getByText('No asset has the tag NOPE')).toBeTruthy();
  });
});
