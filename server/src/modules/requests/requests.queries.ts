import {
  type Handoff,
  openStatuses,
  type RequestSort,
  type StalledReason,
  stalledReasons,
} from '@followthrough/shared';
import { eq, type SQL, sql } from 'drizzle-orm';
import { queryRows } from '../../db/raw';
import { categories, requests } from '../../db/schema';
import type { Executor } from '../../db/types';
import type { HandoffState, RequestState } from '../../domain/change';
import type { RequestRow } from './requests.mapper';
import { requestJoins, requestSelect, stalledSince } from './requests.sql';

const nowParam = (now: Date) => sql`${now.toISOString()}`;

/** REQ-12, req-12 and a uuid all find a request. */
export function parseIdOrKey(idOrKey: string): { id: string } | { number: number } | null {
  const key = /^req-(\d{1,15})$/i.exec(idOrKey);
  if (key) return { number: Number(key[1]) };
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrKey)) {
    return { id: idOrKey.toLowerCase() };
  }
  return null;
}

/** A request's row and its handoffs in one statement (the detail screen, an action's answer). */
export async function findRequestDetail(
  db: Executor,
  ref: { id: string } | { number: number },
  now: Date,
): Promise<{ row: RequestRow; handoffs: Handoff[] } | undefined> {
  const where = 'id' in ref ? sql`r.id = ${ref.id}` : sql`r.number = ${ref.number}`;
  const rows = await queryRows<RequestRow & { handoffs: RawHandoff[] }>(
    db,
    sql`select q.*, coalesce((select json_agg(h order by h."createdAt", h.id)
        from (${handoffSelect(now)} where h.request_id = q.id) h), '[]'::json) as handoffs
      from (${requestSelect(nowParam(now))} where ${where}) q`,
  );
  const found = rows[0];
  if (!found) return undefined;
  const { handoffs, ...row } = found;
  return { row: row as RequestRow, handoffs: handoffs.map(toHandoff) };
}

/**
 * Reads the request as the transitions need it, with its handoffs, and its
 * version (a change decided on it is written only if that still holds). With
 * `lock`, in a transaction: locks the row for the rest of it, so actions on it
 * serialise.
 */
export async function readState(
  db: Executor,
  ref: { id: string } | { number: number },
  opts: { lock: boolean } = { lock: false },
): Promise<{ state: RequestState; version: number } | undefined> {
  const query = db
    .select({
      id: requests.id,
      version: requests.version,
      status: requests.status,
      closeReason: requests.closeReason,
      closedAt: requests.closedAt,
      requesterId: requests.requesterId,
      ownerId: requests.ownerId,
      pendingOwnerId: requests.pendingOwnerId,
      teamId: categories.teamId,
      categoryId: requests.categoryId,
      locationId: requests.locationId,
      assetId: requests.assetId,
      title: requests.title,
      description: requests.description,
      desiredOutcome: requests.desiredOutcome,
      asset: requests.asset,
      priority: requests.priority,
      targetAt: requests.targetAt,
      createdAt: requests.createdAt,
      ownedAt: requests.ownedAt,
      resolvedAt: requests.resolvedAt,
      reopenCount: requests.reopenCount,
      // In the same statement: one round trip for the request and all its handoffs.
      handoffs: sql<
        {
          id: string;
          status: HandoffState['status'];
          toPersonId: string | null;
          expectedBy: string;
        }[]
      >`
        coalesce((select json_agg(json_build_object('id', h.id, 'status', h.status,
            'toPersonId', h.to_person_id, 'expectedBy', h.expected_by) order by h.created_at, h.id)
          from handoffs h where h.request_id = ${requests.id}), '[]'::json)`,
    })
    .from(requests)
    .innerJoin(categories, eq(categories.id, requests.categoryId))
    .where('id' in ref ? eq(requests.id, ref.id) : eq(requests.number, ref.number));
  // Prepared: the statement is planned once per connection, not on every action.
  // NO KEY UPDATE, as the write takes: a foreign-key check (KEY SHARE) on the row does not block it.
  const [row] = await (opts.lock ? query.for('no key update', { of: requests }) : query)
    .prepare(opts.lock ? 'lock_request_state' : 'read_request_state')
    .execute();
  if (!row) return undefined;
  const { version, handoffs: handoffRows, ...facts } = row;
  const state: RequestState = {
    ...facts,
    handoffs: handoffRows.map((h) => ({ ...h, expectedBy: new Date(h.expectedBy) })),
  };
  return { state, version };
}

interface SortSpec {
  columns: { expr: string; cast: string; pick: (row: RequestRow) => unknown }[];
  dir: 'asc' | 'desc';
  /** Spelled as the matching index is built, so the index can serve the order. */
  nulls?: 'first' | 'last';
}

