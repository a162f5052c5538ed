import type { Handoff, RequestDetail } from '@followthrough/shared';
import { useEffect, useRef, useState } from 'react';
import type { ApiError } from '../../api/client';
import { useSignedInPerson } from '../../app/use-signed-in-person';
import { ActionDialog } from '../../components/actions/action-dialog';
import { ActionForm } from '../../components/actions/action-form';
import { handoffUpdateSpec } from '../../components/actions/action-specs';
import { useLatestNotice } from '../../components/latest-notice';
import { RelativeTime } from '../../components/relative-time';
import { formatDateTime, formatDuration, isPast } from '../../lib/time';

export const RESOLVE_BLOCKED_NOTE_ID = 'resolve-blocked-note';

/**
 * True when the person could resolve but an open handoff stands in the way:
 * the server leaves `resolve` out of allowedActions then, while `handoff`
 * (same people, same states) stays in.
 */
export function resolveBlocked(request: RequestDetail): boolean {
  return (
    !request.allowedActions.includes('resolve') &&
    request.allowedActions.includes('handoff') &&
    request.handoffs.some((h) => h.status === 'open')
  );
}

/** The sentence that says why Resolve is not offered. */
export function resolveBlockedText(open: number): string {
  return open === 1
    ? 'Resolve becomes available when the open handoff is completed or cancelled.'
    : `Resolve becomes available when the ${open} open handoffs are completed or cancelled.`;
}

type Update = { handoff: Handoff; status: 'done' | 'cancelled'; opener: HTMLElement };

function HandoffItem({
  handoff,
  canUpdate,
  onUpdate,
}: {
  handoff: Handoff;
  canUpdate: boolean;
  onUpdate: (update: Update) => void;
}) {
  const overdue = handoff.status === 'open' && (handoff.overdue || isPast(handoff.expectedBy));
  const to = handoff.toPerson?.name ?? handoff.to;
  return (
    <li className={overdue ? 'handoff is-overdue' : 'handoff'}>
      <div className="handoff-top">
        <p className="handoff-to">
          To <strong>{handoff.to}</strong>
          {handoff.toPerson && handoff.toPerson.name !== handoff.to ? (
            <span className="muted"> ({handoff.toPerson.name})</span>
          ) : null}
        </p>
        <span className={`badge badge-handoff-${handoff.status}`}>
          {handoff.status === 'open' ? 'Open' : handoff.status === 'done' ? 'Done' : 'Cancelled'}
        </span>
        {overdue ? <span className="badge badge-stalled">Overdue</span> : null}
      </div>
      <p className="handoff-ask">{handoff.ask}</p>
      <p className="handoff-meta">
        Expected by{' '}
        <time dateTime={handoff.expectedBy} className={overdue ? 'text-danger' : undefined}>
          {formatDateTime(handoff.expectedBy)}
        </time>
        {overdue ? (
          ` (${formatDuration(Date.now() - Date.parse(handoff.expectedBy))} overdue)`
        ) : handoff.status === 'open' ? (
          <>
            {' '}
            (<RelativeTime iso={handoff.expectedBy} />)
          </>
        ) : (
          ''
        )}
        {' · '}handed off by {handoff.createdBy.name},{' '}
        <RelativeTime iso={handoff.createdAt} focusable />
        {handoff.completedAt ? (
          <>
            {' · '}
            {handoff.status === 'done' ? 'done' : 'cancelled'}{' '}
            <RelativeTime iso={handoff.completedAt} focusable />
          </>
        ) : null}
      </p>
      {handoff.note ? <p className="handoff-note">{handoff.note}</p> : null}
      {handoff.status === 'open' && canUpdate ? (
        <div className="handoff-actions">
          <button
            type="button"
            className="button button-secondary button-small"
            onClick={(e) => onUpdate({ handoff, status: 'done', opener: e.currentTarget })}
          >
            Mark done<span className="visually-hidden">: the handoff to {to}</span>
          </button>
          <button
            type="button"
            className="button button-quiet button-small"
            onClick={(e) => onUpdate({ handoff, status: 'cancelled', opener: e.currentTarget })}
          >
            Cancel handoff<span className="visually-hidden"> to {to}</span>
          </button>
        </div>
      ) : null}
    </li>
  );
}

/** Handoffs with expected-by and overdue marks; open ones can be completed or cancelled. */
export function Handoffs({
  request,
  onConflict,
}: {
  request: RequestDetail;
  onConflict: (error: ApiError) => Promise<void>;
}) {
  const me = useSignedInPerson();
  const [update, setUpdate] = useState<Update | null>(null);
  const [flash, setFlash] = useLatestNotice<string>();
  const flashRef = useRef<HTMLParagraphElement>(null);
  const { handoffs } = request;
  const open = handoffs.filter((h) => h.status === 'open').length;
  const blocked = resolveBlocked(request);

  useEffect(() => {
    if (flash) flashRef.current?.focus();
  }, [flash]);

  // The server decides (owner, lead, admin, or the handoff's own person); a 403 is shown in the form.
  const canUpdate = (h: Handoff) =>
    request.allowedActions.includes('handoff') || h.toPerson?.id === me.id;

  return (
    <section className="card" aria-labelledby="handoffs-heading">
      <h2 id="handoffs-heading">
        Handoffs
        {handoffs.length > 0 ? <span className="count">{open} open</span> : null}
      </h2>
      {blocked ? (
        <p className="notice notice-info handoff-blocks" id={RESOLVE_BLOCKED_NOTE_ID} tabIndex={-1}>
          {resolveBlockedText(open)}
        </p>
      ) : null}
      {flash ? (
        <p className="notice notice-success" role="status" tabIndex={-1} ref={flashRef}>
          {flash.value}
        </p>
      ) : null}
      {handoffs.length === 0 ? (
        <p className="muted">
          No handoffs. Work given to another team, person or vendor shows here, with when it is
          expected back.
        </p>
      ) : (
        <ul className="handoffs">
          {handoffs.map((h) => (
            <HandoffItem
              key={h.id}
              handoff={h}
              canUpdate={canUpdate(h)}
              onUpdate={(u) => {
                setFlash(null);
                setUpdate(u);
              }}
            />
          ))}
        </ul>
      )}
      {update ? (
        <HandoffDialog
          update={update}
          request={request}
          onClose={() => setUpdate(null)}
          onDone={(text) => {
            setUpdate(null);
            setFlash(text);
          }}
          onConflict={async (error) => {
            setUpdate(null);
            await onConflict(error);
          }}
        />
      ) : null}
    </section>
  );
}

function HandoffDialog({
  update,
  request,
  onClose,
  onDone,
  onConflict,
}: {
  update: Update;
  request: RequestDetail;
  onClose: () => void;
  onDone: (text: string) => void;
  onConflict: (error: ApiError) => Promise<void>;
}) {
  const spec = handoffUpdateSpec(update.handoff, update.status);
  return (
    <ActionDialog
      id={`${spec.key}-dialog`}
      title={spec.title}
      onClose={onClose}
      returnFocus={update.opener}
    >
      <ActionForm
        spec={spec}
        request={request}
        idPrefix={spec.key}
        onDone={onDone}
        onCancel={onClose}
        onConflict={onConflict}
      />
    </ActionDialog>
  );
}
