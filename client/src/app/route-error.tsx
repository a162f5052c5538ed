import { isRouteErrorResponse, useRouteError } from 'react-router';
import { useDocumentTitle } from '../components/page-header';

/** Shown when a screen fails to render at all: never a blank page. */
export function RouteError() {
  const error = useRouteError();
  useDocumentTitle('Something went wrong');
  const detail = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : error instanceof Error
      ? error.message
      : undefined;
  return (
    <main className="standalone" id="main">
      <div className="state state-error" role="alert">
        <h1 className="state-title">Something went wrong</h1>
        <p className="state-body">This screen could not be shown. Reloading usually helps.</p>
        {detail ? <p className="state-body muted">{detail}</p> : null}
        <div className="state-action button-row">
          <button
            type="button"
            className="button button-primary"
            onClick={() => window.location.reload()}
          >
            Reload
          </button>
          <a className="button button-secondary" href="/">
            Go to My work
          </a>
        </div>
      </div>
    </main>
  );
}
