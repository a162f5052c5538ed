import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, NavLink, Outlet, ScrollRestoration, useLocation, useNavigate } from 'react-router';
import { signOut } from '../api/auth';
import { notificationQueries } from '../api/notifications';
import { badgeText, InboxLink } from '../features/notifications/inbox-link';
import { ViewsMenu } from '../features/views/views-menu';
import { mayReview } from '../lib/roles';
import { JumpBox } from './jump-box';
import { LiveUpdates } from './live';
import { Shortcuts } from './shortcuts';
import { useSignedInPerson } from './use-signed-in-person';

const roleLabels = { staff: 'Staff', lead: 'Lead', admin: 'Admin' } as const;

/** The frame of every signed-in screen: skip link, header with navigation, main. */
export function Layout() {
  const person = useSignedInPerson();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const previousPath = useRef(pathname);
  const [signingOut, setSigningOut] = useState(false);
  // On a phone the navigation and the account fold into one menu (a disclosure).
  const [menuOpen, setMenuOpen] = useState(false);
  const menuButtonRef = useRef<HTMLButtonElement>(null);
  const { data: unread } = useQuery(notificationQueries.unreadCount());
  const revealMenu = useCallback(() => setMenuOpen(true), []);

  // After moving to another screen, put focus on its heading so keyboard and
  // screen-reader users start there (filters changing the query string do not count).
  useEffect(() => {
    if (previousPath.current === pathname) return;
    previousPath.current = pathname;
    setMenuOpen(false);
    const heading = mainRef.current?.querySelector<HTMLElement>('h1');
    (heading ?? mainRef.current)?.focus();
  }, [pathname]);

  // Escape closes the open menu and gives focus back to its button.
  useEffect(() => {
    if (!menuOpen) return;
    function onKeyDown(event: KeyboardEvent) {
      if (event.key !== 'Escape') return;
      setMenuOpen(false);
      menuButtonRef.current?.focus();
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [menuOpen]);

  async function handleSignOut() {
    if (signingOut) return;
    setSigningOut(true);
    try {
      await signOut();
    } catch {
      // Signed out or not, this browser forgets the session below.
    }
    // The sign-in page forgets the session once this screen is gone; forgetting it
    // here would make the auth guard send the person to sign in and back here.
    await navigate('/sign-in', { replace: true, state: { signedOut: true } });
  }

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="site-header">
        <div className="site-header-inner">
          <Link to="/" className="brand">
            <span className="brand-mark" aria-hidden="true" />
            Followthrough
          </Link>
          <button
            ref={menuButtonRef}
            type="button"
            className="menu-toggle"
            aria-expanded={menuOpen}
            aria-controls="site-menu"
            aria-label={unread ? `Menu, ${badgeText(unread)} unread` : undefined}
            onClick={() => setMenuOpen((open) => !open)}
          >
            <span className="menu-toggle-icon" aria-hidden="true" />
            Menu
            {unread ? (
              <>
                {' '}
                <span className="nav-count">{badgeText(unread)}</span>
              </>
            ) : null}
          </button>
          <div id="site-menu" className={menuOpen ? 'site-menu is-open' : 'site-menu'}>
            <nav className="site-nav" aria-label="Main">
              <ul>
                <li>
                  <NavLink to="/" end>
                    My work
                  </NavLink>
                </li>
                <li>
                  <InboxLink />
                </li>
                <li>
                  <NavLink to="/requests" end>
                    Open items
                  </NavLink>
                </li>
                {mayReview(person) ? (
                  <li>
                    <NavLink to="/review">Review</NavLink>
                  </li>
                ) : null}
                <li>
                  <NavLink to="/figures">Figures</NavLink>
                </li>
                {person.role === 'admin' ? (
                  <li>
                    <NavLink to="/admin">Admin</NavLink>
                  </li>
                ) : null}
                <li>
                  <NavLink to="/requests/new" className="nav-new">
                    New request
                  </NavLink>
                </li>
              </ul>
            </nav>
            <ViewsMenu onNavigate={() => setMenuOpen(false)} />
            <JumpBox />
            <div className="account">
              <Link to="/profile" className="account-name" title="Your profile and password">
                {person.name}
                <span className="account-role">{roleLabels[person.role]}</span>
              </Link>
              <button
                type="button"
                className="button button-quiet"
                onClick={handleSignOut}
                aria-disabled={signingOut || undefined}
              >
                Sign out
              </button>
            </div>
          </div>
        </div>
      </header>
      <main id="main" ref={mainRef} tabIndex={-1} className="site-main">
        <LiveUpdates />
        <Outlet />
      </main>
      <Shortcuts revealMenu={revealMenu} />
      <ScrollRestoration />
    </div>
  );
}
