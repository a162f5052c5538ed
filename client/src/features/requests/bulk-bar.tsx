import type { Priority, RequestSummary } from '@followthrough/shared';
import { priorities } from '@followthrough/shared/constants';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { requestQueries } from '../../api/requests';
import { PeoplePicker } from '../../components/people-picker';
import { priorityLabels } from '../../lib/labels';
import { fromLocalInput } from '../../lib/time';
import { type BulkAction, type BulkResult, runBulk, summaryOf } from './bulk';
import './bulk-bar.css';

type Kind = BulkAction['kind'];
const kindLabels: Record<Kind, string> = {
  offer: 'Offer to a person',
  assign: 'Assign to a person',
  'follow-up': 'Set follow-up',
  priority: 'Change priority',
  cancel: 'Cancel',
};

/**
 * What to do with the selected requests. Each is changed through its own endpoint with the
 * version listed, so the same rules apply as on its page; the summary names each refusal.
 */
export function BulkBar({
  selected,
  onDone,
}: {
  selected: readonly RequestSummary[];
  onDone: () => void;
}) {
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<Kind>('assign');
  const [to, setTo] = useState('');
  const [at, setAt] = useState('');
  const [priority, setPriority] = useState<Priority>('high');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const [results, setResults] = useState<BulkResult[] | null>(null);

  const actionOf = (): BulkAction | string => {
    if (kind === 'offer' || kind === 'assign') return to ? { kind, to } : 'Choose a person';
    if (kind === 'follow-up') {
      const iso = fromLocalInput(at);
      return iso ? { kind, at: iso } : 'Give a date and time';
    }
    if (kind === 'priority') return { kind, priority };
    return reason.trim() ? { kind, reason: reason.trim() } : 'Give a reason';
  };

  const apply = async (event: FormEvent) => {
    event.preventDefault();
    const action = actionOf();
    if (typeof action === 'string') {
      setProblem(action);
      return;
    }
    setProblem(null);
    setRunning(true);
    const done = await runBulk(selected, action);
    setRunning(false);
    setResults(done);
    onDone();
    await queryClient.invalidateQueries({ queryKey: requestQueries.all() });
  };

  const summary = results ? summaryOf(results) : null;

  return (
    <section className="bulk-bar" aria-labelledby="bulk-heading">
      <h2 id="bulk-heading" className="bulk-heading">
        {selected.length} selected
      </h2>
      {selected.length > 0 ? (
        <form className="bulk-form" onSubmit={apply} noValidate>
          <label htmlFor="bulk-kind">Action</label>
          <select id="bulk-kind" value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
            {Object.entries(kindLabels).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
          {kind === 'offer' || kind === 'assign' ? (
            <>
              <label htmlFor="bulk-person">Person</label>
              <PeoplePicker
                id="bulk-person"
                label="Person"
                value={to}
                onChange={setTo}
                placeholder="Type a name"
              />
            </>
          ) : kind === 'follow-up' ? (
            <>
              <label htmlFor="bulk-at">Follow up by</label>
              <input
                id="bulk-at"
                type="datetime-local"
                value={at}
                onChange={(e) => setAt(e.target.value)}
              />
            </>
          ) : kind === 'priority' ? (
            <>
              <label htmlFor="bulk-priority">Priority</label>
              <select
                id="bulk-priority"
                value={priority}
                onChange={(e) => setPriority(e.target.value as Priority)}
              >
                {[...priorities].reverse().map((p) => (
                  <option key={p} value={p}>
                    {priorityLabels[p]}
                  </option>
                ))}
              </select>
            </>
          ) : (
            <>
              <label htmlFor="bulk-reason">Reason</label>
              <input id="bulk-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
            </>
          )}
          <button type="submit" className="button button-primary" disabled={running}>
            {running ? 'Applying…' : `Apply to ${selected.length}`}
          </button>
          {problem ? (
            <p className="bulk-problem" role="alert">
              {problem}
            </p>
          ) : null}
        </form>
      ) : null}
      <div role="status" className="bulk-summary">
        {summary ? (
          <>
            <p>{summary.headline}</p>
            {summary.applied.length > 0 ? (
              <p>Changed: {summary.applied.map((r) => r.ref.key).join(', ')}</p>
            ) : null}
            {summary.refused.length > 0 ? (
              <ul aria-label="Refused">
                {summary.refused.map((r) => (
                  <li key={r.ref.id}>
                    {r.ref.key}: {r.title}
                    {r.detail ? ` — ${r.detail}` : ''}
                  </li>
                ))}
              </ul>
            ) : null}
          </>
        ) : null}
      </div>
    </section>
  );
}
