ALTER TABLE "requests" ADD COLUMN "stalls_at" timestamp with time zone;--> statement-breakpoint
-- Stalled rows are found by range and read index-only: the index carries what the rules read.
CREATE INDEX "requests_stalls_idx" ON "requests" USING btree ("stalls_at")
  INCLUDE ("id", "status", "owner_id", "category_id", "priority", "created_at", "pending_owner_id", "offered_at",
    "last_owner_activity_at", "owned_at", "next_follow_up_at", "follow_up_set_at", "open_handoff_due_at",
    "target_at", "updated_at", "reopen_count", "last_reopened_at", "location_id")
  WHERE stalls_at is not null;--> statement-breakpoint
-- The open items' covering index (0002) also carries the moment, so a stalled filter walking
-- the open rows in list order decides each row index-only.
DROP INDEX IF EXISTS "requests_open_created_idx";--> statement-breakpoint
CREATE INDEX "requests_open_created_idx" ON "requests" USING btree ("created_at" DESC, "id" DESC)
  INCLUDE ("status", "owner_id", "category_id", "priority", "pending_owner_id", "offered_at",
    "last_owner_activity_at", "owned_at", "next_follow_up_at", "follow_up_set_at", "open_handoff_due_at",
    "target_at", "updated_at", "reopen_count", "last_reopened_at", "location_id", "stalls_at")
  WHERE status in ('new', 'in_progress', 'waiting');--> statement-breakpoint
-- SPEC §6 defaults in minutes, for a category without its own row (server/src/domain/targets.ts
-- holds the same; tests/server/stalls-at.test.ts holds the two equal).
CREATE FUNCTION default_target_minutes(p priority, which text) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE which
    WHEN 'own' THEN CASE p WHEN 'urgent' THEN 60 WHEN 'high' THEN 240 WHEN 'normal' THEN 1440 ELSE 4320 END
    WHEN 'quiet' THEN CASE p WHEN 'urgent' THEN 240 WHEN 'high' THEN 1440 WHEN 'normal' THEN 4320 ELSE 10080 END
  END
$$;--> statement-breakpoint
-- The first moment one of SPEC §5's reasons holds for this row: the row's own facts, its
-- category's targets and whether its owner is active decide it, so it is fixed until one of
-- those changes; whether it has come is decided at read time (`stalls_at < now`). Reasons that
-- hold from the moment their fact is written give -infinity.
CREATE FUNCTION request_stalls_at(r requests) RETURNS timestamptz LANGUAGE plpgsql STABLE AS $$
DECLARE
  own interval;
  quiet interval;
BEGIN
  IF r.status NOT IN ('new', 'in_progress', 'waiting') THEN RETURN NULL; END IF;
  SELECT t.own_within_minutes * interval '1 minute', t.quiet_for_minutes * interval '1 minute'
    INTO own, quiet
    FROM category_targets t WHERE t.category_id = r.category_id AND t.priority = r.priority;
  own := coalesce(own, default_target_minutes(r.priority, 'own') * interval '1 minute');
  quiet := coalesce(quiet, default_target_minutes(r.priority, 'quiet') * interval '1 minute');
  RETURN least(
    CASE WHEN r.owner_id IS NULL THEN r.created_at + own END,
    CASE WHEN r.pending_owner_id IS NOT NULL THEN r.offered_at + own END,
    CASE WHEN r.owner_id IS NOT NULL THEN coalesce(r.last_owner_activity_at, r.owned_at, r.created_at) + quiet END,
    CASE WHEN r.next_follow_up_at IS NOT NULL
      AND (r.last_owner_activity_at IS NULL OR r.last_owner_activity_at <= r.follow_up_set_at)
      THEN r.next_follow_up_at END,
    r.open_handoff_due_at,
    r.target_at,
    CASE WHEN r.reopen_count >= 2 THEN '-infinity'::timestamptz END,
    CASE WHEN EXISTS (SELECT 1 FROM people p WHERE p.id = r.owner_id AND NOT p.active)
      THEN '-infinity'::timestamptz END);
END $$;--> statement-breakpoint
CREATE FUNCTION requests_set_stalls_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.stalls_at := request_stalls_at(NEW);
  RETURN NEW;
END $$;--> statement-breakpoint
UPDATE requests r SET stalls_at = request_stalls_at(r) WHERE r.status IN ('new', 'in_progress', 'waiting');--> statement-breakpoint
CREATE TRIGGER requests_stalls_at BEFORE INSERT OR UPDATE ON requests
  FOR EACH ROW EXECUTE FUNCTION requests_set_stalls_at();--> statement-breakpoint
-- A derived value, not a check: kept in bulk loads too (session_replication_role = replica).
ALTER TABLE requests ENABLE ALWAYS TRIGGER requests_stalls_at;--> statement-breakpoint
-- New targets move the moment of every open request of that category and priority; an owner's
-- deactivation (or return) that of every open request they own. Both are rare: writers of
-- requests wait for this one to commit (and it for them), so none computes its moment from
-- facts that are being replaced.
CREATE FUNCTION category_targets_stalls() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE requests IN SHARE ROW EXCLUSIVE MODE;
  IF TG_OP <> 'INSERT' THEN
    UPDATE requests r SET stalls_at = NULL
    WHERE r.category_id = OLD.category_id AND r.priority = OLD.priority
      AND r.status IN ('new', 'in_progress', 'waiting');
  END IF;
  IF TG_OP <> 'DELETE' THEN
    UPDATE requests r SET stalls_at = NULL
    WHERE r.category_id = NEW.category_id AND r.priority = NEW.priority
      AND r.status IN ('new', 'in_progress', 'waiting');
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER category_targets_stalls AFTER INSERT OR UPDATE OR DELETE ON category_targets
  FOR EACH ROW EXECUTE FUNCTION category_targets_stalls();
--> statement-breakpoint
CREATE FUNCTION people_stalls() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE requests IN SHARE ROW EXCLUSIVE MODE;
  UPDATE requests r SET stalls_at = NULL
  WHERE r.owner_id = NEW.id AND r.status IN ('new', 'in_progress', 'waiting');
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER people_stalls AFTER UPDATE OF active ON people
  FOR EACH ROW WHEN (OLD.active IS DISTINCT FROM NEW.active) EXECUTE FUNCTION people_stalls();
