import { openStatuses, type RequestSummary } from '@followthrough/shared';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { directoryQueries } from '../../api/directory';
import { isRequestDetail } from '../../api/requests';
import { useSignedInPerson } from '../../app/use-signed-in-person';
import { ActionDialog } from '../../components/actions/action-dialog';
import { ActionForm } from '../../components/actions/action-form';
import { actionSpec } from '../../components/actions/action-specs';
import { reloadAfterConflict } from '../../components/actions/use-request-change';
import type { OnOutcome } from '../../components/outcome-notice';
import { stalledLabels } from '../../lib/labels';

/** What a lead can do about a stalled request without leaving the queue. */
export type ReviewAction = 'nudge' | 'reassign' | 'escalate' | 'cancel';

type ReassignMode = 'offer' | 'assign';

const buttonLabels: Record<ReviewAction, string> = {
  nudge: 'Nudge',
  reassign: 'Reassign',
  escalate: 'Escalate',
  cancel: 'Cancel request',
};

/** Where the request stands after the change, as the server answered it. */
export function fateOf(result: unknown): string {
  if (!isRequestDetail(result)) return '';
  if (!(openStatuses as readonly string[]).includes(result.status)) {
    return 'It has left the queue.';
  }
  if (result.stalled.length === 0) return 'It is no longer stalled and has left the queue.';
  const reasons = result.stalled.map((s) => stalledLabels[s.reason].toLowerCase());
  return `It is still stalled: ${reasons.join(', ')}.`;
}

function ReviewDialog({
  action,
  request,
  opener,
  onClose,
  onOutcome,
}: {
  action: ReviewAction;
  request: RequestSummary;
  opener: HTMLElement;
  onClose: () => void;
  onOutcome: OnOutcome;
}) {
  const me = useSignedInPerson();
  const queryClient = useQueryClient();
  const people = useQuery(directoryQueries.people());
  const hasActiveOwner = request.owner?.active === true;
  // With nobody answering for it, a lead usually assigns; otherwise an offer is the gentler step.
  const [mode, setMode] = useState<ReassignMode>(hasActiveOwner ? 'offer' : 'assign');
  const modeRef = useRef<HTMLInputElement>(null);
  const id = `review-${action}-${request.key}`;

  useEffect(() => {
    if (action === 'reassign') modeRef.current?.focus();
  }, [action]);

  const spec = actionSpec(action === 'reassign' ? mode : action, {
    request,
    me,
    people: people.data ?? [],
  });

  return (
    <ActionDialog
      id={`${id}-dialog`}
      title={action === 'reassign' ? 'Reassign' : spec.title}
      onClose={onClose}
      returnFocus={opener}
    >
      <p className="dialog-subject">
        <span className="request-key">{request.key}</span> {request.title}
      </p>
      {action === 'reassign' ? (
        <fieldset className="field choice-group">
          <legend className="field-label">How</legend>
          {(
            [
              ['offer', 'Offer it', 'They become the owner when they accept.'],
              ['assign', 'Assign it now', 'They become the owner at once.'],
            ] as const
          ).map(([value, label, hint]) => (
            <label key={value} className="choice">
              <input
                ref={value === mode ? modeRef : undefined}
                type="radio"
                name={`${id}-mode`}
                value={value}
                checked={mode === value}
                onChange={() => setMode(value)}
              />
              <span>
                <span className="choice-label">{label}</span>
                <span className="choice-hint">{hint}</span>
              </span>
            </label>
          ))}
        </fieldset>
      ) : null}
      <ActionForm
        key={spec.key}
        spec={spec}
        request={request}
        idPrefix={id}
        autoFocus={action !== 'reassign'}
        onDone={(message, result) => {
          onClose();
          onOutcome({
            tone: 'success',
            text: `${request.key}: ${message} ${fateOf(result)}`.trim(),
            request,
          });
        }}
        onCancel={onClose}
        onConflict={async (error) => {
          onClose();
          const { message } = await reloadAfterConflict(queryClient, request, error, request.key);
          onOutcome({ tone: 'conflict', text: `${message} The queue has been reloaded.`, request });
        }}
      />
    </ActionDialog>
  );
}

/**
 * Nudge, reassign, escalate or cancel one stalled request, each in a dialog.
 * The API decides what is allowed: a refusal is said in the dialog.
 */
export function ReviewItemActions({
  request,
  onOutcome,
}: {
  request: RequestSummary;
  onOutcome: OnOutcome;
}) {
  const [open, setOpen] = useState<{ action: ReviewAction; opener: HTMLElement } | null>(null);
  // Nudging somebody who is gone, or nobody, does not move anything.
  const actions: ReviewAction[] = request.owner?.active
    ? ['nudge', 'reassign', 'escalate', 'cancel']
    : ['reassign', 'escalate', 'cancel'];

  return (
    <>
      {actions.map((action) => (
        <button
          key={action}
          type="button"
          className={
            action === 'cancel'
              ? 'button button-quiet button-danger-quiet button-small'
              : action === actions[0]
                ? 'button button-primary button-small'
                : 'button button-secondary button-small'
          }
          onClick={(event) => setOpen({ action, opener: event.currentTarget })}
        >
          {buttonLabels[action]}
          <span className="visually-hidden"> {request.key}</span>
        </button>
      ))}
      {open ? (
        <ReviewDialog
          action={open.action}
          request={request}
          opener={open.opener}
          onClose={() => setOpen(null)}
          onOutcome={onOutcome}
        />
      ) : null}
    </>
  );
}
