-- The open items' covering index was made again by hand in 0002 and 0003 as DESC, which puts
-- nulls first, while the lists order by `created_at DESC NULLS LAST` (as the schema and its
-- snapshot have it): the planner could not use it for that order and walked the index of
-- every request instead, past however many closed requests were newest.
DROP INDEX IF EXISTS "requests_open_created_idx";--> statement-breakpoint
CREATE INDEX "requests_open_created_idx" ON "requests" USING btree ("created_at" DESC NULLS LAST, "id" DESC NULLS LAST)
  INCLUDE ("status", "owner_id", "category_id", "priority", "pending_owner_id", "offered_at",
    "last_owner_activity_at", "owned_at", "next_follow_up_at", "follow_up_set_at", "open_handoff_due_at",
    "target_at", "updated_at", "reopen_count", "last_reopened_at", "location_id", "stalls_at")
  WHERE status in ('new', 'in_progress', 'waiting');
