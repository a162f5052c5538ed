-- The live stream's record and the time-based notifications (SPEC §13), both kept by one
-- runner at a time across processes (an advisory lock each), off the writers' path.

-- A person's unread notifications, counted up to 1000 (1000: that many or more): a badge
-- says "999+" long before, and an inbox left unread for years must not make every count
-- read all of it.
CREATE OR REPLACE FUNCTION notification_unread(person uuid) RETURNS integer
LANGUAGE sql STABLE AS $$
  SELECT count(*)::int FROM (
    SELECT 1 FROM notifications n WHERE n.person_id = person AND n.read_at IS NULL LIMIT 1000
  ) unread
$$;

-- Moves queued changes and notifications into stream_events under consecutive sequence
-- numbers, in queue order, and wakes every process's stream on `stream` with the last one.
-- Writers on one request queue in the order they commit (its row lock orders them), and
-- only this runner numbers, so a reader never sees a number before an earlier one commits.
-- Also forgets what is older than a day. Returns the last number given (null: another
-- runner holds it; 0: nothing queued).
CREATE OR REPLACE FUNCTION stream_sequence(max_rows integer DEFAULT 5000) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  base bigint;
  top bigint;
BEGIN
  IF NOT pg_try_advisory_xact_lock(7412006) THEN RETURN NULL; END IF;
  INSERT INTO job_marks (name, seq) VALUES ('stream', 0) ON CONFLICT (name) DO NOTHING;
  SELECT seq INTO base FROM job_marks WHERE name = 'stream';
  WITH claimed AS (
    DELETE FROM stream_queue q
    WHERE q.id IN (SELECT id FROM stream_queue ORDER BY id LIMIT max_rows)
    RETURNING q.*
  ), counts AS (
    -- Once per person in the batch, not per notification, and bounded (notification_unread).
    SELECT p.person_id, notification_unread(p.person_id) AS unread
    FROM (SELECT DISTINCT person_id FROM claimed WHERE notification_id IS NOT NULL) p
  ), numbered AS (
    INSERT INTO stream_events (seq, at, type, person_id, data)
    SELECT base + row_number() OVER (ORDER BY c.id), c.at,
      CASE WHEN c.notification_id IS NULL THEN 'request.changed' ELSE 'notification.created' END,
      c.person_id,
      CASE WHEN c.notification_id IS NULL THEN
        jsonb_build_object('id', c.request_id, 'key', 'REQ-' || r.number, 'version', c.version)
      ELSE
        jsonb_build_object('id', c.notification_id::text, 'unreadCount', k.unread)
      END
    FROM claimed c LEFT JOIN requests r ON r.id = c.request_id
      LEFT JOIN counts k ON k.person_id = c.person_id
    RETURNING seq
  )
  SELECT max(seq) INTO top FROM numbered;
  IF top IS NOT NULL THEN
    UPDATE job_marks SET seq = top, at = statement_timestamp() WHERE name = 'stream';
    PERFORM pg_notify('stream', top::text);
  END IF;
  DELETE FROM stream_events
  WHERE seq IN (SELECT seq FROM stream_events WHERE at < statement_timestamp() - interval '24 hours'
    ORDER BY seq LIMIT 10000);
  RETURN coalesce(top, 0);
END $$;

-- Notifies follow-ups and handoffs that came due by `upto` (SPEC §13): `follow_up_due` to
-- the owner of an open request whose follow-up passed unmet (follow_up_unmet, written from
-- the stalled rule in db/generated.ts),
-- `handoff_overdue` to the owner and the handoff's person of an open handoff past its
-- expectedBy. Looks from where the last run got to (a few minutes back, for a moment written
-- late), so a restart neither repeats nor misses one; the dedupe key makes each once per
-- follow-up or handoff whatever runs. Queues each for the stream, and for mail when `mail`.
-- Returns how many were made (null: another runner holds it).
CREATE OR REPLACE FUNCTION notifications_due(upto timestamptz, mail boolean) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  since timestamptz;
  n integer;
BEGIN
  IF NOT pg_try_advisory_xact_lock(7412007) THEN RETURN NULL; END IF;
  SELECT at INTO since FROM job_marks WHERE name = 'notifications_due';
  -- A first run starts now: what came due before notifications existed is in Review already.
  since := coalesce(since, upto) - interval '5 minutes';
  WITH due AS (
    SELECT r.owner_id AS person_id, 'follow_up_due' AS kind, r.id AS request_id,
      r.next_follow_up_at AS at,
      'follow_up_due:' || r.id || ':' || coalesce(extract(epoch FROM r.follow_up_set_at)::text, '') AS dedupe_key
    FROM requests r
    WHERE r.status IN ('new', 'in_progress', 'waiting') AND r.next_follow_up_at IS NOT NULL
      AND r.next_follow_up_at > since AND r.next_follow_up_at <= upto
      AND r.owner_id IS NOT NULL
      AND follow_up_unmet(r)
    UNION ALL
    SELECT p.person_id, 'handoff_overdue', h.request_id, h.expected_by,
      'handoff_overdue:' || h.id || ':' || p.person_id
    FROM handoffs h
    JOIN requests r ON r.id = h.request_id AND r.status IN ('new', 'in_progress', 'waiting')
    CROSS JOIN LATERAL (SELECT r.owner_id UNION SELECT h.to_person_id) p(person_id)
    WHERE h.status = 'open' AND h.expected_by > since AND h.expected_by <= upto
      AND p.person_id IS NOT NULL
  ), made AS (
    INSERT INTO notifications (person_id, kind, request_id, actor_id, at, dedupe_key)
    SELECT d.person_id, d.kind, d.request_id, NULL, d.at, d.dedupe_key
    FROM due d JOIN people pe ON pe.id = d.person_id AND pe.active
    ORDER BY d.at
    ON CONFLICT (dedupe_key) DO NOTHING
    RETURNING id, person_id
  ), queued AS (
    INSERT INTO stream_queue (notification_id, person_id) SELECT id, person_id FROM made ORDER BY id
  ), mailed AS (
    INSERT INTO mail_outbox (person_id, notification_id)
    SELECT m.person_id, m.id FROM made m JOIN people pe ON pe.id = m.person_id
    WHERE mail AND pe.email_notifications
  )
  SELECT count(*) INTO n FROM made;
  INSERT INTO job_marks (name, at) VALUES ('notifications_due', upto)
  ON CONFLICT (name) DO UPDATE SET at = greatest(job_marks.at, excluded.at);
  RETURN n;
END $$;
