-- The pre-aggregated figures (SPEC §7, docs/figures.md): what each request contributes, the
-- bucket arithmetic behind exact percentiles, and the recounts. Only the projector
-- (figures-projector.sql, one runner at a time) and figures_rebuild() write the figure tables;
-- no user's transaction does.

-- What each request contributes to the time figures, as it stands now. Its columns are the
-- table's, in order: a view's columns cannot be replaced, so it is made again.
DROP VIEW IF EXISTS "figure_duration_facts";
CREATE VIEW "figure_duration_facts" AS
SELECT r.id AS request_id, m.measure, m.ended_at,
  (extract(epoch FROM m.ended_at - r.created_at) / 3600.0)::double precision AS hours,
  r.category_id, r.owner_id, r.location_id
FROM requests r
CROSS JOIN LATERAL (VALUES
  ('own', r.owned_at),
  ('resolve', CASE WHEN r.status = 'closed' AND r.close_reason IN ('confirmed', 'auto_confirmed') THEN r.resolved_at END),
  ('outcome', CASE WHEN r.status = 'closed' AND r.close_reason IN ('confirmed', 'auto_confirmed') THEN r.closed_at END)
) AS m(measure, ended_at)
WHERE m.ended_at IS NOT NULL;

-- What each closed request contributes to the rates and service levels (SPEC §7, docs/figures.md),
-- in the table's column order.
DROP VIEW IF EXISTS "figure_request_facts";
CREATE VIEW "figure_request_facts" AS
SELECT r.id AS request_id, r.owner_id,
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
  END AS level,
  r.category_id
FROM requests r
WHERE r.status = 'closed' AND r.closed_at IS NOT NULL;

-- A closed request's counts, by UTC day and grouping; sign -1 takes them back.
CREATE OR REPLACE FUNCTION figure_request_days(f figure_requests, sign int)
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
    ((f.closed_at AT TIME ZONE 'UTC')::date, 'category', f.category_id, 0, 0, 0, 0,
      (f.level = 'differentiated')::int, (f.level = 'competitive')::int, (f.level = 'commoditized')::int),
    ((f.closed_at AT TIME ZONE 'UTC')::date, 'owner', f.owner_id, 0, 0, 0, 0,
      (f.level = 'differentiated')::int, (f.level = 'competitive')::int, (f.level = 'commoditized')::int)
  ) AS v(day, kind, group_id, resolved, on_target, closed, reopened, differentiated, competitive, commoditized)
  WHERE v.day IS NOT NULL AND (v.kind <> 'none' OR v.resolved + v.closed + v.differentiated + v.competitive + v.commoditized > 0)
$$;

-- An event's counts for the rates (confirmations, ratings, handoffs done and on time), by UTC day.
CREATE OR REPLACE FUNCTION figure_event_counts(e events)
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
$$;

-- What each request's events add to the daily counters, per day, as the record stands (the
-- table's column order).
CREATE OR REPLACE VIEW figure_request_event_facts AS
SELECT e.request_id, c.day, sum(c.confirmed)::int AS confirmed, sum(c.closings)::int AS closings,
  sum(c.rated)::int AS rated, sum(c.rating_sum)::int AS rating_sum,
  sum(c.handoffs_done)::int AS handoffs_done, sum(c.handoffs_on_time)::int AS handoffs_on_time
FROM events e CROSS JOIN LATERAL figure_event_counts(e) c
WHERE e.type IN ('confirmed', 'auto_confirmed', 'handoff_completed')
GROUP BY 1, 2;

-- Bulk loads (the seed) set followthrough.figures = 'deferred' and rebuild once at the end.
CREATE OR REPLACE FUNCTION figures_deferred() RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT coalesce(current_setting('followthrough.figures', true), '') = 'deferred'
$$;

-- A duration's fine bucket on a log scale, 768 to the doubling from one minute (each under
-- 0.1 % wide): 1 holds under a minute, 16384 everything from about four years. Every 64 fine
-- buckets make a coarse one. A period's percentiles add the weeks' coarse counts, then the
-- fine counts of the one coarse bucket that holds each rank, then read one fine bucket's rows.
CREATE OR REPLACE FUNCTION figure_bucket(hours double precision) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN hours * 60 < 1 THEN 1
    ELSE least(16384, 2 + floor(768 * ln(hours * 60) / ln(2::double precision)))::integer END
$$;

