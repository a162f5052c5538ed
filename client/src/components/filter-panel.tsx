import { type ReactNode, useState } from 'react';

/**
 * The one way a list or figure screen shows its controls: always open on a wide
 * screen; on a phone folded behind a button that says how many are in use, so
 * every screen keeps its controls reachable (and none shows an empty box).
 */
export function FilterPanel({
  id,
  label,
  toggleText,
  active = 0,
  className,
  gridClassName,
  top,
  footer,
  children,
}: {
  /** The id of the folding region, unique on the page. */
  id: string;
  /** The landmark's name, e.g. "Filter requests". */
  label: string;
  /** The button's words on a phone, e.g. "Filters". */
  toggleText: string;
  /** How many controls narrow what is shown (counted on the button). */
  active?: number;
  className?: string;
  gridClassName?: string;
  /** Always shown beside the button, e.g. the search box. */
  top?: ReactNode;
  /** Below the grid, folded with it, e.g. "Clear filters". */
  footer?: ReactNode;
  children: ReactNode;
}) {
  const [expanded, setExpanded] = useState(false);
  const classes = ['filters', className, expanded ? 'is-expanded' : ''].filter(Boolean).join(' ');
  return (
    <search className={classes} aria-label={label}>
      <div className={top ? 'filters-top' : 'filters-top is-toggle-only'}>
        {top}
        <button
          type="button"
          className="button button-secondary filters-toggle"
          aria-expanded={expanded}
          aria-controls={id}
          onClick={() => setExpanded((open) => !open)}
        >
          {toggleText}
          {active > 0 ? ` (${active})` : ''}
        </button>
      </div>
      <div className={gridClassName ? `filter-grid ${gridClassName}` : 'filter-grid'} id={id}>
        {children}
      </div>
      {footer}
    </search>
  );
}
