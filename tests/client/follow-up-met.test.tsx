import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { byAttention } from '../../client/src/features/requests/my-work-page';
import {
  aMe,
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

// Set a week and a half ago, due 10 days ago, kept by the owner's event two days ago.
const metAt = time.ago(2 * time.day);
const followedUp = `Followed up ${new Intl.DateTimeFormat(undefined, { weekday: 'short' }).format(new Date(metAt))}`;
const met = { nextFollowUpAt: time.ago(10 * time.day), followUpMetAt: metAt };

describe('a met follow-up shown as overdue', () => {
  it('Open items shows a met follow-up as met, offers the next one, and marks only the unmet one overdue', async () => {
    stubApi({
      'GET /api/auth/me': aMe(),
      'GET /api/requests': {
        items: [
          aRequest({ key: 'REQ-1363', title: 'Sauna heater trips', ...met }),
          aRequest({
            key: 'REQ-9',
            title: 'Locker 12 will not lock',
            nextFollowUpAt: time.ago(5 * time.hour),
            stalled: [{ reason: 'follow_up_overdue', since: time.ago(5 * time.hour) }],
          }),
        ],
        nextCursor: null,
      },
    });
    renderApp('/requests');

    await screen.findByRole('link', { name: 'Sauna heater trips' });
    const rows = within(screen.getByRole('table', { name: 'Open items' })).getAllByRole('row');
    const kept = within(rows[1]!);
    expect(kept.getByText(followedUp)).toBeTruthy();
    expect(rows[1]!.textContent).not.toContain('overdue');
    expect(
      kept.getByRole('link', { name: 'Set the next follow-up for REQ-1363' }).getAttribute('href'),
    ).toBe('/requests/REQ-1363');

    const missed = within(rows[2]!);
    expect(missed.getByText('5 h overdue').className).toContain('text-danger');
  });

  it('the request page shows a met follow-up as met and points to the follow-up action', async () => {
    const request = aRequestDetail({
      key: 'REQ-1363',
      ...met,
      allowedActions: ['follow-up', 'comment'],
    });
    stubApi({
      'GET /api/auth/me': aMe(),
      'GET /api/requests/REQ-1363': request,
      [`GET /api/requests/${request.id}/events`]: [],
    });
    renderApp('/requests/REQ-1363');

    const shown = await screen.findByText(followedUp);
    const fact = shown.closest('div')!;
    expect(fact.textContent).not.toContain('overdue');
    expect(fact.textContent).toContain('Set the next one with Set follow-up.');
    expect(screen.getByRole('button', { name: 'Set follow-up' })).toBeTruthy();
  });

  it('My work cards show a met follow-up as met, not overdue', async () => {
    stubApi({
      'GET /api/auth/me': aMe({ name: 'Olive Owner' }),
      'GET /api/requests': (call: Call) =>
        json({
          items:
            call.url.searchParams.get('owner') === 'me'
              ? [aRequest({ key: 'REQ-1363', title: 'Sauna heater trips', ...met })]
              : [],
          nextCursor: null,
        }),
    });
    renderApp('/');

    const mine = await screen.findByRole('region', { name: /Requests I own/ });
    await within(mine).findByRole('link', { name: 'Sauna heater trips' });
    expect(within(mine).getByText(followedUp)).toBeTruthy();
    expect(mine.textContent).not.toContain('overdue');
  });

  it('My work ranks a met follow-up as asking nothing, after one still due', () => {
    const kept = aRequest({ key: 'REQ-1', ...met });
    const due = aRequest({ key: 'REQ-2', nextFollowUpAt: time.ahead(time.hour) });
    expect([kept, due].sort(byAttention).map((r) => r.key)).toEqual(['REQ-2', 'REQ-1']);
  });
});
