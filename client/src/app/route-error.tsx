import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { PageHeader, useDocumentTitle } from '../components/page-header';
import { isChunkLoadError } from '../lib/chunk-retry';

function describe(error: unknown) {
  if (isChunkLoadError(error)) {
    return {
      title: 'This screen could not be loaded',
      body: 'Its code did not arrive, even on a second try: the connection may have dropped, or Followthrough was just updated. Reload to try again.',
      detail: undefined,
    };
  }
  return {
    title: 'Something went wrong',
    body: 'This screen could not be shown. Reloading usually helps.',
    detail: isRouteErrorResponse(error)
      ? `${error.status} ${error.statusText}`
      : error instanceof Error
        ? error.message
        : undefined,
  };
}

function ReloadButton() {
  return (
    <button
      type="button"
      className="button button-primary"
      onClick={() => window.location.reload()}
    >
      Reload
    </button>
  );
}

/**
 * A screen that failed to load or render, shown inside the layout so the
 * navigation stays and the person can go elsewhere without reloading.
 */
export function ScreenError() {
  const { title, body, detail } = describe(useRouteError());
  return (
    <div className="page page-narrow">
      <PageHeader title={title} documentTitle={title} />
      <div className="state state-error" role="alert">
        <p className="state-body">{body}</p>
        {detail ? <p className="state-body muted">{detail}</p> : null}
        <div className="state-action button-row">
          <ReloadButton />
          <Link className="button button-secondary" to="/">
            Go to My work
          </Link>
        </div>
      </div>
    </div>
  );
}

/** Shown when even the frame (sign-in, the layout) fails: never a blank page. */
export function RouteError() {
  const { title, body, detail } = describe(useRouteError());
  useDocumentTitle(title);
  return (
    <main className="standalone" id="main">
      <div className="state state-error" role="alert">
        <h1 className="state-title">{title}</h1>
        <p className="state-body">{body}</p>
        {detail ? <p className="state-body muted">{detail}</p> : null}
        <div className="state-action button-row">
          <ReloadButton />
          <a className="button button-secondary" href="/">
            Go to My work
          </a>
        </div>
      </div>
    </main>
  );
}
