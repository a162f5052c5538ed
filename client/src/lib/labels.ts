import type { CloseReason, Priority, Role, StalledReason, Status } from '@followthrough/shared';

export const statusLabels: Record<Status, string> = {
  new: 'New',
  in_progress: 'In progress',
  waiting: 'Waiting',
  resolved: 'Resolved',
  closed: 'Closed',
};

export const roleLabels: Record<Role, string> = { staff: 'Staff', lead: 'Lead', admin: 'Admin' };

export const closeReasonLabels: Record<CloseReason, string> = {
  confirmed: 'Confirmed',
  auto_confirmed: 'Auto-confirmed',
  cancelled: 'Cancelled',
};

/** The words for a status, taking the close reason into account. */
export function statusText(status: Status, closeReason: CloseReason | null): string {
  if (status === 'closed' && closeReason === 'cancelled') return 'Cancelled';
  if (status === 'closed' && closeReason) return `Closed · ${closeReasonLabels[closeReason]}`;
  return statusLabels[status];
}

export const priorityLabels: Record<Priority, string> = {
  low: 'Low',
  normal: 'Normal',
  high: 'High',
  urgent: 'Urgent',
};

/** Short words for a badge. */
export const stalledLabels: Record<StalledReason, string> = {
  unowned: 'No owner',
  offer_unanswered: 'Offer unanswered',
  no_activity: 'No recent activity',
  follow_up_overdue: 'Follow-up overdue',
  handoff_overdue: 'Handoff overdue',
  past_target: 'Past target',
  owner_inactive: 'Owner deactivated',
  reopened_repeatedly: 'Reopened repeatedly',
};

/** A sentence a lead can act on. */
export const stalledExplanations: Record<StalledReason, string> = {
  unowned: 'Nobody has taken ownership within the time its priority allows.',
  offer_unanswered: 'Ownership was offered to someone who has not answered in time.',
  no_activity: 'The owner has not acted on it for longer than its priority allows.',
  follow_up_overdue: 'The follow-up the owner committed to has passed with no action.',
  handoff_overdue: 'Work handed to someone else is past its expected-by date.',
  past_target: 'It is still open after its service target.',
  owner_inactive: 'The owner has been deactivated; it needs a new owner.',
  reopened_repeatedly: 'The person who asked has reopened it more than once.',
};

/** Where a request stands, as words inside a sentence: "it is now resolved". */
export function stateWords(status: Status, closeReason: CloseReason | null): string {
  if (status === 'closed' && closeReason === 'cancelled') return 'cancelled';
  if (status === 'closed' && closeReason === 'auto_confirmed')
    return 'closed (confirmed automatically)';
  if (status === 'closed' && closeReason === 'confirmed') return 'closed (confirmed)';
  return statusLabels[status].toLowerCase();
}

export const ratingLabels: Record<1 | 2 | 3 | 4 | 5, string> = {
  1: 'Poor',
  2: 'Fair',
  3: 'Good',
  4: 'Very good',
  5: 'Excellent',
};