/**
 * A cursor's timestamp in ISO 8601, keeping PostgreSQL's microseconds:
 * postgres.js hands back text such as `2026-03-02 09:00:00.123456+00`.
 */
const at = (col: 'created_at' | 'updated_at' | 'target_at') => (row: RequestRow) => {
  const v = row[col];
  if (v instanceof Date) return v.toISOString();
  return String(v)
    .replace(' ', 'T')
    .replace(/([+-]\d{2})$/, '$1:00');
};
const byCreated = [
  { expr: 'r.created_at', cast: 'timestamptz', pick: at('created_at') },
  { expr: 'r.id', cast: 'uuid', pick: (row: RequestRow) => row.id },
];

export const sorts: Record<RequestSort, SortSpec> = {
  '-created': { columns: byCreated, dir: 'desc', nulls: 'last' },
  created: { columns: byCreated, dir: 'asc', nulls: 'first' },
  '-updated': {
    columns: [{ expr: 'r.updated_at', cast: 'timestamptz', pick: at('updated_at') }, byCreated[1]!],
    dir: 'desc',
    nulls: 'last',
  },
  updated: {
    columns: [{ expr: 'r.updated_at', cast: 'timestamptz', pick: at('updated_at') }, byCreated[1]!],
    dir: 'asc',
    nulls: 'first',
  },
  target: {
    columns: [{ expr: 'r.target_at', cast: 'timestamptz', pick: at('target_at') }, byCreated[1]!],
    dir: 'asc',
    nulls: 'last',
  },
  '-target': {
    columns: [{ expr: 'r.target_at', cast: 'timestamptz', pick: at('target_at') }, byCreated[1]!],
    dir: 'desc',
    nulls: 'first',
  },
  priority: {
    columns: [{ expr: 'r.priority', cast: 'priority', pick: (row) => row.priority }, ...byCreated],
    dir: 'asc',
  },
  '-priority': {
    columns: [{ expr: 'r.priority', cast: 'priority', pick: (row) => row.priority }, ...byCreated],
    dir: 'desc',
  },
};

export interface ListFilter {
  statuses?: string[];
  ownerId?: string | null;
  requesterId?: string;
  pendingOwnerId?: string;
  categoryIds?: string[];
  locationIds?: string[];
  assetId?: string;
  teamId?: string;
  priorities?: string[];
  stalled?: boolean;
  reasons?: StalledReason[];
  q?: string;
  sort: RequestSort;
  after?: unknown[];
  limit: number;
}

const anyOf = (col: string, values: string[], cast: string) =>
  sql`${sql.raw(col)} = any(${`{${values.join(',')}}`}::${sql.raw(cast)}[])`;

/**
 * A page of the list: one statement whatever the filters; a search first gathers the people
 * and assets its text names, then reads the page among the newest rows, and, when they hold
 * less than a page, gathers the rare matches or walks on.
 */
export async function listRequestRows(
  db: Executor,
  f: ListFilter,
  now: Date,
  search: { walk: number; sparse: number } = {
    walk: SEARCH_WALK_ROWS,
    sparse: SEARCH_SPARSE_MATCHES,
  },
): Promise<RequestRow[]> {
  if (!f.q) {
    const query = listSql(f, now);
    return query ? queryRows<RequestRow>(db, query) : [];
  }
  const q = f.q;
  const named = await namedMatches(db, q);
  const gather = () => searchFallbackSql({ ...f, q }, now, named);
  // Open items have text and name indexes of their own: once the newest of them hold less
  // than a page, their matches are few (1 in 80 or fewer) and gathering them reads only
  // those, where walking on would read every open row until the page filled.
  const open = isOpenOnly(f);
  const query = listSql(f, now, search.walk, named);
  if (!query) return [];
  const rows = await queryRows<RequestRow>(db, query);
  if (rows.length >= f.limit) return rows;
  // Few matches among the newest rows: matches are rare, and gathering them all is cheap.
  // Some: walking on finds the page sooner than gathering thousands of scattered rows.
  if (rows.length <= search.sparse || open) {
    const all = gather();
    return all ? queryRows<RequestRow>(db, all) : rows;
  }
  // Walking on starts after the last match: the rows before it are not read again (every
  // column of every order is set, so the keyset always places it).
  const last = rows[rows.length - 1]!;
  const columns = sorts[f.sort].columns;
  const more = listSql(
    { ...f, after: columns.map((c) => c.pick(last)), limit: f.limit - rows.length },
    now,
    Number.POSITIVE_INFINITY,
    named,
  );
  return more ? [...rows, ...(await queryRows<RequestRow>(db, more))] : rows;
}

