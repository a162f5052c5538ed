import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { countText, viewQueries } from '../../api/views';
import { viewHref } from './view-href';
import './views.css';

/**
 * The navigation's "Views": each saved view (the person's own and those shared with their
 * teams) with how many requests it matches now, a link to Open items with its filters, and
 * a way to manage them. A disclosure, so it folds into the phone menu as well as the bar.
 * Nothing is shown while there are no views (or they cannot be had): the button on Open
 * items is where views begin.
 */
export function ViewsMenu({ onNavigate }: { onNavigate?: () => void }) {
  const { data: views } = useQuery(viewQueries.list());
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const panelId = useId();

  // Below the bar, the panel opens rightwards from its button, or leftwards when that would
  // run off the screen (no page may scroll sideways). In the phone menu it sits in place.
  useLayoutEffect(() => {
    const panel = panelRef.current;
    if (!open || !panel) return;
    panel.classList.remove('views-panel-end');
    if (panel.getBoundingClientRect().right > document.documentElement.clientWidth - 8) {
      panel.classList.add('views-panel-end');
    }
  }, [open]);

  useEffect(() => {
    if (!open) return;
    function onKeyDown(event: KeyboardEvent) {
      if (event.key !== 'Escape') return;
      // Caught on the way down, so the phone menu around it stays open: one Escape, one layer.
      event.stopPropagation();
      setOpen(false);
      buttonRef.current?.focus();
    }
    function onPointerDown(event: PointerEvent) {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    }
    document.addEventListener('keydown', onKeyDown, true);
    document.addEventListener('pointerdown', onPointerDown);
    return () => {
      document.removeEventListener('keydown', onKeyDown, true);
      document.removeEventListener('pointerdown', onPointerDown);
    };
  }, [open]);

  if (!views || views.length === 0) return null;

  const chosen = () => {
    setOpen(false);
    onNavigate?.();
  };

  return (
    <nav ref={rootRef} className="views-nav" aria-label="Saved views">
      <button
        ref={buttonRef}
        type="button"
        className="views-toggle"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
      >
        Views
        <span className="views-caret" aria-hidden="true" />
      </button>
      <div ref={panelRef} id={panelId} className="views-panel" hidden={!open}>
        <ul className="views-list">
          {views.map((view) => (
            <li key={view.id}>
              <Link
                to={viewHref(view.filters)}
                className="views-link"
                title={
                  view.sharedWithTeam && !view.editable
                    ? `Shared by ${view.owner.name} with ${view.sharedWithTeam.name}`
                    : undefined
                }
                onClick={chosen}
              >
                <span className="views-name">{view.name}</span>
                <span className="views-count">
                  <span className="visually-hidden">, </span>
                  {countText(view)}
                  <span className="visually-hidden">
                    {view.count === 1 && !view.capped ? ' request' : ' requests'}
                  </span>
                </span>
              </Link>
            </li>
          ))}
        </ul>
        <Link to="/views" className="views-manage" onClick={chosen}>
          Manage views
        </Link>
      </div>
    </nav>
  );
}
