import { sql } from 'drizzle-orm';
import { rowsOf } from '../../server/src/db/raw';
import type { Executor } from '../../server/src/db/types';

/**
 * Every request row checked against its events and handoffs: the version is the number of
 * events, and status, owner, offer, timestamps, counters, follow-up and handoff columns are
 * what the events say. Returns how many rows were checked, how many are open, and for each
 * column how many rows disagree (all zero when the record is whole).
 *
 * `targets`: also check that each target is its category's resolve-within from creation,
 * which holds only while nobody has edited a target or a category's targets.
 */
export async function rowsAgainstEvents(
  db: Executor,
  opts: { targets?: boolean } = {},
): Promise<{
  checked: number;
  openRequests: number;
  disagreements: Record<string, number>;
}> {
  const [v] = rowsOf<Record<string, number>>(
    await db.execute(
      sql.raw(`
      with ev as (
        select request_id, count(*)::int as n, max(at) as last_at,
          min(at) filter (where type in ('ownership_accepted', 'ownership_taken', 'ownership_assigned')) as first_owned,
          max(at) filter (where type = 'resolved') as last_resolved,
          count(*) filter (where type = 'reopened')::int as reopens,
          max(at) filter (where type = 'reopened') as last_reopened,
          max(at) filter (where type in ('resolved', 'cancelled')) as last_stop
        from events group by request_id
      ), closing as (
        select distinct on (request_id) request_id, type, at from events
        where type in ('confirmed', 'auto_confirmed', 'cancelled') order by request_id, id desc
      ), offer as (
        select distinct on (request_id) request_id, type, data, at from events
        where type like 'ownership_%' order by request_id, id desc
      ), owner as (
        select distinct on (request_id) request_id,
          case when type = 'ownership_assigned' then (data->>'to')::uuid else actor_id end as owner_id
        from events where type in ('ownership_accepted', 'ownership_taken', 'ownership_assigned')
        order by request_id, id desc
      ), st as (
        select distinct on (request_id) request_id, type, data from events
        where type in ('created', 'status_changed', 'resolved', 'confirmed', 'auto_confirmed', 'reopened', 'cancelled')
        order by request_id, id desc
      ), fu as (
        -- The latest event that set a follow-up; resolving or cancelling clears the date, not the time.
        select distinct on (e.request_id) e.request_id, e.at,
          coalesce(e.data->>'nextFollowUpAt', e.data->>'at')::timestamptz as due
        from events e
        where e.type in ('follow_up_set', 'nudged') or (e.type = 'status_changed' and e.data->>'to' = 'waiting')
        order by e.request_id, e.id desc
      ), ho as (
        select request_id, count(*) filter (where status = 'open')::int as open,
          min(expected_by) filter (where status = 'open') as due
        from handoffs group by request_id
      ), act as (
        -- The owner's latest event, or the assignment that made them owner.
        select e.request_id, max(e.at) as at from events e join requests r on r.id = e.request_id
        where e.actor_id = r.owner_id or (e.type = 'ownership_assigned' and e.data->>'to' = r.owner_id::text)
        group by e.request_id
      ), checks as (
        select r.status in ('new', 'in_progress', 'waiting') as is_open,
          ev.n is distinct from r.version as version,
          ev.last_at is distinct from r.updated_at as updated_at,
          ev.first_owned is distinct from r.owned_at as owned_at,
          ev.last_resolved is distinct from r.resolved_at as resolved_at,
          ev.reopens is distinct from r.reopen_count as reopen_count,
          ev.last_reopened is distinct from r.last_reopened_at as last_reopened_at,
          (case when r.status = 'closed' then closing.at end) is distinct from r.closed_at as closed_at,
          (case when r.status = 'closed' then closing.type end) is distinct from r.close_reason::text as close_reason,
          owner.owner_id is distinct from r.owner_id as owner_id,
          (case when offer.type = 'ownership_offered' and r.status in ('new', 'in_progress', 'waiting') then (offer.data->>'to')::uuid end)
            is distinct from r.pending_owner_id as pending_owner_id,
          (case when offer.type = 'ownership_offered' and r.status in ('new', 'in_progress', 'waiting') then offer.at end)
            is distinct from r.offered_at as offered_at,
          (case st.type
            when 'created' then case when owner.owner_id is null then 'new' else 'in_progress' end
            when 'status_changed' then st.data->>'to'
            when 'resolved' then 'resolved'
            when 'reopened' then 'in_progress'
            else 'closed' end) is distinct from r.status::text as status,
          coalesce(ho.open, 0) is distinct from r.open_handoffs as open_handoffs,
          ho.due is distinct from r.open_handoff_due_at as open_handoff_due_at,
          act.at is distinct from r.last_owner_activity_at as last_owner_activity_at,
          fu.at is distinct from r.follow_up_set_at as follow_up_set_at,
          (case when fu.at > coalesce(ev.last_stop, '-infinity') then fu.due end)
            is distinct from r.next_follow_up_at as next_follow_up_at,
          r.target_at is distinct from r.created_at + t.resolve_within_minutes * interval '1 minute' as target_at
        from requests r
        left join ev on ev.request_id = r.id
        left join closing on closing.request_id = r.id
        left join offer on offer.request_id = r.id
        left join owner on owner.request_id = r.id
        left join st on st.request_id = r.id
        left join fu on fu.request_id = r.id
        left join ho on ho.request_id = r.id
        left join act on act.request_id = r.id
        left join category_targets t on t.category_id = r.category_id and t.priority = r.priority
      )
      select count(*)::int as checked,
        count(*) filter (where version)::int as version,
        count(*) filter (where updated_at)::int as updated_at,
        count(*) filter (where owned_at)::int as owned_at,
        count(*) filter (where resolved_at)::int as resolved_at,
        count(*) filter (where reopen_count)::int as reopen_count,
        count(*) filter (where last_reopened_at)::int as last_reopened_at,
        count(*) filter (where closed_at)::int as closed_at,
        count(*) filter (where close_reason)::int as close_reason,
        count(*) filter (where owner_id)::int as owner_id,
        count(*) filter (where pending_owner_id)::int as pending_owner_id,
        count(*) filter (where offered_at)::int as offered_at,
        count(*) filter (where status)::int as status,
        count(*) filter (where open_handoffs)::int as open_handoffs,
        count(*) filter (where open_handoff_due_at)::int as open_handoff_due_at,
        count(*) filter (where last_owner_activity_at)::int as last_owner_activity_at,
        count(*) filter (where follow_up_set_at)::int as follow_up_set_at,
        count(*) filter (where next_follow_up_at)::int as next_follow_up_at,
        count(*) filter (where target_at)::int as target_at,
        count(*) filter (where is_open)::int as open_requests
      from checks`),
    ),
  );
  const { checked = 0, open_requests = 0, target_at, ...rest } = v ?? {};
  const disagreements = opts.targets ? { ...rest, target_at: target_at ?? 0 } : rest;
  return { checked, openRequests: open_requests, disagreements };
}

/** The disagreements as an object of zeros, to compare with. */
export const none = (d: Record<string, number>) =>
  Object.fromEntries(Object.keys(d).map((k) => [k, 0]));
