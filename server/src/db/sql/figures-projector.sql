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
-- another runner holds the projection). The queue rows are deleted in the same transaction
-- as the figures they move, so each event counts exactly once; a request's figures are
-- re-derived from its row as it stands, so a later change still queued costs nothing wrong.
CREATE OR REPLACE FUNCTION figures_project(max_events integer DEFAULT 5000) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  evs bigint[];
  ids uuid[];
BEGIN
  IF NOT pg_try_advisory_xact_lock(7412004) THEN RETURN NULL; END IF;
  WITH claimed AS (
    DELETE FROM figure_queue q
    WHERE q.event_id IN (SELECT event_id FROM figure_queue ORDER BY event_id LIMIT max_events)
    RETURNING q.event_id, q.request_id
  )
  SELECT array_agg(c.event_id), array_agg(DISTINCT c.request_id) INTO evs, ids FROM claimed c;
  IF evs IS NULL THEN RETURN 0; END IF;
  PERFORM figures_refresh(ids);
  INSERT INTO figure_days AS d (day, kind, group_id, confirmed, closings, rated, rating_sum, handoffs_done, handoffs_on_time)
  SELECT c.day, 'none', NULL, sum(c.confirmed), sum(c.closings), sum(c.rated), sum(c.rating_sum),
    sum(c.handoffs_done), sum(c.handoffs_on_time)
  FROM events e CROSS JOIN LATERAL figure_event_counts(e) c
  WHERE e.id = ANY(evs) AND e.type IN ('confirmed', 'auto_confirmed', 'handoff_completed')
  GROUP BY c.day ORDER BY c.day
  ON CONFLICT (kind, group_id, day) DO UPDATE SET
    confirmed = d.confirmed + excluded.confirmed, closings = d.closings + excluded.closings,
    rated = d.rated + excluded.rated, rating_sum = d.rating_sum + excluded.rating_sum,
    handoffs_done = d.handoffs_done + excluded.handoffs_done,
    handoffs_on_time = d.handoffs_on_time + excluded.handoffs_on_time;
  RETURN cardinality(evs);
END $$;

-- The moment the figures are exact up to: every change committed before it is counted (a
-- queued row carries its transaction's start; an empty queue means everything is counted).
CREATE OR REPLACE FUNCTION figures_as_of() RETURNS timestamptz LANGUAGE sql STABLE AS $$
  SELECT coalesce((SELECT min(queued_at) FROM figure_queue), statement_timestamp())
$$;
