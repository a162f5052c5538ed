import type { Priority, ServiceTarget } from '@followthrough/shared';

const HOUR = 60;
const DAY = 24 * HOUR;

/** SPEC §6 defaults, in minutes; each category may override them. */
export const defaultTargets: Record<Priority, Omit<ServiceTarget, 'priority'>> = {
  urgent: { ownWithinMinutes: 1 * HOUR, quietForMinutes: 4 * HOUR, resolveWithinMinutes: 1 * DAY },
  high: { ownWithinMinutes: 4 * HOUR, quietForMinutes: 1 * DAY, resolveWithinMinutes: 3 * DAY },
  normal: { ownWithinMinutes: 1 * DAY, quietForMinutes: 3 * DAY, resolveWithinMinutes: 7 * DAY },
  low: { ownWithinMinutes: 3 * DAY, quietForMinutes: 7 * DAY, resolveWithinMinutes: 30 * DAY },
};

export function targetFor(targets: readonly ServiceTarget[], priority: Priority) {
  return targets.find((t) => t.priority === priority) ?? { priority, ...defaultTargets[priority] };
}

/** A request's target: created → resolved within the priority's resolve time. */
export function targetAt(createdAt: Date, resolveWithinMinutes: number): Date {
  return new Date(createdAt.getTime() + resolveWithinMinutes * 60_000);
}
