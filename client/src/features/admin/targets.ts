import { defaultTargets, type Priority, type ServiceTarget } from '@followthrough/shared';

/** The three times a category sets per priority, as the API names them (minutes). */
export const measures = ['ownWithinMinutes', 'quietForMinutes', 'resolveWithinMinutes'] as const;
export type Measure = (typeof measures)[number];

export const measureLabels: Record<Measure, string> = {
  ownWithinMinutes: 'Own within',
  quietForMinutes: 'Quiet for',
  resolveWithinMinutes: 'Resolve within',
};

export const measureHints: Record<Measure, string> = {
  ownWithinMinutes: 'someone owns it',
  quietForMinutes: 'longest the owner may go without acting',
  resolveWithinMinutes: 'from logged to resolved',
};

/** Highest first, as a lead reads them. */
export const targetPriorities: readonly Priority[] = ['urgent', 'high', 'normal', 'low'];

const HOUR = 60;
const DAY = 24 * HOUR;

/**
 * SPEC §6's defaults, which the server gives a new category's priorities that are not
 * sent. Shown to start a new category from; only the times changed from them are sent.
 */
export const specDefaults = defaultTargets;

export type Unit = 'hours' | 'days';
export const units: readonly Unit[] = ['hours', 'days'];
const unitMinutes: Record<Unit, number> = { hours: HOUR, days: DAY };

/** A time as a person types it: an amount and its unit. */
export interface Amount {
  amount: string;
  unit: Unit;
}

/** Minutes in the largest unit that holds them whole; hours with decimals otherwise. */
export function toAmount(minutes: number): Amount {
  if (minutes % DAY === 0) return { amount: String(minutes / DAY), unit: 'days' };
  const hours = Math.round((minutes / HOUR) * 100) / 100;
  return { amount: String(hours), unit: 'hours' };
}

/** The minutes an amount means, or NaN when it is not a number. A comma may be the decimal mark. */
export function toMinutes({ amount, unit }: Amount): number {
  const text = amount.trim().replace(',', '.');
  if (text === '' || !/^\d*\.?\d*$/.test(text)) return Number.NaN;
  return Math.round(Number(text) * unitMinutes[unit]);
}

/** A compact time for a table: "45 min", "4 h", "1 h 30 min", "3 d", "36 h". */
export function formatTarget(minutes: number): string {
  if (minutes >= DAY && minutes % DAY === 0) return `${minutes / DAY} d`;
  if (minutes < HOUR) return `${minutes} min`;
  const hours = Math.floor(minutes / HOUR);
  const rest = minutes % HOUR;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/** A category's targets by priority; a priority it has none for shows the defaults. */
export function targetsByPriority(
  targets: readonly ServiceTarget[],
): Record<Priority, Omit<ServiceTarget, 'priority'>> {
  const out = { ...specDefaults };
  for (const { priority, ...times } of targets) out[priority] = times;
  return out;
}
