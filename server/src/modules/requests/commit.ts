import { getTableColumns, type SQL, sql } from 'drizzle-orm';
import { toSnakeCase } from 'drizzle-orm/casing';
import type { PgTable } from 'drizzle-orm/pg-core';
import { queryRows } from '../../db/raw';
import { events, handoffs, notifications, requests } from '../../db/schema';
import type { Db, Executor, Tx } from '../../db/types';
import type {
  Change,
  EventDraft,
  HandoffClose,
  HandoffDraft,
  HandoffState,
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

/** A new request as its changes in this call leave it; `ordinal` keeps the order they came in. */
type NewRow = NewRequestFields &
  Partial<RequestFields> &
  Pick<RequestFields, 'openHandoffs' | 'reopenCount'> & {
    id: string;
    version: number;
    ordinal: number;
  };
/** A handoff opened in this call, as the call's later changes leave it. */
type NewHandoff = HandoffDraft &
  Pick<HandoffState, 'status'> &
  Partial<Omit<HandoffClose, 'id' | 'status'>>;
type NewEvent = EventDraft & { requestId: string; ordinal: number };
/** A notification the call's changes cause (SPEC §13), from its change's first event. */
interface NewNotification {
  personId: string;
  kind: string;
  requestId: string;
  actorId: string | null;
  at: Date;
  ordinal: number;
}

/** Every column a change may write, so a new one cannot be left out of a new row. */
const requestColumns = [
  'id',
  'title',
  'description',
  'desiredOutcome',
  'categoryId',
  'locationId',
  'asset',
  'assetId',
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
] as const satisfies readonly (keyof NewRow)[];
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
] as const satisfies readonly (keyof NewHandoff)[];

const eventColumns = ['requestId', 'actorId', 'type', 'at', 'data'] as const;
const notificationColumns = ['personId', 'kind', 'requestId', 'actorId', 'at'] as const;

/** A request changed in this call that existed before it: what to set, and by how many events. */
interface Updated {
  requestId: string;
  set: Partial<RequestFields>;
  events: number;
}

/** A call's changes, folded into the rows to write. */
interface Folded {
  inserts: NewRow[];
  updates: Updated[];
  handoffInserts: NewHandoff[];
  handoffCloses: HandoffClose[];
  events: NewEvent[];
  notifications: NewNotification[];
}

/** Copies the fields a change sets; a key present with undefined is not a value to write. */
function assignDefined(target: object, set: object) {
  const out = target as { [key: string]: unknown };
  for (const [key, value] of Object.entries(set)) if (value !== undefined) out[key] = value;
}

/**
 * One row per request whatever the number of its changes (a generator sends
 * a request's whole story at once): a new request is inserted as its last
 * change leaves it, a handoff opened and closed in the call is inserted
 * closed, and every change's events are appended in order.
 */
function fold(changes: readonly Change[]): Folded {
  const inserts = new Map<string, NewRow>();
  const updates = new Map<string, Updated>();
  const opened = new Map<string, NewHandoff>();
  const closes = new Map<string, HandoffClose>();
  const eventRows: NewEvent[] = [];
  const told: NewNotification[] = [];
  for (const c of changes) {
    if (c.events.length === 0) throw new Error('a change must record at least one event');
    let row: { version?: number; events?: number } | undefined = inserts.get(c.requestId);
    if (c.insert) {
      if (row || updates.has(c.requestId)) {
        throw new Error(`request ${c.requestId} is created twice in one commit`);
      }
      // The columns' defaults, for a row no change moved them on.
      const created: NewRow = {
        ...c.insert,
        openHandoffs: 0,
        reopenCount: 0,
        id: c.requestId,
        version: 0,
        ordinal: inserts.size,
      };
      inserts.set(c.requestId, created);
      row = created;
    }
    if (row) {
      assignDefined(row, c.set);
      (row as NewRow).version += c.events.length;
    } else {
      let u = updates.get(c.requestId);
      if (!u) {
        u = { requestId: c.requestId, set: {}, events: 0 };
        updates.set(c.requestId, u);
      }
      assignDefined(u.set, c.set);
      u.events += c.events.length;
    }
    for (const h of c.handoffInserts) opened.set(h.id, { ...h, status: 'open' });
    for (const close of c.handoffUpdates) {
      const h = opened.get(close.id);
      if (h) Object.assign(h, close);
      else closes.set(close.id, { ...closes.get(close.id), ...close });
    }
    for (const e of c.events) {
      eventRows.push({ ...e, requestId: c.requestId, ordinal: eventRows.length });
    }
    const cause = c.events[0]!;
    for (const r of c.notify) {
      told.push({
        personId: r.personId,
        kind: r.kind,
        requestId: c.requestId,
        actorId: cause.actorId,
        at: cause.at,
        ordinal: told.length,
      });
    }
  }
  return {
    inserts: [...inserts.values()],
    updates: [...updates.values()],
    handoffInserts: [...opened.values()],
    handoffCloses: [...closes.values()],
    events: eventRows,
    notifications: told,
  };
}

