import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { safeNext } from '../../client/src/features/auth/sign-in-page';
import { aMe, aRequestDetail, json, problemResponse, renderApp, stubApi } from './helpers';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const signedOut = () => problemResponse(401, 'UNAUTHENTICATED', 'Sign in first');

describe('Signing in', () => {
  it('sends a signed-out visitor to sign in, then back to where they were going', async () => {
    const me = aMe({ name: 'Lee Lead' });
    const request = aRequestDetail({ key: 'REQ-3', title: 'Sauna too cold' });
    let signedIn = false;
    const api = stubApi({
      'GET /api/auth/me': () => (signedIn ? json(me) : signedOut()),
      'POST /api/auth/login': () => {
        signedIn = true;
        return json(me);
      },
      'GET /api/requests/REQ-3': () => (signedIn ? json(request) : signedOut()),
      [`GET /api/requests/${request.id}/events`]: [],
    });
    const { router } = renderApp('/requests/REQ-3?tab=x');

    await screen.findByRole('heading', { level: 1, name: 'Sign in' });
    expect(router.state.location.pathname).toBe('/sign-in');
    expect(router.state.location.search).toBe(
      `?next=${encodeURIComponent('/requests/REQ-3?tab=x')}`,
    );

    fireEvent.change(screen.getByLabelText('Email'), { target: { value: 'lead@example.org' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'followthrough' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    await screen.findByRole('heading', { level: 1, name: 'Sauna too cold' });
    expect(router.state.location.pathname).toBe('/requests/REQ-3');
    expect(screen.getByText('Lee Lead')).toBeTruthy();
    expect(api.callsTo('POST', '/api/auth/login')[0]?.body).toEqual({
      email: 'lead@example.org',
      password: 'followthrough',
    });
  });

  it('checks the fields before asking the server', async () => {
    const api = stubApi({ 'GET /api/auth/me': signedOut });
    renderApp('/sign-in');
    await screen.findByRole('heading', { level: 1, name: 'Sign in' });

    fireEvent.change(screen.getByLabelText('Email'), { target: { value: 'not-an-email' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(screen.getByText('Enter an email address')).toBeTruthy();
    expect(screen.getByText('Enter your password')).toBeTruthy();
    expect(screen.getByLabelText('Email').getAttribute('aria-invalid')).toBe('true');
    expect(api.callsTo('POST', '/api/auth/login')).toHaveLength(0);
  });

  it('says so when the email and password do not match', async () => {
    stubApi({
      'GET /api/auth/me': signedOut,
      'POST /api/auth/login': () => problemResponse(401, 'INVALID_CREDENTIALS', 'Wrong'),
    });
    const { router } = renderApp('/sign-in');
    await screen.findByRole('heading', { level: 1, name: 'Sign in' });

    fireEvent.change(screen.getByLabelText('Email'), { target: { value: 'staff@example.org' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'nope' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('That email and password do not match an account.');
    expect(router.state.location.pathname).toBe('/sign-in');
  });

  it('asks a person to wait after too many attempts', async () => {
    stubApi({
      'GET /api/auth/me': signedOut,
      'POST /api/auth/login': () => problemResponse(429, 'RATE_LIMITED', 'Too many requests'),
    });
    renderApp('/sign-in');
    await screen.findByRole('heading', { level: 1, name: 'Sign in' });
    fireEvent.change(screen.getByLabelText('Email'), { target: { value: 'staff@example.org' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'x' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    expect((await screen.findByRole('alert')).textContent).toMatch(/Too many attempts/);
  });

  it('signs out and forgets the session', async () => {
    let signedIn = true;
    const api = stubApi({
      'GET /api/auth/me': () => (signedIn ? json(aMe({ name: 'Sam Staff' })) : signedOut()),
      'POST /api/auth/logout': () => {
        signedIn = false;
        return new Response(null, { status: 204 });
      },
      'GET /api/requests': { items: [], nextCursor: null },
    });
    const { router } = renderApp('/requests');
    await screen.findByText('Sam Staff');

    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));

    await screen.findByRole('heading', { level: 1, name: 'Sign in' });
    await waitFor(() => expect(router.state.location.pathname).toBe('/sign-in'));
    expect(router.state.location.search).toBe('');
    expect(screen.getByText('You have signed out.')).toBeTruthy();
    expect(api.callsTo('POST', '/api/auth/logout')).toHaveLength(1);
  });

  it('returns to sign in when the session ends while the app is open', async () => {
    let sessionAlive = true;
    stubApi({
      'GET /api/auth/me': () => (sessionAlive ? json(aMe()) : signedOut()),
      'GET /api/requests': () =>
        sessionAlive ? json({ items: [], nextCursor: null }) : signedOut(),
      'GET /api/requests/REQ-5': signedOut,
    });
    const { router } = renderApp('/requests');
    await screen.findByText('Nothing is open');

    sessionAlive = false;
    await router.navigate('/requests/REQ-5');

    await screen.findByRole('heading', { level: 1, name: 'Sign in' });
    expect(router.state.location.search).toBe(`?next=${encodeURIComponent('/requests/REQ-5')}`);
  });
});

describe('safeNext', () => {
  it('returns only paths inside the app', () => {
    expect(safeNext('/requests?owner=me')).toBe('/requests?owner=me');
    expect(safeNext('//evil.example/x')).toBe('/');
    expect(safeNext('/\\evil.example')).toBe('/');
    expect(safeNext('https://evil.example')).toBe('/');
    expect(safeNext('/sign-in?next=/x')).toBe('/');
    expect(safeNext(null)).toBe('/');
  });
});
