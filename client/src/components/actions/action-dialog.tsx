import { type ReactNode, useLayoutEffect, useRef } from 'react';

/**
 * A modal dialog on the native <dialog>: showModal traps focus and makes the
 * rest of the page inert; Escape and the close button call `onClose`. Focus
 * returns to the button that opened it (or whatever had focus), when that is
 * still on the page.
 */
export function ActionDialog({
  id,
  title,
  onClose,
  returnFocus,
  describedBy,
  children,
}: {
  id: string;
  title: string;
  onClose: () => void;
  /** The button that opened it: not every browser focuses a button on click. */
  returnFocus?: HTMLElement | null;
  /** What to read with the title when it opens, e.g. what is being judged. */
  describedBy?: string;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = `${id}-title`;

  // biome-ignore lint/correctness/useExhaustiveDependencies: open once; the opener is fixed by then
  useLayoutEffect(() => {
    const dialog = ref.current;
    const opener =
      returnFocus ??
      (document.activeElement instanceof HTMLElement ? document.activeElement : null);
    if (dialog && !dialog.open) {
      if (typeof dialog.showModal === 'function') dialog.showModal();
      else dialog.setAttribute('open', '');
    }
    return () => {
      if (dialog?.open) dialog.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      id={id}
      className="dialog"
      aria-labelledby={titleId}
      aria-describedby={describedBy}
      onCancel={(event) => {
        // Escape: let React decide, so the dialog and its state never disagree.
        event.preventDefault();
        onClose();
      }}
    >
      <div className="dialog-header">
        <h2 id={titleId} className="dialog-title">
          {title}
        </h2>
        <button type="button" className="dialog-close" onClick={onClose}>
          <span aria-hidden="true">×</span>
          <span className="visually-hidden">Close</span>
        </button>
      </div>
      <div className="dialog-body">{children}</div>
    </dialog>
  );
}
