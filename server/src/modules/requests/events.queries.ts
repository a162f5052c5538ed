import type { RequestEvent } from '@followthrough/shared';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../db/raw';
import type { Executor } from '../../db/types';
import { notFound } from '../../domain/errors';
import { parseIdOrKey } from './requests.queries';

/** The request's events, oldest first, with the actor's name. */
export async function listEvents(db: Executor, idOrKey: string): Promise<RequestEvent[]> {
  const ref = parseIdOrKey(idOrKey);
  if (!ref) throw notFound(`Request ${idOrKey}`);
  const where = 'id' in ref ? sql`r.id = ${ref.id}` : sql`r.number = ${ref.number}`;
  const result = await db.execute(sql`
    select r.id as request_id, e.id, e.type, e.at, e.data,
      case when p.id is null then null else json_build_object('id', p.id, 'name', p.name, 'active', p.active) end as actor
    from requests r
    left join events e on e.request_id = r.id
    left join people p on p.id = e.actor_id
    where ${where}
    order by e.id`);
  const rows = rowsOf<{
    request_id: string;
    id: number | string | null;
    type: RequestEvent['type'];
    at: unknown;
    data: Record<string, unknown>;
    actor: RequestEvent['actor'];
  }>(result);
  if (rows.length === 0) throw notFound(`Request ${idOrKey}`);
  return rows
    .filter((r) => r.id !== null)
    .map(
      (r) =>
        // Written through the typed drafts of domain/change.ts: the type names its data's shape.
        ({
          id: String(r.id),
          requestId: r.request_id,
          actor: r.actor,
          type: r.type,
          at: new Date(String(r.at instanceof Date ? r.at.toISOString() : r.at)).toISOString(),
          data: r.data ?? {},
        }) as RequestEvent,
    );
}
