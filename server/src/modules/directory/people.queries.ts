import { eq } from 'drizzle-orm';
import { people } from '../../db/schema';
import type { Executor } from '../../db/types';
import type { PersonFacts } from '../../domain/change';

/** The person a body names, as the rules need them: id, name and active flag (null: none). */
export async function personFacts(db: Executor, id: string): Promise<PersonFacts> {
  const [found] = await db
    .select({ id: people.id, name: people.name, active: people.active })
    .from(people)
    .where(eq(people.id, id));
  return found ?? null;
}
