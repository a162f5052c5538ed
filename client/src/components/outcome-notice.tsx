import type { RequestSummary } from '@followthrough/shared';
import { useEffect, useRef } from 'react';
import { Link } from 'react-router';

/** What became of an action taken in place (a card, a queue item), told above its list. */
export interface Outcome {
  tone: 'success' | 'conflict' | 'error';
  text: string;
  request: Pick<RequestSummary, 'key' | 'title'>;
}

export type OnOutcome = (outcome: Outcome) => void;

/** The section's word on the last action; focused, because the card it came from may be gone. */
export function OutcomeNotice({ outcome, onDismiss }: { outcome: Outcome; onDismiss: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  const tone =
    outcome.tone === 'success'
      ? 'notice-success'
      : outcome.tone === 'conflict'
        ? 'notice-warn'
        : 'notice-error';
  return (
    <div
      className={`notice ${tone} outcome-notice`}
      role={outcome.tone === 'success' ? 'status' : 'alert'}
      tabIndex={-1}
      ref={ref}
    >
      {outcome.tone === 'success' ? null : (
        <p className="notice-title">Your change was not saved</p>
      )}
      <p>
        {outcome.text}{' '}
        <Link to={`/requests/${outcome.request.key}`}>Open {outcome.request.key}</Link>
      </p>
      <button type="button" className="link-button" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
