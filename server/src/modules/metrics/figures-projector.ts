import { sql } from 'drizzle-orm';
import { rowsOf } from '../../db/raw';
import type { Db } from '../../db/types';

/**
 * Brings the figure tables up to date with every change queued so far
 * (db/sql/figures-projector.sql), in transactions of at most `batch` events.
 * Returns how many events it counted, or null when another runner (in this
 * process or another) is projecting at the moment.
 */
export async function projectFigures(db: Db, batch = 5000): Promise<number | null> {
  let total = 0;
  for (;;) {
    const [row] = rowsOf<{ n: number | null }>(
      await db.execute(sql`select figures_project(${batch}::int) as n`),
    );
    if (row?.n === null || row?.n === undefined) return total === 0 ? null : total;
    total += Number(row.n);
    if (Number(row.n) < batch) return total;
  }
}

/** The moment the figures are exact up to (every change committed before it is counted). */
export async function figuresAsOf(db: Db): Promise<string> {
  const [row] = rowsOf<{ at: Date | string }>(await db.execute(sql`select figures_as_of() as at`));
  return new Date(row!.at).toISOString();
}
