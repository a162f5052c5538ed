import {
  type CloseReason,
  type Priority,
  type RequestSummary,
  type StalledItem,
  type StalledReason,
  type Status,
  stalledReasons,
} from '@followthrough/shared';
import type { RequestFacts } from '../../domain/lifecycle';
import { stalledColumn } from './requests.sql';

/** A timestamp as the drivers return it from raw SQL: a Date (PGlite) or text (postgres.js). */
type Timestamp = Date | string;

/** A row of requestSelect(), as both drivers return it. */
export type RequestRow = {
  id: string;
  number: number | string;
  title: string;
  description: string;
  desired_outcome: string;
  category_id: string;
  category_name: string;
  team_id: string;
  location_id: string | null;
  location_name: string | null;
  asset: string | null;
  asset_id: string | null;
  asset_name: string | null;
  asset_tag: string | null;
  priority: Priority;
  requester_id: string;
  requester_name: string;
  requester_active: boolean;
  on_behalf_of: string | null;
  owner_id: string | null;
  owner_name: string | null;
  owner_active: boolean | null;
  pending_owner_id: string | null;
  pending_owner_name: string | null;
  pending_owner_active: boolean | null;
  status: Status;
  close_reason: CloseReason | null;
  target_at: Timestamp;
  next_follow_up_at: Timestamp | null;
  follow_up_met_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  owned_at: Timestamp | null;
  resolved_at: Timestamp | null;
  closed_at: Timestamp | null;
  reopen_count: number | string;
  version: number | string;
  open_handoffs: number | string;
} & { [K in `stalled_${StalledReason}`]: Timestamp | null };

/** PostgreSQL's text for a UTC timestamptz, as postgres.js hands it over: `2026-03-02 09:00:00.12+00`. */
const PG_UTC = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?\+00$/;

export const iso = (v: unknown): string | null => {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') {
    // Rewritten as text: a page of 50 rows has over 500 of them, and a Date for each is
    // most of what mapping the page costs. Milliseconds are cut, as toISOString cuts them.
    const m = PG_UTC.exec(v);
    if (m) return `${m[1]}T${m[2]}.${(m[3] ?? '').padEnd(3, '0').slice(0, 3)}Z`;
  }
  const d = v instanceof Date ? v : new Date(String(v));
  return d.toISOString();
};
/** Timestamps arrive as Date (PGlite) or as text (postgres.js through drizzle). */
export const dateOf = (v: unknown): Date | null =>
  v === null || v === undefined ? null : v instanceof Date ? v : new Date(String(v));
const isoReq = (v: unknown): string => iso(v) ?? new Date(0).toISOString();
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const ref = (id: unknown, name: unknown, active: unknown) =>
  id ? { id: String(id), name: String(name), active: Boolean(active) } : null;

export const keyOf = (n: number | string) => `REQ-${n}`;

export function toSummary(row: RequestRow): RequestSummary {
  const stalled: StalledItem[] = [];
  for (const reason of stalledReasons) {
    const since = row[stalledColumn(reason) as `stalled_${StalledReason}`];
    if (since !== null && since !== undefined) stalled.push({ reason, since: isoReq(since) });
  }
  return {
    id: row.id,
    key: keyOf(row.number),
    title: String(row.title),
    description: String(row.description ?? ''),
    desiredOutcome: String(row.desired_outcome),
    category: { id: String(row.category_id), name: String(row.category_name) },
    location: row.location_id
      ? { id: String(row.location_id), name: String(row.location_name) }
      : null,
    asset: str(row.asset),
    registeredAsset: row.asset_id
      ? { id: String(row.asset_id), name: String(row.asset_name), tag: String(row.asset_tag) }
      : null,
    priority: row.priority,
    requester: ref(row.requester_id, row.requester_name, row.requester_active)!,
    onBehalfOf: str(row.on_behalf_of),
    owner: ref(row.owner_id, row.owner_name, row.owner_active),
    pendingOwner: ref(row.pending_owner_id, row.pending_owner_name, row.pending_owner_active),
    status: row.status,
    closeReason: row.close_reason ?? null,
    targetAt: isoReq(row.target_at),
    nextFollowUpAt: iso(row.next_follow_up_at),
    followUpMetAt: iso(row.follow_up_met_at),
    createdAt: isoReq(row.created_at),
    updatedAt: isoReq(row.updated_at),
    ownedAt: iso(row.owned_at),
    resolvedAt: iso(row.resolved_at),
    closedAt: iso(row.closed_at),
    reopenCount: Number(row.reopen_count),
    version: Number(row.version),
    openHandoffs: Number(row.open_handoffs),
    stalled,
  };
}

export function factsOf(row: RequestRow, handoffPersonIds: readonly string[]): RequestFacts {
  const closedAt = iso(row.closed_at);
  return {
    status: row.status,
    closeReason: row.close_reason ?? null,
    closedAt: closedAt ? new Date(closedAt) : null,
    requesterId: String(row.requester_id),
    ownerId: str(row.owner_id),
    pendingOwnerId: str(row.pending_owner_id),
    teamId: String(row.team_id),
    openHandoffs: Number(row.open_handoffs),
    handoffPersonIds,
  };
}
