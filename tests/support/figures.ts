import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import type { Database } from '../../server/src/db/client';
import { rowsOf } from '../../server/src/db/raw';
import { projectFigures } from '../../server/src/modules/metrics/figures-projector';

/** Waits until the projector has counted every change committed so far. */
export async function catchUpFigures(database: Database) {
  for (let i = 0; i < 1000; i++) {
    await projectFigures(database.db);
    const [row] = rowsOf<{ n: number }>(
      await database.db.execute(sql`select count(*)::int as n from figure_queue`),
    );
    if (Number(row?.n) === 0) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('the figures projector did not catch up');
}

const doc = readFileSync(join(import.meta.dirname, '../../docs/figures.md'), 'utf8');
/** The event-only definitions of docs/figures.md, by name. */
export const figureDefinitions: Record<string, string> = Object.fromEntries(
  [...doc.matchAll(/```sql figure=(\w+)\n([\s\S]*?)```/g)].map((m) => [m[1]!, m[2]!]),
);

/** Runs one figure of docs/figures.md over the UTC days from..to (both included). */
export async function figureFromRecord(
  database: Database,
  name: string,
  range: { from: string; to: string },
): Promise<Record<string, unknown>[]> {
  const text = figureDefinitions[name];
  if (!text) throw new Error(`docs/figures.md has no figure ${name}`);
  const end = new Date(`${range.to}T00:00:00Z`);
  end.setUTCDate(end.getUTCDate() + 1);
  return rowsOf(
    await database.db.execute(
      sql.raw(
        text
          .replaceAll(':start', `'${range.from}T00:00:00Z'::timestamptz`)
          .replaceAll(':end', `'${end.toISOString()}'::timestamptz`),
      ),
    ),
  );
}

type Measure = 'own' | 'resolve' | 'outcome';
interface WeeklyColumns {
  count: number[];
  medianHours: (number | null)[];
  p90Hours: (number | null)[];
}
/** A /api/metrics/times answer as the wire carries it: weeks once, columns per series. */
export interface TimesAnswer {
  from: string;
  to: string;
  weeks: string[];
  series: ({
    group: { id: string; name: string } | null;
    total: Record<Measure, { count: number }>;
  } & Record<Measure, WeeklyColumns>)[];
}

/**
 * One series' measure as rows, only the weeks it counted anything in (what a query grouped
 * by week returns), after checking the columns line up with the answer's weeks.
 */
export function weeklyRows(report: TimesAnswer, series: TimesAnswer['series'][number], m: Measure) {
  const c = series[m];
  expect(c.count).toHaveLength(report.weeks.length);
  expect(c.medianHours).toHaveLength(report.weeks.length);
  expect(c.p90Hours).toHaveLength(report.weeks.length);
  return report.weeks.flatMap((week, i) => {
    if (c.count[i] === 0) {
      // Nothing counted: no figure either.
      expect([c.medianHours[i], c.p90Hours[i]], `${m} ${week}`).toEqual([null, null]);
      return [];
    }
    return [{ week, n: c.count[i]!, median: c.medianHours[i]!, p90: c.p90Hours[i]! }];
  });
}

/** Hours as the API gives them per week: the exact figure rounded to 2 decimals. */
export function expectHours(got: number, exact: number, label?: string) {
  expect(Math.round(got * 100) / 100, label).toBe(got);
  // Half a hundredth, and a little for the two sides' floating point.
  expect(Math.abs(got - exact), label).toBeLessThanOrEqual(0.005 + 1e-9);
}

/** Every Monday (UTC) from the week of `from` to the week of `to`, counted in the database. */
export async function mondaysOf(database: Database, range: { from: string; to: string }) {
  return rowsOf<{ week: string }>(
    await database.db.execute(
      sql`select to_char(w, 'YYYY-MM-DD') as week from generate_series(
        date_trunc('week', ${range.from}::date::timestamp), date_trunc('week', ${range.to}::date::timestamp), interval '7 days') w`,
    ),
  ).map((r) => r.week);
}
