import { defaultTargets, type Priority, type ServiceTarget } from '@followthrough/shared';

/** SPEC §6 defaults, in minutes; each category may override them (kept in shared/). */
export { defaultTargets };

export function targetFor(targets: readonly ServiceTarget[], priority: Priority) {
  return targets.find((t) => t.priority === priority) ?? { priority, ...defaultTargets[priority] };
}

/** A request's target: created → resolved within the priority's resolve time. */
export function targetAt(createdAt: Date, resolveWithinMinutes: number): Date {
  return new Date(createdAt.getTime() + resolveWithinMinutes * 60_000);
}