-- Counts per bucket (1..size) of buckets that come with their counts.
CREATE OR REPLACE FUNCTION figure_counts(buckets integer[], counts integer[], size integer) RETURNS integer[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
-- Loops in plpgsql: element updates of a local array are in place, many times faster than
-- the same arithmetic as set operations over unnested arrays (a new demo's rebuild counts
-- tens of thousands of arrays).
DECLARE
  r integer[] := array_fill(0, ARRAY[size]);
  i integer;
BEGIN
  FOR i IN 1 .. coalesce(array_length(buckets, 1), 0) LOOP
    IF buckets[i] BETWEEN 1 AND size THEN r[buckets[i]] := r[buckets[i]] + counts[i]; END IF;
  END LOOP;
  RETURN r;
END $$;

-- Counts per coarse bucket (1..256) of a list of fine buckets.
CREATE OR REPLACE FUNCTION figure_histogram(buckets integer[]) RETURNS integer[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  r integer[] := array_fill(0, ARRAY[256]);
  f integer;
BEGIN
  FOREACH f IN ARRAY coalesce(buckets, '{}') LOOP
    r[(f - 1) / 64 + 1] := r[(f - 1) / 64 + 1] + 1;
  END LOOP;
  RETURN r;
END $$;

-- Counts per fine bucket within their coarse one (1..64) of a list of fine buckets.
CREATE OR REPLACE FUNCTION figure_sub_histogram(buckets integer[]) RETURNS integer[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  r integer[] := array_fill(0, ARRAY[64]);
  f integer;
BEGIN
  FOREACH f IN ARRAY coalesce(buckets, '{}') LOOP
    r[(f - 1) % 64 + 1] := r[(f - 1) % 64 + 1] + 1;
  END LOOP;
  RETURN r;
END $$;

-- Element-wise sum of two count arrays of one length (a null one counts as zeros).
CREATE OR REPLACE FUNCTION figure_array_add(a integer[], b integer[]) RETURNS integer[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  r integer[] := a;
  i integer;
BEGIN
  IF a IS NULL THEN RETURN b; END IF;
  IF b IS NULL THEN RETURN a; END IF;
  FOR i IN 1 .. array_length(a, 1) LOOP r[i] := r[i] + b[i]; END LOOP;
  RETURN r;
END $$;

-- a minus b, element-wise (a null b counts as zeros): a running sum now less one before.
CREATE OR REPLACE FUNCTION figure_array_sub(a integer[], b integer[]) RETURNS integer[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  r integer[] := a;
  i integer;
BEGIN
  IF a IS NULL OR b IS NULL THEN RETURN a; END IF;
  FOR i IN 1 .. array_length(a, 1) LOOP r[i] := r[i] - b[i]; END LOOP;
  RETURN r;
END $$;

-- Running sums along an array: element i is the sum of elements 1..i. A rank's bucket in such
-- an array is found by binary search: width_bucket(rank, prefix) + 1.
CREATE OR REPLACE FUNCTION figure_prefix(a integer[]) RETURNS integer[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  r integer[] := a;
  s integer := 0;
  i integer;
BEGIN
  FOR i IN 1 .. coalesce(array_length(a, 1), 0) LOOP
    s := s + coalesce(r[i], 0);
    r[i] := s;
  END LOOP;
  RETURN r;
END $$;

-- Running sums of count arrays, as a window: cum over a group's weeks in order.
CREATE OR REPLACE AGGREGATE figure_array_sum(integer[]) (SFUNC = figure_array_add, STYPE = integer[]);

-- Bring the running sums of one group's weeks from `from_week` on up to date with their counts
-- (after those weeks were recounted): coarse sums in figure_weeks, fine ones per coarse bucket.
-- `cum` sums over the weeks so far and then along the buckets (figure_prefix), so the
-- difference of two weeks' `cum` is already the running count a rank is searched in.
CREATE OR REPLACE FUNCTION figures_recompute_cum(k_measure text, k_kind text, k_group uuid, from_week date)
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
END $$;

-- Written by earlier versions of the rebuild, which counted the weeks and then their running sums
-- in a second pass over the rows.
DROP FUNCTION IF EXISTS figures_fill_cum();
DROP FUNCTION IF EXISTS figures_fill_week_buckets();

-- Every week's counts and running sums from the durations, in one pass each (both tables
-- empty): the sums are a window over the counts as they are inserted, so no row is written
-- twice (on a new demo, updating them afterwards took most of the rebuild).
CREATE OR REPLACE FUNCTION figures_fill_weeks() RETURNS void LANGUAGE sql AS $$
  INSERT INTO figure_weeks (measure, kind, group_id, week, n, median, p90, hist, cum)
  SELECT w.measure, w.kind, w.group_id, w.week, w.n, w.median, w.p90, w.hist,
    figure_prefix(figure_array_sum(w.hist) OVER (PARTITION BY w.measure, w.kind, w.group_id ORDER BY w.week))
  FROM (
    SELECT d.measure, v.kind, v.group_id, date_trunc('week', d.ended_at AT TIME ZONE 'UTC')::date AS week,
      count(*) AS n, percentile_cont(0.5) WITHIN GROUP (ORDER BY d.hours) AS median,
      percentile_cont(0.9) WITHIN GROUP (ORDER BY d.hours) AS p90,
      figure_histogram(array_agg(figure_bucket(d.hours))) AS hist
    FROM figure_durations d
    CROSS JOIN LATERAL (VALUES ('none', NULL::uuid), ('category', d.category_id),
      ('owner', d.owner_id), ('location', d.location_id)) AS v(kind, group_id)
    GROUP BY 1, 2, 3, 4) w;
  INSERT INTO figure_week_buckets (measure, kind, group_id, week, coarse, hist, cum)
  SELECT b.measure, b.kind, b.group_id, b.week, b.coarse, b.hist,
    figure_prefix(figure_array_sum(b.hist) OVER (
      PARTITION BY b.measure, b.kind, b.group_id, b.coarse ORDER BY b.week))
  FROM (
    SELECT d.measure, v.kind, v.group_id, date_trunc('week', d.ended_at AT TIME ZONE 'UTC')::date AS week,
      (figure_bucket(d.hours) - 1) / 64 + 1 AS coarse,
      figure_sub_histogram(array_agg(figure_bucket(d.hours))) AS hist
    FROM figure_durations d
    CROSS JOIN LATERAL (VALUES ('none', NULL::uuid), ('category', d.category_id),
      ('owner', d.owner_id), ('location', d.location_id)) AS v(kind, group_id)
    GROUP BY 1, 2, 3, 4, 5) b;
$$;

-- The teams that route several categories, each with its categories' ids in ascending order:
-- a team's figures are its categories' as they stand. A team of one category reads that
-- category's own rows.
CREATE OR REPLACE VIEW figure_team_categories AS
SELECT team_id, array_agg(id ORDER BY id) AS categories
FROM categories GROUP BY team_id HAVING count(*) > 1;

-- Recount one week of a kept category set, exactly as percentile_cont over its durations.
CREATE OR REPLACE FUNCTION figures_team_week(k_set uuid[], k_measure text, k_week date)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM figure_team_weeks WHERE categories = k_set AND measure = k_measure AND week = k_week;
  INSERT INTO figure_team_weeks (categories, measure, week, n, median, p90)
  SELECT k_set, k_measure, k_week, count(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY d.hours),
    percentile_cont(0.9) WITHIN GROUP (ORDER BY d.hours)
  FROM figure_durations d
  WHERE d.category_id = ANY(k_set) AND d.measure = k_measure
    AND d.ended_at >= k_week::timestamp AT TIME ZONE 'UTC'
    AND d.ended_at < (k_week + 7)::timestamp AT TIME ZONE 'UTC'
  HAVING count(*) > 0;
END $$;

-- Keep the category sets of the teams as they stand: a set no team has any more is dropped
-- with its weeks, and a new one (a category moved, or a team's second category) is counted
-- whole, in one pass over its categories' durations. Until then the figures are counted from
-- the categories' rows, so a move is seen at once either way.
CREATE OR REPLACE FUNCTION figures_team_sets_sync() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM figure_team_sets s
  WHERE NOT EXISTS (SELECT 1 FROM figure_team_categories k WHERE k.categories = s.categories);
  WITH added AS (
    INSERT INTO figure_team_sets (categories)
    SELECT k.categories FROM figure_team_categories k
    WHERE NOT EXISTS (SELECT 1 FROM figure_team_sets s WHERE s.categories = k.categories)
    RETURNING categories
  )
  INSERT INTO figure_team_weeks (categories, measure, week, n, median, p90)
  SELECT a.categories, d.measure, date_trunc('week', d.ended_at AT TIME ZONE 'UTC')::date,
    count(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY d.hours),
    percentile_cont(0.9) WITHIN GROUP (ORDER BY d.hours)
  FROM added a JOIN figure_durations d ON d.category_id = ANY(a.categories)
  GROUP BY 1, 2, 3;
END $$;

-- Recount one week of one group from the durations (the projector holds its lock, so counts see
-- every earlier projection).
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
  -- The week of every kept set holding this category (normally one: its team's).
  IF k_kind = 'category' THEN
    PERFORM figures_team_week(s.categories, k_measure, k_week)
    FROM figure_team_sets s WHERE k_group = ANY(s.categories);
  END IF;
END $$;

-- Bring the figures of these requests up to date with their rows: only what changed is touched.
CREATE OR REPLACE FUNCTION figures_refresh(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  gone figure_durations[];
  came figure_durations[];
  rgone figure_requests[];
  rcame figure_requests[];
  egone figure_request_events[];
  ecame figure_request_events[];
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
      CROSS JOIN LATERAL (VALUES ('none', NULL::uuid), ('category', x.category_id),
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
  -- The events' share of the counters, replaced as a whole: counting a request again is
  -- harmless, so the projector and a rebuild never need to agree on which events are new.
  SELECT
    ARRAY(SELECT x::figure_request_events FROM (
      SELECT * FROM figure_request_events WHERE request_id = ANY(ids)
      EXCEPT SELECT * FROM figure_request_event_facts WHERE request_id = ANY(ids)) x),
    ARRAY(SELECT x::figure_request_events FROM (
      SELECT * FROM figure_request_event_facts WHERE request_id = ANY(ids)
      EXCEPT SELECT * FROM figure_request_events WHERE request_id = ANY(ids)) x)
  INTO egone, ecame;
  IF cardinality(egone) + cardinality(ecame) > 0 THEN
    DELETE FROM figure_request_events f USING unnest(egone) g
      WHERE f.request_id = g.request_id AND f.day = g.day;
    INSERT INTO figure_request_events SELECT * FROM unnest(ecame);
    INSERT INTO figure_days AS d (day, kind, group_id, confirmed, closings, rated, rating_sum,
      handoffs_done, handoffs_on_time)
    SELECT x.day, 'none', NULL, sum(x.sign * x.confirmed), sum(x.sign * x.closings),
      sum(x.sign * x.rated), sum(x.sign * x.rating_sum), sum(x.sign * x.handoffs_done),
      sum(x.sign * x.handoffs_on_time)
    FROM (SELECT g.*, -1 AS sign FROM unnest(egone) g UNION ALL SELECT g.*, 1 FROM unnest(ecame) g) x
    GROUP BY x.day ORDER BY x.day
    ON CONFLICT (kind, group_id, day) DO UPDATE SET
      confirmed = d.confirmed + excluded.confirmed, closings = d.closings + excluded.closings,
      rated = d.rated + excluded.rated, rating_sum = d.rating_sum + excluded.rating_sum,
      handoffs_done = d.handoffs_done + excluded.handoffs_done,
      handoffs_on_time = d.handoffs_on_time + excluded.handoffs_on_time;
    DELETE FROM figure_days d USING (SELECT DISTINCT g.day FROM unnest(egone) g) t
    WHERE d.day = t.day AND d.kind = 'none' AND d.group_id IS NULL
      AND (d.resolved, d.on_target, d.closed, d.reopened, d.differentiated, d.competitive, d.commoditized,
        d.confirmed, d.closings, d.rated, d.rating_sum, d.handoffs_done, d.handoffs_on_time)
        = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  END IF;
END $$;

-- Everything again from the record: after a bulk load. A job like the projector, it waits for a
-- running projection (their shared lock); writers never wait for it. It leaves the queue alone:
-- a change committed while it runs is counted again by the projector afterwards, and since each
-- request's figures are replaced, not added to, that changes nothing twice.
CREATE OR REPLACE FUNCTION figures_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(7412004);
  TRUNCATE figure_durations, figure_weeks, figure_week_buckets, figure_requests, figure_request_events,
    figure_days, figure_team_weeks, figure_team_sets;
  INSERT INTO figure_durations SELECT * FROM figure_duration_facts;
  PERFORM figures_fill_weeks();
  PERFORM figures_team_sets_sync();
  INSERT INTO figure_requests SELECT * FROM figure_request_facts;
  INSERT INTO figure_days (day, kind, group_id, resolved, on_target, closed, reopened,
    differentiated, competitive, commoditized)
  SELECT c.day, c.kind, c.group_id, sum(c.resolved), sum(c.on_target), sum(c.closed), sum(c.reopened),
    sum(c.differentiated), sum(c.competitive), sum(c.commoditized)
  FROM figure_requests f CROSS JOIN LATERAL figure_request_days(f, 1) c
  GROUP BY 1, 2, 3;
  INSERT INTO figure_request_events SELECT * FROM figure_request_event_facts;
  INSERT INTO figure_days AS d (day, kind, group_id, confirmed, closings, rated, rating_sum, handoffs_done, handoffs_on_time)
  SELECT f.day, 'none', NULL, sum(f.confirmed), sum(f.closings), sum(f.rated), sum(f.rating_sum),
    sum(f.handoffs_done), sum(f.handoffs_on_time)
  FROM figure_request_events f
  GROUP BY f.day
  ON CONFLICT (kind, group_id, day) DO UPDATE SET
    confirmed = excluded.confirmed, closings = excluded.closings, rated = excluded.rated,
    rating_sum = excluded.rating_sum, handoffs_done = excluded.handoffs_done,
    handoffs_on_time = excluded.handoffs_on_time;
  -- Fresh statistics, or the planner takes millions of rows for a few hundred.
  ANALYZE figure_durations, figure_weeks, figure_week_buckets, figure_requests, figure_request_events,
    figure_days, figure_team_sets, figure_team_weeks;
END $$;
