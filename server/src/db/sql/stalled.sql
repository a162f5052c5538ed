-- The kept stalled moment (requests.stalls_at): request_stalls_at() itself is written from
-- domain/stalled.ts (db/generated.ts); these keep it current.

-- A bulk load (the demo generator) sets followthrough.bulk_load and sets the moment of all its
-- open rows in one statement afterwards, instead of once per row here.
CREATE OR REPLACE FUNCTION requests_set_stalls_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('followthrough.bulk_load', true) = 'on' THEN RETURN NEW; END IF;
  NEW.stalls_at := request_stalls_at(NEW);
  RETURN NEW;
END $$;

CREATE OR REPLACE TRIGGER requests_stalls_at BEFORE INSERT OR UPDATE ON requests
  FOR EACH ROW EXECUTE FUNCTION requests_set_stalls_at();
-- A derived value, not a check: kept in bulk loads too (session_replication_role = replica).
ALTER TABLE requests ENABLE ALWAYS TRIGGER requests_stalls_at;

-- New targets move the moment of every open request of that category; an owner's deactivation
-- (or return) that of every open request they own. The admin's transaction only queues that
-- (stalls_queue): no writer of requests waits for it. stalls_refresh() then works the moments
-- out again in short batches, off any user's transaction.
CREATE OR REPLACE FUNCTION category_targets_stalls() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stalls_queue (category_id)
  SELECT c.id FROM categories c
  WHERE c.id IN (SELECT category_id FROM new_rows UNION SELECT category_id FROM old_rows);
  RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS category_targets_stalls ON category_targets;
CREATE TRIGGER category_targets_stalls AFTER UPDATE ON category_targets
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION category_targets_stalls();

CREATE OR REPLACE FUNCTION category_targets_stalls_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stalls_queue (category_id)
  SELECT DISTINCT n.category_id FROM new_rows n;
  RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS category_targets_stalls_insert ON category_targets;
CREATE TRIGGER category_targets_stalls_insert AFTER INSERT ON category_targets
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION category_targets_stalls_insert();

CREATE OR REPLACE FUNCTION category_targets_stalls_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A category removed with its targets has no requests left to move.
  INSERT INTO stalls_queue (category_id)
  SELECT c.id FROM categories c WHERE c.id IN (SELECT category_id FROM old_rows);
  RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS category_targets_stalls_delete ON category_targets;
CREATE TRIGGER category_targets_stalls_delete AFTER DELETE ON category_targets
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION category_targets_stalls_delete();

CREATE OR REPLACE FUNCTION people_stalls() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stalls_queue (owner_id) VALUES (NEW.id);
  RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER people_stalls AFTER UPDATE OF active ON people
  FOR EACH ROW WHEN (OLD.active IS DISTINCT FROM NEW.active) EXECUTE FUNCTION people_stalls();

-- One batch of the stalls job (modules/requests/stalls.ts): the open requests of one queued
-- item (a category, or an owner) after `after_id` in id order, at most `max_rows` of them, get
-- their kept moment worked out again where it no longer agrees with their facts; with
-- `written_since`, only those written since then. Returns the last id looked at (null: none
-- left) and how many moved, or no row when another runner holds the job. Each batch is its
-- own short statement, so a writer of one of these requests waits at most for one batch.
DROP FUNCTION IF EXISTS stalls_refresh(integer);
CREATE OR REPLACE FUNCTION stalls_refresh_batch(
  k_category uuid, k_owner uuid, after_id uuid, written_since timestamptz, max_rows integer
) RETURNS TABLE (last_id uuid, moved integer)
LANGUAGE plpgsql AS $$
DECLARE
  ids uuid[];
  n integer;
BEGIN
  IF NOT pg_try_advisory_xact_lock(7412005) THEN RETURN; END IF;
  -- One statement per kind of item, so each finds its rows by its own index.
  IF k_category IS NOT NULL THEN
    ids := ARRAY(SELECT o.id FROM requests o
      WHERE o.category_id = k_category AND o.status IN ('new', 'in_progress', 'waiting')
        AND (after_id IS NULL OR o.id > after_id)
        AND (written_since IS NULL OR o.updated_at >= written_since)
      ORDER BY o.id LIMIT max_rows);
  ELSE
    ids := ARRAY(SELECT o.id FROM requests o
      WHERE o.owner_id = k_owner AND o.status IN ('new', 'in_progress', 'waiting')
        AND (after_id IS NULL OR o.id > after_id)
        AND (written_since IS NULL OR o.updated_at >= written_since)
      ORDER BY o.id LIMIT max_rows);
  END IF;
  -- Setting the moment to null has requests_stalls_at() work it out from the facts now.
  UPDATE requests r SET stalls_at = NULL
  WHERE r.id = ANY(ids) AND r.status IN ('new', 'in_progress', 'waiting')
    AND r.stalls_at IS DISTINCT FROM request_stalls_at(r);
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN QUERY SELECT ids[cardinality(ids)], n;
END $$;

-- After a pass over a queued item's requests: its items queued up to `seen` are marked swept,
-- and dropped once older than any writer's statement may run (statement_timeout), since a
-- writer whose statement began before the admin's change committed may still have written a
-- moment from the facts before it; until then, each pass looks only at requests written since.
CREATE OR REPLACE FUNCTION stalls_swept(k_category uuid, k_owner uuid, seen bigint)
RETURNS void LANGUAGE sql AS $$
  DELETE FROM stalls_queue s
  WHERE s.category_id IS NOT DISTINCT FROM k_category AND s.owner_id IS NOT DISTINCT FROM k_owner
    AND s.id <= seen AND s.queued_at < statement_timestamp() - interval '30 seconds';
  UPDATE stalls_queue s SET swept_at = statement_timestamp()
  WHERE s.category_id IS NOT DISTINCT FROM k_category AND s.owner_id IS NOT DISTINCT FROM k_owner
    AND s.id <= seen AND s.swept_at IS NULL;
$$;
