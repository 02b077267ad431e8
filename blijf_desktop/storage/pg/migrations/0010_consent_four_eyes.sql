-- PostgreSQL form of migrations/0010_consent_four_eyes.sql (issue 23): nobody who prepared a
-- consent or changed it while it was an ontwerp verifies it (Mensenhandel 12.17, 21.5, 21.6).
-- The service refuses first, with a message; this is the store agreeing.
CREATE FUNCTION consents_verifier_is_no_author() RETURNS trigger LANGUAGE plpgsql
    SET search_path = blijf, pg_temp AS $$
BEGIN
    IF NEW.verified_by IS NOT NULL AND NEW.verified_by IS DISTINCT FROM OLD.verified_by
       AND EXISTS (SELECT 1 FROM consent_history h WHERE h.consent_id = NEW.id
                   AND h.changed_by = NEW.verified_by AND h.change IN ('voorbereid', 'gewijzigd'))
    THEN
        RAISE EXCEPTION 'a consent may not be verified by who prepared or changed it'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER consents_verifier_is_no_author BEFORE UPDATE ON consents
    FOR EACH ROW EXECUTE FUNCTION consents_verifier_is_no_author();
REVOKE ALL ON FUNCTION consents_verifier_is_no_author() FROM PUBLIC;
