import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  aHandoff,
  aMe,
  anEvent,
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

  it('tells the timeline in plain words, oldest first', async () => {
    const request = aRequestDetail({ key: 'REQ-20' });
    const olive = person('Olive Owner');
    stubApi({
      'GET /api/auth/me': aMe(),
      'GET /api/requests/REQ-20': request,
      [`GET /api/requests/${request.id}/events`]: [
        anEvent({ type: 'created', actor: person('Sam Staff') }),
        anEvent({ type: 'ownership_taken', actor: olive }),
        anEvent({
          type: 'handoff_created',
          actor: olive,
          data: { to: 'Maintenance', ask: 'Fix the drain' },
        }),
        anEvent({ type: 'comment', actor: olive, data: { body: 'Parts ordered.' } }),
        anEvent({
          type: 'status_changed',
          actor: olive,
          data: { from: 'in_progress', to: 'resolved' },
        }),
        anEvent({ type: 'auto_confirmed', actor: null }),
      ],
    });
    renderApp('/requests/REQ-20');

    const section = await screen.findByRole('region', { name: 'Timeline' });
    const items = await within(section).findAllByRole('listitem');
    expect(items.map((li) => li.querySelector('p')?.textContent)).toEqual([
      'Sam Staff logged the request',
      'Olive Owner took ownership',
      'Olive Owner handed work to Maintenance',
      'Olive Owner commented',
      'Olive Owner moved it from in progress to resolved',
      'Followthrough confirmed the outcome automatically after a quiet period',
    ]);
    expect(within(items[2]!).getByText('Fix the drain')).toBeTruthy();
    expect(within(items[3]!).getByText('Parts ordered.')).toBeTruthy();
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
