import type { Me, RequestDetail } from '@followthrough/shared';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { toLocalInput } from '../../client/src/lib/time';
import {
  aHandoff,
  aMe,
  aPerson,
  aRequestDetail,
  type Call,
  json,
  problemResponse,
  renderApp,
  stubApi,
  time,
} from './helpers';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const dana = aPerson({ name: 'Dana Owner', email: 'owner@example.org' });
const marco = aPerson({ name: 'Marco Ruiz', email: 'marco.ruiz@example.org' });
const jordan = aPerson({ name: 'Jordan Blake', active: false });
const people = [dana, marco, jordan];
const danaMe: Me = { ...aMe({ name: 'Dana Owner' }), id: dana.id };
const owned = { owner: { id: dana.id, name: dana.name, active: true } };

/**
 * A small fake of the API around one request: GET answers the current state,
 * and `actions` (by "METHOD /path") answer changes, usually by moving the state on.
 */
function serve(
  initial: RequestDetail,
  {
    me = danaMe,
    actions = {},
  }: {
    me?: Me;
    actions?: Record<string, (call: Call, current: RequestDetail) => Response | RequestDetail>;
  } = {},
) {
  let current = initial;
  const routes: Record<string, ((call: Call) => Response) | object> = {
    'GET /api/auth/me': me,
    [`GET /api/requests/${initial.key}`]: () => json(current, 200),
    [`GET /api/requests/${initial.id}/events`]: [],
    'GET /api/people': people,
    'GET /api/categories': [],
    'GET /api/locations': [],
  };
  for (const [route, answer] of Object.entries(actions)) {
    routes[route] = (call: Call) => {
      const result = answer(call, current);
      if (result instanceof Response) return result;
      current = result;
      return json(result);
    };
  }
  const stub = stubApi(routes);
  return {
    stub,
    setCurrent: (next: RequestDetail) => {
      current = next;
    },
    gets: () => stub.callsTo('GET', `/api/requests/${initial.key}`).length,
    eventGets: () => stub.callsTo('GET', `/api/requests/${initial.id}/events`).length,
  };
}

async function openPage(key: string) {
  renderApp(`/requests/${key}`);
  return screen.findByRole('region', { name: 'What you can do' });
}

/** A button of the action bar (the open form has its own submit button, often of the same name). */
const actionButton = (name: string) =>
  within(screen.getByRole('list', { name: 'Actions' })).getByRole('button', { name });

