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

-- New targets move the moment of every open request of that category and priority; an owner's
-- deactivation (or return) that of every open request they own. Both are rare: writers of
-- requests wait for this one to commit (and it for them), so none computes its moment from
-- facts that are being replaced.
CREATE OR REPLACE FUNCTION category_targets_stalls() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE requests IN SHARE ROW EXCLUSIVE MODE;
  IF TG_OP <> 'INSERT' THEN
    UPDATE requests r SET stalls_at = NULL
    WHERE r.category_id = OLD.category_id AND r.priority = OLD.priority
      AND r.status IN ('new', 'in_progress', 'waiting');
  END IF;
  IF TG_OP <> 'DELETE' THEN
    UPDATE requests r SET stalls_at = NULL
    WHERE r.category_id = NEW.category_id AND r.priority = NEW.priority
      AND r.status IN ('new', 'in_progress', 'waiting');
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER category_targets_stalls AFTER INSERT OR UPDATE OR DELETE ON category_targets
  FOR EACH ROW EXECUTE FUNCTION category_targets_stalls();

CREATE OR REPLACE FUNCTION people_stalls() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE requests IN SHARE ROW EXCLUSIVE MODE;
  UPDATE requests r SET stalls_at = NULL
  WHERE r.owner_id = NEW.id AND r.status IN ('new', 'in_progress', 'waiting');
  RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER people_stalls AFTER UPDATE OF active ON people
  FOR EACH ROW WHEN (OLD.active IS DISTINCT FROM NEW.active) EXECUTE FUNCTION people_stalls();
