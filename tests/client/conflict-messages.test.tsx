import type { Me, RequestDetail, RequestEvent } from '@followthrough/shared';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  aHandoff,
  aMe,
  anEvent,
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
const danaMe: Me = { ...aMe({ name: 'Dana Owner' }), id: dana.id };
const owned = { owner: { id: dana.id, name: dana.name, active: true } };
const asDana = { id: dana.id, name: dana.name, active: true };

/**
 * The API around one request whose state and timeline move on together: each
 * event moves the version on by one, as the server does.
 */
function serve(
  initial: RequestDetail,
  initialEvents: RequestEvent[],
  actions: Record<string, (call: Call) => Response | RequestDetail> = {},
) {
  let current = initial;
  let events = initialEvents;
  const routes: Record<string, ((call: Call) => Response) | object> = {
    'GET /api/auth/me': danaMe,
    [`GET /api/requests/${initial.key}`]: () => json(current),
    [`GET /api/requests/${initial.id}/events`]: () => json(events),
    'GET /api/people': [dana, marco],
    'GET /api/categories': [],
    'GET /api/locations': [],
  };
  for (const [route, answer] of Object.entries(actions)) {
    routes[route] = (call: Call) => {
      const result = answer(call);
      if (result instanceof Response) return result;
      current = result;
      return json(result);
    };
  }
  const stub = stubApi(routes);
  return {
    stub,
    /** Someone else's change lands: one more event, one more version. */
    elsewhere(event: RequestEvent, next: Partial<RequestDetail>) {
      events = [...events, event];
      current = { ...current, ...next, version: events.length };
    },
    current: () => current,
  };
}

/** A request at version 3, with the three events that brought it there. */
function threeEventsIn(key: string, over: Partial<RequestDetail> = {}) {
  const request = aRequestDetail({ key, ...owned, version: 3, ...over });
  const events = [
    anEvent({ requestId: request.id, at: time.ago(3 * time.hour) }),
    anEvent({
      requestId: request.id,
      type: 'ownership_offered',
      data: { to: dana.id },
      at: time.ago(2 * time.hour),
    }),
    anEvent({
      requestId: request.id,
      type: 'ownership_accepted',
      actor: asDana,
      data: { from: null },
      at: time.ago(time.hour),
    }),
  ];
  return { request, events };
}

async function openResolve(key: string, typed: string) {
  renderApp(`/requests/${key}`);
  const bar = await screen.findByRole('list', { name: 'Actions' });
  fireEvent.click(within(bar).getByRole('button', { name: 'Resolve' }));
  const panel = screen.getByRole('region', { name: 'Resolve' });
  fireEvent.change(within(panel).getByLabelText('What was done?'), { target: { value: typed } });
  return panel;
}

const refusedAsStale = () =>
  problemResponse(412, 'STALE_VERSION', 'Precondition failed', { currentVersion: 4 });

