import { requestSummary } from '@followthrough/shared';
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  aCategory,
  aMe,
  aPerson,
  aRequest,
  json,
  problemResponse,
  renderApp,
  stubApi,
} from './helpers';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const extra = 'registeredAsset' in requestSummary.shape ? { registeredAsset: null } : {};
const req = (over: Parameters<typeof aRequest>[0] = {}) => aRequest({ ...extra, ...over });

const olive = aPerson({ name: 'Olive Owner' });
const one = req({ key: 'REQ-1', title: 'Pump loud', version: 4 });
const two = req({ key: 'REQ-2', title: 'Door stuck', version: 7 });

function api(role: 'lead' | 'staff') {
  return stubApi({
    'GET /api/auth/me': aMe({ role }),
    'GET /api/categories': [aCategory()],
    'GET /api/people': [olive],
    'GET /api/locations': [],
    'GET /api/teams': [],
    'GET /api/requests': () => json({ items: [one, two], nextCursor: null }),
    [`POST /api/requests/${one.id}/assign`]: json({}),
    [`POST /api/requests/${two.id}/assign`]: () =>
      problemResponse(412, 'STALE_VERSION', 'Changed since you loaded it', {
        detail: 'Someone else changed REQ-2; reload to see it.',
      }),
  });
}

describe('Open items: bulk actions', () => {
  it('lets a lead select rows and assign them, then names what was refused', async () => {
    const stub = api('lead');
    renderApp('/requests');
    await screen.findByRole('link', { name: 'Pump loud' });

    const all = screen.getByRole('checkbox', { name: 'Select all on this page' });
    fireEvent.click(all);
    expect(
      (screen.getByRole('checkbox', { name: 'Select REQ-1' }) as HTMLInputElement).checked,
    ).toBe(true);
    expect(
      (screen.getByRole('checkbox', { name: 'Select REQ-2' }) as HTMLInputElement).checked,
    ).toBe(true);
    const bar = screen.getByRole('region', { name: '2 selected' });

    fireEvent.change(within(bar).getByLabelText('Action'), { target: { value: 'assign' } });
    // The person is chosen with the type-ahead picker, as everywhere else.
    const person = within(bar).getByRole('combobox', { name: 'Person' });
    fireEvent.change(person, { target: { value: 'olive' } });
    fireEvent.click(await within(bar).findByRole('option', { name: /^Olive Owner/, hidden: true }));
    fireEvent.click(within(bar).getByRole('button', { name: 'Apply to 2' }));

    await screen.findByText('1 of 2 requests changed');
    expect(screen.getByText('Changed: REQ-1')).toBeTruthy();
    const refused = screen.getByRole('list', { name: 'Refused' });
    expect(refused.textContent).toBe(
      'REQ-2: Changed since you loaded it — Someone else changed REQ-2; reload to see it.',
    );
    const sent = stub.callsTo('POST', `/api/requests/${two.id}/assign`)[0]!;
    expect(sent.headers.get('If-Match')).toBe('"7"');
    expect(sent.body).toEqual({ to: olive.id });
    expect(stub.callsTo('POST', `/api/requests/${one.id}/assign`)[0]!.headers.get('If-Match')).toBe(
      '"4"',
    );
  });

  it('asks for a reason before cancelling, and sends nothing without one', async () => {
    const stub = api('lead');
    renderApp('/requests');
    await screen.findByRole('link', { name: 'Pump loud' });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select REQ-1' }));
    const bar = screen.getByRole('region', { name: '1 selected' });
    fireEvent.change(within(bar).getByLabelText('Action'), { target: { value: 'cancel' } });
    fireEvent.click(within(bar).getByRole('button', { name: 'Apply to 1' }));
    expect((await within(bar).findByRole('alert')).textContent).toBe('Give a reason');
    expect(stub.calls.filter((c) => c.method === 'POST')).toHaveLength(0);
  });

  it('shows staff no checkboxes', async () => {
    api('staff');
    renderApp('/requests');
    await screen.findByRole('link', { name: 'Pump loud' });
    expect(screen.queryAllByRole('checkbox')).toHaveLength(0);
    expect(screen.queryByRole('region', { name: /selected/ })).toBeNull();
  });
});
