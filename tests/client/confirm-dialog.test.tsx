import type { Me, RequestDetail, RequestSummary } from '@followthrough/shared';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  aCategory,
  aMe,
  anEvent,
  aRequest,
  aRequestDetail,
  type Call,
  json,
  renderApp,
  stubApi,
  time,
} from './helpers';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const resolved = aRequest({
  key: 'REQ-5',
  title: 'Sauna is cold',
  status: 'resolved',
  desiredOutcome: 'The sauna reaches 80 °C within 20 minutes of switching on',
  owner: { id: '00000000-0000-4000-8000-00000000aa01', name: 'Dana Owner', active: true },
  resolvedAt: time.ago(time.hour),
  version: 9,
});
const dana = resolved.owner!;
const requesterMe: Me = { ...aMe({ name: 'Sam Staff' }), id: resolved.requester.id };

/** A timeline: an earlier round reopened, then a handoff and the resolution it led to. */
const timeline = (requestId: string) => [
  anEvent({ requestId, type: 'created', at: time.ago(5 * time.day) }),
  anEvent({
    requestId,
    type: 'resolved',
    actor: dana,
    at: time.ago(4 * time.day),
    data: { summary: 'Reset the thermostat' },
  }),
  anEvent({
    requestId,
    type: 'reopened',
    actor: resolved.requester,
    at: time.ago(3 * time.day),
    data: { reason: 'Still cold', from: 'resolved' },
  }),
  anEvent({
    requestId,
    type: 'handoff_created',
    actor: dana,
    at: time.ago(2 * time.day),
    data: {
      handoffId: '00000000-0000-4000-8000-00000000bb01',
      to: 'Nordic Heat Ltd',
      ask: 'Replace the heating element',
      expectedBy: time.ago(time.day),
    },
  }),
  anEvent({
    requestId,
    type: 'handoff_completed',
    actor: dana,
    at: time.ago(time.day + time.hour),
    data: { handoffId: '00000000-0000-4000-8000-00000000bb01', note: 'New 9 kW element fitted' },
  }),
  anEvent({
    requestId,
    type: 'resolved',
    actor: dana,
    at: time.ago(time.hour),
    data: { summary: 'Element replaced; it reached 80 °C in 18 minutes on test' },
  }),
];

function myWorkApi(lists: { offers?: RequestSummary[]; resolved?: RequestSummary[] }, extra = {}) {
  return stubApi({
    'GET /api/auth/me': requesterMe,
    'GET /api/requests': (call: Call) => {
      const p = call.url.searchParams;
      if (p.get('pendingOwner') === 'me')
        return json({ items: lists.offers ?? [], nextCursor: null });
      if (p.get('status') === 'resolved') {
        return json({ items: lists.resolved ?? [], nextCursor: null });
      }
      return json({ items: [], nextCursor: null });
    },
    [`GET /api/requests/${resolved.id}/events`]: timeline(resolved.id),
    ...extra,
  });
}

async function openDialog(button: RegExp, name: string) {
  const section = await screen.findByRole('region', { name: /Awaiting my confirmation/ });
  fireEvent.click(await within(section).findByRole('button', { name: button }));
  return screen.getByRole('dialog', { name });
}

describe('The requester confirms blind (defect 1): the confirm dialog shows what was asked and what was done', () => {
  it('shows the desired outcome, the latest resolution summary and this round’s handoff notes', async () => {
    myWorkApi({ resolved: [resolved] });
    renderApp('/');
    const dialog = await openDialog(/^Confirm/, 'Confirm the outcome');

    const asked = within(dialog).getByRole('region', { name: 'You asked for' });
    expect(asked.textContent).toContain(resolved.desiredOutcome);
    const done = await within(dialog).findByRole('region', {
      name: 'What Dana Owner says was done',
    });
    await waitFor(() =>
      expect(done.textContent).toContain('Element replaced; it reached 80 °C in 18 minutes'),
    );
    // The earlier round's summary was judged (and reopened) already.
    expect(dialog.textContent).not.toContain('Reset the thermostat');
    const handoffs = within(dialog).getByRole('region', { name: 'Handed off along the way' });
    expect(handoffs.textContent).toContain('Nordic Heat Ltd');
    expect(handoffs.textContent).toContain('Replace the heating element');
    expect(handoffs.textContent).toContain('came back: New 9 kW element fitted');
    // Read with the dialog's name, so a screen reader hears it before the rating.
    const described = dialog.getAttribute('aria-describedby');
    expect(described && document.getElementById(described)?.textContent).toContain(
      resolved.desiredOutcome,
    );
  });

  it('shows the same when reopening', async () => {
    myWorkApi({ resolved: [resolved] });
    renderApp('/');
    const dialog = await openDialog(/^Reopen/, 'Reopen');
    expect(within(dialog).getByRole('region', { name: 'You asked for' }).textContent).toContain(
      resolved.desiredOutcome,
    );
    expect(
      (await within(dialog).findByText(/Element replaced; it reached 80 °C/)).textContent,
    ).toBeTruthy();
    expect(within(dialog).getByText(/New 9 kW element fitted/)).toBeTruthy();
  });

  it('puts what was done on the My work card too', async () => {
    myWorkApi({ resolved: [resolved] });
    renderApp('/');
    const section = await screen.findByRole('region', { name: /Awaiting my confirmation/ });
    await within(section).findByText(/Element replaced; it reached 80 °C/);
    expect(section.textContent).toContain(`You asked for: ${resolved.desiredOutcome}`);
  });

  it('says so when what was done cannot be loaded, and still lets the requester confirm', async () => {
    myWorkApi(
      { resolved: [resolved] },
      { [`GET /api/requests/${resolved.id}/events`]: () => json({}, 503) },
    );
    renderApp('/');
    const dialog = await openDialog(/^Confirm/, 'Confirm the outcome');
    expect(await within(dialog).findByText(/What was done could not be loaded/)).toBeTruthy();
    expect(within(dialog).getByRole('button', { name: 'Confirm' })).toBeTruthy();
  });

  it('shows both texts in the request page’s confirm form', async () => {
    const detail = aRequestDetail({
      ...resolved,
      allowedActions: ['confirm', 'reopen', 'comment'],
    });
    stubApi({
      'GET /api/auth/me': requesterMe,
      [`GET /api/requests/${detail.key}`]: detail,
      [`GET /api/requests/${detail.id}/events`]: timeline(detail.id),
      'GET /api/people': [],
      'GET /api/categories': [],
      'GET /api/locations': [],
    });
    renderApp(`/requests/${detail.key}`);
    const bar = await screen.findByRole('list', { name: 'Actions' });
    fireEvent.click(within(bar).getByRole('button', { name: 'Confirm outcome' }));
    const panel = screen.getByRole('region', { name: 'Confirm the outcome' });
    expect(within(panel).getByRole('region', { name: 'You asked for' })).toBeTruthy();
    expect(await within(panel).findByText(/Element replaced; it reached 80 °C/)).toBeTruthy();
  });
});