describe('Conflict messages are generic and lose typing (defect 4)', () => {
  it('a stale resolve after a handoff was opened names the handoff, says why Resolve waits, and keeps the summary', async () => {
    const { request, events } = threeEventsIn('REQ-61', {
      allowedActions: ['resolve', 'handoff', 'comment'],
    });
    const handoff = aHandoff({ to: 'Maintenance' });
    const page = serve(request, events, {
      [`POST /api/requests/${request.id}/resolve`]: () => refusedAsStale(),
    });
    const panel = await openResolve('REQ-61', 'Fixed it');

    // Meanwhile, in another tab, Dana hands it off.
    page.elsewhere(
      anEvent({
        requestId: request.id,
        type: 'handoff_created',
        actor: asDana,
        at: time.ago(2 * 60_000),
        data: {
          handoffId: handoff.id,
          to: 'Maintenance',
          ask: 'Replace the belt',
          expectedBy: time.ahead(48 * time.hour),
        },
      }),
      { handoffs: [handoff], openHandoffs: 1, allowedActions: ['handoff', 'comment'] },
    );
    fireEvent.click(within(panel).getByRole('button', { name: 'Resolve' }));

    const alert = await screen.findByRole('alert');
    await waitFor(() =>
      expect(alert.textContent).toContain('Dana Owner handed this off to Maintenance'),
    );
    expect(alert.textContent).toMatch(
      /Since you opened it, Dana Owner handed this off to Maintenance, expecting it by .+ \(2 min ago\)\. It is now in progress\./,
    );
    expect(alert.textContent).not.toContain('Someone else changed this request');
    expect(alert.textContent).toContain(
      'Resolve becomes available when the open handoff is completed or cancelled. What you typed will be back in its form then.',
    );
    // The form closed with the new state, so the alert holds the text.
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Resolve' })).toBeNull());
    expect(within(alert).getByText('Fixed it')).toBeTruthy();
    cleanup();

    // Once the handoff is done, Resolve opens with what was typed.
    page.elsewhere(
      anEvent({
        requestId: request.id,
        type: 'handoff_completed',
        actor: asDana,
        data: { handoffId: handoff.id },
      }),
      {
        handoffs: [{ ...handoff, status: 'done' }],
        openHandoffs: 0,
        allowedActions: ['resolve', 'handoff', 'comment'],
      },
    );
    renderApp('/requests/REQ-61');
    const bar = await screen.findByRole('list', { name: 'Actions' });
    fireEvent.click(within(bar).getByRole('button', { name: 'Resolve' }));
    const again = screen.getByRole('region', { name: 'Resolve' });
    expect((within(again).getByLabelText('What was done?') as HTMLTextAreaElement).value).toBe(
      'Fixed it',
    );
  });

  it('a stale resolve after a comment says who commented, keeps the form and its text, and sends again with the new version', async () => {
    const { request, events } = threeEventsIn('REQ-62', {
      allowedActions: ['resolve', 'handoff', 'comment'],
    });
    let refuse = true;
    const page = serve(request, events, {
      [`POST /api/requests/${request.id}/resolve`]: () => {
        if (refuse) {
          refuse = false;
          return refusedAsStale();
        }
        return { ...page.current(), status: 'resolved', version: 5, allowedActions: [] };
      },
    });
    const panel = await openResolve('REQ-62', 'Belt replaced');
    page.elsewhere(
      anEvent({
        requestId: request.id,
        type: 'comment',
        actor: { id: marco.id, name: marco.name, active: true },
        at: time.ago(5 * 60_000),
        data: { body: 'The belt is in the store room' },
      }),
      {},
    );
    fireEvent.click(within(panel).getByRole('button', { name: 'Resolve' }));

    const alert = await screen.findByRole('alert');
    await waitFor(() => expect(alert.textContent).toContain('Marco Ruiz commented (5 min ago)'));
    expect(alert.textContent).toContain(
      'You can still resolve: check the latest and send it again. What you typed is kept.',
    );
    const form = screen.getByRole('region', { name: 'Resolve' });
    expect((within(form).getByLabelText('What was done?') as HTMLTextAreaElement).value).toBe(
      'Belt replaced',
    );
    expect(form.textContent).toContain('Not sent: the request had changed. What you typed is kept');

    fireEvent.click(within(form).getByRole('button', { name: 'Resolve' }));
    await screen.findByText(/^Resolved\./);
    const posts = page.stub.callsTo('POST', `/api/requests/${request.id}/resolve`);
    expect(posts.map((p) => p.headers.get('If-Match'))).toEqual(['"3"', '"4"']);
    expect(posts[1]!.body).toEqual({ summary: 'Belt replaced' });
  });
});

describe('Comments are refused after any concurrent change (defect 5)', () => {
  it('posts a comment without If-Match, so a change meanwhile cannot refuse it', async () => {
    const { request, events } = threeEventsIn('REQ-63', { allowedActions: ['comment'] });
    const page = serve(request, events, {
      [`POST /api/requests/${request.id}/comments`]: (call) =>
        // The server checks If-Match when it is sent: a stale one would be refused.
        call.headers.has('If-Match')
          ? refusedAsStale()
          : { ...page.current(), version: page.current().version + 1 },
    });
    renderApp('/requests/REQ-63');
    const timeline = await screen.findByRole('region', { name: 'Timeline' });
    page.elsewhere(
      anEvent({
        requestId: request.id,
        type: 'follow_up_set',
        actor: asDana,
        data: { at: time.ahead(time.day) },
      }),
      {},
    );
    fireEvent.change(within(timeline).getByLabelText('Add a comment'), {
      target: { value: 'Parts arrive Tuesday.' },
    });
    fireEvent.click(within(timeline).getByRole('button', { name: 'Comment' }));
    expect(await within(timeline).findByText('Comment added.')).toBeTruthy();
    const [post] = page.stub.callsTo('POST', `/api/requests/${request.id}/comments`);
    expect(post!.headers.has('If-Match')).toBe(false);
    expect(post!.body).toEqual({ body: 'Parts arrive Tuesday.' });
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('a refused comment stays in the box with the reason', async () => {
    const { request, events } = threeEventsIn('REQ-64', { allowedActions: ['comment'] });
    serve(request, events, {
      [`POST /api/requests/${request.id}/comments`]: () =>
        problemResponse(403, 'FORBIDDEN', 'Forbidden', {
          detail: 'You may not comment on this request.',
        }),
    });
    renderApp('/requests/REQ-64');
    const timeline = await screen.findByRole('region', { name: 'Timeline' });
    fireEvent.change(within(timeline).getByLabelText('Add a comment'), {
      target: { value: 'Parts arrive Tuesday.' },
    });
    fireEvent.click(within(timeline).getByRole('button', { name: 'Comment' }));
    const reason = await within(timeline).findByRole('alert');
    expect(reason.textContent).toContain('You may not comment on this request.');
    expect((within(timeline).getByLabelText('Add a comment') as HTMLTextAreaElement).value).toBe(
      'Parts arrive Tuesday.',
    );
  });
});
