import {
  type Attachment,
  attachment,
  type RequestDetail,
  requestDetail,
} from '@followthrough/shared';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  aCategory,
  aMe,
  aRequestDetail,
  fromContract,
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

// The registered asset joins the request's contract; fill it only where the contract has it.
const hasAsset = 'registeredAsset' in ((requestDetail as { shape?: object }).shape ?? {});
const aDetail = (over: Partial<RequestDetail>) =>
  aRequestDetail({
    ...(hasAsset ? { registeredAsset: null } : {}),
    ...over,
  } as Partial<RequestDetail>);
const uploader = { id: '00000000-0000-4000-8000-0000000000bb', name: 'Sam Staff', active: true };

let n = 0;
const anAttachment = (requestId: string, over: Partial<Attachment> = {}): Attachment => {
  n += 1;
  return fromContract(attachment, {
    id: `00000000-0000-4000-8000-${String(9000 + n).padStart(12, '0')}`,
    requestId,
    filename: `photo-${n}.jpg`,
    contentType: 'image/jpeg',
    size: 1234,
    hasPreview: true,
    uploadedBy: uploader,
    createdAt: new Date().toISOString(),
    ...over,
  });
};

const photo = (name: string) =>
  new File([new Uint8Array([0xff, 0xd8, 0xff, 1, 2, 3])], name, { type: 'image/jpeg' });

/** The file each upload carried, in order, from what fetch was given. */
function uploadedNames(fetch: ReturnType<typeof stubApi>['fetch'], path: string) {
  return fetch.mock.calls
    .filter(([url, init]) => String(url) === path && init?.method === 'POST')
    .map(([, init]) => {
      const body = init?.body;
      expect(body).toBeInstanceOf(FormData);
      return ((body as FormData).get('file') as File).name;
    });
}

async function fillForm() {
  await screen.findByRole('option', { name: 'Equipment' });
  fireEvent.change(screen.getByLabelText(/^Title/), { target: { value: 'Belt slips' } });
  fireEvent.change(screen.getByLabelText(/Desired outcome/), { target: { value: 'Runs true' } });
  fireEvent.change(screen.getByLabelText(/Category/), { target: { value: equipment.id } });
}

