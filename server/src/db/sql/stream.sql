-- Ends live streams whose credential dies (SPEC §13, §12): every process LISTENs on
-- `stream_ended` and closes the streams of the session, token or person named, so a sign-out,
-- a revoked token or a deactivation reaches streams held open by any process at commit.
-- Payloads are JSON: {"sessionId"}, {"tokenId"} or {"personId"}. What ends without a write
-- (a session or token expiring) is found by each process's recheck at every heartbeat.

CREATE OR REPLACE FUNCTION stream_session_revoked() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('stream_ended', json_build_object('sessionId', NEW.id)::text);
  RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER sessions_stream_ended AFTER UPDATE OF revoked_at ON sessions
  FOR EACH ROW WHEN (OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL)
  EXECUTE FUNCTION stream_session_revoked();

CREATE OR REPLACE FUNCTION stream_token_revoked() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('stream_ended', json_build_object('tokenId', NEW.id)::text);
  RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER api_tokens_stream_ended AFTER UPDATE OF revoked_at ON api_tokens
  FOR EACH ROW WHEN (OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL)
  EXECUTE FUNCTION stream_token_revoked();

CREATE OR REPLACE FUNCTION stream_person_deactivated() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('stream_ended', json_build_object('personId', NEW.id)::text);
  RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER people_stream_ended AFTER UPDATE OF active ON people
  FOR EACH ROW WHEN (OLD.active AND NOT NEW.active)
  EXECUTE FUNCTION stream_person_deactivated();
