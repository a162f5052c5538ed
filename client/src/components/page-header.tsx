import { type ReactNode, useEffect } from 'react';

/** Sets the tab title while a screen is shown. */
export function useDocumentTitle(title: string) {
  useEffect(() => {
    document.title = title ? `${title} · Followthrough` : 'Followthrough';
  }, [title]);
}

/**
 * The screen's one h1 (focused by the layout after navigation, hence tabIndex -1),
 * with optional supporting text and actions.
 */
export function PageHeader({
  title,
  documentTitle,
  eyebrow,
  children,
  actions,
}: {
  title: ReactNode;
  documentTitle: string;
  eyebrow?: ReactNode;
  children?: ReactNode;
  actions?: ReactNode;
}) {
  useDocumentTitle(documentTitle);
  return (
    <div className="page-header">
      <div className="page-header-text">
        {eyebrow ? <p className="page-eyebrow">{eyebrow}</p> : null}
        <h1 tabIndex={-1}>{title}</h1>
        {children ? <div className="page-lede">{children}</div> : null}
      </div>
      {actions ? <div className="page-actions">{actions}</div> : null}
    </div>
  );
}
