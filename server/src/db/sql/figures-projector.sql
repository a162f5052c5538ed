-- The figures are projected from the record after the fact, never in the writer's
-- transaction: a change only queues its events (figure_queue), and the projector brings the
-- figure tables up to date, one runner at a time across processes.

-- Writers once kept the figures themselves, under one organisation-wide lock.
DROP TRIGGER IF EXISTS figures_requests_insert ON requests;
DROP TRIGGER IF EXISTS figures_requests_update ON requests;
DROP TRIGGER IF EXISTS figures_events_insert ON events;
DROP FUNCTION IF EXISTS figures_on_request_insert();
DROP FUNCTION IF EXISTS figures_on_request_update();
DROP FUNCTION IF EXISTS figures_on_event_insert();
DROP FUNCTION IF EXISTS figures_lock();

-- Every event is queued with it: one index entry, no lock beyond the new row.
CREATE OR REPLACE FUNCTION figures_queue_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF figures_deferred() THEN RETURN NULL; END IF;
  INSERT INTO figure_queue (event_id, request_id) SELECT n.id, n.request_id FROM new_rows n;
  RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER figures_queue_events AFTER INSERT ON events
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION figures_queue_events();

-- Counts up to `max_events` queued events, oldest first, and returns how many (null when
-- another runner holds the projection). The queue rows are deleted in the same transaction as
-- the figures they move; each of their requests' figures is re-derived from its row and events
-- as they stand, so counting a request again (a later change still queued, or a rebuild that
-- ran meanwhile) replaces its share and never adds it twice.
CREATE OR REPLACE FUNCTION figures_project(max_events integer DEFAULT 5000) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  n integer;
  ids uuid[];
BEGIN
  IF NOT pg_try_advisory_xact_lock(7412004) THEN RETURN NULL; END IF;
  WITH claimed AS (
    DELETE FROM figure_queue q
    WHERE q.event_id IN (SELECT event_id FROM figure_queue ORDER BY event_id LIMIT max_events)
    RETURNING q.request_id
  )
  SELECT count(*), array_agg(DISTINCT c.request_id) INTO n, ids FROM claimed c;
  IF n > 0 THEN PERFORM figures_refresh(ids); END IF;
  -- Also with nothing queued: a category that moved team changes the kept team sets.
  PERFORM figures_team_sets_sync();
  RETURN n;
END $$;

-- The moment the figures are exact up to: every change committed before it is counted (a
-- queued row carries its transaction's start; an empty queue means everything is counted).
CREATE OR REPLACE FUNCTION figures_as_of() RETURNS timestamptz LANGUAGE sql STABLE AS $$
  SELECT coalesce((SELECT min(queued_at) FROM figure_queue), statement_timestamp())
$$;
