CREATE TABLE "figure_days" (
	"day" date NOT NULL,
	"kind" text NOT NULL,
	"group_id" uuid,
	"resolved" integer DEFAULT 0 NOT NULL,
	"on_target" integer DEFAULT 0 NOT NULL,
	"closed" integer DEFAULT 0 NOT NULL,
	"reopened" integer DEFAULT 0 NOT NULL,
	"differentiated" integer DEFAULT 0 NOT NULL,
	"competitive" integer DEFAULT 0 NOT NULL,
	"commoditized" integer DEFAULT 0 NOT NULL,
	"confirmed" integer DEFAULT 0 NOT NULL,
	"closings" integer DEFAULT 0 NOT NULL,
	"rated" integer DEFAULT 0 NOT NULL,
	"rating_sum" integer DEFAULT 0 NOT NULL,
	"handoffs_done" integer DEFAULT 0 NOT NULL,
	"handoffs_on_time" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "figure_days_key" UNIQUE NULLS NOT DISTINCT("kind","group_id","day")
);
--> statement-breakpoint
CREATE TABLE "figure_durations" (
	"request_id" uuid NOT NULL,
	"measure" text NOT NULL,
	"ended_at" timestamp with time zone NOT NULL,
	"hours" double precision NOT NULL,
	"category_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"owner_id" uuid,
	"location_id" uuid,
	CONSTRAINT "figure_durations_request_id_measure_pk" PRIMARY KEY("request_id","measure")
);
--> statement-breakpoint
CREATE TABLE "figure_requests" (
	"request_id" uuid PRIMARY KEY NOT NULL,
	"team_id" uuid NOT NULL,
	"owner_id" uuid,
	"done" boolean NOT NULL,
	"resolved_at" timestamp with time zone,
	"on_target" boolean,
	"closed_at" timestamp with time zone NOT NULL,
	"reopened" boolean NOT NULL,
	"level" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "figure_weeks" (
	"measure" text NOT NULL,
	"kind" text NOT NULL,
	"group_id" uuid,
	"week" date NOT NULL,
	"n" integer DEFAULT 0 NOT NULL,
	"median" double precision,
	"p90" double precision,
	CONSTRAINT "figure_weeks_key" UNIQUE NULLS NOT DISTINCT("measure","kind","group_id","week")
);
--> statement-breakpoint
ALTER TABLE "figure_durations" ADD CONSTRAINT "figure_durations_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "figure_requests" ADD CONSTRAINT "figure_requests_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "figure_durations_category_idx" ON "figure_durations" USING btree ("category_id","measure","ended_at");--> statement-breakpoint
CREATE INDEX "figure_durations_team_idx" ON "figure_durations" USING btree ("team_id","measure","ended_at");--> statement-breakpoint
CREATE INDEX "figure_durations_owner_idx" ON "figure_durations" USING btree ("owner_id","measure","ended_at");--> statement-breakpoint
CREATE INDEX "figure_durations_location_idx" ON "figure_durations" USING btree ("location_id","measure","ended_at");--> statement-breakpoint
-- Partial weeks at a range's edges are read from here alone (index-only), whatever the grouping.
CREATE INDEX "figure_durations_ended_idx" ON "figure_durations" USING btree ("measure","ended_at") INCLUDE ("hours","category_id","team_id","owner_id","location_id");--> statement-breakpoint
-- What each request contributes to the time figures, as it stands now.
CREATE VIEW "figure_duration_facts" AS
SELECT r.id AS request_id, m.measure, m.ended_at,
  (extract(epoch FROM m.ended_at - r.created_at) / 3600.0)::double precision AS hours,
  r.category_id, c.team_id, r.owner_id, r.location_id
FROM requests r
JOIN categories c ON c.id = r.category_id
CROSS JOIN LATERAL (VALUES
  ('own', r.owned_at),
  ('resolve', CASE WHEN r.status = 'closed' AND r.close_reason IN ('confirmed', 'auto_confirmed') THEN r.resolved_at END),
  ('outcome', CASE WHEN r.status = 'closed' AND r.close_reason IN ('confirmed', 'auto_confirmed') THEN r.closed_at END)
) AS m(measure, ended_at)
WHERE m.ended_at IS NOT NULL;--> statement-breakpoint
-- What each closed request contributes to the rates and service levels (SPEC §7, docs/figures.md).
CREATE VIEW "figure_request_facts" AS
SELECT r.id AS request_id, c.team_id, r.owner_id,
  r.close_reason IN ('confirmed', 'auto_confirmed') AS done,
  CASE WHEN r.close_reason IN ('confirmed', 'auto_confirmed') THEN r.resolved_at END AS resolved_at,
  CASE WHEN r.close_reason IN ('confirmed', 'auto_confirmed') THEN r.resolved_at <= r.target_at END AS on_target,
  r.closed_at,
  r.reopen_count > 0 AS reopened,
  CASE
    WHEN r.close_reason = 'cancelled' OR r.reopen_count >= 2
      OR EXISTS (SELECT 1 FROM handoffs h WHERE h.request_id = r.id
        AND coalesce(h.completed_at, r.closed_at) > h.expected_by)
      OR EXISTS (
        SELECT 1 FROM events f
        CROSS JOIN LATERAL (SELECT coalesce(f.data->>'at', f.data->>'nextFollowUpAt')::timestamptz AS due) d
        WHERE f.request_id = r.id
          AND f.type IN ('follow_up_set', 'status_changed', 'nudged')
          AND d.due IS NOT NULL AND d.due < r.closed_at
          AND NOT EXISTS (
            SELECT 1 FROM events o WHERE o.request_id = r.id AND o.actor_id = r.owner_id
              AND o.at > f.at AND o.at <= d.due))
      THEN 'commoditized'
    WHEN r.resolved_at > r.target_at OR r.close_reason = 'auto_confirmed' OR r.reopen_count = 1
      THEN 'competitive'
    ELSE 'differentiated'
  END AS level
FROM requests r
JOIN categories c ON c.id = r.category_id
WHERE r.status = 'closed' AND r.closed_at IS NOT NULL;--> statement-breakpoint
-- A closed request's counts, by UTC day and grouping; sign -1 takes them back.
CREATE FUNCTION figure_request_days(f figure_requests, sign int)
RETURNS TABLE (day date, kind text, group_id uuid, resolved int, on_target int, closed int, reopened int,
  differentiated int, competitive int, commoditized int)
LANGUAGE sql IMMUTABLE AS $$
  SELECT v.day, v.kind, v.group_id, sign * v.resolved, sign * v.on_target, sign * v.closed, sign * v.reopened,
    sign * v.differentiated, sign * v.competitive, sign * v.commoditized
  FROM (VALUES
    ((f.resolved_at AT TIME ZONE 'UTC')::date, 'none', NULL::uuid,
      (f.done AND f.resolved_at IS NOT NULL)::int, (f.done AND coalesce(f.on_target, false))::int, 0, 0, 0, 0, 0),
    ((f.closed_at AT TIME ZONE 'UTC')::date, 'none', NULL::uuid, 0, 0, f.done::int, (f.done AND f.reopened)::int,
      (f.level = 'differentiated')::int, (f.level = 'competitive')::int, (f.level = 'commoditized')::int),
    ((f.closed_at AT TIME ZONE 'UTC')::date, 'team', f.team_id, 0, 0, 0, 0,
      (f.level = 'differentiated')::int, (f.level = 'competitive')::int, (f.level = 'commoditized')::int),
    ((f.closed_at AT TIME ZONE 'UTC')::date, 'owner', f.owner_id, 0, 0, 0, 0,
      (f.level = 'differentiated')::int, (f.level = 'competitive')::int, (f.level = 'commoditized')::int)
  ) AS v(day, kind, group_id, resolved, on_target, closed, reopened, differentiated, competitive, commoditized)
  WHERE v.day IS NOT NULL AND (v.kind <> 'none' OR v.resolved + v.closed + v.differentiated + v.competitive + v.commoditized > 0)
$$;--> statement-breakpoint
-- An event's counts for the rates (confirmations, ratings, handoffs done and on time), by UTC day.
CREATE FUNCTION figure_event_counts(e events)
RETURNS TABLE (day date, confirmed int, closings int, rated int, rating_sum int, handoffs_done int, handoffs_on_time int)
LANGUAGE sql STABLE AS $$
  SELECT (e.at AT TIME ZONE 'UTC')::date,
    (e.type = 'confirmed')::int,
    (e.type IN ('confirmed', 'auto_confirmed'))::int,
    (e.type = 'confirmed' AND e.data ? 'rating')::int,
    CASE WHEN e.type = 'confirmed' AND e.data ? 'rating' THEN (e.data->>'rating')::int ELSE 0 END,
    (e.type = 'handoff_completed')::int,
    CASE WHEN e.type = 'handoff_completed' AND e.at <= (
      SELECT (c.data->>'expectedBy')::timestamptz FROM events c
      WHERE c.request_id = e.request_id AND c.type = 'handoff_created'
        AND c.data->>'handoffId' = e.data->>'handoffId'
      LIMIT 1) THEN 1 ELSE 0 END
  WHERE e.type IN ('confirmed', 'auto_confirmed', 'handoff_completed')
$$;--> statement-breakpoint
-- One writer of the pre-aggregated figures at a time, until its transaction ends: recounts are
-- exact and two writers never wait on each other's rows in a cycle. Only changes that move a
-- figure take it (ownership, resolve, close, reopen, edits of category/location/target).
CREATE FUNCTION figures_lock() RETURNS void LANGUAGE sql AS $$
  SELECT pg_advisory_xact_lock(7412004)
$$;--> statement-breakpoint
-- Bulk loads (the seed) set followthrough.figures = 'deferred' and rebuild once at the end.
CREATE FUNCTION figures_deferred() RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT coalesce(current_setting('followthrough.figures', true), '') = 'deferred'
$$;--> statement-breakpoint
-- Recount one week of one group from the durations. Writers take figures_lock() first, so the
-- count (a later statement, a new snapshot at READ COMMITTED) sees every earlier writer's rows.
CREATE FUNCTION figures_recompute_week(k_measure text, k_kind text, k_group uuid, k_week date)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  s timestamptz := k_week::timestamp AT TIME ZONE 'UTC';
  e timestamptz := (k_week + 7)::timestamp AT TIME ZONE 'UTC';
  cnt int;
  med double precision;
  p double precision;
BEGIN
  INSERT INTO figure_weeks AS w (measure, kind, group_id, week, n) VALUES (k_measure, k_kind, k_group, k_week, 0)
  ON CONFLICT (measure, kind, group_id, week) DO UPDATE SET n = w.n;
  -- One statement per grouping column, so each count uses that column's index.
  EXECUTE format(
    'SELECT count(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY hours), '
    'percentile_cont(0.9) WITHIN GROUP (ORDER BY hours) FROM figure_durations '
    'WHERE measure = $1 AND ended_at >= $2 AND ended_at < $3 AND %s',
    CASE WHEN k_kind = 'none' THEN 'true'
      WHEN k_group IS NULL THEN format('%I IS NULL', k_kind || '_id')
      ELSE format('%I = $4', k_kind || '_id') END)
  INTO cnt, med, p USING k_measure, s, e, k_group;
  IF cnt = 0 THEN
    DELETE FROM figure_weeks WHERE measure = k_measure AND kind = k_kind AND week = k_week
      AND (group_id = k_group OR (k_group IS NULL AND group_id IS NULL));
  ELSE
    UPDATE figure_weeks SET n = cnt, median = med, p90 = p
    WHERE measure = k_measure AND kind = k_kind AND week = k_week
      AND (group_id = k_group OR (k_group IS NULL AND group_id IS NULL));
  END IF;
END $$;--> statement-breakpoint
-- Bring the figures of these requests up to date with their rows: only what changed is touched.
CREATE FUNCTION figures_refresh(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  gone figure_durations[];
  came figure_durations[];
  rgone figure_requests[];
  rcame figure_requests[];
  k record;
BEGIN
  SELECT
    ARRAY(SELECT x::figure_durations FROM (
      SELECT * FROM figure_durations WHERE request_id = ANY(ids)
      EXCEPT SELECT * FROM figure_duration_facts WHERE request_id = ANY(ids)) x),
    ARRAY(SELECT x::figure_durations FROM (
      SELECT * FROM figure_duration_facts WHERE request_id = ANY(ids)
      EXCEPT SELECT * FROM figure_durations WHERE request_id = ANY(ids)) x)
  INTO gone, came;
  IF cardinality(gone) + cardinality(came) > 0 THEN
    DELETE FROM figure_durations d USING unnest(gone) g
      WHERE d.request_id = g.request_id AND d.measure = g.measure;
    INSERT INTO figure_durations SELECT * FROM unnest(came);
    -- One order for every writer, so two never wait on each other's weeks in a cycle.
    FOR k IN
      SELECT DISTINCT x.measure, v.kind, v.group_id, date_trunc('week', x.ended_at AT TIME ZONE 'UTC')::date AS week
      FROM (SELECT * FROM unnest(gone) UNION ALL SELECT * FROM unnest(came)) x
      CROSS JOIN LATERAL (VALUES ('none', NULL::uuid), ('category', x.category_id), ('team', x.team_id),
        ('owner', x.owner_id), ('location', x.location_id)) AS v(kind, group_id)
      ORDER BY 1, 2, 3, 4
    LOOP
      PERFORM figures_recompute_week(k.measure, k.kind, k.group_id, k.week);
    END LOOP;
  END IF;

  SELECT
    ARRAY(SELECT x::figure_requests FROM (
      SELECT * FROM figure_requests WHERE request_id = ANY(ids)
      EXCEPT SELECT * FROM figure_request_facts WHERE request_id = ANY(ids)) x),
    ARRAY(SELECT x::figure_requests FROM (
      SELECT * FROM figure_request_facts WHERE request_id = ANY(ids)
      EXCEPT SELECT * FROM figure_requests WHERE request_id = ANY(ids)) x)
  INTO rgone, rcame;
  IF cardinality(rgone) + cardinality(rcame) > 0 THEN
    DELETE FROM figure_requests f USING unnest(rgone) g WHERE f.request_id = g.request_id;
    INSERT INTO figure_requests SELECT * FROM unnest(rcame);
    INSERT INTO figure_days AS d (day, kind, group_id, resolved, on_target, closed, reopened,
      differentiated, competitive, commoditized)
    SELECT c.day, c.kind, c.group_id, sum(c.resolved), sum(c.on_target), sum(c.closed), sum(c.reopened),
      sum(c.differentiated), sum(c.competitive), sum(c.commoditized)
    FROM (SELECT g AS f, -1 AS sign FROM unnest(rgone) g UNION ALL SELECT g, 1 FROM unnest(rcame) g) x
    CROSS JOIN LATERAL figure_request_days(x.f, x.sign) c
    GROUP BY c.kind, c.group_id, c.day
    ORDER BY c.kind, c.group_id, c.day
    ON CONFLICT (kind, group_id, day) DO UPDATE SET
      resolved = d.resolved + excluded.resolved, on_target = d.on_target + excluded.on_target,
      closed = d.closed + excluded.closed, reopened = d.reopened + excluded.reopened,
      differentiated = d.differentiated + excluded.differentiated,
      competitive = d.competitive + excluded.competitive,
      commoditized = d.commoditized + excluded.commoditized;
    -- A withdrawn closing (a reopen) can leave a day with nothing to count: as if never written.
    DELETE FROM figure_days d
    USING (SELECT DISTINCT c.day, c.kind, c.group_id
      FROM (SELECT g AS f FROM unnest(rgone) g) x CROSS JOIN LATERAL figure_request_days(x.f, -1) c) t
    WHERE d.day = t.day AND d.kind = t.kind AND d.group_id IS NOT DISTINCT FROM t.group_id
      AND (d.resolved, d.on_target, d.closed, d.reopened, d.differentiated, d.competitive, d.commoditized,
        d.confirmed, d.closings, d.rated, d.rating_sum, d.handoffs_done, d.handoffs_on_time)
        = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  END IF;
END $$;--> statement-breakpoint
CREATE FUNCTION figures_on_request_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE ids uuid[];
BEGIN
  IF figures_deferred() THEN RETURN NULL; END IF;
  SELECT array_agg(n.id) INTO ids FROM new_rows n;
  IF ids IS NOT NULL THEN
    PERFORM figures_lock();
    PERFORM figures_refresh(ids);
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE FUNCTION figures_on_request_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE ids uuid[];
BEGIN
  IF figures_deferred() THEN RETURN NULL; END IF;
  -- Comments and the like change none of these: they cost one comparison.
  SELECT array_agg(n.id) INTO ids FROM new_rows n JOIN old_rows o ON o.id = n.id
  WHERE (n.status, n.close_reason, n.owned_at, n.resolved_at, n.closed_at, n.created_at, n.target_at,
      n.reopen_count, n.owner_id, n.category_id, n.location_id)
    IS DISTINCT FROM (o.status, o.close_reason, o.owned_at, o.resolved_at, o.closed_at, o.created_at, o.target_at,
      o.reopen_count, o.owner_id, o.category_id, o.location_id);
  IF ids IS NOT NULL THEN
    PERFORM figures_lock();
    PERFORM figures_refresh(ids);
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE FUNCTION figures_on_event_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF figures_deferred()
    OR NOT EXISTS (SELECT 1 FROM new_rows WHERE type IN ('confirmed', 'auto_confirmed', 'handoff_completed'))
  THEN RETURN NULL; END IF;
  PERFORM figures_lock();
  INSERT INTO figure_days AS d (day, kind, group_id, confirmed, closings, rated, rating_sum, handoffs_done, handoffs_on_time)
  SELECT c.day, 'none', NULL, sum(c.confirmed), sum(c.closings), sum(c.rated), sum(c.rating_sum),
    sum(c.handoffs_done), sum(c.handoffs_on_time)
  FROM new_rows e CROSS JOIN LATERAL figure_event_counts(e) c
  GROUP BY c.day ORDER BY c.day
  ON CONFLICT (kind, group_id, day) DO UPDATE SET
    confirmed = d.confirmed + excluded.confirmed, closings = d.closings + excluded.closings,
    rated = d.rated + excluded.rated, rating_sum = d.rating_sum + excluded.rating_sum,
    handoffs_done = d.handoffs_done + excluded.handoffs_done,
    handoffs_on_time = d.handoffs_on_time + excluded.handoffs_on_time;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER figures_requests_insert AFTER INSERT ON requests
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION figures_on_request_insert();--> statement-breakpoint
CREATE TRIGGER figures_requests_update AFTER UPDATE ON requests
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION figures_on_request_update();--> statement-breakpoint
CREATE TRIGGER figures_events_insert AFTER INSERT ON events
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION figures_on_event_insert();--> statement-breakpoint
-- Everything again from the record: after a bulk load, or if a category moves to another team.
CREATE FUNCTION figures_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE figure_durations, figure_weeks, figure_requests, figure_days;
  INSERT INTO figure_durations SELECT * FROM figure_duration_facts;
  INSERT INTO figure_weeks (measure, kind, group_id, week, n, median, p90)
  SELECT d.measure, v.kind, v.group_id, date_trunc('week', d.ended_at AT TIME ZONE 'UTC')::date,
    count(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY d.hours), percentile_cont(0.9) WITHIN GROUP (ORDER BY d.hours)
  FROM figure_durations d
  CROSS JOIN LATERAL (VALUES ('none', NULL::uuid), ('category', d.category_id), ('team', d.team_id),
    ('owner', d.owner_id), ('location', d.location_id)) AS v(kind, group_id)
  GROUP BY 1, 2, 3, 4;
  INSERT INTO figure_requests SELECT * FROM figure_request_facts;
  INSERT INTO figure_days (day, kind, group_id, resolved, on_target, closed, reopened,
    differentiated, competitive, commoditized)
  SELECT c.day, c.kind, c.group_id, sum(c.resolved), sum(c.on_target), sum(c.closed), sum(c.reopened),
    sum(c.differentiated), sum(c.competitive), sum(c.commoditized)
  FROM figure_requests f CROSS JOIN LATERAL figure_request_days(f, 1) c
  GROUP BY 1, 2, 3;
  INSERT INTO figure_days AS d (day, kind, group_id, confirmed, closings, rated, rating_sum, handoffs_done, handoffs_on_time)
  SELECT c.day, 'none', NULL, sum(c.confirmed), sum(c.closings), sum(c.rated), sum(c.rating_sum),
    sum(c.handoffs_done), sum(c.handoffs_on_time)
  FROM events e CROSS JOIN LATERAL figure_event_counts(e) c
  WHERE e.type IN ('confirmed', 'auto_confirmed', 'handoff_completed')
  GROUP BY c.day
  ON CONFLICT (kind, group_id, day) DO UPDATE SET
    confirmed = excluded.confirmed, closings = excluded.closings, rated = excluded.rated,
    rating_sum = excluded.rating_sum, handoffs_done = excluded.handoffs_done,
    handoffs_on_time = excluded.handoffs_on_time;
  -- Fresh statistics, or the planner takes millions of rows for a few hundred.
  ANALYZE figure_durations, figure_weeks, figure_requests, figure_days;
END $$;--> statement-breakpoint
SELECT figures_rebuild();
