import { type Person, type Team, team as teamSchema } from '@followthrough/shared';
import { QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import axe from 'axe-core';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createQueryClient } from '../../client/src/app/query-client';
import { FormField } from '../../client/src/components/form-field';
import { PeoplePicker } from '../../client/src/components/people-picker';
import { aMe, aPerson, aRequestDetail, fromContract, json, renderApp, stubApi } from './helpers';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const facilitiesId = '30000000-0000-4000-8000-000000000001';
const aquaticsId = '30000000-0000-4000-8000-000000000002';
const priya = aPerson({
  name: 'Priya Natarajan',
  email: 'priya@example.org',
  role: 'lead',
  teamIds: [facilitiesId, aquaticsId],
});
const marco = aPerson({
  name: 'Marco Ruiz',
  email: 'marco.ruiz@example.org',
  teamIds: [facilitiesId],
});
const tom = aPerson({ name: 'Tom Becker', email: 'tom@example.org', teamIds: [aquaticsId] });
const jordan = aPerson({
  name: 'Jordan Blake',
  email: 'jordan@example.org',
  active: false,
  teamIds: [facilitiesId],
});
const people = [tom, jordan, priya, marco];
const teams: Team[] = [
  fromContract(teamSchema, {
    id: facilitiesId,
    name: 'Facilities',
    leadIds: [priya.id],
    memberIds: [priya.id, marco.id, jordan.id],
  }),
  fromContract(teamSchema, {
    id: aquaticsId,
    name: 'Aquatics',
    leadIds: [],
    memberIds: [priya.id, tom.id],
  }),
];

/** The picker in a labelled field, its value written out beside it as a form would hold it. */
function Harness({
  hint,
  error,
  initial = '',
  first,
}: {
  hint?: string;
  error?: string;
  initial?: string;
  first?: { label: string; test: (p: Person) => boolean };
}) {
  const [value, setValue] = useState(initial);
  return (
    <form onSubmit={(e) => e.preventDefault()}>
      <FormField id="owner" label="Owner" hint={hint} error={error}>
        {(control) => (
          <PeoplePicker
            {...control}
            label="Owner"
            value={value}
            onChange={setValue}
            {...(first ? { first } : {})}
          />
        )}
      </FormField>
      <p data-testid="value">{value}</p>
    </form>
  );
}

function renderPicker(props: Parameters<typeof Harness>[0] = {}) {
  stubApi({ 'GET /api/people': people, 'GET /api/teams': teams });
  render(
    <QueryClientProvider client={createQueryClient({ retry: false })}>
      <Harness {...props} />
    </QueryClientProvider>,
  );
  return screen.getByRole('combobox', { name: 'Owner' }) as HTMLInputElement;
}

const value = () => screen.getByTestId('value').textContent;
const listbox = () => screen.getByRole('listbox', { hidden: true });
const optionNames = () =>
  within(listbox())
    .queryAllByRole('option')
    .map((o) => o.textContent);

