import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatDateTime } from '../../client/src/lib/time';
import {
  aHandoff,
  aMe,
  anEvent,
  aPerson,
  aRequestDetail,
  problemResponse,
  renderApp,
  stubApi,
  time,
} from './helpers';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const person = (name: string) => ({
  id: '00000000-0000-4000-8000-0000000000aa',
  name,
  active: true,
});

describe('Request page', () => {
  it('puts the desired outcome and the accountable owner at the top', async () => {
    const request = aRequestDetail({
      key: 'REQ-12',
      title: 'Treadmill 3 is broken',
      desiredOutcome: 'Treadmill 3 runs safely and is back in use',
      owner: person('Olive Owner'),
      pendingOwner: person('Lee Lead'),
      status: 'waiting',
      priority: 'high',
    });
    stubApi({
      'GET /api/auth/me': aMe(),
      'GET /api/requests/REQ-12': request,
      [`GET /api/requests/${request.id}/events`]: [],
    });
    renderApp('/requests/REQ-12');

    await screen.findByRole('heading', { level: 1, name: 'Treadmill 3 is broken' });
    const outcome = screen.getByRole('region', { name: 'Desired outcome' });
    expect(outcome.textContent).toContain('Treadmill 3 runs safely and is back in use');
    const owner = screen.getByRole('region', { name: 'Accountable owner' });
    expect(owner.textContent).toContain('Olive Owner');
    expect(owner.textContent).toContain('Offered to Lee Lead, waiting for an answer.');
    expect(screen.getAllByText('Waiting').length).toBeGreaterThan(0);
    expect(screen.getByText('High')).toBeTruthy();
    expect(document.title).toBe('REQ-12 Treadmill 3 is broken · Followthrough');
  });

  it('says plainly when nobody owns it, and why it is stalled', async () => {
    const request = aRequestDetail({
      key: 'REQ-4',
      owner: null,
      status: 'new',
      stalled: [{ reason: 'unowned', since: time.ago(5 * time.hour) }],
    });
    stubApi({
      'GET /api/auth/me': aMe(),
      'GET /api/requests/REQ-4': request,
      [`GET /api/requests/${request.id}/events`]: [],
    });
    renderApp('/requests/REQ-4');

    const owner = await screen.findByRole('region', { name: 'Accountable owner' });
    expect(owner.textContent).toContain('Nobody yet');
    const stalled = screen.getByRole('region', { name: 'Stalled' });
    expect(stalled.textContent).toContain('No owner');
    expect(stalled.textContent).toContain(
      'Nobody has taken ownership within the time its priority allows.',
    );
    expect(stalled.textContent).toContain('5 h ago');
  });

  it('shows handoffs with expected-by dates and marks the overdue ones', async () => {
    const request = aRequestDetail({
      key: 'REQ-8',
      handoffs: [
        aHandoff({
          to: 'Maintenance',
          ask: 'Fix the drain',
          expectedBy: time.ago(2 * time.day),
          overdue: true,
        }),
        aHandoff({
          to: 'Acme Fitness Repair',
          ask: 'Quote a new belt',
          expectedBy: time.ahead(time.day),
        }),
        aHandoff({
          to: 'IT',
          ask: 'Reset the kiosk',
          status: 'done',
          completedAt: time.ago(time.hour),
        }),
      ],
    });
    stubApi({
      'GET /api/auth/me': aMe(),
      'GET /api/requests/REQ-8': request,
      [`GET /api/requests/${request.id}/events`]: [],
    });
    renderApp('/requests/REQ-8');

    const section = await screen.findByRole('region', { name: /Handoffs/ });
    const items = within(section).getAllByRole('listitem');
    expect(items).toHaveLength(3);
    expect(items[0]!.textContent).toContain('Maintenance');
    expect(items[0]!.textContent).toContain('Fix the drain');
    expect(within(items[0]!).getByText('Overdue')).toBeTruthy();
    expect(items[0]!.textContent).toContain('2 d overdue');
    expect(within(items[1]!).queryByText('Overdue')).toBeNull();
    expect(items[1]!.textContent).toContain('Expected by');
    expect(within(items[2]!).getByText('Done')).toBeTruthy();
    expect(within(section).getByText('2 open')).toBeTruthy();
  });

  it('tells the timeline in plain words, oldest first, naming people from the directory', async () => {
    const request = aRequestDetail({ key: 'REQ-20' });
    const sam = aPerson({ name: 'Sam Staff' });
    const dana = aPerson({ name: 'Dana Owner' });
    const lee = aPerson({ name: 'Lee Lead', role: 'lead' });
    const at = (days: number) => time.ago(days * time.day);
    const handoffId = '00000000-0000-4000-8000-00000000f001';
    const ref = (p: { id: string; name: string }) => ({ id: p.id, name: p.name, active: true });
    stubApi({
      'GET /api/auth/me': aMe(),
      'GET /api/people': [sam, dana, lee],
      'GET /api/requests/REQ-20': request,
      [`GET /api/requests/${request.id}/events`]: [
        anEvent({ type: 'created', actor: ref(sam), at: at(20) }),
        anEvent({
          type: 'ownership_offered',
          actor: null,
          at: at(20),
          data: { to: dana.id, routed: true },
        }),
        anEvent({ type: 'ownership_accepted', actor: ref(dana), at: at(19), data: { from: null } }),
        anEvent({
          type: 'handoff_created',
          actor: ref(dana),
          at: at(18),
          data: {
            handoffId,
            to: 'Maintenance',
            ask: 'Fix the drain',
            expectedBy: '2026-03-12T14:00:00.000Z',
          },
        }),
        anEvent({
          type: 'nudged',
          actor: ref(lee),
          at: at(17),
          data: {
            note: 'Please chase Maintenance',
            nextFollowUpAt: '2026-03-13T09:00:00.000Z',
            owner: dana.id,
          },
        }),
        anEvent({
          type: 'comment',
          actor: ref(dana),
          at: at(16),
          data: { body: 'Parts ordered.' },
        }),
        anEvent({
          type: 'handoff_completed',
          actor: ref(dana),
          at: at(15),
          data: { handoffId, note: 'Drain cleared' },
        }),
        anEvent({
          type: 'resolved',
          actor: ref(dana),
          at: at(14),
          data: { summary: 'The drain runs freely' },
        }),
        anEvent({ type: 'auto_confirmed', actor: null, at: at(9), data: {} }),
      ],
    });
    renderApp('/requests/REQ-20');

    const section = await screen.findByRole('region', { name: 'Timeline' });
    const items = await within(section).findAllByRole('listitem');
    const expected = [
      'Sam Staff logged the request',
      'The system offered ownership to Dana Owner, the category’s default owner',
      'Dana Owner accepted ownership',
      `Dana Owner handed this off to Maintenance, expecting it by ${formatDateTime('2026-03-12T14:00:00.000Z')}`,
      `Lee Lead nudged Dana Owner to follow up by ${formatDateTime('2026-03-13T09:00:00.000Z')}`,
      'Dana Owner commented',
      'Dana Owner marked the handoff to Maintenance done',
      'Dana Owner resolved the request',
      'The system confirmed it automatically after 5 quiet days',
    ];
    await waitFor(() =>
      expect(items.map((li) => li.querySelector('p')?.textContent)).toEqual(expected),
    );
    expect(within(items[3]!).getByText('Fix the drain')).toBeTruthy();
    expect(within(items[4]!).getByText('Please chase Maintenance')).toBeTruthy();
    expect(within(items[5]!).getByText('Parts ordered.')).toBeTruthy();
    expect(within(items[7]!).getByText('The drain runs freely')).toBeTruthy();
  });

  it('keeps the request readable when its timeline cannot be loaded', async () => {
    const request = aRequestDetail({ key: 'REQ-21', title: 'Door sticks' });
    stubApi({
      'GET /api/auth/me': aMe(),
      'GET /api/requests/REQ-21': request,
      [`GET /api/requests/${request.id}/events`]: () =>
        problemResponse(500, 'INTERNAL', 'Internal Server Error'),
    });
    renderApp('/requests/REQ-21');

    const section = await screen.findByRole('region', { name: 'Timeline' });
    const alert = await within(section).findByRole('alert');
    expect(alert.textContent).toContain('The timeline could not be loaded');
    expect(within(alert).getByRole('button', { name: 'Try again' })).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1, name: 'Door sticks' })).toBeTruthy();
  });

  it('says when there is no such request', async () => {
    stubApi({ 'GET /api/auth/me': aMe() });
    renderApp('/requests/REQ-999');

    await screen.findByRole('heading', { level: 1, name: 'Request not found' });
    expect(screen.getByText('There is no request REQ-999')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'See open items' }).getAttribute('href')).toBe(
      '/requests',
    );
  });
});

describe('Unknown addresses', () => {
  it('show a not-found screen inside the app', async () => {
    stubApi({ 'GET /api/auth/me': aMe() });
    renderApp('/no/such/place');

    await screen.findByRole('heading', { level: 1, name: 'Page not found' });
    expect(screen.getByRole('navigation', { name: 'Main' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Go to My work' })).toBeTruthy();
  });
});
