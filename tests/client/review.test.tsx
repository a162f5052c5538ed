import {
  type Me,
  type ReviewItem,
  type ReviewQueue,
  reviewItem,
  reviewQueue,
} from '@followthrough/shared';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { toLocalInput } from '../../client/src/lib/time';
import {
  aMe,
  aPerson,
  aRequest,
  aRequestDetail,
  type Call,
  fromContract,
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

const dana = aPerson({ name: 'Dana Owner' });
const marco = aPerson({ name: 'Marco Ruiz' });
const jordan = aPerson({ name: 'Jordan Blake', active: false });
const people = [dana, marco, jordan];
const danaRef = { id: dana.id, name: dana.name, active: true };

const lead: Me = aMe({
  name: 'Lee Lead',
  role: 'lead',
  teams: [{ id: '10000000-0000-4000-8000-000000000001', name: 'Facilities', isLead: true }],
});

const followUp = aRequest({
  key: 'REQ-73',
  title: 'Treadmill 3 belt slips',
  owner: danaRef,
  priority: 'high',
  version: 5,
  stalled: [
    { reason: 'follow_up_overdue', since: time.ago(2 * time.day) },
    { reason: 'no_activity', since: time.ago(3 * time.hour) },
  ],
});
const unowned = aRequest({
  key: 'REQ-78',
  title: 'Studio A mirror clips loose',
  owner: null,
  status: 'new',
  version: 2,
  stalled: [{ reason: 'unowned', since: time.ago(26 * time.hour) }],
});
const quiet = aRequest({
  key: 'REQ-74',
  title: 'Rowing machine 2 display blank',
  owner: danaRef,
  version: 7,
  stalled: [{ reason: 'past_target', since: time.ago(45 * time.day) }],
});

const item = (
  request: typeof followUp,
  overdueMinutes: number[],
  ageMinutes = 6 * 1440,
  lastDecision: ReviewItem['lastDecision'] = null,
): ReviewItem =>
  fromContract(reviewItem, { request, severity: 400, overdueMinutes, ageMinutes, lastDecision });

/** The queue as the server would answer it: groups in order of their worst item. */
function queueOf(items: ReviewItem[]): ReviewQueue {
  const groups: ReviewQueue['groups'] = [];
  for (const i of items) {
    const owner = i.request.owner;
    let group = groups.find((g) => (g.owner?.id ?? null) === (owner?.id ?? null));
    if (!group) {
      group = { owner, worstSeverity: i.severity, items: [] };
      groups.push(group);
    }
    group.items.push(i);
  }
  return fromContract(reviewQueue, { groups, total: items.length, truncated: false });
}

/**
 * A fake API around the review queue: GET answers from `state.items`, and the
 * routes given (by "METHOD /path") answer the actions, usually changing the queue.
 */
function reviewApi(
  items: ReviewItem[],
  routes: Record<string, (call: Call) => Response> = {},
  me: Me = lead,
) {
  const state = { items };
  const stub = stubApi({
    'GET /api/auth/me': me,
    'GET /api/people': people,
    'GET /api/teams': [],
    'GET /api/review/stalled': () => json(queueOf(state.items)),
    ...routes,
  });
  const queueGets = () => stub.callsTo('GET', '/api/review/stalled');
  return { stub, state, queueGets };
}

const initial = () => [
  item(unowned, [2 * 60]),
  item(followUp, [2 * 1440 + 5, 3 * 60]),
  item(quiet, [45 * 1440], 52 * 1440),
];

async function openReview(path = '/review') {
  const view = renderApp(path);
  await screen.findByRole('heading', { level: 1, name: 'Review' });
  await screen.findByRole('region', { name: /^Unowned/ });
  return view;
}

/** The queue itself (the notice above it links to requests too). */
const queueRegion = () => screen.getByRole('region', { name: 'Stalled requests' });
const inQueue = (key: string) =>
  within(queueRegion())
    .queryAllByRole('link')
    .some((a) => a.getAttribute('href') === `/requests/${key}`);

const itemOf = (key: string) => {
  const link = within(queueRegion())
    .getAllByRole('link')
    .find((a) => a.getAttribute('href') === `/requests/${key}`);
  const li = link?.closest('li');
  if (!li) throw new Error(`No review item for ${key}`);
  return li as HTMLElement;
};

describe('Review: the stalled queue', () => {
  it('groups the stalled requests by owner, with an Unowned group, each with its reasons in words', async () => {
    const api = reviewApi(initial());
    await openReview();

    expect(api.queueGets()[0]!.url.searchParams.toString()).toBe('sort=severity');
    const groups = screen
      .getAllByRole('heading', { level: 2 })
      .map((h) => h.textContent?.replace(/\d+ stalled requests?$/, ''));
    expect(groups).toEqual(['Unowned', 'Dana Owner']);
    expect(screen.getByRole('status').textContent).toContain(
      '3 stalled requests, 2 groups by owner.',
    );

    const danaGroup = screen.getByRole('region', { name: /^Dana Owner/ });
    const titles = within(danaGroup)
      .getAllByRole('heading', { level: 3 })
      .map((h) => h.textContent);
    expect(titles).toEqual(['Treadmill 3 belt slips', 'Rowing machine 2 display blank']);

    const treadmill = itemOf('REQ-73');
    expect(within(treadmill).getByRole('link', { name: 'Treadmill 3 belt slips' })).toBeTruthy();
    expect(treadmill.textContent).toContain('REQ-73');
    expect(treadmill.textContent).toContain('High');
    const reasons = within(treadmill).getByRole('list', { name: 'Why it has stalled' });
    expect(
      within(reasons)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Follow-up overdue 2 days overdue', 'No recent activity 3 hours overdue']);
    expect(within(treadmill).getByText('6 days')).toBeTruthy();

    expect(itemOf('REQ-74').textContent).toContain('Past target 45 days overdue');
    expect(itemOf('REQ-74').textContent).toContain('52 days');
    expect(itemOf('REQ-78').textContent).toContain('No owner 2 hours overdue');
    // Nobody to nudge on an unowned request.
    expect(within(itemOf('REQ-78')).queryByRole('button', { name: /^Nudge/ })).toBeNull();
    expect(within(itemOf('REQ-73')).getByRole('button', { name: 'Nudge REQ-73' })).toBeTruthy();
  });

  it('keeps the order in the URL and asks the API for it', async () => {
    const api = reviewApi(initial());
    const { router } = await openReview();

    fireEvent.change(screen.getByLabelText('Order'), { target: { value: 'age' } });
    await waitFor(() => expect(router.state.location.search).toBe('?sort=age'));
    await waitFor(() =>
      expect(api.queueGets().map((c) => c.url.searchParams.get('sort'))).toContain('age'),
    );

    fireEvent.change(screen.getByLabelText('Owner'), { target: { value: 'none' } });
    await waitFor(() => expect(router.state.location.search).toBe('?sort=age&owner=none'));
    await waitFor(() =>
      expect(api.queueGets().at(-1)!.url.searchParams.toString()).toBe('sort=age&owner=none'),
    );
  });

  it('hides what was decided in the last days when asked, keeping it in the URL', async () => {
    const api = reviewApi(initial());
    const { router } = await openReview();
    fireEvent.change(screen.getByLabelText('Already decided'), { target: { value: '7' } });
    await waitFor(() => expect(router.state.location.search).toBe('?decidedWithin=7'));
    await waitFor(() =>
      expect(api.queueGets().at(-1)!.url.searchParams.get('decidedWithin')).toBe('7'),
    );
  });

  it('shows a page of the queue and the next on asking, keeping the length in the URL', async () => {
    // The server holds 120 stalled requests; it answers with the first `limit` of them.
    const api = reviewApi(initial(), {
      'GET /api/review/stalled': (call) => {
        const limit = Number(call.url.searchParams.get('limit') ?? 50);
        return json({ ...queueOf(initial()), total: 120, truncated: limit < 120 });
      },
    });
    const { router } = await openReview();
    expect(api.queueGets()[0]!.url.searchParams.get('limit')).toBeNull();
    expect(screen.getByRole('status').textContent).toContain('Showing the 3 most severe of 120');

    fireEvent.click(screen.getByRole('button', { name: 'Show 50 more' }));
    await waitFor(() => expect(router.state.location.search).toBe('?limit=100'));
    await waitFor(() => expect(api.queueGets().at(-1)!.url.searchParams.get('limit')).toBe('100'));

    // A new order starts again from one page.
    fireEvent.change(screen.getByLabelText('Order'), { target: { value: 'age' } });
    await waitFor(() => expect(router.state.location.search).toBe('?sort=age'));
  });

  it('reads the order from a shared address', async () => {
    const api = reviewApi(initial());
    await openReview('/review?sort=age&owner=none');
    expect(api.queueGets()[0]!.url.searchParams.toString()).toBe('sort=age&owner=none');
    expect((screen.getByLabelText('Order') as HTMLSelectElement).value).toBe('age');
    expect((screen.getByLabelText('Owner') as HTMLSelectElement).value).toBe('none');
  });

  it('says so when nothing has stalled', async () => {
    reviewApi([]);
    renderApp('/review');
    expect(await screen.findByText('Nothing has stalled')).toBeTruthy();
    expect(screen.getByText(/Requests show up here as soon as they slip/)).toBeTruthy();
  });

  it('shows staff a designed state, not an error, when the API refuses with 403', async () => {
    stubApi({
      'GET /api/auth/me': aMe({ role: 'staff', teams: [] }),
      'GET /api/people': people,
      'GET /api/review/stalled': () => problemResponse(403, 'FORBIDDEN', 'Forbidden'),
    });
    renderApp('/review');
    expect(await screen.findByText('Review is for team leads')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(
      screen.getByRole('link', { name: 'See stalled requests in Open items' }).getAttribute('href'),
    ).toBe('/requests?stalled=true');
  });

  it('says when the queue could not be loaded, with a way to try again', async () => {
    let fail = true;
    stubApi({
      'GET /api/auth/me': lead,
      'GET /api/people': people,
      'GET /api/review/stalled': () =>
        fail ? problemResponse(500, 'INTERNAL', 'Internal error') : json(queueOf(initial())),
    });
    renderApp('/review');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The review queue could not be loaded');
    fail = false;
    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('region', { name: /^Unowned/ })).toBeTruthy();
  });
});

describe('Review: acting in place', () => {
  it('nudges with a note and a follow-up, sends the version it showed, and refetches the queue', async () => {
    const api = reviewApi(initial(), {
      [`POST /api/requests/${followUp.id}/nudge`]: () => {
        // The server decides: the follow-up is cleared, the silence is not.
        const after = { ...followUp, version: 6, stalled: [followUp.stalled[1]!] };
        const decision = {
          kind: 'nudged' as const,
          by: { id: lead.id, name: lead.name, active: true },
          at: new Date().toISOString(),
          note: 'Please call the vendor today',
          nextFollowUpAt: new Date(Date.now() + 2 * time.day).toISOString(),
        };
        api.state.items = [
          item(unowned, [120]),
          item(after, [180], undefined, decision),
          item(quiet, [45 * 1440]),
        ];
        return json(aRequestDetail({ ...after, allowedActions: ['nudge'] }));
      },
    });
    await openReview();
    const before = api.queueGets().length;

    fireEvent.click(within(itemOf('REQ-73')).getByRole('button', { name: 'Nudge REQ-73' }));
    const dialog = screen.getByRole('dialog', { name: 'Nudge Dana Owner' });
    expect(dialog.textContent).toContain('REQ-73 Treadmill 3 belt slips');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Nudge' }));
    expect(await within(dialog).findByText('Write what the owner should do')).toBeTruthy();
    expect(api.stub.callsTo('POST', `/api/requests/${followUp.id}/nudge`)).toHaveLength(0);

    const at = toLocalInput(new Date(Date.now() + 2 * time.day));
    fireEvent.change(within(dialog).getByLabelText(/Message to Dana Owner/), {
      target: { value: 'Please call the vendor today' },
    });
    fireEvent.change(within(dialog).getByLabelText('Follow up by'), { target: { value: at } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Nudge' }));

    const notice = await screen.findByText(/REQ-73: Nudged Dana Owner\./);
    expect(notice.closest('[role="status"]')).toBeTruthy();
    expect(notice.textContent).toContain('It is still stalled: no recent activity.');
    const [post] = api.stub.callsTo('POST', `/api/requests/${followUp.id}/nudge`);
    expect(post!.headers.get('If-Match')).toBe('"5"');
    expect(post!.body).toEqual({
      note: 'Please call the vendor today',
      nextFollowUpAt: new Date(at).toISOString(),
    });
    expect(api.queueGets().length).toBeGreaterThan(before);
    await waitFor(() => expect(itemOf('REQ-73').textContent).not.toContain('Follow-up overdue'));
    expect(itemOf('REQ-73').textContent).toContain('No recent activity 3 hours overdue');
    expect(screen.queryByRole('dialog')).toBeNull();
    // Defect: after a decision the card looked as before; now it says what the lead did.
    expect(itemOf('REQ-73').textContent).toMatch(
      new RegExp(`Nudged by ${lead.name} .+ — “Please call the vendor today” Next follow-up`),
    );
    expect(itemOf('REQ-74').textContent).toContain('No lead decision yet.');
  });

  it('reassigns by direct assignment to an active person; the item leaves the queue', async () => {
    const api = reviewApi(initial(), {
      [`POST /api/requests/${unowned.id}/assign`]: (call) => {
        api.state.items = api.state.items.filter((i) => i.request.id !== unowned.id);
        const to = people.find((p) => p.id === (call.body as { to: string }).to)!;
        return json(
          aRequestDetail({
            ...unowned,
            owner: { id: to.id, name: to.name, active: true },
            status: 'in_progress',
            version: 3,
            stalled: [],
          }),
        );
      },
    });
    await openReview();

    fireEvent.click(within(itemOf('REQ-78')).getByRole('button', { name: 'Reassign REQ-78' }));
    const dialog = screen.getByRole('dialog', { name: 'Reassign' });
    // Unowned: assigning is the likely step, and is chosen first.
    expect((within(dialog).getByLabelText(/Assign it now/) as HTMLInputElement).checked).toBe(true);
    const to = within(dialog).getByRole('combobox', { name: 'Assign to' });
    fireEvent.keyDown(to, { key: 'ArrowDown' });
    await waitFor(() => expect(to.getAttribute('aria-expanded')).toBe('true'));
    // Only active people can be given a request.
    expect(
      within(dialog)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Dana Owner, Staff', 'Marco Ruiz, Staff']);
    fireEvent.click(within(dialog).getByRole('option', { name: /^Marco Ruiz/ }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Assign' }));

    const notice = await screen.findByText(/REQ-78: Marco Ruiz owns it now\./);
    expect(notice.textContent).toContain('It is no longer stalled and has left the queue.');
    const [post] = api.stub.callsTo('POST', `/api/requests/${unowned.id}/assign`);
    expect(post!.headers.get('If-Match')).toBe('"2"');
    expect(post!.body).toEqual({ to: marco.id });
    await waitFor(() => expect(screen.queryByRole('region', { name: /^Unowned/ })).toBeNull());
  });

  it('reassigns by an offer when the owner is still there', async () => {
    const api = reviewApi(initial(), {
      [`POST /api/requests/${quiet.id}/offer`]: () =>
        json(
          aRequestDetail({
            ...quiet,
            pendingOwner: { id: marco.id, name: marco.name, active: true },
            version: 8,
          }),
        ),
    });
    await openReview();
    fireEvent.click(within(itemOf('REQ-74')).getByRole('button', { name: 'Reassign REQ-74' }));
    const dialog = screen.getByRole('dialog', { name: 'Reassign' });
    expect((within(dialog).getByLabelText(/Offer it/) as HTMLInputElement).checked).toBe(true);
    const to = within(dialog).getByRole('combobox', { name: 'Offer to' });
    fireEvent.keyDown(to, { key: 'ArrowDown' });
    await waitFor(() => expect(to.getAttribute('aria-expanded')).toBe('true'));
    // The current owner is not offered their own request.
    expect(
      within(dialog)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Marco Ruiz, Staff']);
    fireEvent.keyDown(to, { key: 'Enter' });
    fireEvent.change(within(dialog).getByLabelText(/Why them/), {
      target: { value: 'Knows the rowers' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Offer' }));

    await screen.findByText(/REQ-74: Offered to Marco Ruiz\./);
    const [post] = api.stub.callsTo('POST', `/api/requests/${quiet.id}/offer`);
    expect(post!.headers.get('If-Match')).toBe('"7"');
    expect(post!.body).toEqual({ to: marco.id, note: 'Knows the rowers' });
  });

  it('escalates with a higher priority and a reason', async () => {
    const api = reviewApi(initial(), {
      [`POST /api/requests/${quiet.id}/escalate`]: () =>
        json(aRequestDetail({ ...quiet, priority: 'urgent', version: 8 })),
    });
    await openReview();
    fireEvent.click(within(itemOf('REQ-74')).getByRole('button', { name: 'Escalate REQ-74' }));
    const dialog = screen.getByRole('dialog', { name: 'Escalate' });
    const priority = within(dialog).getByLabelText(/Priority/) as HTMLSelectElement;
    // Only higher priorities than its own (normal).
    expect([...priority.options].map((o) => o.value)).toEqual(['', 'high', 'urgent']);
    fireEvent.change(priority, { target: { value: 'urgent' } });
    fireEvent.change(within(dialog).getByLabelText('Why'), {
      target: { value: 'Members complain daily' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Escalate' }));

    const notice = await screen.findByText(/REQ-74: Escalated\./);
    expect(notice.textContent).toContain('It is still stalled: past target.');
    const [post] = api.stub.callsTo('POST', `/api/requests/${quiet.id}/escalate`);
    expect(post!.headers.get('If-Match')).toBe('"7"');
    expect(post!.body).toEqual({ note: 'Members complain daily', priority: 'urgent' });
  });

  it('cancels with a reason; the request leaves the queue', async () => {
    const api = reviewApi(initial(), {
      [`POST /api/requests/${quiet.id}/cancel`]: () => {
        api.state.items = api.state.items.filter((i) => i.request.id !== quiet.id);
        return json(
          aRequestDetail({
            ...quiet,
            status: 'closed',
            closeReason: 'cancelled',
            version: 8,
            stalled: [],
          }),
        );
      },
    });
    await openReview();
    fireEvent.click(
      within(itemOf('REQ-74')).getByRole('button', { name: 'Cancel request REQ-74' }),
    );
    const dialog = screen.getByRole('dialog', { name: 'Cancel the request' });
    fireEvent.change(within(dialog).getByLabelText('Reason'), {
      target: { value: 'Machine is being replaced' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel request' }));

    const notice = await screen.findByText(/REQ-74: The request is cancelled\./);
    expect(notice.textContent).toContain('It has left the queue.');
    expect(api.stub.callsTo('POST', `/api/requests/${quiet.id}/cancel`)[0]!.body).toEqual({
      reason: 'Machine is being replaced',
    });
    await waitFor(() => expect(inQueue('REQ-74')).toBe(false));
  });

  it('tells the lead when someone else changed the request first (412), and reloads the queue', async () => {
    const api = reviewApi(initial(), {
      [`POST /api/requests/${followUp.id}/nudge`]: () => {
        api.state.items = [item(unowned, [120]), item(quiet, [45 * 1440])];
        return problemResponse(412, 'STALE_VERSION', 'Stale version', { currentVersion: 6 });
      },
      'GET /api/requests/REQ-73': () =>
        json(aRequestDetail({ ...followUp, status: 'resolved', version: 6, stalled: [] })),
    });
    await openReview();
    const before = api.queueGets().length;
    fireEvent.click(within(itemOf('REQ-73')).getByRole('button', { name: 'Nudge REQ-73' }));
    const dialog = screen.getByRole('dialog', { name: 'Nudge Dana Owner' });
    fireEvent.change(within(dialog).getByLabelText(/Message to/), { target: { value: 'Chase' } });
    fireEvent.change(within(dialog).getByLabelText('Follow up by'), {
      target: { value: toLocalInput(new Date(Date.now() + time.day)) },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Nudge' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Your change was not saved');
    expect(alert.textContent).toContain(
      'Someone else changed REQ-73: it is now resolved. The queue has been reloaded.',
    );
    expect(api.queueGets().length).toBeGreaterThan(before);
    await waitFor(() => expect(inQueue('REQ-73')).toBe(false));
  });

  it('shows a refusal (403) inside the dialog, keeping what was typed', async () => {
    reviewApi(initial(), {
      [`POST /api/requests/${quiet.id}/cancel`]: () =>
        problemResponse(403, 'FORBIDDEN', 'Forbidden', {
          detail: 'Only a lead of the team this request routes to may do that.',
        }),
    });
    await openReview();
    fireEvent.click(
      within(itemOf('REQ-74')).getByRole('button', { name: 'Cancel request REQ-74' }),
    );
    const dialog = screen.getByRole('dialog', { name: 'Cancel the request' });
    fireEvent.change(within(dialog).getByLabelText('Reason'), { target: { value: 'Duplicate' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel request' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toContain(
      'Only a lead of the team this request routes to may do that.',
    );
    expect((within(dialog).getByLabelText('Reason') as HTMLTextAreaElement).value).toBe(
      'Duplicate',
    );
  });
});

describe('The Review item in the navigation', () => {
  const nav = async (me: Me) => {
    stubApi({
      'GET /api/auth/me': me,
      'GET /api/requests': { items: [], nextCursor: null },
    });
    renderApp('/');
    await screen.findByRole('heading', { level: 1, name: 'My work' });
    const links = within(screen.getByRole('navigation', { name: 'Main' })).getAllByRole('link');
    return links.map((a) => a.textContent);
  };

  it('is hidden from staff who lead no team', async () => {
    expect(await nav(aMe({ role: 'staff', teams: [] }))).toEqual([
      'My work',
      'Inbox',
      'Open items',
      'Figures',
      'New request',
    ]);
  });

  it('is shown to leads, admins, and staff who lead a team', async () => {
    expect(await nav(lead)).toContain('Review');
    cleanup();
    expect(await nav(aMe({ role: 'admin' }))).toContain('Review');
    cleanup();
    const staffLead = aMe({
      role: 'staff',
      teams: [{ id: '10000000-0000-4000-8000-000000000002', name: 'Aquatics', isLead: true }],
    });
    expect(await nav(staffLead)).toEqual([
      'My work',
      'Inbox',
      'Open items',
      'Review',
      'Figures',
      'New request',
    ]);
  });
});
