import type { RequestDetail } from '@followthrough/shared';
import { useQuery } from '@tanstack/react-query';
import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import type { ApiError } from '../../api/client';
import { directoryQueries } from '../../api/directory';
import { assignLetters } from '../../app/shortcut-keys';
import { useSignedInPerson } from '../../app/use-signed-in-person';
import { ActionForm } from '../../components/actions/action-form';
import {
  actionLabels,
  actionSpec,
  type BarAction,
  barActions,
  isPrimaryAction,
} from '../../components/actions/action-specs';
import { OutcomeReview } from '../../components/actions/outcome-review';
import { useLatestNotice } from '../../components/latest-notice';
import { RESOLVE_BLOCKED_NOTE_ID, resolveBlocked } from './request-handoffs';

const PANEL_ID = 'action-panel';

/** The letter a person would guess where the label does not start with it. */
const preferredLetters: Partial<Record<BarAction, string>> = {
  start: 's',
  'follow-up': 'f',
};

/**
 * The actions the signed-in person may take now (only those the API allows),
 * each opening its form below the buttons. One form is open at a time.
 */
export function RequestActions({
  request,
  onConflict,
}: {
  request: RequestDetail;
  onConflict: (error: ApiError) => Promise<void>;
}) {
  const me = useSignedInPerson();
  const [open, setOpen] = useState<BarAction | null>(null);
  const [flash, setFlash] = useLatestNotice<string>();
  const flashRef = useRef<HTMLParagraphElement>(null);
  const buttons = useRef(new Map<BarAction, HTMLButtonElement>());

  const available = barActions.filter((a) => request.allowedActions.includes(a));
  const blocked = resolveBlocked(request);
  // A form whose action is no longer allowed (the request changed) closes by itself.
  const shown = open && available.includes(open) ? open : null;

  // The timeline loads the directory too; the pickers share its cache.
  const people = useQuery(directoryQueries.people());
  const categories = useQuery(directoryQueries.categories());
  const locations = useQuery(directoryQueries.locations());

  useEffect(() => {
    if (flash) flashRef.current?.focus();
  }, [flash]);

  function close() {
    const button = open ? buttons.current.get(open) : undefined;
    setOpen(null);
    button?.focus();
  }

  function toggle(action: BarAction) {
    setFlash(null);
    setOpen((current) => (current === action ? null : action));
  }

  function onPanelKeyDown(event: KeyboardEvent) {
    if (event.key === 'Escape') {
      event.stopPropagation();
      close();
    }
  }

  const spec = shown
    ? actionSpec(shown, {
        request,
        me,
        people: people.data ?? [],
        categories: categories.data ?? [],
        locations: locations.data ?? [],
      })
    : null;

  const order = blocked
    ? barActions.filter((a) => a === 'resolve' || available.includes(a))
    : available;
  // In the bar's order, so the same actions always get the same letters.
  const letters = assignLetters(
    order.map((action) => ({
      id: action,
      label: actionLabels[action],
      prefer: preferredLetters[action],
    })),
  );

  return (
    <section className="card actions-card" aria-labelledby="actions-heading">
      <h2 id="actions-heading">What you can do</h2>
      {order.length === 0 ? (
        <p className="muted">
          Nothing for you to do here now.
          {request.allowedActions.includes('comment')
            ? ' You can still comment on the timeline below.'
            : ''}
        </p>
      ) : (
        <ul className="action-bar" aria-label="Actions">
          {order.map((action) =>
            action === 'resolve' && blocked ? (
              <li key={action}>
                <button
                  type="button"
                  className="button button-secondary is-unavailable"
                  aria-disabled="true"
                  aria-describedby={RESOLVE_BLOCKED_NOTE_ID}
                  aria-keyshortcuts={letters.get(action)}
                  data-key-hint={letters.get(action)}
                  onClick={() => document.getElementById(RESOLVE_BLOCKED_NOTE_ID)?.focus()}
                >
                  {actionLabels.resolve}
                </button>
              </li>
            ) : (
              <li key={action}>
                <button
                  type="button"
                  ref={(el) => {
                    if (el) buttons.current.set(action, el);
                    else buttons.current.delete(action);
                  }}
                  className={
                    isPrimaryAction(action, { request, me, categories: categories.data })
                      ? 'button button-primary'
                      : action === 'cancel'
                        ? 'button button-quiet button-danger-quiet'
                        : 'button button-secondary'
                  }
                  aria-expanded={shown === action}
                  aria-controls={shown === action ? PANEL_ID : undefined}
                  aria-keyshortcuts={letters.get(action)}
                  data-key-hint={letters.get(action)}
                  onClick={() => toggle(action)}
                >
                  {actionLabels[action]}
                </button>
              </li>
            ),
          )}
        </ul>
      )}
      {flash ? (
        <p
          className="notice notice-success action-flash"
          role="status"
          tabIndex={-1}
          ref={flashRef}
        >
          {flash.value}
        </p>
      ) : null}
      {shown && spec ? (
        <section
          className="action-panel"
          id={PANEL_ID}
          aria-labelledby={`${PANEL_ID}-title`}
          onKeyDown={onPanelKeyDown}
        >
          <h3 id={`${PANEL_ID}-title`}>{spec.title}</h3>
          {shown === 'confirm' || shown === 'reopen' ? (
            <OutcomeReview id={`${PANEL_ID}-review`} request={request} meId={me.id} level={4} />
          ) : null}
          <ActionForm
            key={shown}
            spec={spec}
            request={request}
            idPrefix={`action-${shown}`}
            onDone={(text) => {
              setOpen(null);
              setFlash(text);
            }}
            onCancel={close}
            onConflict={onConflict}
          />
        </section>
      ) : null}
    </section>
  );
}