describe('Request page actions', () => {
  it('offers only the actions the API allows', async () => {
    const request = aRequestDetail({
      key: 'REQ-30',
      ...owned,
      allowedActions: ['comment', 'wait', 'follow-up', 'handoff', 'resolve', 'cancel', 'offer'],
    });
    serve(request);
    const actions = await openPage('REQ-30');

    const names = within(actions)
      .getAllByRole('button')
      .map((b) => b.textContent);
    expect(names).toEqual([
      'Resolve',
      'Wait on something',
      'Set follow-up',
      'Hand off',
      'Offer ownership',
      'Cancel request',
    ]);
    expect(within(actions).queryByRole('button', { name: 'Take ownership' })).toBeNull();
    expect(within(actions).queryByRole('button', { name: 'Confirm outcome' })).toBeNull();
    // Comment lives with the timeline.
    const timeline = screen.getByRole('region', { name: 'Timeline' });
    expect(within(timeline).getByRole('button', { name: 'Comment' })).toBeTruthy();
  });

  it('says so when there is nothing to do, and leaves out the comment box when not allowed', async () => {
    const request = aRequestDetail({ key: 'REQ-31', allowedActions: [] });
    serve(request);
    const actions = await openPage('REQ-31');
    expect(actions.textContent).toContain('Nothing for you to do here now.');
    expect(within(actions).queryAllByRole('button')).toHaveLength(0);
    expect(screen.queryByRole('button', { name: 'Comment' })).toBeNull();
  });

  it('validates resolve from the shared schema, then sends it with If-Match and reloads', async () => {
    const request = aRequestDetail({
      key: 'REQ-32',
      ...owned,
      version: 7,
      allowedActions: ['resolve', 'comment'],
    });
    const page = serve(request, {
      actions: {
        [`POST /api/requests/${request.id}/resolve`]: (_call, current) => ({
          ...current,
          status: 'resolved',
          version: 8,
          allowedActions: ['reopen', 'comment'],
        }),
      },
    });
    await openPage('REQ-32');
    const eventsBefore = page.eventGets();

    fireEvent.click(actionButton('Resolve'));
    const panel = screen.getByRole('region', { name: 'Resolve' });
    expect(actionButton('Resolve').getAttribute('aria-expanded')).toBe('true');
    const summary = within(panel).getByLabelText('What was done?');
    await waitFor(() => expect(document.activeElement).toBe(summary));

    // Only spaces: the schema trims and refuses it, with a kinder message.
    fireEvent.change(summary, { target: { value: '   ' } });
    fireEvent.click(within(panel).getByRole('button', { name: 'Resolve' }));
    const error = await within(panel).findByText('Say what was done');
    expect(summary.getAttribute('aria-invalid')).toBe('true');
    expect(summary.getAttribute('aria-describedby')).toContain(error.id);
    expect(page.stub.callsTo('POST', `/api/requests/${request.id}/resolve`)).toHaveLength(0);

    fireEvent.change(summary, { target: { value: '  Replaced the drive belt  ' } });
    fireEvent.click(within(panel).getByRole('button', { name: 'Resolve' }));

    const done = await screen.findByText('Resolved. Sam Staff will be asked to confirm.');
    expect(done.getAttribute('role')).toBe('status');
    const [post] = page.stub.callsTo('POST', `/api/requests/${request.id}/resolve`);
    expect(post!.headers.get('If-Match')).toBe('"7"');
    expect(post!.body).toEqual({ summary: 'Replaced the drive belt' });
    // The new state shows, the form has closed, and the timeline was fetched again.
    await waitFor(() => expect(screen.getAllByText('Resolved').length).toBeGreaterThan(0));
    expect(screen.queryByRole('region', { name: 'Resolve' })).toBeNull();
    expect(actionButton('Reopen')).toBeTruthy();
    await waitFor(() => expect(page.eventGets()).toBeGreaterThan(eventsBefore));
  });

  it('asks for a future follow-up when waiting, and sends it as ISO time', async () => {
    const request = aRequestDetail({ key: 'REQ-33', ...owned, allowedActions: ['wait'] });
    const page = serve(request, {
      actions: {
        [`POST /api/requests/${request.id}/wait`]: (_call, current) => ({
          ...current,
          status: 'waiting',
          version: current.version + 1,
          allowedActions: ['start'],
        }),
      },
    });
    await openPage('REQ-33');
    fireEvent.click(actionButton('Wait on something'));
    const panel = screen.getByRole('region', { name: 'Wait on something' });
    const submit = within(panel).getByRole('button', { name: 'Set to waiting' });

    fireEvent.click(submit);
    expect(await within(panel).findByText('Say what it is waiting on')).toBeTruthy();
    expect(within(panel).getByText('Choose when you will follow up')).toBeTruthy();

    fireEvent.change(within(panel).getByLabelText('Waiting on'), {
      target: { value: 'Parts from Acme' },
    });
    const at = within(panel).getByLabelText('Follow up by');
    fireEvent.change(at, { target: { value: toLocalInput(new Date(Date.now() - time.day)) } });
    expect(await within(panel).findByText('Choose a time in the future')).toBeTruthy();
    fireEvent.click(submit);
    expect(page.stub.callsTo('POST', `/api/requests/${request.id}/wait`)).toHaveLength(0);

    const later = new Date(Date.now() + 2 * time.day);
    later.setSeconds(0, 0);
    fireEvent.change(at, { target: { value: toLocalInput(later) } });
    fireEvent.click(submit);
    await waitFor(() =>
      expect(page.stub.callsTo('POST', `/api/requests/${request.id}/wait`)).toHaveLength(1),
    );
    const [post] = page.stub.callsTo('POST', `/api/requests/${request.id}/wait`);
    expect(post!.body).toEqual({ note: 'Parts from Acme', nextFollowUpAt: later.toISOString() });
    expect(post!.headers.get('If-Match')).toBe(`"${request.version}"`);
  });

  it('offers ownership to an active person other than the owner', async () => {
    const request = aRequestDetail({ key: 'REQ-34', ...owned, allowedActions: ['offer'] });
    const page = serve(request, {
      actions: {
        [`POST /api/requests/${request.id}/offer`]: (_call, current) => ({
          ...current,
          pendingOwner: { id: marco.id, name: marco.name, active: true },
          version: current.version + 1,
        }),
      },
    });
    await openPage('REQ-34');
    fireEvent.click(actionButton('Offer ownership'));
    const panel = screen.getByRole('region', { name: 'Offer ownership' });
    const picker = within(panel).getByRole('combobox', { name: 'Offer to' });
    fireEvent.keyDown(picker, { key: 'ArrowDown' });
    await waitFor(() => expect(picker.getAttribute('aria-expanded')).toBe('true'));
    // Not the owner, not someone deactivated.
    expect(
      within(panel)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Marco Ruiz, Staff']);
    // Escape closes the list only; the form stays open.
    fireEvent.keyDown(picker, { key: 'Escape' });
    expect(picker.getAttribute('aria-expanded')).toBe('false');

    fireEvent.click(within(panel).getByRole('button', { name: 'Offer' }));
    expect(await within(panel).findByText('Choose who to offer it to')).toBeTruthy();

    fireEvent.keyDown(picker, { key: 'ArrowDown' });
    fireEvent.keyDown(picker, { key: 'Enter' });
    fireEvent.change(within(panel).getByLabelText(/Why them/), {
      target: { value: 'Knows the treadmills' },
    });
    fireEvent.click(within(panel).getByRole('button', { name: 'Offer' }));
    expect(
      await screen.findByText('Offered to Marco Ruiz. They answer from My work.'),
    ).toBeTruthy();
    expect(page.stub.callsTo('POST', `/api/requests/${request.id}/offer`)[0]!.body).toEqual({
      to: marco.id,
      note: 'Knows the treadmills',
    });
  });

  it('needs a note when a lead confirms on the requester’s behalf', async () => {
    const lead: Me = aMe({ name: 'Lee Lead', role: 'lead' });
    const request = aRequestDetail({
      key: 'REQ-35',
      status: 'resolved',
      allowedActions: ['confirm', 'reopen'],
    });
    const page = serve(request, {
      me: lead,
      actions: {
        [`POST /api/requests/${request.id}/confirm`]: (_call, current) => ({
          ...current,
          status: 'closed',
          closeReason: 'confirmed',
          version: current.version + 1,
          allowedActions: [],
        }),
      },
    });
    await openPage('REQ-35');
    fireEvent.click(actionButton('Confirm outcome'));
    const panel = screen.getByRole('region', { name: 'Confirm the outcome' });
    expect(panel.textContent).toContain('You are confirming on behalf of Sam Staff');

    fireEvent.click(within(panel).getByRole('radio', { name: '4 – Very good' }));
    fireEvent.click(within(panel).getByRole('button', { name: 'Confirm' }));
    expect(
      await within(panel).findByText('Say why you are confirming on Sam Staff’s behalf'),
    ).toBeTruthy();
    expect(page.stub.callsTo('POST', `/api/requests/${request.id}/confirm`)).toHaveLength(0);

    fireEvent.change(within(panel).getByLabelText('Why you are confirming for Sam Staff'), {
      target: { value: 'Sam told me at the desk' },
    });
    fireEvent.click(within(panel).getByRole('button', { name: 'Confirm' }));
    expect(await screen.findByText('Confirmed and closed. Thank you.')).toBeTruthy();
    expect(page.stub.callsTo('POST', `/api/requests/${request.id}/confirm`)[0]!.body).toEqual({
      rating: 4,
      note: 'Sam told me at the desk',
    });
  });

  it('shows server validation errors by their field', async () => {
    const request = aRequestDetail({ key: 'REQ-36', ...owned, allowedActions: ['follow-up'] });
    serve(request, {
      actions: {
        [`POST /api/requests/${request.id}/follow-up`]: () =>
          problemResponse(400, 'VALIDATION_FAILED', 'Invalid request', {
            errors: [{ path: 'at', message: 'Must be in the future' }],
          }),
      },
    });
    await openPage('REQ-36');
    fireEvent.click(actionButton('Set follow-up'));
    const panel = screen.getByRole('region', { name: 'Set the next follow-up' });
    const at = within(panel).getByLabelText('Follow up by');
    fireEvent.change(at, {
      target: { value: toLocalInput(new Date(Date.now() + time.hour * 3)) },
    });
    fireEvent.click(within(panel).getByRole('button', { name: 'Set follow-up' }));
    const error = await within(panel).findByText('Must be in the future');
    expect(at.getAttribute('aria-describedby')).toContain(error.id);
    await waitFor(() => expect(document.activeElement).toBe(at));
  });

  it('on 412, says the request changed, names its new state and reloads it and its timeline', async () => {
    const request = aRequestDetail({
      key: 'REQ-37',
      ...owned,
      version: 4,
      allowedActions: ['resolve', 'comment'],
    });
    const page = serve(request, {
      actions: {
        [`POST /api/requests/${request.id}/resolve`]: (_call, current) => {
          // Someone resolved it in the meantime.
          page.setCurrent({
            ...current,
            status: 'resolved',
            version: 6,
            allowedActions: ['reopen', 'comment'],
          });
          return problemResponse(412, 'STALE_VERSION', 'Precondition failed', {
            detail: 'The request changed since you loaded it.',
            currentVersion: 6,
          });
        },
      },
    });
    await openPage('REQ-37');
    const detailsBefore = page.gets();
    const eventsBefore = page.eventGets();

    fireEvent.click(actionButton('Resolve'));
    const panel = screen.getByRole('region', { name: 'Resolve' });
    fireEvent.change(within(panel).getByLabelText('What was done?'), {
      target: { value: 'Fixed' },
    });
    fireEvent.click(within(panel).getByRole('button', { name: 'Resolve' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Your change was not saved');
    expect(alert.textContent).toContain(
      'Someone else changed this request: it is now resolved. The page has been reloaded.',
    );
    expect(
      page.stub.callsTo('POST', `/api/requests/${request.id}/resolve`)[0]!.headers.get('If-Match'),
    ).toBe('"4"');
    expect(page.gets()).toBeGreaterThan(detailsBefore);
    await waitFor(() => expect(page.eventGets()).toBeGreaterThan(eventsBefore));
    // The page now shows what is true: no Resolve, a Reopen; the alert has focus.
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Resolve' })).toBeNull());
    expect(screen.queryByRole('button', { name: 'Resolve' })).toBeNull();
    expect(actionButton('Reopen')).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(alert));
  });

  it('on 409 HANDOFF_OPEN from a stale page, shows the server’s reason and reloads', async () => {
    const request = aRequestDetail({
      key: 'REQ-38',
      ...owned,
      allowedActions: ['resolve', 'handoff'],
    });
    const handoff = aHandoff({ to: 'Maintenance' });
    const page = serve(request, {
      actions: {
        [`POST /api/requests/${request.id}/resolve`]: (_call, current) => {
          page.setCurrent({
            ...current,
            handoffs: [handoff],
            openHandoffs: 1,
            version: current.version + 1,
            allowedActions: ['handoff'],
          });
          return problemResponse(409, 'HANDOFF_OPEN', 'Conflict', {
            detail:
              'This request cannot be resolved while 1 handoff is still open. Complete or cancel the handoff first.',
            state: 'in_progress',
            allowedActions: ['handoff'],
          });
        },
      },
    });
    await openPage('REQ-38');
    fireEvent.click(actionButton('Resolve'));
    const panel = screen.getByRole('region', { name: 'Resolve' });
    fireEvent.change(within(panel).getByLabelText('What was done?'), {
      target: { value: 'Fixed' },
    });
    fireEvent.click(within(panel).getByRole('button', { name: 'Resolve' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain(
      'This request cannot be resolved while 1 handoff is still open. Complete or cancel the handoff first. The page has been reloaded.',
    );
    // After the reload, Resolve is explained rather than offered.
    const note = await screen.findByText(
      'Resolve becomes available when the open handoff is completed or cancelled.',
    );
    const resolve = actionButton('Resolve');
    expect(resolve.getAttribute('aria-disabled')).toBe('true');
    expect(resolve.getAttribute('aria-describedby')).toBe(note.id);
  });

  it('explains why Resolve is unavailable while a handoff is open, and does nothing else', async () => {
    const request = aRequestDetail({
      key: 'REQ-39',
      ...owned,
      openHandoffs: 1,
      handoffs: [aHandoff({ to: 'Maintenance' })],
      allowedActions: ['handoff', 'wait', 'comment'],
    });
    const page = serve(request);
    await openPage('REQ-39');
    const resolve = actionButton('Resolve');
    expect(resolve.getAttribute('aria-disabled')).toBe('true');
    const note = screen.getByText(
      'Resolve becomes available when the open handoff is completed or cancelled.',
    );
    expect(
      within(screen.getByRole('region', { name: /Handoffs/ })).getByText(note.textContent!),
    ).toBe(note);
    fireEvent.click(resolve);
    expect(document.activeElement).toBe(note);
    expect(screen.queryByRole('region', { name: 'Resolve' })).toBeNull();
    expect(page.stub.calls.filter((c) => c.method !== 'GET')).toHaveLength(0);
  });

  it('hands work off with an expected-by date, and closes the form on Escape', async () => {
    const request = aRequestDetail({ key: 'REQ-40', ...owned, allowedActions: ['handoff'] });
    const created = aHandoff({ to: 'Maintenance', ask: 'Replace the belt' });
    const page = serve(request, {
      actions: {
        [`POST /api/requests/${request.id}/handoffs`]: (_call, current) => {
          page.setCurrent({
            ...current,
            handoffs: [created],
            openHandoffs: 1,
            version: current.version + 1,
          });
          return json(created, 201);
        },
      },
    });
    await openPage('REQ-40');

    // Escape closes the form and puts focus back on its button.
    fireEvent.click(actionButton('Hand off'));
    const first = screen.getByRole('region', { name: 'Hand off work' });
    fireEvent.keyDown(within(first).getByLabelText('Handed to'), { key: 'Escape' });
    expect(screen.queryByRole('region', { name: 'Hand off work' })).toBeNull();
    expect(document.activeElement).toBe(actionButton('Hand off'));

    fireEvent.click(actionButton('Hand off'));
    const panel = screen.getByRole('region', { name: 'Hand off work' });
    fireEvent.click(within(panel).getByRole('button', { name: 'Hand off' }));
    expect(await within(panel).findByText('Say who the work goes to')).toBeTruthy();
    expect(within(panel).getByText('Say what you asked for')).toBeTruthy();
    expect(within(panel).getByText('Choose when you expect it back')).toBeTruthy();

    const by = new Date(Date.now() + time.day);
    by.setSeconds(0, 0);
    fireEvent.change(within(panel).getByLabelText('Handed to'), {
      target: { value: 'Maintenance' },
    });
    fireEvent.change(within(panel).getByLabelText('What did you ask for?'), {
      target: { value: 'Replace the belt' },
    });
    fireEvent.change(within(panel).getByLabelText('Expected back by'), {
      target: { value: toLocalInput(by) },
    });
    fireEvent.click(within(panel).getByRole('button', { name: 'Hand off' }));

    expect(await screen.findByText('Handed off to Maintenance.')).toBeTruthy();
    const [post] = page.stub.callsTo('POST', `/api/requests/${request.id}/handoffs`);
    expect(post!.body).toEqual({
      to: 'Maintenance',
      ask: 'Replace the belt',
      expectedBy: by.toISOString(),
    });
    expect(post!.headers.get('If-Match')).toBe(`"${request.version}"`);
    const handoffs = screen.getByRole('region', { name: /Handoffs/ });
    expect(await within(handoffs).findByText('Replace the belt')).toBeTruthy();
  });

  it('completes a handoff in a dialog, and shows a 403 there', async () => {
    const handoff = aHandoff({ to: 'Maintenance' });
    const other = aHandoff({ to: 'Acme Fitness Repair' });
    const request = aRequestDetail({
      key: 'REQ-41',
      ...owned,
      openHandoffs: 2,
      handoffs: [handoff, other],
      allowedActions: ['handoff', 'comment'],
    });
    const page = serve(request, {
      actions: {
        [`PATCH /api/requests/${request.id}/handoffs/${handoff.id}`]: (_call, current) => ({
          ...current,
          handoffs: [
            { ...handoff, status: 'done', completedAt: new Date().toISOString(), note: 'Fixed' },
            other,
          ],
          openHandoffs: 1,
          version: current.version + 1,
        }),
        [`PATCH /api/requests/${request.id}/handoffs/${other.id}`]: () =>
          problemResponse(403, 'FORBIDDEN', 'Forbidden', {
            detail: 'You may not complete or cancel this handoff.',
          }),
      },
    });
    await openPage('REQ-41');

    fireEvent.click(
      screen.getByRole('button', { name: /^Mark done\s*: the handoff to Maintenance$/ }),
    );
    const dialog = screen.getByRole('dialog', { name: 'Mark the handoff to Maintenance done' });
    fireEvent.change(within(dialog).getByLabelText(/What came back/), {
      target: { value: 'Fixed' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Mark done' }));
    expect(await screen.findByText('The handoff to Maintenance is done.')).toBeTruthy();
    expect(screen.queryByRole('dialog')).toBeNull();
    const [patch] = page.stub.callsTo(
      'PATCH',
      `/api/requests/${request.id}/handoffs/${handoff.id}`,
    );
    expect(patch!.body).toEqual({ status: 'done', note: 'Fixed' });
    expect(patch!.headers.get('If-Match')).toBe(`"${request.version}"`);

    fireEvent.click(screen.getByRole('button', { name: 'Cancel handoff to Acme Fitness Repair' }));
    const second = screen.getByRole('dialog', {
      name: 'Cancel the handoff to Acme Fitness Repair',
    });
    fireEvent.click(within(second).getByRole('button', { name: 'Cancel handoff' }));
    const refused = await within(second).findByRole('alert');
    expect(refused.textContent).toBe('You may not complete or cancel this handoff.');
    fireEvent.click(within(second).getByRole('button', { name: 'Keep it open' }));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('edits only the fields that changed', async () => {
    const request = aRequestDetail({
      key: 'REQ-42',
      ...owned,
      priority: 'normal',
      allowedActions: ['edit'],
    });
    const page = serve(request, {
      actions: {
        [`PATCH /api/requests/${request.id}`]: (call, current) => ({
          ...current,
          ...(call.body as object),
          version: current.version + 1,
        }),
      },
    });
    await openPage('REQ-42');
    fireEvent.click(actionButton('Edit'));
    const panel = screen.getByRole('region', { name: 'Edit the request' });
    expect((within(panel).getByLabelText('Title') as HTMLInputElement).value).toBe(request.title);

    fireEvent.click(within(panel).getByRole('button', { name: 'Save changes' }));
    expect((await within(panel).findByRole('alert')).textContent).toBe('Nothing has changed yet.');

    fireEvent.change(within(panel).getByLabelText('Priority'), { target: { value: 'high' } });
    fireEvent.change(within(panel).getByLabelText(/Asset/), { target: { value: '' } });
    fireEvent.click(within(panel).getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('Saved.')).toBeTruthy();
    const [patch] = page.stub.callsTo('PATCH', `/api/requests/${request.id}`);
    expect(patch!.body).toEqual({ priority: 'high', asset: null });
  });
});
