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

-- Works out again, at most `max_rows` at a time, the kept moments of the open requests of the
-- queued items that no longer agree with their facts; returns how many it moved (null: another
-- runner holds the job). An item stays queued until a pass finds nothing to move and it is
-- older than any writer's statement may run (statement_timeout): a writer whose statement
-- began before the admin's change committed may still write a moment from the facts before it.
CREATE OR REPLACE FUNCTION stalls_refresh(max_rows integer DEFAULT 500) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  q record;
  n integer;
  moved integer := 0;
BEGIN
  IF NOT pg_try_advisory_xact_lock(7412005) THEN RETURN NULL; END IF;
  FOR q IN
    SELECT s.category_id, s.owner_id, max(s.id) AS seen FROM stalls_queue s
    GROUP BY 1, 2 ORDER BY min(s.id)
  LOOP
    -- Setting the moment to null has requests_stalls_at() work it out from the facts now.
    -- One statement per kind of item, so each finds its rows by its own index.
    IF q.category_id IS NOT NULL THEN
      UPDATE requests r SET stalls_at = NULL
      WHERE r.id IN (
        SELECT o.id FROM requests o
        WHERE o.category_id = q.category_id AND o.status IN ('new', 'in_progress', 'waiting')
          AND o.stalls_at IS DISTINCT FROM request_stalls_at(o)
        ORDER BY o.id LIMIT max_rows - moved);
    ELSE
      UPDATE requests r SET stalls_at = NULL
      WHERE r.id IN (
        SELECT o.id FROM requests o
        WHERE o.owner_id = q.owner_id AND o.status IN ('new', 'in_progress', 'waiting')
          AND o.stalls_at IS DISTINCT FROM request_stalls_at(o)
        ORDER BY o.id LIMIT max_rows - moved);
    END IF;
    GET DIAGNOSTICS n = ROW_COUNT;
    moved := moved + n;
    IF n = 0 THEN
      DELETE FROM stalls_queue s
      WHERE s.category_id IS NOT DISTINCT FROM q.category_id
        AND s.owner_id IS NOT DISTINCT FROM q.owner_id AND s.id <= q.seen
        AND s.queued_at < statement_timestamp() - interval '30 seconds';
    END IF;
    EXIT WHEN moved >= max_rows;
  END LOOP;
  RETURN moved;
END $$;
