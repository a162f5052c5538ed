import { type AuditEntry, auditEntry, type Me } from '@followthrough/shared';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { auditDetails, auditSentence } from '../../client/src/features/admin/audit-text';
import { aMe, aPerson, fromContract, json, renderApp, stubApi, time } from './helpers';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const alex = { id: '40000000-0000-4000-8000-000000000001', name: 'Alex Admin' };
const adminMe: Me = { ...aMe({ name: 'Alex Admin', role: 'admin' }), id: alex.id };
const teamId = '20000000-0000-4000-8000-000000000001';
const dana = aPerson({ name: 'Dana Owner', teamIds: [teamId] });
const priya = aPerson({ name: 'Priya Natarajan' });
const teams = [{ id: teamId, name: 'Facilities', leadIds: [], memberIds: [dana.id] }];
const names = { people: [dana, priya], teams };

let seq = 100;
const anEntry = (over: Partial<AuditEntry>): AuditEntry =>
  fromContract(auditEntry, {
    id: String(seq++),
    at: time.ago(2 * 60_000),
    actor: alex,
    entityType: 'person',
    entityId: dana.id,
    action: 'updated',
    before: null,
    after: null,
    ...over,
  });

const danaView = { ...dana };
delete (danaView as { active?: boolean }).active;

describe('audit entries in words', () => {
  it('says who did what to what', () => {
    const deactivated = anEntry({
      action: 'deactivated',
      before: { ...dana, active: true },
      after: { ...dana, active: false },
    });
    expect(auditSentence(deactivated, names)).toBe('Alex Admin deactivated person Dana Owner');
    expect(auditDetails(deactivated, names)).toEqual([]);

    expect(auditSentence(anEntry({ action: 'created with an invite', after: dana }), names)).toBe(
      'Alex Admin added person Dana Owner with an invite link',
    );
    expect(auditSentence(anEntry({ action: 'sent a new invite', after: {} }), names)).toBe(
      'Alex Admin made a new invite link for person Dana Owner',
    );
    expect(
      auditSentence(
        anEntry({ entityType: 'settings', entityId: 'organisation', actor: null }),
        names,
      ),
    ).toBe('The system changed the settings');
    expect(
      auditSentence(
        anEntry({
          entityType: 'location',
          before: { id: 'l', name: 'Gym', active: true },
          after: { id: 'l', name: 'Fitness floor', active: true },
        }),
        names,
      ),
    ).toBe('Alex Admin renamed location Gym to Fitness floor');
    expect(
      auditSentence(
        anEntry({
          entityType: 'category',
          before: { id: 'c', name: 'IT', active: true },
          after: { id: 'c', name: 'IT', active: false },
        }),
        names,
      ),
    ).toBe('Alex Admin deactivated category IT');
    expect(
      auditSentence(
        anEntry({
          entityType: 'account',
          actor: { id: dana.id, name: dana.name },
          action: 'set a password from an invite',
        }),
        names,
      ),
    ).toBe('Dana Owner set a password from an invite');
    expect(
      auditSentence(
        anEntry({
          entityType: 'token',
          entityId: 't1',
          action: 'issued',
          after: { id: 't1', name: 'Kiosk', personId: priya.id },
        }),
        names,
      ),
    ).toBe('Alex Admin issued API token Kiosk for Priya Natarajan');
    // An action this screen does not know yet still reads as a sentence.
    expect(
      auditSentence(
        anEntry({ entityType: 'token', action: 'revoked', after: { name: 'Kiosk' } }),
        names,
      ),
    ).toBe('Alex Admin revoked API token Kiosk');
  });

  it('lists what a change changed, with names for ids and targets in hours and days', () => {
    const person = anEntry({
      before: { ...dana, role: 'staff', teamIds: [] },
      after: { ...dana, role: 'lead', teamIds: [teamId] },
    });
    expect(auditDetails(person, names)).toEqual(['Role: Staff → Lead', 'Teams: none → Facilities']);

    const team = anEntry({
      entityType: 'team',
      entityId: teamId,
      before: { ...teams[0], memberIds: [dana.id], leadIds: [] },
      after: { ...teams[0], memberIds: [priya.id], leadIds: [priya.id] },
    });
    expect(auditSentence(team, names)).toBe('Alex Admin changed team Facilities');
    expect(auditDetails(team, names)).toEqual([
      'Members: added Priya Natarajan; removed Dana Owner',
      'Leads: added Priya Natarajan',
    ]);

    const target = (priority: string, own: number) => ({
      priority,
      ownWithinMinutes: own,
      quietForMinutes: 1440,
      resolveWithinMinutes: 4320,
    });
    const category = anEntry({
      entityType: 'category',
      before: { id: 'c', name: 'IT', defaultOwnerId: null, targets: [target('high', 240)] },
      after: { id: 'c', name: 'IT', defaultOwnerId: priya.id, targets: [target('high', 120)] },
    });
    expect(auditDetails(category, names)).toEqual([
      'Default owner: none → Priya Natarajan',
      'High: own within 4 h → 2 h',
    ]);

    const settings = anEntry({
      entityType: 'settings',
      entityId: 'organisation',
      before: { organisationName: 'Lakeside', autoConfirmDays: 5, reopenWindowDays: 14 },
      after: { organisationName: 'Lakeside', autoConfirmDays: 7, reopenWindowDays: 1 },
    });
    expect(auditDetails(settings, names)).toEqual([
      'Confirm automatically after: 5 days → 7 days',
      'Reopen window: 14 days → 1 day',
    ]);
  });
});