describe('Photos on a new request', () => {
  it('takes a photo with the camera, logs the request, then uploads it, and opens the request', async () => {
    const created = aDetail({ key: 'REQ-42', title: 'Belt slips' });
    const path = `/api/requests/${created.id}/attachments`;
    const api = stubApi({
      'GET /api/auth/me': aMe(),
      'GET /api/categories': [equipment],
      'GET /api/locations': [],
      'POST /api/requests': () => json(created, 201),
      'GET /api/requests/REQ-42': created,
      [`GET /api/requests/${created.id}/events`]: [],
      [`POST ${path}`]: () => json(anAttachment(created.id, { filename: 'belt.jpg' }), 201),
      [`GET ${path}`]: { items: [] },
    });
    const { router } = renderApp('/requests/new');
    await fillForm();

    const camera = screen.getByLabelText('Take photo') as HTMLInputElement;
    expect(camera.getAttribute('accept')).toBe('image/*');
    expect(camera.getAttribute('capture')).toBe('environment');
    fireEvent.change(camera, { target: { files: [photo('belt.jpg')] } });
    const chosen = screen.getByRole('list', { name: 'Chosen photos' });
    expect(within(chosen).getByText('belt.jpg')).toBeTruthy();
    expect(screen.getByText(/Location data \(GPS\) is removed/)).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Log request with photos' }));
    await screen.findByRole('heading', { level: 1, name: 'Belt slips' });
    expect(router.state.location.pathname).toBe('/requests/REQ-42');

    // Created first, then its photo.
    const order = api.calls.map((c) => `${c.method} ${c.url.pathname}`);
    expect(order.indexOf(`POST ${path}`)).toBeGreaterThan(order.indexOf('POST /api/requests'));
    expect(uploadedNames(api.fetch, path)).toEqual(['belt.jpg']);
    // A multipart body: the browser sets the type with its boundary, never JSON.
    const upload = api.callsTo('POST', path)[0]!;
    expect(upload.headers.get('content-type')).toBeNull();
  });

  it('removes a chosen photo before submitting', async () => {
    stubApi({
      'GET /api/auth/me': aMe(),
      'GET /api/categories': [equipment],
      'GET /api/locations': [],
    });
    renderApp('/requests/new');
    await fillForm();
    fireEvent.change(screen.getByLabelText('Choose files'), {
      target: { files: [photo('a.jpg'), photo('b.jpg')] },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Remove a.jpg' }));
    const chosen = screen.getByRole('list', { name: 'Chosen photos' });
    expect(within(chosen).queryByText('a.jpg')).toBeNull();
    expect(within(chosen).getByText('b.jpg')).toBeTruthy();
  });

  it('keeps the logged request when a photo fails, says which, and retries it', async () => {
    const created = aDetail({ key: 'REQ-43', title: 'Leak' });
    const path = `/api/requests/${created.id}/attachments`;
    let uploads = 0;
    const api = stubApi({
      'GET /api/auth/me': aMe(),
      'GET /api/categories': [equipment],
      'GET /api/locations': [],
      'POST /api/requests': () => json(created, 201),
      [`POST ${path}`]: () => {
        uploads += 1;
        // The second photo fails the first time.
        return uploads === 2
          ? problemResponse(413, 'PAYLOAD_TOO_LARGE', 'Too large', {
              detail: 'file: An attachment may be at most 10240 KiB.',
            })
          : json(anAttachment(created.id), 201);
      },
    });
    const { router } = renderApp('/requests/new');
    await fillForm();
    fireEvent.change(screen.getByLabelText('Choose files'), {
      target: { files: [photo('a.jpg'), photo('b.jpg')] },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Log request with photos' }));

    const failed = await screen.findByText(
      /b\.jpg was not uploaded: file: An attachment may be at most/,
    );
    expect(failed.getAttribute('role')).toBe('alert');
    expect(
      screen.getByText(/Logged as REQ-43, but not every photo was uploaded: b\.jpg/),
    ).toBeTruthy();
    expect(router.state.location.pathname).toBe('/requests/new');
    expect(api.callsTo('POST', '/api/requests')).toHaveLength(1);
    expect(screen.queryByRole('button', { name: 'Retry a.jpg' })).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Retry b.jpg' }));
    await screen.findByText(/Logged as REQ-43, but its photos are now all uploaded/);
    expect(uploadedNames(api.fetch, path)).toEqual(['a.jpg', 'b.jpg', 'b.jpg']);
    // The request was logged once.
    expect(api.callsTo('POST', '/api/requests')).toHaveLength(1);
    expect(screen.getByRole('link', { name: 'Go to REQ-43' })).toBeTruthy();
  });
});

describe('Photo strip', () => {
  it('opens a viewer that moves between photos with the arrow keys', async () => {
    const request = aDetail({ key: 'REQ-12', title: 'Treadmill 3' });
    const items = ['front.jpg', 'belt.jpg', 'label.jpg'].map((filename) =>
      anAttachment(request.id, { filename }),
    );
    stubApi({
      'GET /api/auth/me': aMe(),
      'GET /api/requests/REQ-12': request,
      [`GET /api/requests/${request.id}/events`]: [],
      [`GET /api/requests/${request.id}/attachments`]: { items },
    });
    renderApp('/requests/REQ-12');
    const strip = await screen.findByRole('list', { name: 'Photos' });
    const thumbs = strip.querySelectorAll('img');
    expect(thumbs).toHaveLength(3);
    expect(thumbs[0]?.getAttribute('src')).toBe(`/api/attachments/${items[0]!.id}/preview`);

    fireEvent.click(within(strip).getByRole('button', { name: 'Open belt.jpg' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('Photo 2 of 3')).toBeTruthy();
    const full = within(dialog).getByRole('img', { name: 'belt.jpg' });
    expect(full.getAttribute('src')).toBe(`/api/attachments/${items[1]!.id}`);

    const viewer = full.closest('.photo-viewer')!;
    fireEvent.keyDown(viewer, { key: 'ArrowRight' });
    expect(within(dialog).getByText('Photo 3 of 3')).toBeTruthy();
    expect(within(dialog).getByRole('img', { name: 'label.jpg' })).toBeTruthy();
    // Past the last comes the first.
    fireEvent.keyDown(viewer, { key: 'ArrowRight' });
    expect(within(dialog).getByText('Photo 1 of 3')).toBeTruthy();
    fireEvent.keyDown(viewer, { key: 'ArrowLeft' });
    expect(within(dialog).getByText('Photo 3 of 3')).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Previous' }));
    await waitFor(() => expect(within(dialog).getByText('Photo 2 of 3')).toBeTruthy());
  });
});
