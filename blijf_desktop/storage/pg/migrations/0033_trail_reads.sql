-- Server only (issue 23; docs/server-mode.md sections 4 and 10): what a desk's session reads
-- back from the audit trail, which a user's role may append to but not read (only VIEW_AUDIT
-- and VERIFY_AUDIT have SELECT on audit_log). Each function gives what the local app reads for
-- her and nothing more: times of her own rows, one time, one account id. Owned by blijf_gate,
-- which may read just the columns named below (no detail, no hash), never the whole trail.

-- When she did `action` (with `reason`, if given) at or after `since`: her own rows only,
-- the second approver's back-off (services/second_approver.check_backoff, storage/audit.
-- times_of). Another user's id is refused, not answered with nothing: a desk that asks for
-- it is not this app.
CREATE FUNCTION trail_times_of(action text, user_id bigint, since text, reason text)
    RETURNS TABLE (seq bigint, at text) LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = blijf, pg_temp AS $$
DECLARE
    me bigint := my_user_id();
BEGIN
    IF me IS NULL OR trail_times_of.user_id IS DISTINCT FROM me THEN
        RAISE EXCEPTION 'only her own rows' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN QUERY
    SELECT a.seq, a.at FROM audit_log a
    WHERE a.action = trail_times_of.action AND a.user_id = me AND a.at >= trail_times_of.since
      AND (trail_times_of.reason IS NULL OR a.reason = trail_times_of.reason)
    ORDER BY a.seq;
END
$$;

-- The latest time any row was written at, counted from the latest clock_acknowledged row
-- (domain/clock.py; storage/audit.latest_time): a clock set back is refused before a
-- disclosure (services/sharing._check_clock). A time only: no row, no user.
CREATE FUNCTION trail_latest_time() RETURNS text LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = blijf, pg_temp AS $$
BEGIN
    IF my_user_id() IS NULL THEN
        RAISE EXCEPTION 'no account' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN (SELECT max(a.at) FROM audit_log a
            WHERE a.seq >= coalesce((SELECT max(c.seq) FROM audit_log c
                                     WHERE c.action = 'clock_acknowledged'), 0));
END
$$;

-- Who set the passphrase that first opened her own account (storage/users.passphrase_giver:
-- the beheerder who made or last reset it, or herself after a recovery): the four eyes of a
-- destruction's review (services/retention._reviewable) ask it for the reviewer herself. An
-- id; her own account only.
CREATE FUNCTION trail_passphrase_giver(user_id bigint) RETURNS bigint LANGUAGE plpgsql
    STABLE SECURITY DEFINER SET search_path = blijf, pg_temp AS $$
DECLARE
    me bigint := my_user_id();
BEGIN
    IF me IS NULL OR trail_passphrase_giver.user_id IS DISTINCT FROM me THEN
        RAISE EXCEPTION 'only her own account' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN (SELECT a.user_id FROM audit_log a
            WHERE a.record_type = 'user' AND a.record_id = me::text
              AND a.action IN ('user_added', 'passphrase_reset', 'recovery_used')
            ORDER BY a.seq DESC LIMIT 1);
END
$$;

GRANT SELECT (at) ON audit_log TO blijf_gate;  -- 0028 gave it seq, user_id, action, ids, reason
ALTER FUNCTION trail_times_of(text, bigint, text, text) OWNER TO blijf_gate;
ALTER FUNCTION trail_latest_time() OWNER TO blijf_gate;
ALTER FUNCTION trail_passphrase_giver(bigint) OWNER TO blijf_gate;
REVOKE ALL ON FUNCTION trail_times_of(text, bigint, text, text), trail_latest_time(),
    trail_passphrase_giver(bigint) FROM PUBLIC;
-- Every user: each answers about her alone, or with one time.
GRANT EXECUTE ON FUNCTION trail_times_of(text, bigint, text, text), trail_latest_time(),
    trail_passphrase_giver(bigint) TO blijf_app;
