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
