import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
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
