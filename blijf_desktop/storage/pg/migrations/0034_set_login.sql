-- Server only (issue 23; docs/server-mode.md section 4): what the functioneel beheerder does
-- to an account reaches its login role. A role change moves the membership (her grants follow
-- at once), a reset gives the login a new SCRAM verifier, a disable makes it NOLOGIN and ends
-- the sessions it has open. Owned by blijf_login_maker, as create_login.

-- Her open sessions, ended. pg_terminate_backend needs pg_signal_backend (or the privileges
-- of her role), which the login maker, NOINHERIT, cannot use: so its own role holds it
-- (schema.py) and owns this one function, which only the login maker may call, and which
-- ends only a user's login role's sessions (never the caller's, nor an administrator's).
CREATE FUNCTION end_sessions(db_role text) RETURNS integer LANGUAGE plpgsql VOLATILE
    SECURITY DEFINER SET search_path = blijf, pg_temp AS $$
DECLARE
    backend integer;
    ended integer := 0;
BEGIN
    IF db_role !~ '^blijf_u_[0-9a-f]{24}$' THEN
        RAISE EXCEPTION 'not a login role name' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- A loop, not one WHERE: the planner may call pg_terminate_backend before the name test.
    FOR backend IN SELECT a.pid FROM pg_stat_activity a
            WHERE a.usename = end_sessions.db_role AND a.pid <> pg_backend_pid() LOOP
        IF pg_terminate_backend(backend) THEN
            ended := ended + 1;
        END IF;
    END LOOP;
    RETURN ended;
END
$$;

-- The login of account `user_id` made to say what its users row says, in the transaction
-- that changes the row (services/accounts.py): `app_role` the app role whose database role it
-- is a member of, or NULL for none (an account waiting for a teamleider's confirmation,
-- issue 22: it cannot connect until confirm_login); `active` false: NOLOGIN and her sessions
-- ended (the row must be disabled already); `scram_secret` a new verifier computed at the
-- desk (a reset), or NULL to keep hers. Only who keeps the accounts (MANAGE_USERS), never for
-- her own login (her own passphrase changes with ALTER ROLE CURRENT_USER).
CREATE FUNCTION set_login(user_id bigint, app_role text, active boolean, scram_secret text)
    RETURNS void LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = blijf, pg_temp AS $$
DECLARE
    login text;
    account users%ROWTYPE;
    held text;
BEGIN
    IF NOT i_may('manage_users') OR set_login.user_id = my_user_id() THEN
        RAISE EXCEPTION 'only who keeps the accounts, never her own'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT r.db_role INTO login FROM user_roles r WHERE r.user_id = set_login.user_id;
    SELECT * INTO account FROM users u WHERE u.id = set_login.user_id;
    IF login IS NULL OR active IS NULL OR (account.active = 1) IS DISTINCT FROM active
       OR (app_role IS NOT NULL AND (NOT active OR app_role IS DISTINCT FROM account.role)) THEN
        RAISE EXCEPTION 'not what the account says' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF scram_secret IS NOT NULL AND scram_secret !~ '^SCRAM-SHA-256\$' THEN
        RAISE EXCEPTION 'a SCRAM verifier is needed' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    FOR held IN SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
            JOIN pg_roles u ON u.oid = m.member
            WHERE u.rolname = login AND g.rolname IN (SELECT p.db_role FROM role_permissions p)
    LOOP
        EXECUTE format('REVOKE %I FROM %I', held, login);
    END LOOP;
    IF app_role IS NOT NULL THEN
        PERFORM grant_app_role(login, app_role);
    END IF;
    IF scram_secret IS NOT NULL THEN
        EXECUTE format('ALTER ROLE %I PASSWORD %L', login, scram_secret);
    END IF;
    IF active THEN
        EXECUTE format('ALTER ROLE %I LOGIN', login);
    ELSE
        EXECUTE format('ALTER ROLE %I NOLOGIN', login);
        PERFORM end_sessions(login);
    END IF;
END
$$;

-- Her own passphrase changed at her desk (services/accounts._set_own_passphrase): the new
-- SCRAM verifier for her own login, whoever she is, as long as her account is active. A
-- function rather than ALTER ROLE CURRENT_USER from the desk: no statement text is built
-- there from a value, and the verifier's form is checked here.
CREATE FUNCTION set_own_passphrase(scram_secret text) RETURNS void LANGUAGE plpgsql VOLATILE
    SECURITY DEFINER SET search_path = blijf, pg_temp AS $$
DECLARE
    login text;