/** What a list narrows by: its filters without the order and the page. */
export type ListWhere = Omit<ListFilter, 'sort' | 'after' | 'limit'>;

/**
 * What `q` matches, over `alias`, spelled so each side can be found through an index (the
 * text's GIN index, the people and asset columns' btrees, the key) and combined as one
 * bitmap when matches are rare.
 */
function searchCondition(q: string, alias: string, named?: NamedMatches): SQL {
  const r = sql.raw(alias);
  const key = /^(?:req-)?(\d{1,15})$/i.exec(q);
  // Gathered beforehand, the tsquery is a value: a prepared plan then tests each row against
  // it, where it would otherwise read the text into a tsquery again for every row.
  const sides = [sql`${r}.search @@ ${named ? sql`${named.tsquery}::tsquery` : tsqueryOf(q)}`];
  // A person's name finds what they own or asked for, a registered asset's name or tag its
  // requests: people and assets are few, so their ids are gathered once and each side is an
  // indexed lookup rather than a scan of names per row. Gathered beforehand (namedMatches),
  // the planner sees the ids themselves and estimates each side from them.
  if (named) {
    if (named.people.length > 0) {
      const ids = `{${named.people.join(',')}}`;
      sides.push(sql`${r}.owner_id = any(${ids}::uuid[])`);
      sides.push(sql`${r}.requester_id = any(${ids}::uuid[])`);
    }
    if (named.assets.length > 0) {
      sides.push(sql`${r}.asset_id = any(${`{${named.assets.join(',')}}`}::uuid[])`);
    }
  } else {
    const like = likeOf(q);
    const people = sql`array(select p.id from people p where p.name ilike ${like})`;
    sides.push(sql`${r}.owner_id = any(${people})`, sql`${r}.requester_id = any(${people})`);
    sides.push(
      sql`${r}.asset_id = any(array(select a.id from assets a where a.name ilike ${like} or a.tag ilike ${like}))`,
    );
  }
  if (key) sides.push(sql`${r}.number = ${Number(key[1])}`);
  return sql`(${sql.join(sides, sql` or `)})`;
}

/**
 * As people type, the last word is a prefix ("tread" finds treadmill): the words as a
 * tsquery, the last with :*, or'ed with the web-search reading of the text into one tsquery.
 * A whole key (REQ-12, or 12) means that request, not every key that starts so.
 */
