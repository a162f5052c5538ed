CREATE TABLE "figure_week_buckets" (
	"measure" text NOT NULL,
	"kind" text NOT NULL,
	"group_id" uuid,
	"week" date NOT NULL,
	"coarse" smallint NOT NULL,
	"hist" integer[] NOT NULL,
	"cum" integer[],
	CONSTRAINT "figure_week_buckets_key" UNIQUE NULLS NOT DISTINCT("measure","kind","group_id","coarse","week")
);
--> statement-breakpoint
ALTER TABLE "figure_weeks" ADD COLUMN "hist" integer[];--> statement-breakpoint
ALTER TABLE "figure_weeks" ADD COLUMN "cum" integer[];--> statement-breakpoint
-- The weekly figures read a grouping's weeks index-only, without the wide bucket counts.
CREATE INDEX "figure_weeks_kind_week_idx" ON "figure_weeks" USING btree ("kind", "week")
  INCLUDE ("measure", "group_id", "n", "median", "p90");--> statement-breakpoint
-- A duration's fine bucket on a log scale, 768 to the doubling from one minute (each under
-- 0.1 % wide): 1 holds under a minute, 16384 everything from about four years. Every 64 fine
-- buckets make a coarse one. A period's percentiles add the weeks' coarse counts, then the
-- fine counts of the one coarse bucket that holds each rank, then read one fine bucket's rows.
CREATE FUNCTION figure_bucket(hours double precision) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN hours * 60 < 1 THEN 1
    ELSE least(16384, 2 + floor(768 * ln(hours * 60) / ln(2::double precision)))::integer END