/**
 * `json_to_recordset($1) as x(…)`: any number of rows in one parameter, so
 * the statement's text (and its prepared plan) is the same for one row or a
 * year's; column types come from the schema, `o` keeps the rows' order,
 * `n` carries a count and `v` a version along. The json names the columns c0, c1, …: a year of
 * long names is megabytes.
 */
function recordset<K extends string>(
  table: PgTable,
  keys: readonly K[],
  rows: readonly ({ [k in K]?: unknown } & { ordinal?: number; n?: number; v?: number })[],
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
    const out: { [name: string]: unknown } = { o: row.ordinal ?? 0, n: row.n ?? 0 };
    if (row.v !== undefined) out.v = row.v;
    for (let i = 0; i < keys.length; i++) {
      const v = row[keys[i]!];
      if (v !== undefined && v !== null) out[names[i]!] = v;
    }
    json[r] = out;
  }
  const selected = sql.raw(names.join(', '));
  return sql`${selected} from json_to_recordset(${JSON.stringify(json)}::json) as x(o integer, n integer, v integer, ${sql.raw(defs.join(', '))})`;
}

const list = (keys: readonly string[]) => sql.raw(keys.map((k) => toSnakeCase(k)).join(', '));

/** What a write tells beyond its rows: the stream and notifications, and mail for them. */
interface Telling {
  /** Queue the change for the live stream and notify the people it names. */
  tell: boolean;
  /** Also queue a mail for each notification whose person takes email. */
  mail: boolean;
}

/**
 * The whole write as one statement, each step a data-modifying CTE: new
 * requests, row updates (version moved by their events; with `expected`, only
 * if the row is still at that version), then the handoffs, their closing and
 * the events of the requests actually written (`ok`), and what they tell: a
 * stream entry per request, the notifications (active people only) with their
 * stream entries and mail. A row that moved on meanwhile is left out, and
 * nothing of its change is written.
 */