describe('The rating’s focus starts on “1 – Poor” while “No rating” is checked (defect 9)', () => {
  it('focuses the checked choice when the confirm dialog opens', async () => {
    myWorkApi({ resolved: [resolved] });
    renderApp('/');
    const dialog = await openDialog(/^Confirm/, 'Confirm the outcome');
    const none = within(dialog).getByRole('radio', { name: 'No rating' });
    expect((none as HTMLInputElement).checked).toBe(true);
    await waitFor(() => expect(document.activeElement).toBe(none));
  });
});

describe('“Take ownership” is the primary button for the requester right after logging (defect 9)', () => {
  const category = aCategory({ name: 'Facilities' });
  const fresh = (requester: Me): RequestDetail =>
    aRequestDetail({
      key: 'REQ-40',
      status: 'new',
      owner: null,
      ownedAt: null,
      category: { id: category.id, name: category.name },
      requester: { id: requester.id, name: requester.name, active: true },
      allowedActions: ['take', 'offer', 'edit', 'cancel', 'comment'],
    });

  async function takeButton(me: Me) {
    const detail = fresh(me);
    const stub = stubApi({
      'GET /api/auth/me': me,
      [`GET /api/requests/${detail.key}`]: detail,
      [`GET /api/requests/${detail.id}/events`]: [],
      'GET /api/people': [],
      'GET /api/categories': [category],
      'GET /api/locations': [],
    });
    renderApp(`/requests/${detail.key}`);
    const bar = await screen.findByRole('list', { name: 'Actions' });
    return { take: within(bar).getByRole('button', { name: 'Take ownership' }), bar, stub };
  }

  it('is a plain button for a requester outside the category’s team, with no primary at all', async () => {
    const { take, bar, stub } = await takeButton(aMe({ name: 'Rita Reception', teams: [] }));
    // Let the directory arrive: the answer must not flip to primary once it does.
    await waitFor(() => expect(stub.callsTo('GET', '/api/categories')).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 20));
    expect(take.className).not.toContain('button-primary');
    expect(bar.querySelector('.button-primary')).toBeNull();
  });

  it('is the primary button for someone on the team the category routes to', async () => {
    const { take } = await takeButton(
      aMe({
        name: 'Tom Technician',
        teams: [{ id: category.teamId, name: 'Facilities', isLead: false }],
      }),
    );
    await waitFor(() => expect(take.className).toContain('button-primary'));
  });
});

describe('Offer cards do not say who offered or their note (defect 9)', () => {
  const offer = aRequest({
    key: 'REQ-7',
    title: 'Treadmill 3 belt slips',
    status: 'new',
    owner: null,
    pendingOwner: { id: requesterMe.id, name: requesterMe.name, active: true },
    version: 2,
  });
  const lee = { id: '00000000-0000-4000-8000-00000000cc01', name: 'Lee Lead', active: true };

  it('says “Offered by Lee Lead: <note>” from the latest offer to me', async () => {
    myWorkApi(
      { offers: [offer] },
      {
        [`GET /api/requests/${offer.id}/events`]: [
          anEvent({ requestId: offer.id, type: 'created' }),
          anEvent({
            requestId: offer.id,
            type: 'ownership_offered',
            actor: lee,
            data: { to: '00000000-0000-4000-8000-00000000cc02', note: 'For someone else' },
          }),
          anEvent({
            requestId: offer.id,
            type: 'ownership_offered',
            actor: lee,
            data: { to: requesterMe.id, note: 'You fixed the last belt' },
          }),
        ],
      },
    );
    renderApp('/');
    const section = await screen.findByRole('region', { name: /Offers waiting for me/ });
    await waitFor(() =>
      expect(section.textContent).toContain('Offered by Lee Lead: You fixed the last belt'),
    );
    expect(section.textContent).not.toContain('For someone else');
  });

  it('says an offer made by routing came as the category’s default owner', async () => {
    myWorkApi(
      { offers: [offer] },
      {
        [`GET /api/requests/${offer.id}/events`]: [
          anEvent({
            requestId: offer.id,
            type: 'ownership_offered',
            actor: null,
            data: { to: requesterMe.id, routed: true },
          }),
        ],
      },
    );
    renderApp('/');
    const section = await screen.findByRole('region', { name: /Offers waiting for me/ });
    await waitFor(() =>
      expect(section.textContent).toContain(
        `Offered as the default owner for ${offer.category.name}`,
      ),
    );
  });
});
