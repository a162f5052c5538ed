import { sql } from 'drizzle-orm';
import { rowsOf } from '../../db/raw';
import type { Executor } from '../../db/types';
import { fieldError } from '../requests/requests.service';

/** The person a body names, who must exist and be active (offers and assignments go only to active people). */
export async function activePerson(db: Executor, id: string, path: string) {
  const found = rowsOf<{ id: string; name: string; active: boolean }>(
    await db.execute(sql`select id, name, active from people where id = ${id}`),
  )[0];
  if (!found) throw fieldError(path, 'No such person');
  if (!found.active) throw fieldError(path, `${found.name} is deactivated`);
  return found;
}