BEGIN
    SELECT r.db_role INTO login FROM user_roles r WHERE r.user_id = my_user_id();
    IF login IS NULL OR login IS DISTINCT FROM session_user::text THEN
        RAISE EXCEPTION 'no account' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF scram_secret IS NULL OR scram_secret !~ '^SCRAM-SHA-256\$' THEN
        RAISE EXCEPTION 'a SCRAM verifier is needed' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    EXECUTE format('ALTER ROLE %I PASSWORD %L', login, scram_secret);
END
$$;
ALTER FUNCTION set_own_passphrase(text) OWNER TO blijf_login_maker;
REVOKE ALL ON FUNCTION set_own_passphrase(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION set_own_passphrase(text) TO blijf_app;

-- Revoked and granted before the hand-over: the owner does not inherit the session ender's
-- rights (the login maker is NOINHERIT), so it could no longer change them after.
REVOKE ALL ON FUNCTION end_sessions(text), set_login(bigint, text, boolean, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION end_sessions(text) TO blijf_login_maker;
ALTER FUNCTION end_sessions(text) OWNER TO blijf_session_ender;
ALTER FUNCTION set_login(bigint, text, boolean, text) OWNER TO blijf_login_maker;

-- Requests for case access (0022) by row, not only by grant (docs/server-mode.md section 10):
-- a user reads her own (her open request keeps the lock screen shut; the notice of one made
-- alone), who keeps the accounts and who confirms them read all. The beheerder asks in her
-- own name; a decision names who made it; nobody decides her own open request; only the
-- account herself marks a notice told (also by column: storage/pg/grants.py). The CHECKs
-- and the trigger of 0022 still guard what a decision may be.
ALTER TABLE account_requests ENABLE ROW LEVEL SECURITY;
ALTER TABLE account_requests FORCE ROW LEVEL SECURITY;
CREATE POLICY account_requests_read ON account_requests FOR SELECT TO blijf_app
    USING (user_id = (SELECT my_user_id()) OR (SELECT i_may('manage_users'))
           OR (SELECT i_may('confirm_accounts')));
CREATE POLICY account_requests_ask ON account_requests FOR INSERT TO blijf_app
    WITH CHECK ((SELECT i_may('manage_users')) AND requested_by = (SELECT my_user_id())
                AND (decided_by IS NULL OR decided_by = requested_by));
CREATE POLICY account_requests_decide ON account_requests FOR UPDATE TO blijf_app
    USING ((SELECT i_may('manage_users')) OR (SELECT i_may('confirm_accounts'))
           OR user_id = (SELECT my_user_id()))
    WITH CHECK (decided_by IS NULL OR decided_by = (SELECT my_user_id())
                OR user_id = (SELECT my_user_id()));
CREATE POLICY account_requests_never_her_own ON account_requests AS RESTRICTIVE FOR UPDATE
    TO blijf_app
    USING (user_id <> (SELECT my_user_id()) OR decision IS NOT NULL)
    WITH CHECK (told_at IS NULL OR user_id = (SELECT my_user_id()));

-- Who looked at a person's record, for her access report (Blijf 11; NEN 7513: the client may
-- see it; storage/access_report.looks): the rows about the person or her case, by role, never
-- a name. For who handles the requests (HANDLE_REQUESTS), about a person of a case she may
-- read (her teams', or one she broke the glass for), as the cases policy says.
CREATE FUNCTION trail_looks(person_id bigint, case_id bigint, person_types text[],
                            case_types text[], actions text[])
    RETURNS TABLE (at text, role text, action text, record_type text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = blijf, pg_temp AS $$
BEGIN
    IF my_user_id() IS NULL OR NOT i_may('handle_requests')
       OR NOT (case_team(trail_looks.case_id) = ANY (my_team_ids())
               OR trail_looks.case_id = ANY (my_open_cases()))
       OR NOT EXISTS (SELECT 1 FROM persons p WHERE p.id = trail_looks.person_id
                      AND p.case_id = trail_looks.case_id) THEN
        RAISE EXCEPTION 'not a record of hers to report on'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN QUERY
    SELECT a.at, coalesce(u.role, ''), a.action, a.record_type FROM audit_log a
    LEFT JOIN users u ON u.id = a.user_id
    WHERE ((a.record_id = trail_looks.person_id::text AND a.record_type = ANY (person_types))
           OR (a.record_id = trail_looks.case_id::text AND a.record_type = ANY (case_types)))
      AND a.action = ANY (actions)
    ORDER BY a.seq;
END
$$;
ALTER FUNCTION trail_looks(bigint, bigint, text[], text[], text[]) OWNER TO blijf_gate;
REVOKE ALL ON FUNCTION trail_looks(bigint, bigint, text[], text[], text[]) FROM PUBLIC;