function tsqueryOf(q: string): SQL {
  const key = /^(?:req-)?(\d{1,15})$/i.exec(q);
  const words = key ? [] : (q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
  const typed = words.map((w, i) => (i === words.length - 1 ? `${w}:*` : w)).join(' & ');
  const web = sql`websearch_to_tsquery('english', ${q})`;
  return typed ? sql`(${web} || to_tsquery('english', ${typed}))` : web;
}

const likeOf = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * What a search looks for, read once before its page: the people whose name, and the assets
 * whose name or tag, contain the text, and the text as a tsquery.
 */
export interface NamedMatches {
  people: string[];
  assets: string[];
  tsquery: string;
}

export async function namedMatches(db: Executor, q: string): Promise<NamedMatches> {
  const like = likeOf(q);
  const [row] = await queryRows<NamedMatches>(
    db,
    sql`select array(select p.id from people p where p.name ilike ${like}) as people,
      array(select a.id from assets a where a.name ilike ${like} or a.tag ilike ${like}) as assets,
      ${tsqueryOf(q)}::text as tsquery`,
  );
  return row ?? { people: [], assets: [], tsquery: '' };
}

/**
 * How many of the newest rows (in the list's order, after its other filters) a search reads
 * before it looks the matches up through the indexes instead: common words fill a page well
 * within them, walking the order index and stopping at the page; rare ones are few enough
 * to gather whole through the indexes and sort (SEARCH_SPARSE_MATCHES).
 */
export const SEARCH_WALK_ROWS = 4000;

/** At most this many matches among those rows reads as rare (about 1 in 800 or fewer). */
export const SEARCH_SPARSE_MATCHES = 5;

/** Whether the filters keep to open requests (the stalled ones are open too). */
function isOpenOnly(f: ListWhere): boolean {
  if (f.stalled === true || (f.reasons?.length ?? 0) > 0) return true;
  return (
    f.statuses !== undefined &&
    f.statuses.length > 0 &&
    f.statuses.every((st) => (openStatuses as readonly string[]).includes(st))
  );
}

/**
 * The conditions of the filters, over `requests r` and its lookups (requestJoins); null
 * when they cannot match anything. The list and every count of it build on this one.
 */
function filterConditions(f: ListWhere, now: Date): SQL[] | null {
  const conds: SQL[] = [];
  const since = stalledSince(nowParam(now), 'joined');
  let statuses = f.statuses;
  // Stalled applies to open requests only; saying so lets the open partial indexes serve it.
  if (f.stalled === true || (f.reasons && f.reasons.length > 0)) {
    statuses = statuses
      ? statuses.filter((s) => (openStatuses as readonly string[]).includes(s))
      : [...openStatuses];
    if (statuses.length === 0) return null;
  }
  if (statuses) {
    if (statuses.length === 3 && openStatuses.every((s) => statuses.includes(s))) {
      // Spelled as the partial indexes' predicate so the planner can use them.
      conds.push(sql.raw(`r.status in ('new', 'in_progress', 'waiting')`));
    } else {
      conds.push(anyOf('r.status', statuses, 'request_status'));
    }
  }
  if (f.ownerId === null) conds.push(sql`r.owner_id is null`);
  else if (f.ownerId) conds.push(sql`r.owner_id = ${f.ownerId}`);
  if (f.requesterId) conds.push(sql`r.requester_id = ${f.requesterId}`);
  if (f.pendingOwnerId) conds.push(sql`r.pending_owner_id = ${f.pendingOwnerId}`);
  if (f.categoryIds?.length) conds.push(anyOf('r.category_id', f.categoryIds, 'uuid'));
  if (f.locationIds?.length) conds.push(anyOf('r.location_id', f.locationIds, 'uuid'));
  if (f.assetId) conds.push(sql`r.asset_id = ${f.assetId}`);
  if (f.teamId) {
    conds.push(sql`r.category_id in (select c.id from categories c where c.team_id = ${f.teamId})`);
  }
  if (f.priorities?.length) conds.push(anyOf('r.priority', f.priorities, 'priority'));
  // As a plain range the planner takes stalls_at < now to be independent of the open status
  // and expects a fortieth of the real rows, then sorts every stalled row instead of walking
  // the open index in list order. Behind coalesce it takes its default share, near the truth.
  const stalledInOrder = sql`coalesce(r.stalls_at, 'infinity') < ${nowParam(now)}::timestamptz`;
  if (f.stalled === true) {
    conds.push(stalledInOrder);
  } else if (f.stalled === false) {
    conds.push(
      sql`(${sql.join(
        stalledReasons.map((r) => sql`${since[r]} is null`),
        sql` and `,
      )})`,
    );
  }
  if (f.reasons?.length) {
    if (f.stalled !== true) conds.push(stalledInOrder);
    conds.push(
      sql`(${sql.join(
        f.reasons.map((r) => sql`${since[r]} is not null`),
        sql` or `,
      )})`,
    );
  }
  if (f.q) conds.push(searchCondition(f.q, 'r'));
  return conds;
}

const whereOf = (conds: SQL[]) =>
  conds.length ? sql`where ${sql.join(conds, sql` and `)}` : sql``;

/** The order and keyset conditions of a page. */
function pageOf(f: ListFilter): { after: SQL | null; order: string } {
  const spec = sorts[f.sort];
  let after: SQL | null = null;
  if (f.after) {
    const left = spec.columns.map((c) => c.expr).join(', ');
    const right = sql.join(
      spec.columns.map((c, i) => sql`${f.after?.[i]}::${sql.raw(c.cast)}`),
      sql`, `,
    );
    after = sql`(${sql.raw(left)}) ${sql.raw(spec.dir === 'desc' ? '<' : '>')} (${right})`;
  }
  const nulls = spec.nulls ? ` nulls ${spec.nulls}` : '';
  return { after, order: spec.columns.map((c) => `${c.expr} ${spec.dir}${nulls}`).join(', ') };
}

/**
 * The list statement (null when the filters cannot match anything). With `q`, the first of
 * two: the page among the newest SEARCH_WALK_ROWS rows of the other filters (searchFallbackSql
 * is the second, for when they hold less than a page).
 */
export function listSql(
  f: ListFilter,
  now: Date,
  walk = SEARCH_WALK_ROWS,
  named?: NamedMatches,
): SQL | null {
  const { q, ...rest } = f;
  const conds = filterConditions(rest, now);
  if (!conds) return null;
  const { after, order } = pageOf(f);
  if (after) conds.push(after);
  const tail = sql`order by ${sql.raw(order)} limit ${f.limit}`;
  if (!q) return sql`${requestSelect(nowParam(now))} ${whereOf(conds)} ${tail}`;
  // The walk stops at the page: the inner limit is a cap on rows read, not a sort of them.
  const newest = sql`(select r.* from requests r ${lookupsFor(f)} ${whereOf(conds)}
    order by ${sql.raw(order)}${Number.isFinite(walk) ? sql` limit ${walk}` : sql``}) r`;
  return sql`${requestSelect(nowParam(now), undefined, newest)}
    where ${searchCondition(q, 'r', named)} ${tail}`;
}

/** Only the stalled reasons read the lookups; without them a row is filtered on its own. */
const lookupsFor = (f: ListWhere) =>
  f.stalled === false || (f.reasons?.length ?? 0) > 0 ? requestJoins : sql``;

/**
 * The search's second statement: every match gathered through the indexes (materialised, so
 * the planner cannot walk the order index instead), filtered, ordered and cut to the page
 * before the page's rows are decorated.
 */
export function searchFallbackSql(
  f: ListFilter & { q: string },
  now: Date,
  named?: NamedMatches,
): SQL | null {
  const conds = filterConditions({ ...f, q: undefined }, now);
  if (!conds) return null;
  const { after, order } = pageOf(f);
  if (after) conds.push(after);
  conds.push(sql`r.id in (select id from matched)`);
  const tail = sql`order by ${sql.raw(order)} limit ${f.limit}`;
  const page = sql`(select r.* from requests r ${lookupsFor(f)} ${whereOf(conds)} ${tail}) r`;
  // Open items are few: said in their text index's own words, only their postings are read.
  const narrow = isOpenOnly(f)
    ? sql.raw(` and m.status in ('new', 'in_progress', 'waiting')`)
    : sql``;
  return sql`with matched as materialized (select m.id from requests m
      where ${searchCondition(f.q, 'm', named)}${narrow})
    ${requestSelect(nowParam(now), undefined, page)} ${tail}`;
}

/**
 * How many requests the filters match, counted no further than `cap` + 1 rows: more than
 * `cap` reads as "more than cap", and a broad filter costs no more than a narrow one.
 */
export async function countRequestRows(
  db: Executor,
  f: ListWhere,
  now: Date,
  cap: number,
): Promise<number> {
  const conds = filterConditions(f, now);
  if (!conds) return 0;
  const [row] = await queryRows<{ count: number }>(
    db,
    sql`select count(*)::int as count from (select 1 from requests r ${requestJoins}
      ${whereOf(conds)} limit ${cap + 1}) matched`,
  );
  return Number(row?.count ?? 0);
}

/**
 * The planner's estimate of how many requests the filters match: the rows of EXPLAIN for the
 * same filtered statement, which costs a plan and no reading of the table.
 */
export async function estimateRequestRows(db: Executor, f: ListWhere, now: Date): Promise<number> {
  const conds = filterConditions(f, now);
  if (!conds) return 0;
  const [row] = await queryRows<Record<string, unknown>>(
    db,
    sql`explain (format json) select 1 from requests r ${requestJoins} ${whereOf(conds)}`,
  );
  const raw = row ? Object.values(row)[0] : undefined;
  const plan = (typeof raw === 'string' ? JSON.parse(raw) : raw) as
    | { Plan?: { 'Plan Rows'?: number } }[]
    | undefined;
  return Math.round(Number(plan?.[0]?.Plan?.['Plan Rows'] ?? 0));
}

type RawHandoff = Omit<Handoff, 'expectedBy' | 'createdAt' | 'completedAt'> & {
  // Timestamps in json: text in PostgreSQL's own form.
  expectedBy: string;
  createdAt: string;
  completedAt: string | null;
};

/** A request's handoffs as the API shows them (filtered on `h.request_id` by the caller). */
const handoffSelect = (now: Date) => sql`
    select h.id, h.request_id as "requestId", h.to_text as "to",
      case when tp.id is null then null else json_build_object('id', tp.id, 'name', tp.name, 'active', tp.active) end as "toPerson",
      h.ask, h.expected_by as "expectedBy", h.status,
      (h.status = 'open' and h.expected_by < ${now.toISOString()}::timestamptz) as overdue,
      json_build_object('id', cb.id, 'name', cb.name, 'active', cb.active) as "createdBy",
      h.created_at as "createdAt", h.completed_at as "completedAt", h.note
    from handoffs h
    join people cb on cb.id = h.created_by_id
    left join people tp on tp.id = h.to_person_id`;

const toHandoff = (h: RawHandoff): Handoff => ({
  ...h,
  expectedBy: new Date(h.expectedBy).toISOString(),
  createdAt: new Date(h.createdAt).toISOString(),
  completedAt: h.completedAt ? new Date(h.completedAt).toISOString() : null,
});