describe('PeoplePicker', () => {
  it('is a combobox wired to its list, label, hint and error', async () => {
    const box = renderPicker({ hint: 'Who answers for it', error: 'Choose someone' });
    expect(box.getAttribute('aria-autocomplete')).toBe('list');
    expect(box.getAttribute('aria-expanded')).toBe('false');
    expect(box.getAttribute('aria-controls')).toBe(listbox().id);
    expect(listbox().getAttribute('aria-label')).toBe('Suggestions');
    expect(box.getAttribute('aria-invalid')).toBe('true');
    const described = (box.getAttribute('aria-describedby') ?? '').split(' ');
    expect(described.map((id) => document.getElementById(id)?.textContent)).toEqual([
      'Who answers for it',
      'Choose someone',
    ]);
    // Nothing is highlighted before a person moves in the list.
    expect(box.hasAttribute('aria-activedescendant')).toBe(false);
  });

  it('is chosen with the keyboard alone: type, ArrowDown, Enter', async () => {
    const box = renderPicker();
    box.focus();
    fireEvent.change(box, { target: { value: 'fac' } });
    // Typing narrows by team too; the list opens once the people are in.
    await waitFor(() => expect(box.getAttribute('aria-expanded')).toBe('true'));
    expect(optionNames()).toEqual([
      'Marco Ruiz, Staff · Facilities',
      'Priya Natarajan, Lead · Facilities, Aquatics',
    ]);

    fireEvent.keyDown(box, { key: 'ArrowDown' });
    const highlighted = () =>
      document.getElementById(box.getAttribute('aria-activedescendant') ?? '');
    expect(highlighted()?.textContent).toContain('Marco Ruiz');
    expect(highlighted()?.getAttribute('role')).toBe('option');
    expect(highlighted()?.getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(box, { key: 'ArrowDown' });
    expect(highlighted()?.textContent).toContain('Priya Natarajan');
    // Past the last, back to the first.
    fireEvent.keyDown(box, { key: 'ArrowDown' });
    expect(highlighted()?.textContent).toContain('Marco Ruiz');
    fireEvent.keyDown(box, { key: 'ArrowUp' });
    expect(highlighted()?.textContent).toContain('Priya Natarajan');
    fireEvent.keyDown(box, { key: 'Home' });
    expect(highlighted()?.textContent).toContain('Marco Ruiz');
    fireEvent.keyDown(box, { key: 'End' });
    expect(highlighted()?.textContent).toContain('Priya Natarajan');

    fireEvent.keyDown(box, { key: 'Enter' });
    expect(value()).toBe(priya.id);
    expect(box.value).toBe('Priya Natarajan');
    expect(box.getAttribute('aria-expanded')).toBe('false');
    expect(box.hasAttribute('aria-activedescendant')).toBe(false);
    // The choice is shown with the role and teams, read with the box.
    const chosen = document.getElementById(
      (box.getAttribute('aria-describedby') ?? '').split(' ')[0]!,
    );
    expect(chosen?.textContent).toBe('Lead · Facilities, Aquatics');
  });

  it('finds people by email, ignoring case and accents', async () => {
    const box = renderPicker();
    fireEvent.change(box, { target: { value: 'MARCO.R' } });
    await waitFor(() => expect(optionNames()).toEqual(['Marco Ruiz, Staff · Facilities']));
    fireEvent.change(box, { target: { value: 'prìya aquatics' } });
    expect(optionNames()).toEqual(['Priya Natarajan, Lead · Facilities, Aquatics']);
    fireEvent.change(box, { target: { value: 'nobody' } });
    expect(box.getAttribute('aria-expanded')).toBe('false');
    expect(
      screen.getByText('Nobody matches “nobody”.', { selector: '.people-picker-note' }),
    ).toBeTruthy();
  });

  it('never shows a deactivated person, by name, email or team', async () => {
    const box = renderPicker();
    fireEvent.keyDown(box, { key: 'ArrowDown' });
    await waitFor(() => expect(optionNames()).toHaveLength(3));
    expect(optionNames().join()).not.toContain('Jordan');
    for (const typed of ['Jordan', 'jordan@example.org']) {
      fireEvent.change(box, { target: { value: typed } });
      expect(optionNames()).toEqual([]);
    }
    fireEvent.change(box, { target: { value: 'Facilities' } });
    expect(optionNames().join()).not.toContain('Jordan');
  });

  it('closes on Escape, then clears on a second Escape', async () => {
    const box = renderPicker({ initial: tom.id });
    await waitFor(() => expect(box.value).toBe('Tom Becker'));
    fireEvent.keyDown(box, { key: 'ArrowDown' });
    expect(box.getAttribute('aria-expanded')).toBe('true');
    expect(box.getAttribute('aria-activedescendant')).toBeTruthy();

    fireEvent.keyDown(box, { key: 'Escape' });
    expect(box.getAttribute('aria-expanded')).toBe('false');
    expect(box.hasAttribute('aria-activedescendant')).toBe(false);
    expect(value()).toBe(tom.id);

    fireEvent.keyDown(box, { key: 'Escape' });
    expect(value()).toBe('');
    expect(box.value).toBe('');
  });

  it('keeps the choice on Tab, and drops what was half-typed', async () => {
    const box = renderPicker({ initial: tom.id });
    await waitFor(() => expect(box.value).toBe('Tom Becker'));
    fireEvent.change(box, { target: { value: 'Pri' } });
    fireEvent.keyDown(box, { key: 'ArrowDown' });
    fireEvent.keyDown(box, { key: 'Tab' });
    fireEvent.blur(box);
    expect(value()).toBe(tom.id);
    expect(box.value).toBe('Tom Becker');
    expect(box.getAttribute('aria-expanded')).toBe('false');
  });

  it('is chosen with a click, and cleared with its Clear button', async () => {
    const box = renderPicker();
    fireEvent.click(box);
    await waitFor(() => expect(box.getAttribute('aria-expanded')).toBe('true'));
    fireEvent.click(within(listbox()).getByRole('option', { name: /^Tom Becker/ }));
    expect(value()).toBe(tom.id);
    expect(box.value).toBe('Tom Becker');

    fireEvent.click(screen.getByRole('button', { name: 'Clear Tom Becker' }));
    expect(value()).toBe('');
    expect(box.value).toBe('');
    expect(document.activeElement).toBe(box);
    expect(screen.queryByRole('button', { name: /^Clear/ })).toBeNull();
  });
});

describe('Offering ownership with the picker', () => {
  it('sends the id of the person chosen by keyboard', async () => {
    const dana = aPerson({ name: 'Dana Owner', email: 'owner@example.org' });
    const me = { ...aMe({ name: 'Dana Owner' }), id: dana.id };
    const request = aRequestDetail({
      key: 'REQ-90',
      owner: { id: dana.id, name: dana.name, active: true },
      allowedActions: ['offer'],
    });
    let current = request;
    const stub = stubApi({
      'GET /api/auth/me': me,
      [`GET /api/requests/${request.key}`]: () => json(current),
      [`GET /api/requests/${request.id}/events`]: [],
      'GET /api/people': [dana, ...people],
      'GET /api/teams': teams,
      'GET /api/categories': [],
      'GET /api/locations': [],
      [`POST /api/requests/${request.id}/offer`]: () => {
        current = {
          ...current,
          pendingOwner: { id: tom.id, name: tom.name, active: true },
          version: current.version + 1,
        };
        return json(current);
      },
    });
    renderApp(`/requests/${request.key}`);
    const actions = await screen.findByRole('region', { name: 'What you can do' });
    fireEvent.click(within(actions).getByRole('button', { name: 'Offer ownership' }));
    const panel = screen.getByRole('region', { name: 'Offer ownership' });
    const box = within(panel).getByRole('combobox', { name: 'Offer to' });
    await waitFor(() => expect(document.activeElement).toBe(box));

    fireEvent.change(box, { target: { value: 'aqua' } });
    await waitFor(() => expect(box.getAttribute('aria-expanded')).toBe('true'));
    // The owner is not offered their own request; nobody deactivated is offered.
    expect(
      within(panel)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Priya Natarajan, Lead · Facilities, Aquatics', 'Tom Becker, Staff · Aquatics']);
    fireEvent.keyDown(box, { key: 'ArrowDown' });
    fireEvent.keyDown(box, { key: 'ArrowDown' });
    fireEvent.keyDown(box, { key: 'Enter' });
    expect((box as HTMLInputElement).value).toBe('Tom Becker');
    // Enter chose; it did not send the form.
    expect(stub.callsTo('POST', `/api/requests/${request.id}/offer`)).toHaveLength(0);

    fireEvent.click(within(panel).getByRole('button', { name: 'Offer' }));
    await screen.findByText('Offered to Tom Becker. They answer from My work.');
    expect(stub.callsTo('POST', `/api/requests/${request.id}/offer`)[0]!.body).toEqual({
      to: tom.id,
    });
  });
});

/** Axe's rules that a DOM without layout can judge; contrast is checked in the browser tests. */
async function axeViolations() {
  const result = await axe.run(document.body, {
    rules: { 'color-contrast': { enabled: false }, region: { enabled: false } },
  });
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' | ')}`);
}

describe('PeoplePicker accessibility (axe)', () => {
  it('passes closed, open with groups and a highlight, chosen with an error, and with no match', async () => {
    const box = renderPicker({
      hint: 'Who answers for it',
      error: 'Choose someone',
      first: { label: 'In Facilities', test: (p) => p.teamIds.includes(facilitiesId) },
    });
    expect(await axeViolations()).toEqual([]);

    fireEvent.keyDown(box, { key: 'ArrowDown' });
    await waitFor(() => expect(box.getAttribute('aria-expanded')).toBe('true'));
    expect(within(listbox()).getAllByRole('group')).toHaveLength(2);
    expect(box.getAttribute('aria-activedescendant')).toBeTruthy();
    expect(await axeViolations()).toEqual([]);

    fireEvent.keyDown(box, { key: 'Enter' });
    expect(value()).toBe(marco.id);
    expect(await axeViolations()).toEqual([]);

    fireEvent.change(box, { target: { value: 'zzz' } });
    expect(await axeViolations()).toEqual([]);
  });
});
