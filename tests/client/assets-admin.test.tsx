import type { Asset, Me } from '@followthrough/shared';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import axe from 'axe-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  aCategory,
  aLocation,
  aMe,
  anAsset,
  type Call,
  json,
  problemResponse,
  renderApp,
  stubApi,
} from './helpers';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const adminMe: Me = aMe({ name: 'Alex Admin', role: 'admin' });
const fitness = aLocation({ name: 'Fitness floor' });
const pool = aLocation({ name: 'Pool deck' });
const equipment = aCategory({ name: 'Equipment' });
const treadmill = anAsset({
  name: 'Treadmill #3',
  tag: 'TM-03',
  locationId: fitness.id,
  categoryId: equipment.id,
});
const bike = anAsset({ name: 'Spin bike 1', tag: 'BK-1', active: false });

function assetsApi(routes: Record<string, ((call: Call) => Response) | object> = {}) {
  return stubApi({
    'GET /api/auth/me': adminMe,
    'GET /api/locations': [fitness, pool],
    'GET /api/categories': [equipment],
    'GET /api/assets': (call: Call) => {
      const q = call.url.searchParams.get('q')?.toLowerCase();
      const all = [bike, treadmill];
      return json(
        q ? all.filter((a) => a.name.toLowerCase().includes(q) || a.tag.includes(q)) : all,
      );
    },
    ...routes,
  });
}