$$;--> statement-breakpoint
-- Counts per bucket (1..size) of buckets that come with their counts.
CREATE FUNCTION figure_counts(buckets integer[], counts integer[], size integer) RETURNS integer[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT array_agg(coalesce(c.n, 0) ORDER BY g.b)
  FROM generate_series(1, size) g(b)
  LEFT JOIN (SELECT u.b, sum(u.n)::int AS n FROM unnest(buckets, counts) u(b, n) GROUP BY u.b) c ON c.b = g.b
$$;--> statement-breakpoint
-- Counts per coarse bucket (1..256) of a list of fine buckets.
CREATE FUNCTION figure_histogram(buckets integer[]) RETURNS integer[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT figure_counts(array(SELECT (f - 1) / 64 + 1 FROM unnest(buckets) f),
    array(SELECT 1 FROM unnest(buckets)), 256)
$$;--> statement-breakpoint
-- Counts per fine bucket within their coarse one (1..64) of a list of fine buckets.
CREATE FUNCTION figure_sub_histogram(buckets integer[]) RETURNS integer[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT figure_counts(array(SELECT (f - 1) % 64 + 1 FROM unnest(buckets) f),
    array(SELECT 1 FROM unnest(buckets)), 64)
$$;--> statement-breakpoint
-- Element-wise sum of two count arrays of one length (a null one counts as zeros).
CREATE FUNCTION figure_array_add(a integer[], b integer[]) RETURNS integer[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN a IS NULL THEN b WHEN b IS NULL THEN a
    ELSE (SELECT array_agg(x + y ORDER BY i) FROM unnest(a, b) WITH ORDINALITY u(x, y, i)) END
$$;--> statement-breakpoint
-- a minus b, element-wise (a null b counts as zeros): a running sum now less one before.
CREATE FUNCTION figure_array_sub(a integer[], b integer[]) RETURNS integer[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN b IS NULL THEN a
    ELSE (SELECT array_agg(x - y ORDER BY i) FROM unnest(a, b) WITH ORDINALITY u(x, y, i)) END
$$;--> statement-breakpoint
-- Running sums along an array: element i is the sum of elements 1..i. A rank's bucket in such
-- an array is found by binary search: width_bucket(rank, prefix) + 1.
CREATE FUNCTION figure_prefix(a integer[]) RETURNS integer[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT array_agg(s::int ORDER BY i)
  FROM (SELECT u.i, sum(u.x) OVER (ORDER BY u.i) AS s FROM unnest(a) WITH ORDINALITY u(x, i)) t
$$;--> statement-breakpoint
-- Running sums of count arrays, as a window: cum over a group's weeks in order.
CREATE AGGREGATE figure_array_sum(integer[]) (SFUNC = figure_array_add, STYPE = integer[]);--> statement-breakpoint
-- Bring the running sums of one group's weeks from `from_week` on up to date with their counts
-- (after those weeks were recounted): coarse sums in figure_weeks, fine ones per coarse bucket.
-- `cum` sums over the weeks so far and then along the buckets (figure_prefix), so the
-- difference of two weeks' `cum` is already the running count a rank is searched in.
CREATE FUNCTION figures_recompute_cum(k_measure text, k_kind text, k_group uuid, from_week date)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  -- Spelled per case (IS NULL or = $3) so every lookup is an index range on the group.
  g text := CASE WHEN k_group IS NULL THEN '%1$s.group_id IS NULL' ELSE '%1$s.group_id = $3' END;
BEGIN
  EXECUTE format(
    'UPDATE figure_weeks w SET cum = x.cum FROM ('
    '  SELECT r.week, figure_array_add('
    '      (SELECT p.cum FROM figure_weeks p WHERE p.measure = $1 AND p.kind = $2 AND %s AND p.week < $4'
    '       ORDER BY p.week DESC LIMIT 1),'
    '      figure_prefix(figure_array_sum(r.hist) OVER (ORDER BY r.week))) AS cum'
    '  FROM figure_weeks r WHERE r.measure = $1 AND r.kind = $2 AND %s AND r.week >= $4) x '
    'WHERE w.measure = $1 AND w.kind = $2 AND %s AND w.week = x.week',
    format(g, 'p'), format(g, 'r'), format(g, 'w'))
  USING k_measure, k_kind, k_group, from_week;
  EXECUTE format(
    'UPDATE figure_week_buckets w SET cum = x.cum FROM ('
    '  SELECT r.coarse, r.week, figure_array_add('
    '      (SELECT p.cum FROM figure_week_buckets p WHERE p.measure = $1 AND p.kind = $2 AND %s'
    '         AND p.coarse = r.coarse AND p.week < $4 ORDER BY p.week DESC LIMIT 1),'
    '      figure_prefix(figure_array_sum(r.hist) OVER (PARTITION BY r.coarse ORDER BY r.week))) AS cum'
    '  FROM figure_week_buckets r WHERE r.measure = $1 AND r.kind = $2 AND %s AND r.week >= $4) x '
    'WHERE w.measure = $1 AND w.kind = $2 AND %s AND w.coarse = x.coarse AND w.week = x.week',
    format(g, 'p'), format(g, 'r'), format(g, 'w'))
  USING k_measure, k_kind, k_group, from_week;
END $$;--> statement-breakpoint
-- Every running sum from the counts (after a rebuild or a backfill).
CREATE FUNCTION figures_fill_cum() RETURNS void LANGUAGE sql AS $$
  UPDATE figure_weeks w SET cum = x.cum
  FROM (SELECT measure, kind, group_id, week,
      figure_prefix(figure_array_sum(hist) OVER (PARTITION BY measure, kind, group_id ORDER BY week)) AS cum
    FROM figure_weeks) x
  WHERE w.measure = x.measure AND w.kind = x.kind AND w.week = x.week
    AND coalesce(w.group_id, '00000000-0000-0000-0000-000000000000') = coalesce(x.group_id, '00000000-0000-0000-0000-000000000000');
  UPDATE figure_week_buckets w SET cum = x.cum
  FROM (SELECT measure, kind, group_id, coarse, week,
      figure_prefix(figure_array_sum(hist) OVER (PARTITION BY measure, kind, group_id, coarse ORDER BY week)) AS cum
    FROM figure_week_buckets) x
  WHERE w.measure = x.measure AND w.kind = x.kind AND w.coarse = x.coarse AND w.week = x.week
    AND coalesce(w.group_id, '00000000-0000-0000-0000-000000000000') = coalesce(x.group_id, '00000000-0000-0000-0000-000000000000');
$$;--> statement-breakpoint
-- A rank's row within one fine bucket of a period: one short index range, sorted by hours.
CREATE INDEX "figure_durations_bucket_idx" ON "figure_durations" USING btree
  ("measure", figure_bucket("hours"), "ended_at") INCLUDE ("hours");--> statement-breakpoint
CREATE INDEX "figure_durations_category_bucket_idx" ON "figure_durations" USING btree
  ("category_id", "measure", figure_bucket("hours"), "ended_at") INCLUDE ("hours");--> statement-breakpoint
CREATE INDEX "figure_durations_team_bucket_idx" ON "figure_durations" USING btree
  ("team_id", "measure", figure_bucket("hours"), "ended_at") INCLUDE ("hours");--> statement-breakpoint
CREATE INDEX "figure_durations_owner_bucket_idx" ON "figure_durations" USING btree
  ("owner_id", "measure", figure_bucket("hours"), "ended_at") INCLUDE ("hours");--> statement-breakpoint
CREATE INDEX "figure_durations_location_bucket_idx" ON "figure_durations" USING btree
  ("location_id", "measure", figure_bucket("hours"), "ended_at") INCLUDE ("hours");--> statement-breakpoint
CREATE OR REPLACE FUNCTION figures_recompute_week(k_measure text, k_kind text, k_group uuid, k_week date)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  s timestamptz := k_week::timestamp AT TIME ZONE 'UTC';
  e timestamptz := (k_week + 7)::timestamp AT TIME ZONE 'UTC';
  cond text := CASE WHEN k_kind = 'none' THEN 'true'
    WHEN k_group IS NULL THEN format('%I IS NULL', k_kind || '_id')
    ELSE format('%I = $4', k_kind || '_id') END;
  cnt int;
  med double precision;
  p double precision;
  h integer[];
BEGIN
  INSERT INTO figure_weeks AS w (measure, kind, group_id, week, n) VALUES (k_measure, k_kind, k_group, k_week, 0)
  ON CONFLICT (measure, kind, group_id, week) DO UPDATE SET n = w.n;
  -- One statement per grouping column, so each count uses that column's index.
  EXECUTE format(
    'SELECT count(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY hours), '
    'percentile_cont(0.9) WITHIN GROUP (ORDER BY hours), figure_histogram(array_agg(figure_bucket(hours))) '
    'FROM figure_durations WHERE measure = $1 AND ended_at >= $2 AND ended_at < $3 AND %s', cond)
  INTO cnt, med, p, h USING k_measure, s, e, k_group;
  DELETE FROM figure_week_buckets WHERE measure = k_measure AND kind = k_kind AND week = k_week
    AND (group_id = k_group OR (k_group IS NULL AND group_id IS NULL));
  IF cnt = 0 THEN
    DELETE FROM figure_weeks WHERE measure = k_measure AND kind = k_kind AND week = k_week
      AND (group_id = k_group OR (k_group IS NULL AND group_id IS NULL));
  ELSE
    UPDATE figure_weeks SET n = cnt, median = med, p90 = p, hist = h
    WHERE measure = k_measure AND kind = k_kind AND week = k_week
      AND (group_id = k_group OR (k_group IS NULL AND group_id IS NULL));
    EXECUTE format(
      'INSERT INTO figure_week_buckets (measure, kind, group_id, week, coarse, hist) '
      'SELECT $1, $5, $4, $6, (f - 1) / 64 + 1, figure_sub_histogram(array_agg(f)) '
      'FROM (SELECT figure_bucket(hours) AS f FROM figure_durations '
      'WHERE measure = $1 AND ended_at >= $2 AND ended_at < $3 AND %s) d GROUP BY 5', cond)
    USING k_measure, s, e, k_group, k_kind, k_week;
  END IF;
  PERFORM figures_recompute_cum(k_measure, k_kind, k_group, k_week);
END $$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION figures_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE figure_durations, figure_weeks, figure_week_buckets, figure_requests, figure_days;
  INSERT INTO figure_durations SELECT * FROM figure_duration_facts;
  INSERT INTO figure_weeks (measure, kind, group_id, week, n, median, p90, hist)
  SELECT d.measure, v.kind, v.group_id, date_trunc('week', d.ended_at AT TIME ZONE 'UTC')::date,
    count(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY d.hours), percentile_cont(0.9) WITHIN GROUP (ORDER BY d.hours),
    figure_histogram(array_agg(figure_bucket(d.hours)))
  FROM figure_durations d
  CROSS JOIN LATERAL (VALUES ('none', NULL::uuid), ('category', d.category_id), ('team', d.team_id),
    ('owner', d.owner_id), ('location', d.location_id)) AS v(kind, group_id)
  GROUP BY 1, 2, 3, 4;
  PERFORM figures_fill_week_buckets();
  PERFORM figures_fill_cum();
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
  ANALYZE figure_durations, figure_weeks, figure_week_buckets, figure_requests, figure_days;
END $$;--> statement-breakpoint
-- Every week's fine counts from the durations, in one pass (figure_week_buckets empty).
CREATE FUNCTION figures_fill_week_buckets() RETURNS void LANGUAGE sql AS $$
  INSERT INTO figure_week_buckets (measure, kind, group_id, week, coarse, hist)
  SELECT d.measure, v.kind, v.group_id, date_trunc('week', d.ended_at AT TIME ZONE 'UTC')::date,
    (figure_bucket(d.hours) - 1) / 64 + 1, figure_sub_histogram(array_agg(figure_bucket(d.hours)))
  FROM figure_durations d
  CROSS JOIN LATERAL (VALUES ('none', NULL::uuid), ('category', d.category_id), ('team', d.team_id),
    ('owner', d.owner_id), ('location', d.location_id)) AS v(kind, group_id)
  GROUP BY 1, 2, 3, 4, 5
$$;--> statement-breakpoint
-- Weeks counted before this migration get their buckets, in one pass over the durations each.
UPDATE figure_weeks w SET hist = x.hist
FROM (
  SELECT d.measure, v.kind, v.group_id, date_trunc('week', d.ended_at AT TIME ZONE 'UTC')::date AS week,
    figure_histogram(array_agg(figure_bucket(d.hours))) AS hist
  FROM figure_durations d
  CROSS JOIN LATERAL (VALUES ('none', NULL::uuid), ('category', d.category_id), ('team', d.team_id),
    ('owner', d.owner_id), ('location', d.location_id)) AS v(kind, group_id)
  GROUP BY 1, 2, 3, 4
) x
WHERE w.measure = x.measure AND w.kind = x.kind AND w.week = x.week
  AND coalesce(w.group_id, '00000000-0000-0000-0000-000000000000') = coalesce(x.group_id, '00000000-0000-0000-0000-000000000000');--> statement-breakpoint
SELECT figures_fill_week_buckets();--> statement-breakpoint
SELECT figures_fill_cum();
