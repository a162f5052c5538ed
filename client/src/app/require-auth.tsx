import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useContext } from 'react';
import { Navigate, UNSAFE_DataRouterContext, useLocation } from 'react-router';
import { authQueries } from '../api/auth';
import { ErrorState, LoadingState } from '../components/states';

/** Shows its children to a signed-in person; sends anyone else to sign in, and back after. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const me = useQuery(authQueries.me());
  const location = useLocation();
  // Screens load their data beside their code, so a session may be found ended while moving
  // to the next screen: signing in again returns there, not to the one being left. Read from
  // the router itself: the navigation's state reaches components later, as a transition.
  const router = useContext(UNSAFE_DataRouterContext)?.router;
  const where = router ? (router.state.navigation.location ?? router.state.location) : location;

  if (me.isPending) {
    return (
      <main className="standalone" id="main">
        <LoadingState label="Loading Followthrough…" lines={2} />
      </main>
    );
  }
  if (me.isError) {
    return (
      <main className="standalone" id="main">
        <h1 className="visually-hidden">Followthrough</h1>
        <ErrorState title="Followthrough could not start" error={me.error} onRetry={me.refetch} />
      </main>
    );
  }
  if (!me.data) {
    const next = `${where.pathname}${where.search}${where.hash}`;
    const to = next === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(next)}`;
    return <Navigate to={to} replace />;
  }
  return children;
}