function writeStatement(f: Folded, expected: number | undefined, telling: Telling): SQL {
  const ctes: SQL[] = [];
  const ok: string[] = [];
  if (f.inserts.length > 0) {
    ctes.push(sql`ins as (insert into requests (${list(requestColumns)})
      select ${recordset(requests, requestColumns, f.inserts)}
      order by o
      returning id, version)`);
    ok.push('select id, version from ins');
  }
  const shapes = new Map<string, Updated[]>();
  for (const row of f.updates) {
    const shape = Object.keys(row.set).sort().join(',');
    shapes.set(shape, [...(shapes.get(shape) ?? []), row]);
  }
  let i = 0;
  for (const [shape, group] of shapes) {
    const keys = ['id', ...(shape ? shape.split(',') : [])] as (keyof RequestFields | 'id')[];
    // A null (a follow-up cleared) is left out of the json, which reads a missing key as null.
    const values = group.map((g) => ({ ...g.set, id: g.requestId, n: g.events, v: expected }));
    const set = keys
      .slice(1)
      .map((k, j) => `${toSnakeCase(k)} = x.c${j + 1}, `)
      .join('');
    const name = `u${i++}`;
    ctes.push(sql`${sql.raw(name)} as (update requests r set ${sql.raw(set)}version = r.version + x.n
      from (select n, v, ${recordset(requests, keys, values)}) x
      where r.id = x.c0 and (x.v is null or r.version = x.v)
      returning r.id, r.version)`);
    ok.push(`select id, version from ${name}`);
  }
  ctes.push(sql`ok as (${sql.raw(ok.join(' union all '))})`);
  if (f.handoffInserts.length > 0) {
    ctes.push(sql`hi as (insert into handoffs (${list(handoffColumns)})
      select ${recordset(handoffs, handoffColumns, f.handoffInserts)}
      where x.c1 in (select id from ok))`);
  }
  if (f.handoffCloses.length > 0) {
    const keys = ['id', 'status', 'completedAt', 'completedById', 'note'] as const;
    const set = keys
      .slice(1)
      .map((k, j) => `${toSnakeCase(k)} = x.c${j + 1}`)
      .join(', ');
    ctes.push(sql`hc as (update handoffs h set ${sql.raw(set)}
      from (select ${recordset(handoffs, keys, f.handoffCloses)}) x
      where h.id = x.c0 and h.request_id in (select id from ok))`);
  }
  // Events in order, so their ids follow each request's timeline.
  ctes.push(sql`ev as (insert into events (${list(eventColumns)})
    select ${recordset(events, eventColumns, f.events)}
    where x.c0 in (select id from ok)
    order by o)`);
  if (telling.tell) {
    ctes.push(
      sql`sq as (insert into stream_queue (request_id, version) select id, version from ok)`,
    );
    if (f.notifications.length > 0) {
      ctes.push(sql`nt as (insert into notifications (${list(notificationColumns)})
        select ${recordset(notifications, notificationColumns, f.notifications)}
        where x.c2 in (select id from ok)
          and exists (select 1 from people p where p.id = x.c0 and p.active)
        order by o
        returning id, person_id)`);
      ctes.push(sql`nq as (insert into stream_queue (notification_id, person_id)
        select id, person_id from nt order by id)`);
      if (telling.mail) {
        ctes.push(sql`nm as (insert into mail_outbox (person_id, notification_id)
          select nt.person_id, nt.id from nt
          where exists (select 1 from people p where p.id = nt.person_id and p.email_notifications))`);
      }
    }
  }
  return sql`with ${sql.join(ctes, sql`, `)} select id, version from ok`;
}

/** An open write transaction: its database, whether it tells, and what it has committed so far. */
interface Writing {
  db: Db;
  tell: boolean;
  committed: Committed[];
}
const committing = new WeakMap<object, Writing>();

/** Whether notifications on this database are also mailed (SMTP_URL is set: plugins/mail.ts). */
const mailing = new WeakMap<Db, boolean>();

/** Turns queuing mail for new notifications on or off for one database. */
export function setMailDelivery(db: Db, on: boolean) {
  mailing.set(db, on);
}

/** Whether new notifications on this database queue mail. */
export const mailDelivery = (db: Db) => mailing.get(db) === true;

/** The request moved on from the version a change was decided on: decide again. */
export class StaleChange extends Error {
  constructor(readonly requestId: string) {
    super(`request ${requestId} changed while the change was decided`);
  }
}

export interface CommitOptions {
  /**
   * The version the change was decided on (all changes then are for one
   * request that exists): written only if the row is still at it, else
   * StaleChange and nothing is written.
   */
  expectedVersion?: number;
}

/**
 * Writes changes made by the domain in one statement whatever their number:
 * new rows, row updates (the version moves by the number of events), the
 * handoffs and their closing, and the events. On the database itself it is a
 * transaction of its own; in one of writeTransaction's, part of it. Either
 * way the listeners are woken once it has committed.
 */
