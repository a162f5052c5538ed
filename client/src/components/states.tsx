import type { ReactNode } from 'react';
import { errorMessage, isApiError } from '../api/client';

/** A designed placeholder while data is on its way. */
export function LoadingState({ label, lines = 3 }: { label: string; lines?: number }) {
  return (
    <div className="state state-loading" role="status">
      <p className="state-label">{label}</p>
      <div className="skeleton" aria-hidden="true">
        {Array.from({ length: lines }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: placeholder bars have no identity
          <span key={i} className="skeleton-bar" />
        ))}
      </div>
    </div>
  );
}

/** Nothing to show, said kindly, with the next step when there is one. */
export function EmptyState({
  title,
  children,
  action,
}: {
  title: string;
  children?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <div className="state state-empty">
      <p className="state-title">{title}</p>
      {children ? <div className="state-body">{children}</div> : null}
      {action ? <div className="state-action">{action}</div> : null}
    </div>
  );
}

/** A failed load: what went wrong, and a way to try again. */
export function ErrorState({
  title,
  error,
  onRetry,
}: {
  title: string;
  error: unknown;
  onRetry?: () => void;
}) {
  const offline = isApiError(error) && error.status === 0;
  return (
    <div className="state state-error" role="alert">
      <p className="state-title">{title}</p>
      <p className="state-body">{errorMessage(error)}</p>
      {offline ? null : isApiError(error) && error.status >= 500 ? (
        <p className="state-body muted">If this keeps happening, tell your administrator.</p>
      ) : null}
      {onRetry ? (
        <div className="state-action">
          <button type="button" className="button button-secondary" onClick={onRetry}>
            Try again
          </button>
        </div>
      ) : null}
    </div>
  );
}
