import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { errorMessage } from '../../api/client';
import { ActionDialog } from '../../components/actions/action-dialog';
import { formatDateTime } from '../../lib/time';

/** What a page says after a change: a sentence, counted so the same words are announced again. */
export interface Flash {
  text: string;
  n: number;
}

/** Keeps the latest flash of a page; `say` replaces it. */
export function useFlash() {
  const [flash, setFlash] = useState<Flash | null>(null);
  return {
    flash,
    say: (text: string) => setFlash((prev) => ({ text, n: (prev?.n ?? 0) + 1 })),
    clear: () => setFlash(null),
  };
}

/**
 * The live region a page's confirmations appear in. It is always on the page, so a
 * screen reader announces what lands in it while focus goes back to where the person was.
 */
export function FlashRegion({ flash, onDismiss }: { flash: Flash | null; onDismiss: () => void }) {
  return (
    <div className="admin-flash" role="status">
      {flash ? (
        <div key={flash.n} className="notice notice-success">
          <p className="admin-flash-text">{flash.text}</p>
          <button type="button" className="link-button" onClick={onDismiss}>
            Dismiss
          </button>
        </div>
      ) : null}
    </div>
  );
}

/** Puts focus on a form's first field when its dialog opens (not on the dialog's close button). */
export function useFocusOnOpen(id: string) {
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, when the dialog opens
  useEffect(() => {
    document.getElementById(id)?.focus();
  }, []);
}

/** A failed write that no field explains, said inside the form or dialog. */
export function WriteError({ title, error }: { title: string; error: unknown }) {
  return (
    <div className="notice notice-error" role="alert">
      <p className="notice-title">{title}</p>
      <p>{errorMessage(error)}</p>
    </div>
  );
}

interface ConfirmProps {
  confirmLabel: string;
  busyLabel: string;
  tone?: 'danger' | 'primary';
  pending: boolean;
  error: unknown;
  errorTitle: string;
  onConfirm: () => void;
  onClose: () => void;
}

/** The end of a confirm: why it failed, if it did, then the action and Cancel. */
export function ConfirmActions({
  confirmLabel,
  busyLabel,
  tone = 'danger',
  pending,
  error,
  errorTitle,
  onConfirm,
  onClose,
}: ConfirmProps) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  // Start on Cancel: Enter on a dialog that just opened should not do the drastic thing.
  useEffect(() => {
    cancelRef.current?.focus();
  }, []);
  return (
    <>
      {error ? <WriteError title={errorTitle} error={error} /> : null}
      <div className="form-actions">
        <button
          type="button"
          className={tone === 'danger' ? 'button button-danger' : 'button button-primary'}
          aria-disabled={pending || undefined}
          onClick={() => {
            if (!pending) onConfirm();
          }}
        >
          {pending ? busyLabel : confirmLabel}
        </button>
        <button ref={cancelRef} type="button" className="button button-quiet" onClick={onClose}>
          Cancel
        </button>
      </div>
    </>
  );
}

/**
 * Asks before a change that cannot simply be taken back, saying plainly what it does.
 * The confirm button names the action; Cancel (and Escape) leave everything as it was.
 */
export function ConfirmDialog({
  id,
  title,
  opener,
  children,
  ...actions
}: ConfirmProps & {
  id: string;
  title: string;
  opener: HTMLElement | null;
  children: ReactNode;
}) {
  return (
    <ActionDialog id={id} title={title} onClose={actions.onClose} returnFocus={opener}>
      <div className="confirm-body">{children}</div>
      <ConfirmActions {...actions} />
    </ActionDialog>
  );
}

/** Copies text: the Clipboard API where the page may use it, else the selection. */
export async function copyText(text: string, input: HTMLInputElement | null): Promise<boolean> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Refused (no permission, not a secure context): fall back to the selection.
  }
  if (!input) return false;
  input.focus();
  input.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  }
}

/**
 * A one-time invite link to hand over: shown in full (selected, so it can also be
 * copied by keyboard), with a Copy button and when it stops working.
 */
export function InviteLink({
  name,
  url,
  expiresAt,
}: {
  name: string;
  url: string;
  expiresAt?: string | undefined;
}) {
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);

  useEffect(() => {
    inputRef.current?.focus();
    inputRef.current?.select();
  }, []);

  return (
    <div className="invite-link">
      <p>
        Send this link to {name} yourself. With it they choose a password and sign in. It works
        once, {expiresAt ? `until ${formatDateTime(expiresAt)}` : 'for 7 days'}, and anyone who has
        it can use it, so send it only to them.
      </p>
      <div className="field">
        <label className="field-label" htmlFor={inputId}>
          Invite link
        </label>
        <div className="copy-row">
          <input
            ref={inputRef}
            id={inputId}
            type="text"
            readOnly
            value={url}
            onFocus={(e) => e.currentTarget.select()}
          />
          <button
            type="button"
            className="button button-primary"
            onClick={async () => setCopied((await copyText(url, inputRef.current)) ? 'yes' : 'no')}
          >
            Copy link
          </button>
        </div>
        <p className="field-hint" role="status">
          {copied === 'yes'
            ? 'Copied. Paste it into an email or a message to them.'
            : copied === 'no'
              ? 'This browser would not copy it: the link is selected, copy it with Ctrl+C or ⌘C.'
              : ''}
        </p>
      </div>
    </div>
  );
}
