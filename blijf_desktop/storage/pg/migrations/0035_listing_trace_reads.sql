-- Server only (no local twin): the listing trace reads back a user's own rows of the trail
-- (storage/listing_trace.py; issue 22, Blijf 6.1 and 9.1, the rules in domain/listing.py).
-- A desk's role appends to audit_log and does not read it (docs/server-mode.md section 4), so
-- these definer functions, owned by the gate, give her back her own rows only: the user is
-- my_user_id() (the login), never an id the desk sends. They return what the local store's
-- queries return: her last listing row's ids and time, the detail of her listing rows (the
-- desk counts the different persons in them, as locally), how many persons and cases she
-- opened, and whether a volume signal about her was written, each since a moment (ISO, UTC).
-- The action codes are domain/audit.AuditAction's (list_shown, view, volume_unusual).

CREATE FUNCTION my_last_listing() RETURNS TABLE (detail text, at text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = blijf, pg_temp AS $$
    SELECT a.detail, a.at FROM audit_log a
    WHERE a.seq = (SELECT max(l.seq) FROM audit_log l
                   WHERE l.user_id = (SELECT my_user_id()) AND l.action = 'list_shown')
$$;

CREATE FUNCTION my_listings_since(since text) RETURNS SETOF text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = blijf, pg_temp AS $$
    SELECT a.detail FROM audit_log a
    WHERE a.user_id = (SELECT my_user_id()) AND a.action = 'list_shown' AND a.at >= since
$$;

CREATE FUNCTION my_openings_since(since text) RETURNS bigint
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = blijf, pg_temp AS $$
    SELECT count(*) FROM (SELECT DISTINCT a.record_type, a.record_id FROM audit_log a
                          WHERE a.user_id = (SELECT my_user_id()) AND a.action = 'view'
                          AND a.at >= since AND a.record_type IN ('person', 'case')) AS opened
$$;

CREATE FUNCTION my_volume_signalled_since(since text) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = blijf, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM audit_log a
                   WHERE a.user_id = (SELECT my_user_id()) AND a.action = 'volume_unusual'
                   AND a.at >= since)
$$;

REVOKE ALL ON FUNCTION my_last_listing(), my_listings_since(text), my_openings_since(text),
    my_volume_signalled_since(text) FROM PUBLIC;
-- Every user lists and opens (the trace of whoever lists: search, the client list, the
-- register, the rights finder), and each reads only her own rows.
GRANT EXECUTE ON FUNCTION my_last_listing(), my_listings_since(text), my_openings_since(text),
    my_volume_signalled_since(text) TO blijf_app;
-- The gate reads the columns these need: 0028 and 0033 gave it the others (break_glass(),
-- the trail's times); the listing rows' detail (person ids) is read by these alone.
GRANT SELECT (at, detail) ON audit_log TO blijf_gate;
ALTER FUNCTION my_last_listing() OWNER TO blijf_gate;
ALTER FUNCTION my_listings_since(text) OWNER TO blijf_gate;
ALTER FUNCTION my_openings_since(text) OWNER TO blijf_gate;
ALTER FUNCTION my_volume_signalled_since(text) OWNER TO blijf_gate;
