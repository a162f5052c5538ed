-- Open requests are a few thousand rows scattered over a million: the figures' open snapshot,
-- the review queue and the stalled filter read every one of them. Carrying what the stalled
-- rules read in the index makes those reads index-only instead of a heap page per row.
DROP INDEX IF EXISTS "requests_open_created_idx";--> statement-breakpoint
CREATE INDEX "requests_open_created_idx" ON "requests" USING btree ("created_at" DESC, "id" DESC)
  INCLUDE ("status", "owner_id", "category_id", "priority", "pending_owner_id", "offered_at",
    "last_owner_activity_at", "owned_at", "next_follow_up_at", "follow_up_set_at", "open_handoff_due_at",
    "target_at", "updated_at", "reopen_count", "last_reopened_at", "location_id")
  WHERE status in ('new', 'in_progress', 'waiting');
