import type { RequestSummary } from '@followthrough/shared';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { type ApiError, errorMessage } from '../../api/client';
import { useSignedInPerson } from '../../app/use-signed-in-person';
import { ActionDialog } from '../../components/actions/action-dialog';
import { ActionForm } from '../../components/actions/action-form';
import { actionSpec, type BarAction } from '../../components/actions/action-specs';
import { OutcomeReview } from '../../components/actions/outcome-review';
import {
  isConflict,
  reloadAfterConflict,
  useRequestChange,
} from '../../components/actions/use-request-change';
import type { OnOutcome } from '../../components/outcome-notice';

/** A 409 or 412 from a card: reload, and say what the request is now. */
function useConflictHandler(request: RequestSummary, onOutcome: OnOutcome) {
  const queryClient = useQueryClient();
  return async (error: ApiError) => {
    const { message } = await reloadAfterConflict(queryClient, request, error, request.key);
    onOutcome({ tone: 'conflict', text: `${message} The list has been reloaded.`, request });
  };
}

/** A form for one card's action, in a dialog. */
function CardDialog({
  action,
  request,
  onClose,
  onOutcome,
  done,
  opener,
}: {
  action: BarAction;
  request: RequestSummary;
  onClose: () => void;
  onOutcome: OnOutcome;
  done: (message: string) => string;
  opener: HTMLElement | null;
}) {
  const me = useSignedInPerson();
  const onConflict = useConflictHandler(request, onOutcome);
  const spec = actionSpec(action, { request, me, people: [] });
  const id = `${action}-${request.key}`;
  // Confirming or reopening judges what was done against what was asked.
  const judging = action === 'confirm' || action === 'reopen';
  return (
    <ActionDialog
      id={`${id}-dialog`}
      title={spec.title}
      onClose={onClose}
      returnFocus={opener}
      {...(judging ? { describedBy: `${id}-review` } : {})}
    >
      <p className="dialog-subject">
        <span className="request-key">{request.key}</span> {request.title}
      </p>
      {judging ? <OutcomeReview id={`${id}-review`} request={request} meId={me.id} /> : null}
      <ActionForm
        spec={spec}
        request={request}
        idPrefix={id}
        onDone={(message) => {
          onClose();
          onOutcome({ tone: 'success', text: done(message), request });
        }}
        onCancel={onClose}
        onConflict={async (error) => {
          onClose();
          await onConflict(error);
        }}
      />
    </ActionDialog>
  );
}

/** Accept at once, or decline with a reason: an offer of ownership answered in place. */
export function OfferActions({
  request,
  onOutcome,
}: {
  request: RequestSummary;
  onOutcome: OnOutcome;
}) {
  const change = useRequestChange();
  const onConflict = useConflictHandler(request, onOutcome);
  const [declining, setDeclining] = useState<HTMLElement | null>(null);

  async function accept() {
    if (change.isPending) return;
    try {
      await change.mutateAsync({
        ref: request,
        change: { kind: 'action', action: 'accept', body: {} },
      });
      onOutcome({
        tone: 'success',
        text: `You now own ${request.key} “${request.title}”.`,
        request,
      });
    } catch (error) {
      if (isConflict(error)) await onConflict(error);
      else onOutcome({ tone: 'error', text: errorMessage(error), request });
    }
  }

  return (
    <>
      <button
        type="button"
        className="button button-primary button-small"
        onClick={accept}
        aria-disabled={change.isPending || undefined}
      >
        {change.isPending ? 'Accepting…' : 'Accept'}
        <span className="visually-hidden"> {request.key}</span>
      </button>
      <button
        type="button"
        className="button button-secondary button-small"
        onClick={(event) => setDeclining(event.currentTarget)}
      >
        Decline<span className="visually-hidden"> {request.key}</span>
      </button>
      {declining ? (
        <CardDialog
          action="decline"
          request={request}
          onClose={() => setDeclining(null)}
          onOutcome={onOutcome}
          opener={declining}
          done={() => `You declined ${request.key}; whoever offered it sees your reason.`}
        />
      ) : null}
    </>
  );
}

/** Confirm (with an optional rating) or reopen with a reason: a resolved request I logged. */
export function ConfirmationActions({
  request,
  onOutcome,
}: {
  request: RequestSummary;
  onOutcome: OnOutcome;
}) {
  const [open, setOpen] = useState<{ action: 'confirm' | 'reopen'; opener: HTMLElement } | null>(
    null,
  );
  return (
    <>
      <button
        type="button"
        className="button button-primary button-small"
        onClick={(event) => setOpen({ action: 'confirm', opener: event.currentTarget })}
      >
        Confirm<span className="visually-hidden"> {request.key}</span>
      </button>
      <button
        type="button"
        className="button button-secondary button-small"
        onClick={(event) => setOpen({ action: 'reopen', opener: event.currentTarget })}
      >
        Reopen<span className="visually-hidden"> {request.key}</span>
      </button>
      {open ? (
        <CardDialog
          action={open.action}
          request={request}
          onClose={() => setOpen(null)}
          onOutcome={onOutcome}
          opener={open.opener}
          done={() =>
            open.action === 'confirm'
              ? `Thank you. ${request.key} is confirmed and closed.`
              : `${request.key} is reopened and back with ${request.owner?.name ?? 'its owner'}.`
          }
        />
      ) : null}
    </>
  );
}
