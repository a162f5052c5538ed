import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { authQueries } from '../api/auth';
import { ErrorState, LoadingState } from '../components/states';

/** Shows its children to a signed-in person; sends anyone else to sign in, and back after. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const me = useQuery(authQueries.me());
  const location = useLocation();

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
    const next = `${location.pathname}${location.search}${location.hash}`;
    const to = next === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(next)}`;
    return <Navigate to={to} replace />;
  }
  return children;
}
