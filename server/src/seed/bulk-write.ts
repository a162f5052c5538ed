import { getTableColumns, type SQL, sql } from 'drizzle-orm';
import { toSnakeCase } from 'drizzle-orm/casing';
import type { PgTable } from 'drizzle-orm/pg-core';
import { events, handoffs, requests } from '../db/schema';
import type { Tx } from '../db/types';
import type {
  Change,
  EventDraft,
  HandoffClose,
  HandoffDraft,
  HandoffState,
  NewRequestFields,
  RequestFields,
} from '../domain/change';

/*
 * The generator's write: the changes the domain returned, folded as
 * commitChanges folds them (one row per request, every change's fields in
 * order, the version moved by their events), written in three statements of
 * one json parameter each. commitChanges writes the same rows with bound
 * parameters, which took three times as long for a year of requests (100,000
 * on PostgreSQL); a generator's changes are all new requests, so they fit
 * this simpler form. It sends no wake-ups: a bulk load's figures are
 * rebuilt after it, so the projector has nothing to catch up on.
 */

type RequestRow = NewRequestFields &
  Partial<RequestFields> &
  Pick<RequestFields, 'openHandoffs' | 'reopenCount'> & {
    id: string;
    version: number;
    ordinal: number;
  };
type HandoffRow = HandoffDraft &
  Pick<HandoffState, 'status'> &
  Partial<Omit<HandoffClose, 'id' | 'status'>>;
type EventRow = EventDraft & { requestId: string; ordinal: number };

/** Every column a change may write, so a new one cannot be left out here. */
const requestColumns = [
  'id',
  'title',
  'description',
  'desiredOutcome',
  'categoryId',
  'locationId',
  'asset',
  'priority',
  'requesterId',
  'onBehalfOf',
  'ownerId',
  'pendingOwnerId',
  'offeredAt',
  'status',
  'closeReason',
  'targetAt',
  'nextFollowUpAt',
  'followUpSetAt',
  'lastOwnerActivityAt',
  'openHandoffs',
  'openHandoffDueAt',
  'createdAt',
  'updatedAt',
  'ownedAt',
  'resolvedAt',
  'closedAt',
  'reopenCount',
  'lastReopenedAt',
  'version',
] as const satisfies readonly (keyof RequestRow)[];
type Missing = Exclude<keyof RequestFields, (typeof requestColumns)[number]>;
type Assert<T extends true> = T;
export type RequestColumnsComplete = Assert<[Missing] extends [never] ? true : false>;

const handoffColumns = [
  'id',
  'requestId',
  'toText',
  'toPersonId',
  'ask',
  'expectedBy',
  'status',
  'createdById',
  'createdAt',
  'completedAt',
  'completedById',
  'note',
] as const satisfies readonly (keyof HandoffRow | 'status')[];

const eventColumns = ['requestId', 'actorId', 'type', 'at', 'data'] as const;

/** The batch's rows: each request as its changes leave it, its handoffs as they end, its events. */
export interface Folded {
  requests: RequestRow[];
  handoffs: HandoffRow[];
  events: EventRow[];
}

/** Copies the fields a change sets; a key present with undefined is not a value to write. */
function assignDefined(target: object, set: object) {
  const out = target as { [key: string]: unknown };
  for (const [key, value] of Object.entries(set)) if (value !== undefined) out[key] = value;
}

/** The batch's changes (new requests and what followed, in order), folded into rows. */
export function fold(changes: readonly Change[]): Folded {
  const rows = new Map<string, RequestRow>();
  const handoffRows = new Map<string, HandoffRow>();
  const eventRows: EventRow[] = [];
  for (const c of changes) {
    let row = rows.get(c.requestId);
    if (c.insert) {
      if (row) throw new Error(`request ${c.requestId} is created twice in one batch`);
      // The columns' defaults, for a row no change moved them on.
      row = {
        ...c.insert,
        openHandoffs: 0,
        reopenCount: 0,
        id: c.requestId,
        version: 0,
        ordinal: rows.size,
      };
      rows.set(c.requestId, row);
    }
    if (!row) throw new Error(`request ${c.requestId} is changed before it is created`);
    assignDefined(row, c.set);
    row.version += c.events.length;
    for (const h of c.handoffInserts) handoffRows.set(h.id, { ...h, status: 'open' });
    for (const u of c.handoffUpdates) {
      const h = handoffRows.get(u.id);
      if (!h) throw new Error(`handoff ${u.id} is closed before it is created`);
      Object.assign(h, u);
    }
    for (const e of c.events) {
      eventRows.push({ ...e, requestId: c.requestId, ordinal: eventRows.length });
    }
  }
  return { requests: [...rows.values()], handoffs: [...handoffRows.values()], events: eventRows };
}

/**
 * `json_to_recordset($1) as x(…)`: many rows in one parameter whatever their
 * number; column types come from the schema, `o` keeps their order. The
 * json names the columns c0, c1, …: a year of long names is megabytes.
 */
function recordset<K extends string>(
  table: PgTable,
  keys: readonly K[],
  rows: readonly ({ [k in K]?: unknown } & { ordinal?: number })[],
): SQL {
  const columns = getTableColumns(table);
  const defs = keys.map((k, i) => {
    const column = columns[k];
    if (!column) throw new Error(`${k} is not a column`);
    return `c${i} ${column.getSQLType()}`;
  });
  const names = keys.map((_, i) => `c${i}`);
  const json: { [name: string]: unknown }[] = new Array(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    const out: { [name: string]: unknown } = { o: row.ordinal ?? 0 };
    for (let i = 0; i < keys.length; i++) {
      const v = row[keys[i]!];
      if (v !== undefined && v !== null) out[names[i]!] = v;
    }
    json[r] = out;
  }
  const selected = sql.raw(names.join(', '));
  return sql`${selected} from json_to_recordset(${JSON.stringify(json)}::json) as x(o integer, ${sql.raw(defs.join(', '))})`;
}

const list = (keys: readonly string[]) => sql.raw(keys.map((k) => toSnakeCase(k)).join(', '));

/** The requests, in order: the identity gives REQ numbers in that order. */
export async function insertRequests(tx: Tx, rows: readonly RequestRow[]) {
  if (rows.length === 0) return;
  await tx.execute(sql`
    insert into requests (${list(requestColumns)})
    select ${recordset(requests, requestColumns, rows)}
    order by o`);
}

/** Handoffs as they stand at the end of the batch (open, done or cancelled). */
export async function insertHandoffs(tx: Tx, rows: readonly HandoffRow[]) {
  if (rows.length === 0) return;
  await tx.execute(sql`
    insert into handoffs (${list(handoffColumns)})
    select ${recordset(handoffs, handoffColumns, rows)}`);
}

/** Events in order, so their ids follow each request's timeline. */
export async function insertEvents(tx: Tx, rows: readonly EventRow[]) {
  if (rows.length === 0) return;
  await tx.execute(sql`
    insert into events (${list(eventColumns)})
    select ${recordset(events, eventColumns, rows)}
    order by o`);
}
