import { getTableColumns, sql } from 'drizzle-orm';
import { toSnakeCase } from 'drizzle-orm/casing';
import type { PgTable } from 'drizzle-orm/pg-core';
import { rowsOf } from '../../db/raw';
import { events, handoffs, requests } from '../../db/schema';
import type { Tx } from '../../db/types';
import type {
  Change,
  HandoffClose,
  HandoffDraft,
  NewRequestFields,
  RequestFields,
} from '../../domain/change';

// The domain names the columns by hand (it may not import the schema); these keep the names true.
type Insert<T extends PgTable> = T['$inferInsert'];
type Assignable<A extends B, B> = A;
export type CommitTypesMatch = [
  Assignable<Partial<RequestFields>, Partial<Insert<typeof requests>>>,
  Assignable<NewRequestFields, Insert<typeof requests>>,
  Assignable<HandoffDraft, Insert<typeof handoffs>>,
  Assignable<Omit<HandoffClose, 'id'>, Partial<Insert<typeof handoffs>>>,
];

/** The channel a committed change wakes listeners on; the payload is `{"id", "version"}`. */
export const REQUEST_CHANGED = 'request_changed';

/** What a request is after the commit. */
export interface Committed {
  id: string;
  version: number;
}

// Multi-row inserts are cut to stay far below PostgreSQL's 65,535 parameters per statement.
const CHUNK = 1000;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** One request's changes in a call, folded into one row write (a generator may send several). */
interface Folded {
  requestId: string;
  insert?: NewRequestFields;
  set: Partial<RequestFields>;
  events: number;
}

// A key present with undefined would be written as null: only what is set is written.
const defined = (set: Partial<RequestFields>) =>
  Object.fromEntries(
    Object.entries(set).filter(([, v]) => v !== undefined),
  ) as Partial<RequestFields>;

function fold(changes: readonly Change[]): Folded[] {
  const byId = new Map<string, Folded>();
  for (const c of changes) {
    const f = byId.get(c.requestId);
    if (!f) {
      byId.set(c.requestId, {
        requestId: c.requestId,
        ...(c.insert ? { insert: c.insert } : {}),
        set: defined(c.set),
        events: c.events.length,
      });
    } else if (c.insert) {
      throw new Error(`request ${c.requestId} is created twice in one commit`);
    } else {
      Object.assign(f.set, defined(c.set));
      f.events += c.events.length;
    }
  }
  return [...byId.values()];
}

/**
 * `jsonb_to_recordset($1) as x(…)`: many rows, each with its own values, in
 * one parameter whatever their number; column types come from the schema.
 */
function recordset(
  table: PgTable,
  keys: readonly string[],
  rows: readonly Record<string, unknown>[],
  extra: Record<string, string> = {},
) {
  const columns = getTableColumns(table);
  const defs = [
    ...keys.map((k) => {
      const column = columns[k];
      if (!column) throw new Error(`${k} is not a column`);
      return `${toSnakeCase(k)} ${column.getSQLType()}`;
    }),
    ...Object.entries(extra).map(([name, type]) => `${name} ${type}`),
  ];
  const names = [...keys, ...Object.keys(extra)];
  const json = rows.map((row) => Object.fromEntries(names.map((k) => [toSnakeCase(k), row[k]])));
  return sql`jsonb_to_recordset(${JSON.stringify(json)}::jsonb) as x(${sql.raw(defs.join(', '))})`;
}

const assignments = (keys: readonly string[]) =>
  keys.map((k) => `${toSnakeCase(k)} = x.${toSnakeCase(k)}`).join(', ');

/** Row updates, one statement per set of columns written, each sending its wake-ups. */
async function updateRequests(tx: Tx, rows: readonly Folded[]): Promise<Committed[]> {
  const shapes = new Map<string, Folded[]>();
  for (const row of rows) {
    const shape = Object.keys(row.set).sort().join(',');
    shapes.set(shape, [...(shapes.get(shape) ?? []), row]);
  }
  const out: Committed[] = [];
  for (const [shape, group] of shapes) {
    const keys = shape ? shape.split(',') : [];
    const values = group.map((g) => ({ ...g.set, id: g.requestId, n: g.events }));
    const set = keys.length ? `${assignments(keys)}, ` : '';
    const result = await tx.execute(sql`
      update requests r set ${sql.raw(set)}version = r.version + x.n
      from ${recordset(requests, ['id', ...keys], values, { n: 'integer' })}
      where r.id = x.id
      returning r.id, r.version,
        pg_notify(${REQUEST_CHANGED}, json_build_object('id', r.id, 'version', r.version)::text)::text as woke`);
    for (const r of rowsOf<{ id: string; version: number }>(result)) {
      out.push({ id: r.id, version: Number(r.version) });
    }
  }
  return out;
}

async function closeHandoffs(tx: Tx, closes: readonly HandoffClose[]) {
  if (closes.length === 0) return;
  const keys = ['status', 'completedAt', 'completedById', 'note'] as const;
  await tx.execute(sql`
    update handoffs h set ${sql.raw(assignments(keys))}
    from ${recordset(handoffs, ['id', ...keys], closes as unknown as Record<string, unknown>[])}
    where h.id = x.id`);
}

/**
 * Writes changes made by the domain, in the caller's transaction and in few
 * statements whatever their number: new rows, handoffs, the events, then the
 * row updates (the version moves by the number of events), and a
 * `request_changed` notify per request, delivered when the transaction
 * commits. Handoffs and events are written before the rows they move, as the
 * database's own bookkeeping on those rows reads them.
 */
export async function commitChanges(tx: Tx, changes: readonly Change[]): Promise<Committed[]> {
  if (changes.length === 0) return [];
  for (const c of changes) {
    if (c.events.length === 0) throw new Error('a change must record at least one event');
  }
  const folded = fold(changes);
  const created: Committed[] = [];
  for (const part of chunks(folded.filter((f) => f.insert))) {
    const rows = await tx
      .insert(requests)
      .values(part.map((f) => ({ ...f.insert!, ...f.set, id: f.requestId, version: f.events })))
      .returning({ id: requests.id, version: requests.version });
    created.push(...rows);
  }
  for (const part of chunks(changes.flatMap((c) => c.handoffInserts))) {
    await tx.insert(handoffs).values(part);
  }
  await closeHandoffs(
    tx,
    changes.flatMap((c) => c.handoffUpdates),
  );
  for (const part of chunks(
    changes.flatMap((c) => c.events.map((e) => ({ ...e, requestId: c.requestId }))),
  )) {
    await tx.insert(events).values(part);
  }
  const updated = await updateRequests(
    tx,
    folded.filter((f) => !f.insert),
  );
  if (created.length > 0) {
    await tx.execute(sql`
      select count(pg_notify(${REQUEST_CHANGED},
        json_build_object('id', c->>'id', 'version', (c->>'version')::int)::text))::int as woke
      from jsonb_array_elements(${JSON.stringify(created)}::jsonb) c`);
  }
  return [...created, ...updated];
}
