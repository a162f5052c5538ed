-- Tells every process that who a signed-in person is has changed, so the sessions it remembers
-- (modules/auth/session-cache.ts) are looked up again. Sign-outs, revoked sessions and
-- deactivations are already told on `stream_ended` (stream.sql); this names the rest of what
-- a session carries: the person's name, email and role, their teams and the teams' names.
-- Payloads are JSON: {"personId"}, or {} for everyone.

CREATE OR REPLACE FUNCTION sessions_person_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('sessions_changed', json_build_object('personId', NEW.id)::text);
  RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER people_sessions_changed AFTER UPDATE OF name, email, role ON people
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.email IS DISTINCT FROM NEW.email
    OR OLD.role IS DISTINCT FROM NEW.role)
  EXECUTE FUNCTION sessions_person_changed();

CREATE OR REPLACE FUNCTION sessions_membership_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    PERFORM pg_notify('sessions_changed', json_build_object('personId', OLD.person_id)::text);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM pg_notify('sessions_changed', json_build_object('personId', NEW.person_id)::text);
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER team_members_sessions_changed AFTER INSERT OR UPDATE OR DELETE ON team_members
  FOR EACH ROW EXECUTE FUNCTION sessions_membership_changed();

CREATE OR REPLACE FUNCTION sessions_team_renamed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('sessions_changed', '{}');
  RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER teams_sessions_changed AFTER UPDATE OF name ON teams
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
  EXECUTE FUNCTION sessions_team_renamed();
