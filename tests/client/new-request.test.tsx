import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  aCategory,
  aLocation,
  aMe,
  anAssetDetail,
  aRequestDetail,
  json,
  problemResponse,
  renderApp,
  stubApi,
} from './helpers';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const equipment = aCategory({ name: 'Equipment' });
const facilities = aCategory({ name: 'Facilities' });
const retired = aCategory({ name: 'Old stuff', active: false });
const floor = aLocation({ name: 'Fitness floor' });

function directory(extra: Record<string, unknown> = {}) {
  return stubApi({
    'GET /api/auth/me': aMe(),
    'GET /api/categories': [equipment, facilities, retired],
    'GET /api/locations': [floor],
    ...extra,
  } as Parameters<typeof stubApi>[0]);
}

const field = (name: string | RegExp) => screen.getByLabelText(name);

async function openForm() {
  renderApp('/requests/new');
  await screen.findByRole('heading', { level: 1, name: 'New request' });
  await screen.findByRole('option', { name: 'Equipment' });
}

describe('New request form', () => {
  it('prompts for the desired outcome with the words of the spec', async () => {
    directory();
    await openForm();
    const outcome = field(/Desired outcome/);
    const hint = screen.getByText('What does done look like for the person who asked?');
    expect(outcome.getAttribute('aria-describedby')).toContain(hint.id);
  });

  it('offers only active categories', async () => {
    directory();
    await openForm();
    expect(screen.queryByRole('option', { name: 'Old stuff' })).toBeNull();
    expect(screen.getByRole('option', { name: 'Facilities' })).toBeTruthy();
  });

  it('shows inline errors from the shared schema and sends nothing', async () => {
    const api = directory();
    await openForm();

    fireEvent.change(field(/Asset/), { target: { value: 'x'.repeat(201) } });
    fireEvent.click(screen.getByRole('button', { name: 'Log request' }));

    const title = field(/^Title/);
    expect(title.getAttribute('aria-invalid')).toBe('true');
    const titleError = document.getElementById(
      title.getAttribute('aria-describedby')!.split(' ').at(-1)!,
    );
    expect(titleError?.textContent).toBe('Give the request a short title');
    expect(screen.getByText('Say what done looks like for the person who asked')).toBeTruthy();
    expect(screen.getByText('Choose a category')).toBeTruthy();
    // A limit the shared schema sets, in its own words.
    expect(screen.getByText('At most 200 characters')).toBeTruthy();
    expect(field(/Asset/).getAttribute('aria-invalid')).toBe('true');
    // Focus goes to the first field to fix.
    expect(document.activeElement).toBe(title);
    expect(api.callsTo('POST', '/api/requests')).toHaveLength(0);
  });

  it('clears an error as soon as the field is fixed', async () => {
    directory();
    await openForm();
    fireEvent.click(screen.getByRole('button', { name: 'Log request' }));
    expect(screen.getByText('Give the request a short title')).toBeTruthy();

    fireEvent.change(field(/^Title/), { target: { value: 'Leak by the pool' } });

    expect(screen.queryByText('Give the request a short title')).toBeNull();
    expect(field(/^Title/).getAttribute('aria-invalid')).toBeNull();
    expect(screen.getByText('Choose a category')).toBeTruthy();
  });

  it('logs the request once, with an idempotency key, and opens it', async () => {
    const created = aRequestDetail({
      key: 'REQ-42',
      title: 'Leak by the pool',
      owner: null,
      pendingOwner: { id: aMe().id, name: 'Olive Owner', active: true },
      status: 'new',
    });
    const api = directory({
      'POST /api/requests': () => json(created, 201),
      'GET /api/requests/REQ-42': created,
      [`GET /api/requests/${created.id}/events`]: [],
    });
    const { router } = renderApp('/requests/new');
    await screen.findByRole('option', { name: 'Equipment' });

    fireEvent.change(field(/^Title/), { target: { value: '  Leak by the pool ' } });
    fireEvent.change(field(/Desired outcome/), { target: { value: 'Dry floor, no drip' } });
    fireEvent.change(field(/Category/), { target: { value: facilities.id } });
    fireEvent.change(field(/Location/), { target: { value: floor.id } });
    fireEvent.change(field(/Priority/), { target: { value: 'high' } });
    fireEvent.click(screen.getByRole('button', { name: 'Log request' }));

    await screen.findByRole('heading', { level: 1, name: 'Leak by the pool' });
    expect(router.state.location.pathname).toBe('/requests/REQ-42');
    expect(
      screen.getByText(/Logged as REQ-42\. Olive Owner has been asked to own it\./),
    ).toBeTruthy();

    const posts = api.callsTo('POST', '/api/requests');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.body).toEqual({
      title: 'Leak by the pool',
      desiredOutcome: 'Dry floor, no drip',
      categoryId: facilities.id,
      locationId: floor.id,
      priority: 'high',
    });
    expect(posts[0]?.headers.get('idempotency-key')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('reuses the idempotency key when the same submission is retried', async () => {
    let attempts = 0;
    const created = aRequestDetail({ key: 'REQ-7' });
    const api = directory({
      'POST /api/requests': () => {
        attempts += 1;
        return attempts === 1
          ? // A proxy in front of the server answers, without a problem body.
            new Response('Service Unavailable', {
              status: 503,
              headers: { 'content-type': 'text/plain' },
            })
          : json(created, 201);
      },
      'GET /api/requests/REQ-7': created,
    });
    renderApp('/requests/new');
    await screen.findByRole('option', { name: 'Equipment' });
    fireEvent.change(field(/^Title/), { target: { value: 'Broken locker' } });
    fireEvent.change(field(/Desired outcome/), { target: { value: 'Locker 12 locks' } });
    fireEvent.change(field(/Category/), { target: { value: equipment.id } });

    fireEvent.click(screen.getByRole('button', { name: 'Log request' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The request was not logged');

    fireEvent.click(screen.getByRole('button', { name: 'Log request' }));
    await screen.findByRole('heading', { level: 1, name: created.title });

    const [first, second] = api.callsTo('POST', '/api/requests');
    expect(first?.headers.get('idempotency-key')).toBeTruthy();
    expect(second?.headers.get('idempotency-key')).toBe(first?.headers.get('idempotency-key'));
  });

  it('puts the server’s validation messages next to their fields', async () => {
    directory({
      'POST /api/requests': () =>
        problemResponse(400, 'VALIDATION_FAILED', 'Invalid request', {
          errors: [{ path: 'body.categoryId', message: 'That category is retired' }],
        }),
    });
    renderApp('/requests/new');
    await screen.findByRole('option', { name: 'Equipment' });
    fireEvent.change(field(/^Title/), { target: { value: 'Broken locker' } });
    fireEvent.change(field(/Desired outcome/), { target: { value: 'Locker 12 locks' } });
    fireEvent.change(field(/Category/), { target: { value: equipment.id } });
    fireEvent.click(screen.getByRole('button', { name: 'Log request' }));

    await screen.findByText('That category is retired');
    await waitFor(() => expect(document.activeElement).toBe(field(/Category/)));
    expect(field(/Category/).getAttribute('aria-invalid')).toBe('true');
  });

  describe('a half-filled form is not discarded without warning', () => {
    it('asks before leaving, and staying keeps what was typed', async () => {
      directory();
      const { router } = renderApp('/requests/new');
      await screen.findByRole('option', { name: 'Equipment' });
      fireEvent.change(field(/^Title/), { target: { value: 'Sauna door sticks' } });

      fireEvent.click(screen.getByRole('link', { name: 'Open items' }));
      const dialog = await screen.findByRole('dialog', { name: 'Leave without logging it?' });
      expect(dialog.textContent).toMatch(/what you typed here is lost/);
      expect(router.state.location.pathname).toBe('/requests/new');

      fireEvent.click(screen.getByRole('button', { name: 'Stay and finish' }));
      await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
      expect(router.state.location.pathname).toBe('/requests/new');
      expect((field(/^Title/) as HTMLInputElement).value).toBe('Sauna door sticks');

      fireEvent.click(screen.getByRole('link', { name: 'Open items' }));
      await screen.findByRole('dialog', { name: 'Leave without logging it?' });
      fireEvent.click(screen.getByRole('button', { name: 'Leave and discard' }));
      await waitFor(() => expect(router.state.location.pathname).toBe('/requests'));
    });

    it('warns the browser before a reload or close while there is unsaved input', async () => {
      directory();
      renderApp('/requests/new');
      await screen.findByRole('option', { name: 'Equipment' });
      const untouched = new Event('beforeunload', { cancelable: true });
      window.dispatchEvent(untouched);
      expect(untouched.defaultPrevented).toBe(false);

      fireEvent.change(field(/Desired outcome/), { target: { value: 'Opens with one hand' } });
      const typed = new Event('beforeunload', { cancelable: true });
      window.dispatchEvent(typed);
      expect(typed.defaultPrevented).toBe(true);
    });

    it('lets an untouched or only link-filled form go without asking', async () => {
      directory();
      const { router } = renderApp(`/requests/new?title=Broken%20treadmill&location=${floor.id}`);
      await screen.findByRole('option', { name: 'Equipment' });
      expect((field(/^Title/) as HTMLInputElement).value).toBe('Broken treadmill');
      fireEvent.click(screen.getByRole('link', { name: 'Open items' }));
      await waitFor(() => expect(router.state.location.pathname).toBe('/requests'));
      expect(screen.queryByRole('dialog')).toBeNull();
    });
  });

  describe('from a QR label (SPEC §14)', () => {
    it('opens /new?asset=<tag> filled in from the asset and logs the request against it', async () => {
      const tm = anAssetDetail({
        name: 'Treadmill #3',
        tag: 'TM-03',
        categoryId: equipment.id,
        locationId: floor.id,
      });
      const created = aRequestDetail({ key: 'REQ-43', title: 'Belt slips' });
      const api = directory({
        'GET /api/assets/TM-03': tm,
        'POST /api/requests': () => json(created, 201),
        'GET /api/requests/REQ-43': created,
        [`GET /api/requests/${created.id}/events`]: [],
      });
      const { router } = renderApp('/new?asset=TM-03');
      await screen.findByText('Reporting a problem with Treadmill #3 (TM-03)');
      expect(router.state.location.pathname).toBe('/requests/new');
      await waitFor(() =>
        expect((field(/Category/) as HTMLSelectElement).value).toBe(equipment.id),
      );
      expect((field(/Location/) as HTMLSelectElement).value).toBe(floor.id);
      expect((field(/^Asset/) as HTMLInputElement).value).toBe('');

      fireEvent.change(field(/^Title/), { target: { value: 'Belt slips' } });
      fireEvent.change(field(/Desired outcome/), { target: { value: 'It runs safely' } });
      fireEvent.click(screen.getByRole('button', { name: /^Log request/ }));
      await screen.findByRole('heading', { level: 1, name: 'Belt slips' });
      expect(api.callsTo('POST', '/api/requests')[0]?.body).toMatchObject({
        assetId: tm.id,
        categoryId: equipment.id,
        locationId: floor.id,
      });
    });

    it('says so when the tag names no asset, and logs the request without one', async () => {
      directory({
        'GET /api/assets/NO-SUCH': () => problemResponse(404, 'NOT_FOUND', 'Asset was not found.'),
      });
      renderApp('/new?asset=NO-SUCH');
      await screen.findByText(/No asset has the tag NO-SUCH, so the request is not tied to one/);
      // What the label said is kept as the free-text asset.
      expect((field(/^Asset/) as HTMLInputElement).value).toBe('NO-SUCH');
    });
  });
});
