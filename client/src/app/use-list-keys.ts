import { useCallback, useMemo, useRef } from 'react';

/** A row or card a list marks with this attribute can be stepped through with j and k. */
export const LIST_ITEM_SELECTOR = '[data-list-item]';

const visibleItems = (root: ParentNode): HTMLElement[] =>
  [...root.querySelectorAll<HTMLElement>(LIST_ITEM_SELECTOR)].filter(
    (item) => !item.closest('[hidden], [inert]'),
  );

/**
 * Moving through the items of the lists on the current screen, in page order.
 * The highlighted item takes focus itself (a screen reader reads it, the focus
 * style shows it), and is remembered while focus is elsewhere, so the next step
 * goes on from it.
 */
export function useListKeys(root: () => ParentNode | null) {
  const last = useRef<HTMLElement | null>(null);

  const current = useCallback((): HTMLElement | null => {
    const active = document.activeElement;
    const holder =
      active instanceof HTMLElement ? active.closest<HTMLElement>(LIST_ITEM_SELECTOR) : null;
    if (holder) return holder;
    // Focus went back to the page (a click on nothing): carry on from the last one.
    const onPage = !active || active === document.body || active.id === 'main';
    return onPage && last.current?.isConnected ? last.current : null;
  }, []);

  /** Highlights the next (1) or previous (-1) item; false when the screen has none. */
  const move = useCallback(
    (step: 1 | -1): boolean => {
      const scope = root();
      if (!scope) return false;
      const items = visibleItems(scope);
      if (items.length === 0) return false;
      const at = current();
      const index = at ? items.indexOf(at) : -1;
      const next =
        index === -1 ? items[0]! : items[Math.min(Math.max(index + step, 0), items.length - 1)]!;
      if (!next.hasAttribute('tabindex')) next.tabIndex = -1;
      next.focus();
      last.current = next;
      return true;
    },
    [root, current],
  );

  /** Opens the highlighted item as its first link would; false when none is highlighted. */
  const open = useCallback((): boolean => {
    const at = current();
    const link = at?.querySelector<HTMLAnchorElement>('a[href]');
    if (!link) return false;
    link.click();
    return true;
  }, [current]);

  return useMemo(() => ({ move, open, current }), [move, open, current]);
}
