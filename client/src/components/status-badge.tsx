import type { CloseReason, Priority, Status } from '@followthrough/shared';
import { priorityLabels, statusText } from '../lib/labels';

/** The state of a request, in words and colour. */
export function StatusBadge({
  status,
  closeReason = null,
}: {
  status: Status;
  closeReason?: CloseReason | null;
}) {
  const tone = status === 'closed' && closeReason === 'cancelled' ? 'cancelled' : status;
  return (
    <span className={`badge badge-status badge-${tone}`}>{statusText(status, closeReason)}</span>
  );
}

/** Priority; the quiet ones stay quiet. */
export function PriorityBadge({ priority }: { priority: Priority }) {
  return (
    <span className={`badge badge-priority badge-priority-${priority}`}>
      {priorityLabels[priority]}
    </span>
  );
}