describe('Admin › Audit', () => {
  it('reads the log newest first, filters it by kind in the URL, and brings more on asking', async () => {
    const first = anEntry({
      action: 'deactivated',
      at: time.ago(2 * 60_000),
      before: { ...dana, active: true },
      after: { ...dana, active: false },
    });
    const older = anEntry({
      action: 'created with a password',
      at: time.ago(3 * time.day),
      after: dana,
    });
    const { calls } = stubApi({
      'GET /api/auth/me': adminMe,
      'GET /api/people': [dana, priya],
      'GET /api/teams': teams,
      'GET /api/categories': [],
      'GET /api/locations': [],
      'GET /api/audit': (call) =>
        call.url.searchParams.get('cursor')
          ? json({ items: [older], nextCursor: null })
          : json({ items: [first], nextCursor: first.id }),
    });
    const { router } = renderApp('/admin/audit');
    const changes = await screen.findByRole('region', { name: 'Changes' });
    await within(changes).findByText(/deactivated person Dana Owner/);
    expect(changes.querySelector('.audit-sentence')?.textContent).toBe(
      'Alex Admin deactivated person Dana Owner · 2 min ago',
    );

    fireEvent.click(within(changes).getByRole('button', { name: 'Load more' }));
    await within(changes).findByText(/added person Dana Owner with a password/);
    const audits = () => calls.filter((c) => c.url.pathname === '/api/audit');
    expect(audits().at(-1)!.url.searchParams.get('cursor')).toBe(first.id);
    expect(within(changes).queryByRole('button', { name: 'Load more' })).toBeNull();

    fireEvent.change(screen.getByLabelText('What changed'), { target: { value: 'person' } });
    await waitFor(() => expect(router.state.location.search).toBe('?type=person'));
    await waitFor(() => expect(audits().at(-1)!.url.searchParams.get('entityType')).toBe('person'));
  });

  it('shows the history of one thing from its History link, and a way back to everything', async () => {
    const { calls } = stubApi({
      'GET /api/auth/me': adminMe,
      'GET /api/people': [dana, priya],
      'GET /api/teams': teams,
      'GET /api/categories': [],
      'GET /api/locations': [],
      'GET /api/audit': { items: [], nextCursor: null },
    });
    const { router } = renderApp('/admin/people');
    fireEvent.click(await screen.findByRole('link', { name: 'History of Dana Owner' }));
    await screen.findByText(/Showing the history of Dana Owner/);
    await screen.findByText('No changes yet');
    const asked = calls.filter((c) => c.url.pathname === '/api/audit').at(-1)!.url.searchParams;
    expect(asked.get('entityType')).toBe('person');
    expect(asked.get('entityId')).toBe(dana.id);
    fireEvent.click(screen.getByRole('button', { name: 'Show every change' }));
    await waitFor(() => expect(router.state.location.search).toBe('?type=person'));
  });
});
