import { type ApiToken, apiToken, type Me } from '@followthrough/shared';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { endOfDay, todayInput, validateToken } from '../../client/src/features/admin/tokens-page';
import {
  aMe,
  aPerson,
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

const alex = aPerson({ name: 'Alex Admin', email: 'admin@example.org', role: 'admin' });
const adminMe: Me = { ...aMe({ name: 'Alex Admin', role: 'admin' }), id: alex.id };
const dana = aPerson({ name: 'Dana Owner', email: 'owner@example.org' });
const jordan = aPerson({ name: 'Jordan Blake', email: 'jordan.blake@example.org', active: false });
const SECRET = `ftp_${'a'.repeat(43)}`;

const aToken = (over: Partial<ApiToken> = {}): ApiToken =>
  fromContract(apiToken, {
    id: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
    name: 'Front desk kiosk',
    personId: dana.id,
    createdAt: time.ago(3 * time.day),
    expiresAt: null,
    lastUsedAt: null,
    ...over,
  });

/** The tokens endpoints over a list that the writes change, as the server would. */
function tokensApi(routes: Record<string, (call: Call) => Response> = {}) {
  let tokens: ApiToken[] = [
    aToken(),
    aToken({
      id: 'ffeeddccbbaa00998877665544332211',
      name: 'Nightly export',
      personId: alex.id,
      expiresAt: time.ahead(30 * time.day),
      lastUsedAt: time.ago(time.hour),
    }),
  ];
  return stubApi({
    'GET /api/auth/me': adminMe,
    'GET /api/people': [alex, dana, jordan],
    'GET /api/tokens': () => json(tokens),
    'POST /api/tokens': (call) => {
      const body = call.body as { personId: string; name: string; expiresAt?: string };
      const created = aToken({
        id: '0123456789abcdef0123456789abcdef',
        name: body.name,
        personId: body.personId,
        createdAt: new Date().toISOString(),
        expiresAt: body.expiresAt ?? null,
      });
      tokens = [created, ...tokens];
      return json({ ...created, token: SECRET }, 201);
    },
    [`DELETE /api/tokens/${aToken().id}`]: () => {
      tokens = tokens.filter((t) => t.id !== aToken().id);
      return new Response(null, { status: 204 });
    },
    ...routes,
  });
}

describe('Admin › API tokens', () => {
  it('is a section of Admin, listing live tokens with their person, dates and last use', async () => {
    tokensApi();
    renderApp('/admin/tokens');
    await screen.findByRole('heading', { level: 1, name: 'API tokens' });
    // The title is set by an effect, which may run after the heading is on screen.
    await waitFor(() => expect(document.title).toBe('API tokens · Admin · Followthrough'));
    const nav = screen.getByRole('navigation', { name: 'Admin' });
    expect(within(nav).getByRole('link', { name: 'API tokens' }).getAttribute('aria-current')).toBe(
      'page',
    );

    const list = screen.getByRole('region', { name: 'API tokens' });
    await within(list).findByRole('button', { name: 'Revoke Front desk kiosk' });
    expect(within(list).getByText('2 tokens in use')).toBeTruthy();
    const rows = within(list).getAllByRole('listitem');
    const kiosk = rows.find((r) => r.textContent?.includes('Front desk kiosk'))!;
    expect(kiosk.textContent).toContain('Dana Owner (Staff)');
    expect(kiosk.textContent).toContain('Never: until revoked');
    expect(kiosk.textContent).toMatch(/Last used\s*Never/);
    const nightly = rows.find((r) => r.textContent?.includes('Nightly export'))!;
    expect(nightly.textContent).toContain('Alex Admin (Admin)');
    expect(nightly.textContent).not.toMatch(/Last used\s*Never/);
    expect(
      within(kiosk).getByRole('link', { name: 'History of Front desk kiosk' }).getAttribute('href'),
    ).toBe(`/admin/audit?type=token&entity=${aToken().id}`);
  });

  it('says so when there are none', async () => {
    tokensApi({ 'GET /api/tokens': () => json([]) });
    renderApp('/admin/tokens');
    expect(await screen.findByText('No API tokens')).toBeTruthy();
  });

  it('issues a token to an active person and shows its secret once, with Copy and a plain warning', async () => {
    const { callsTo } = tokensApi();
    const writeText = vi.fn(async () => {});
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    renderApp('/admin/tokens');
    await screen.findByRole('button', { name: 'Revoke Front desk kiosk' });
    const issue = screen.getByRole('button', { name: 'Issue a token' });
    fireEvent.click(issue);
    const dialog = await screen.findByRole('dialog', { name: 'Issue a token' });
    const person = within(dialog).getByRole('combobox', { name: 'Acts as' });
    expect(document.activeElement).toBe(person);
    fireEvent.keyDown(person, { key: 'ArrowDown' });
    await waitFor(() => expect(person.getAttribute('aria-expanded')).toBe('true'));
    // Deactivated people are not offered.
    expect(
      within(dialog)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Alex Admin, Admin', 'Dana Owner, Staff']);
    fireEvent.click(within(dialog).getByRole('option', { name: /^Dana Owner/ }));
    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: 'Pool sensor' } });
    fireEvent.change(within(dialog).getByLabelText(/^Works until/), {
      target: { value: '2099-03-12' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Issue token' }));

    const shown = await screen.findByRole('dialog', { name: 'Pool sensor was issued' });
    expect(callsTo('POST', '/api/tokens')[0]!.body).toEqual({
      personId: dana.id,
      name: 'Pool sensor',
      expiresAt: endOfDay('2099-03-12'),
    });
    expect(shown.textContent).toContain('it will not be shown again');
    expect(shown.textContent).toContain('acts as Dana Owner');
    const secret = within(shown).getByLabelText('Secret') as HTMLInputElement;
    expect(secret.value).toBe(SECRET);
    expect(document.activeElement).toBe(secret);
    fireEvent.click(within(shown).getByRole('button', { name: 'Copy secret' }));
    await within(shown).findByText(/^Copied/);
    expect(writeText).toHaveBeenCalledWith(SECRET);

    fireEvent.click(within(shown).getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.getByRole('status').textContent).toContain(
      'Pool sensor was issued to Dana Owner',
    );
    expect(document.activeElement).toBe(issue);
    // The list shows the new token, and nowhere its secret.
    await screen.findByRole('button', { name: 'Revoke Pool sensor' });
    expect(document.body.textContent).not.toContain(SECRET);
  });

  it('checks the form before sending, and shows the server’s refusal by its field', async () => {
    const { callsTo } = tokensApi({
      'POST /api/tokens': () =>
        problemResponse(400, 'VALIDATION_FAILED', 'Bad Request', {
          errors: [{ path: 'expiresAt', message: 'Must be in the future' }],
        }),
    });
    renderApp('/admin/tokens');
    await screen.findByRole('button', { name: 'Revoke Front desk kiosk' });
    fireEvent.click(screen.getByRole('button', { name: 'Issue a token' }));
    const dialog = await screen.findByRole('dialog', { name: 'Issue a token' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Issue token' }));

    const person = within(dialog).getByLabelText('Acts as');
    expect(person.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(person);
    expect(within(dialog).getByText('Choose the person the token acts as')).toBeTruthy();
    expect(within(dialog).getByText('Required')).toBeTruthy();
    expect(callsTo('POST', '/api/tokens')).toHaveLength(0);

    fireEvent.change(person, { target: { value: 'dana' } });
    await waitFor(() => expect(person.getAttribute('aria-expanded')).toBe('true'));
    fireEvent.keyDown(person, { key: 'ArrowDown' });
    fireEvent.keyDown(person, { key: 'Enter' });
    expect(within(dialog).queryByText('Choose the person the token acts as')).toBeNull();
    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: 'Pool sensor' } });
    // Errors stay true as the admin types.
    expect(within(dialog).queryByText('Required')).toBeNull();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Issue token' }));
    await within(dialog).findByText('Must be in the future');
    const expires = within(dialog).getByLabelText(/^Works until/);
    expect(expires.getAttribute('aria-describedby')).toContain('token-expiresAt-error');
    expect(document.activeElement).toBe(expires);
    expect(callsTo('POST', '/api/tokens')[0]!.body).toEqual({
      personId: dana.id,
      name: 'Pool sensor',
    });
  });

  it('revokes only after saying that clients using it stop working at once', async () => {
    let refuse = true;
    const { callsTo } = tokensApi({
      [`DELETE /api/tokens/${aToken().id}`]: () => {
        if (refuse) {
          refuse = false;
          return problemResponse(500, 'INTERNAL', 'Internal Server Error');
        }
        return new Response(null, { status: 204 });
      },
    });
    renderApp('/admin/tokens');
    fireEvent.click(await screen.findByRole('button', { name: 'Revoke Front desk kiosk' }));
    const dialog = await screen.findByRole('dialog', { name: 'Revoke Front desk kiosk?' });
    expect(dialog.textContent).toContain('API clients using it stop working at once');
    // Focus starts on Cancel, so Enter does not revoke by accident.
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(callsTo('DELETE', `/api/tokens/${aToken().id}`)).toHaveLength(0);

    fireEvent.click(within(dialog).getByRole('button', { name: 'Revoke Front desk kiosk' }));
    await within(dialog).findByText('Front desk kiosk was not revoked');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Revoke Front desk kiosk' }));
    await screen.findByText('Front desk kiosk was revoked.');
    expect(callsTo('DELETE', `/api/tokens/${aToken().id}`)).toHaveLength(2);
  });

  it('removes a revoked token from the list and keeps focus on the page', async () => {
    tokensApi();
    renderApp('/admin/tokens');
    fireEvent.click(await screen.findByRole('button', { name: 'Revoke Front desk kiosk' }));
    const dialog = await screen.findByRole('dialog', { name: 'Revoke Front desk kiosk?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Revoke Front desk kiosk' }));
    await screen.findByText('Front desk kiosk was revoked.');
    await waitFor(() =>
      expect(screen.queryByRole('button', { name: 'Revoke Front desk kiosk' })).toBeNull(),
    );
    expect(screen.getByText('1 token in use')).toBeTruthy();
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Issue a token' })),
    );
  });
});

describe('validateToken', () => {
  const now = new Date(2026, 2, 12, 15, 0);
  const person = dana.id;

  it('takes a day as its last minute, local time', () => {
    expect(
      validateToken({ personId: person, name: 'Kiosk', expiresOn: '2026-03-12' }, now),
    ).toEqual({
      data: {
        personId: person,
        name: 'Kiosk',
        expiresAt: new Date(2026, 2, 12, 23, 59, 59).toISOString(),
      },
      errors: {},
    });
    expect(todayInput(now)).toBe('2026-03-12');
  });

  it('sends no expiry when none is chosen', () => {
    expect(validateToken({ personId: person, name: ' Kiosk ', expiresOn: '' }, now).data).toEqual({
      personId: person,
      name: 'Kiosk',
    });
  });

  it('refuses a day already past', () => {
    expect(
      validateToken({ personId: person, name: 'Kiosk', expiresOn: '2026-03-11' }, now).errors,
    ).toEqual({ expiresAt: 'Choose today or a later day' });
  });
});