export async function commitChanges(
  db: Executor,
  changes: readonly Change[],
  opts: CommitOptions = {},
): Promise<Committed[]> {
  const inTransaction = committing.get(db);
  if (!inTransaction && !isDatabase(db)) {
    throw new Error('commitChanges runs on the database or in a transaction of writeTransaction');
  }
  if (changes.length === 0) return [];
  const folded = fold(changes);
  const expected = opts.expectedVersion;
  if (expected !== undefined && (folded.inserts.length > 0 || folded.updates.length !== 1)) {
    throw new Error('an expected version is for changes to one existing request');
  }
  const base = inTransaction?.db ?? (db as Db);
  const telling = { tell: inTransaction?.tell ?? true, mail: mailDelivery(base) };
  const rows = await queryRows<Committed>(db, writeStatement(folded, expected, telling));
  const committed = rows.map((r) => ({ id: r.id, version: Number(r.version) }));
  const wanted = folded.inserts.length + folded.updates.length;
  if (committed.length !== wanted) {
    const missing = folded.updates.find((u) => !committed.some((c) => c.id === u.requestId));
    if (expected !== undefined && missing) throw new StaleChange(missing.requestId);
    throw new Error(`request ${missing?.requestId ?? '?'} was not found to write`);
  }
  if (inTransaction) inTransaction.committed.push(...committed);
  else wakeupsOf(db as Db).send(committed);
  return committed;
}

/** The database itself rather than an open transaction (drizzle's transactions roll back). */
const isDatabase = (db: Executor) => !('rollback' in db);

export interface WriteOptions {
  /**
   * Wake and tell no one (default true): a bulk load's figures are rebuilt after it, its
   * requests are new to every screen, and its history is no one's news.
   */
  wake?: boolean;
}

/**
 * A transaction for writes that need more than commitChanges' one statement
 * (a claimed idempotency key, rows locked for a batch): runs `work` (which
 * calls commitChanges with the transaction) and, once that has committed,
 * wakes the listeners of `request_changed` with each changed request's id and
 * version.
 *
 * The wake-up is sent after the commit, not in the transaction: PostgreSQL
 * serialises every committing transaction that has notified, across the whole
 * cluster, until its commit is flushed to disk, so writers on different
 * requests would wait for each other. A wake-up carries no truth (listeners
 * read what changed from the database, and also look periodically), so one
 * lost in a crash between the commit and the send costs a moment, never a
 * change.
 */
export async function writeTransaction<T>(
  db: Db,
  work: (tx: Tx) => Promise<T>,
  opts: WriteOptions = {},
): Promise<T> {
  let committed: Committed[] = [];
  const result = await db.transaction(async (tx) => {
    committed = [];
    committing.set(tx, { db, tell: opts.wake !== false, committed });
    return work(tx);
  });
  if (opts.wake !== false) wakeupsOf(db).send(committed);
  return result;
}

/**
 * Sends wake-ups for one database: at once when none is on its way, else
 * together with the others that came meanwhile (one statement for many).
 * They are not worth a flush to disk, so their own commit does not wait for one.
 */
class Wakeups {
  private queue: string[] = [];
  private sending = false;
  constructor(private readonly db: Db) {}

  send(committed: readonly Committed[]) {
    for (const c of committed) this.queue.push(JSON.stringify({ id: c.id, version: c.version }));
    if (this.queue.length > 0 && !this.sending) void this.flush();
  }

  private async flush() {
    this.sending = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, 500);
        try {
          await queryRows(
            this.db,
            sql`select set_config('synchronous_commit', 'off', true),
              count(pg_notify(${REQUEST_CHANGED}, p))::int as woke
            from jsonb_array_elements_text(${JSON.stringify(batch)}::jsonb) p`,
          );
        } catch {
          // The database is closing or unreachable: listeners catch up when they next look.
        }
      }
    } finally {
      this.sending = false;
    }
  }
}

const wakeups = new WeakMap<Db, Wakeups>();

function wakeupsOf(db: Db): Wakeups {
  let w = wakeups.get(db);
  if (!w) {
    w = new Wakeups(db);
    wakeups.set(db, w);
  }
  return w;
}
