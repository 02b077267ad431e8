-- PostgreSQL form of migrations/0006_never_deleted.sql (issue 23): records that must stay whole
-- are never deleted either. A desk's role has no DELETE on them at all (0003-0005); these
-- triggers bind the owner too, and refuse TRUNCATE, which the local store does not have.
-- Destruction after the retention term (0015) replaces them with its own controlled path.
CREATE FUNCTION never_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% rows are never deleted', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END
$$;
REVOKE ALL ON FUNCTION never_deleted() FROM PUBLIC;

CREATE TRIGGER screenings_never_deleted BEFORE DELETE ON screenings
    FOR EACH ROW EXECUTE FUNCTION never_deleted();
CREATE TRIGGER screening_answers_never_deleted BEFORE DELETE ON screening_answers
    FOR EACH ROW EXECUTE FUNCTION never_deleted();
CREATE TRIGGER exchanges_never_deleted BEFORE DELETE ON exchanges
    FOR EACH ROW EXECUTE FUNCTION never_deleted();
CREATE TRIGGER exchange_items_never_deleted BEFORE DELETE ON exchange_items
    FOR EACH ROW EXECUTE FUNCTION never_deleted();
CREATE TRIGGER exchange_flags_never_deleted BEFORE DELETE ON exchange_flags
    FOR EACH ROW EXECUTE FUNCTION never_deleted();
CREATE TRIGGER trajects_never_deleted BEFORE DELETE ON trajects
    FOR EACH ROW EXECUTE FUNCTION never_deleted();
CREATE TRIGGER traject_persons_never_deleted BEFORE DELETE ON traject_persons
    FOR EACH ROW EXECUTE FUNCTION never_deleted();
CREATE TRIGGER traject_steps_never_deleted BEFORE DELETE ON traject_steps
    FOR EACH ROW EXECUTE FUNCTION never_deleted();

CREATE TRIGGER screenings_never_truncated BEFORE TRUNCATE ON screenings
    FOR EACH STATEMENT EXECUTE FUNCTION never_deleted();
CREATE TRIGGER screening_answers_never_truncated BEFORE TRUNCATE ON screening_answers
    FOR EACH STATEMENT EXECUTE FUNCTION never_deleted();
CREATE TRIGGER exchanges_never_truncated BEFORE TRUNCATE ON exchanges
    FOR EACH STATEMENT EXECUTE FUNCTION never_deleted();
CREATE TRIGGER exchange_items_never_truncated BEFORE TRUNCATE ON exchange_items
    FOR EACH STATEMENT EXECUTE FUNCTION never_deleted();
CREATE TRIGGER exchange_flags_never_truncated BEFORE TRUNCATE ON exchange_flags
    FOR EACH STATEMENT EXECUTE FUNCTION never_deleted();
CREATE TRIGGER trajects_never_truncated BEFORE TRUNCATE ON trajects
    FOR EACH STATEMENT EXECUTE FUNCTION never_deleted();
CREATE TRIGGER traject_persons_never_truncated BEFORE TRUNCATE ON traject_persons
    FOR EACH STATEMENT EXECUTE FUNCTION never_deleted();
CREATE TRIGGER traject_steps_never_truncated BEFORE TRUNCATE ON traject_steps
    FOR EACH STATEMENT EXECUTE FUNCTION never_deleted();
