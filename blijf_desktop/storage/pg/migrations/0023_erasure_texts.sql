-- PostgreSQL form of migrations/0023_erasure_texts.sql (issue 23): erasing one person takes her
-- name out of the texts of her case that stay (storage/purge_texts.py), the requests, their
-- steps, the informatieplicht and a lifted restriction's reason included; those rows change
-- only while an approved destruction of their case is in progress (set by destroy(), 0015),
-- and never their ids or what they belong to. The desk gets UPDATE for that path alone.
CREATE FUNCTION rights_requests_never_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT (coalesce(destruction_in_progress(OLD.case_id), false)
            AND NEW.case_id IS NOT DISTINCT FROM OLD.case_id
            AND NEW.id IS NOT DISTINCT FROM OLD.id
            AND NEW.person_id IS NOT DISTINCT FROM OLD.person_id) THEN
        RAISE EXCEPTION 'rights requests are never changed' USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END
$$;
DROP TRIGGER rights_requests_never_updated ON rights_requests;
CREATE TRIGGER rights_requests_never_updated BEFORE UPDATE ON rights_requests
    FOR EACH ROW EXECUTE FUNCTION rights_requests_never_updated();

CREATE FUNCTION rights_request_steps_never_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT (coalesce(destruction_in_progress(case_of_row('request', to_jsonb(OLD))), false)
            AND NEW.request_id IS NOT DISTINCT FROM OLD.request_id
            AND NEW.id IS NOT DISTINCT FROM OLD.id) THEN
        RAISE EXCEPTION 'request steps are never changed' USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END
$$;
DROP TRIGGER rights_request_steps_never_updated ON rights_request_steps;
CREATE TRIGGER rights_request_steps_never_updated BEFORE UPDATE ON rights_request_steps
    FOR EACH ROW EXECUTE FUNCTION rights_request_steps_never_updated();

CREATE FUNCTION information_duty_never_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT (coalesce(destruction_in_progress(case_of_row('person', to_jsonb(OLD))), false)
            AND NEW.person_id IS NOT DISTINCT FROM OLD.person_id
            AND NEW.id IS NOT DISTINCT FROM OLD.id) THEN
        RAISE EXCEPTION 'information_duty rows are never changed'
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END
$$;
DROP TRIGGER information_duty_never_updated ON information_duty;
CREATE TRIGGER information_duty_never_updated BEFORE UPDATE ON information_duty
    FOR EACH ROW EXECUTE FUNCTION information_duty_never_updated();

CREATE OR REPLACE FUNCTION restrictions_lifted_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (OLD.lifted_at IS NOT NULL OR NEW.person_id IS DISTINCT FROM OLD.person_id
        OR NEW.request_id IS DISTINCT FROM OLD.request_id OR NEW.reason IS DISTINCT FROM OLD.reason
        OR NEW.started_at IS DISTINCT FROM OLD.started_at
        OR NEW.started_by IS DISTINCT FROM OLD.started_by OR NEW.id IS DISTINCT FROM OLD.id)
       AND NOT (coalesce(destruction_in_progress(case_of_row('person', to_jsonb(OLD))), false)
                AND NEW.person_id IS NOT DISTINCT FROM OLD.person_id
                AND NEW.id IS NOT DISTINCT FROM OLD.id
                AND NEW.lifted_at IS NOT DISTINCT FROM OLD.lifted_at) THEN
        RAISE EXCEPTION 'a restriction is lifted once and never changed'
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END
$$;

REVOKE ALL ON FUNCTION rights_requests_never_updated(), rights_request_steps_never_updated(),
    information_duty_never_updated() FROM PUBLIC;
GRANT UPDATE ON rights_requests, rights_request_steps, information_duty TO blijf_app;