/** Axe's rules that a DOM without layout can judge; contrast is checked in the browser tests. */
async function axeViolations() {
  const result = await axe.run(document.body, {
    rules: { 'color-contrast': { enabled: false }, region: { enabled: false } },
  });
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' | ')}`);
}

const rowOf = (name: string) => screen.getByRole('link', { name }).closest('li') as HTMLElement;

describe('Admin › Assets', () => {
  it('lists assets with their tag, location, category and state, and searches by name or tag', async () => {
    const { callsTo } = assetsApi();
    renderApp('/admin/assets');
    await screen.findByRole('heading', { level: 1, name: 'Assets' });
    const list = screen.getByRole('region', { name: 'Assets' });
    await within(list).findByRole('link', { name: 'Treadmill #3' });
    expect(within(list).getByText('2 assets')).toBeTruthy();

    const row = within(rowOf('Treadmill #3'));
    expect(row.getByText('TM-03')).toBeTruthy();
    expect(row.getByText('Fitness floor')).toBeTruthy();
    expect(row.getByText('Equipment')).toBeTruthy();
    expect(row.queryByText('Inactive')).toBeNull();
    // The name opens the asset's page, by the tag on its label.
    expect(screen.getByRole('link', { name: 'Treadmill #3' }).getAttribute('href')).toBe(
      '/assets/TM-03',
    );
    const bikeRow = within(rowOf('Spin bike 1'));
    expect(bikeRow.getByText('Inactive')).toBeTruthy();
    expect(bikeRow.getAllByText('None')).toHaveLength(2);
    expect(bikeRow.getByRole('button', { name: 'Reactivate Spin bike 1' })).toBeTruthy();
    expect(await axeViolations()).toEqual([]);

    fireEvent.change(screen.getByLabelText('Search assets'), { target: { value: 'tread' } });
    await waitFor(() =>
      expect(within(list).queryByRole('link', { name: 'Spin bike 1' })).toBeNull(),
    );
    expect(within(list).getByText('1 asset matches')).toBeTruthy();
    // Typing asks the API once it settles, not at every key.
    const searches = callsTo('GET', '/api/assets').map((c) => c.url.searchParams.get('q'));
    expect(searches).toEqual([null, 'tread']);

    fireEvent.change(screen.getByLabelText('Search assets'), { target: { value: 'zzz' } });
    await within(list).findByText('No asset matches');
    fireEvent.click(within(list).getByRole('button', { name: 'Show every asset' }));
    await within(list).findByRole('link', { name: 'Spin bike 1' });
  });

  it('adds an asset; a tag already on another asset is said on the Tag field', async () => {
    let attempts = 0;
    const { callsTo } = assetsApi({
      'POST /api/assets': (call: Call) => {
        attempts += 1;
        if (attempts === 1) {
          return problemResponse(409, 'TAG_TAKEN', 'Conflict', {
            detail: 'The tag TM-03 is already on another asset.',
            errors: [{ path: 'tag', message: 'Already on another asset' }],
          });
        }
        return json(anAsset({ ...(call.body as Partial<Asset>) }), 201);
      },
    });
    renderApp('/admin/assets');
    await screen.findByRole('link', { name: 'Treadmill #3' });
    fireEvent.click(screen.getByRole('button', { name: 'Add an asset' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add an asset' });
    expect(document.activeElement).toBe(within(dialog).getByLabelText('Name'));

    // Checked by the contract first: nothing is sent.
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add asset' }));
    expect(within(dialog).getAllByText('Required').length).toBeGreaterThan(0);
    expect(callsTo('POST', '/api/assets')).toHaveLength(0);

    fireEvent.change(within(dialog).getByLabelText('Name'), {
      target: { value: 'Treadmill #4' },
    });
    const tag = within(dialog).getByLabelText('Tag') as HTMLInputElement;
    fireEvent.change(tag, { target: { value: 'TM-03' } });
    fireEvent.change(within(dialog).getByLabelText('Location (optional)'), {
      target: { value: fitness.id },
    });
    fireEvent.change(within(dialog).getByLabelText('Category (optional)'), {
      target: { value: equipment.id },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add asset' }));
    await within(dialog).findByText('TM-03 is already on another asset: choose another tag');
    expect(tag.getAttribute('aria-invalid')).toBe('true');
    expect(tag.getAttribute('aria-describedby')).toContain('asset-tag-error');
    expect(document.activeElement).toBe(tag);
    // Said by the field, not twice.
    expect(within(dialog).queryByRole('alert')).toBeNull();
    expect(callsTo('POST', '/api/assets')[0]!.body).toEqual({
      name: 'Treadmill #4',
      tag: 'TM-03',
      locationId: fitness.id,
      categoryId: equipment.id,
      active: true,
    });
    expect(await axeViolations()).toEqual([]);

    fireEvent.change(tag, { target: { value: 'TM-04' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add asset' }));
    await screen.findByText('Treadmill #4 (TM-04) was added.');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(callsTo('POST', '/api/assets')).toHaveLength(2);
  });

  it('edits an asset, sending only what changed; nothing changed sends nothing', async () => {
    const { callsTo } = assetsApi({
      [`PATCH /api/assets/${treadmill.id}`]: (call: Call) =>
        json({ ...treadmill, ...(call.body as object) }),
    });
    renderApp('/admin/assets');
    fireEvent.click(await screen.findByRole('button', { name: 'Edit Treadmill #3' }));
    let dialog = await screen.findByRole('dialog', { name: 'Edit Treadmill #3' });
    expect((within(dialog).getByLabelText('Location (optional)') as HTMLSelectElement).value).toBe(
      fitness.id,
    );
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(callsTo('PATCH', `/api/assets/${treadmill.id}`)).toHaveLength(0);

    fireEvent.click(screen.getByRole('button', { name: 'Edit Treadmill #3' }));
    dialog = await screen.findByRole('dialog', { name: 'Edit Treadmill #3' });
    fireEvent.change(within(dialog).getByLabelText('Tag'), { target: { value: 'TM-30' } });
    fireEvent.change(within(dialog).getByLabelText('Location (optional)'), {
      target: { value: '' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await screen.findByText('Treadmill #3 was saved.');
    expect(callsTo('PATCH', `/api/assets/${treadmill.id}`)[0]!.body).toEqual({
      tag: 'TM-30',
      locationId: null,
    });
  });

  it('deactivates an asset after asking', async () => {
    const { callsTo } = assetsApi({
      [`PATCH /api/assets/${treadmill.id}`]: (call: Call) =>
        json({ ...treadmill, ...(call.body as object) }),
    });
    renderApp('/admin/assets');
    fireEvent.click(await screen.findByRole('button', { name: 'Deactivate Treadmill #3' }));
    const dialog = await screen.findByRole('dialog', { name: 'Deactivate Treadmill #3?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Deactivate Treadmill #3' }));
    await screen.findByText('Treadmill #3 was deactivated.');
    expect(callsTo('PATCH', `/api/assets/${treadmill.id}`)[0]!.body).toEqual({ active: false });
  });

  it('imports CSV: every problem by its line and nothing imported, then the count imported', async () => {
    let attempts = 0;
    const { callsTo } = assetsApi({
      'POST /api/assets/import': () => {
        attempts += 1;
        if (attempts === 1) {
          return problemResponse(422, 'IMPORT_INVALID', 'Unprocessable Entity', {
            detail:
              'Nothing was imported: 2 problems to fix first (line 3: tag BK-1 is also on line 2).',
            errors: [
              { path: 'line 3', message: 'tag BK-1 is also on line 2' },
              { path: 'line 4', message: 'no location is named Roof' },
            ],
          });
        }
        const assets = Array.from({ length: 12 }, (_, i) =>
          anAsset({ name: `Bike ${i + 1}`, tag: `BK-${i + 1}` }),
        );
        return json({ created: 12, assets }, 201);
      },
    });
    renderApp('/admin/assets');
    await screen.findByRole('link', { name: 'Treadmill #3' });
    fireEvent.click(screen.getByRole('button', { name: 'Import CSV' }));
    const dialog = await screen.findByRole('dialog', { name: 'Import assets from CSV' });

    const template = within(dialog).getByRole('link', { name: 'Download a CSV template' });
    expect(template.getAttribute('download')).toBe('assets-template.csv');
    const href = template.getAttribute('href')!;
    expect(href.startsWith('data:text/csv')).toBe(true);
    expect(decodeURIComponent(href.slice(href.indexOf(',') + 1))).toBe(
      'name,tag,location,category\r\n',
    );

    // Nothing to import is said on the field, and not sent.
    fireEvent.click(within(dialog).getByRole('button', { name: 'Import' }));
    expect(within(dialog).getByText('Required')).toBeTruthy();
    expect(callsTo('POST', '/api/assets/import')).toHaveLength(0);

    const csv = 'name,tag,location,category\nBike 1,BK-1,,\nBike 2,BK-1,,\nBike 3,BK-3,Roof,\n';
    fireEvent.change(within(dialog).getByLabelText('CSV text'), { target: { value: csv } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Import' }));
    const alert = await within(dialog).findByRole('alert');
    expect(within(alert).getByText('Nothing was imported')).toBeTruthy();
    expect(
      within(alert)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Line 3: tag BK-1 is also on line 2', 'Line 4: no location is named Roof']);
    expect(callsTo('POST', '/api/assets/import')[0]!.body).toEqual({ csv });
    expect(await axeViolations()).toEqual([]);

    fireEvent.click(within(dialog).getByRole('button', { name: 'Import' }));
    await screen.findByText('Imported 12 assets.');
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('reads a chosen CSV file into the text to import', async () => {
    const { callsTo } = assetsApi({
      'POST /api/assets/import': () => json({ created: 1, assets: [anAsset()] }, 201),
    });
    renderApp('/admin/assets');
    await screen.findByRole('link', { name: 'Treadmill #3' });
    fireEvent.click(screen.getByRole('button', { name: 'Import CSV' }));
    const dialog = await screen.findByRole('dialog', { name: 'Import assets from CSV' });
    const csv = 'name,tag\nRowing machine,RW-1\n';
    const file = new File([csv], 'assets.csv', { type: 'text/csv' });
    fireEvent.change(within(dialog).getByLabelText('CSV file'), { target: { files: [file] } });
    await waitFor(() =>
      expect((within(dialog).getByLabelText('CSV text') as HTMLTextAreaElement).value).toBe(csv),
    );
    fireEvent.click(within(dialog).getByRole('button', { name: 'Import' }));
    await screen.findByText('Imported 1 asset.');
    expect(callsTo('POST', '/api/assets/import')[0]!.body).toEqual({ csv });
  });
});
