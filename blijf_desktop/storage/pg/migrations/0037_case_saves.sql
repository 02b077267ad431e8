-- Server only (issue 23; docs/server-mode.md sections 5 and 8), no local twin.

-- A new case saved once. A desk that loses its connection during the COMMIT cannot tell
-- whether the save arrived; its draft is kept and a second save would make a second case of
-- the same client. The desk sends a random token with each new case (kept in its local draft
-- store beside the draft, services/save_once.py); the case and its token are written together,
-- and before a retry the desk asks whether its token has a case. A token names no one: 32 hex
-- characters, the case id and the user who saved it. The row goes with its case (a destruction).
CREATE TABLE case_saves (
    token text PRIMARY KEY CHECK (token ~ '^[0-9a-f]{32}$'),
    case_id bigint NOT NULL UNIQUE REFERENCES cases (id) ON DELETE CASCADE,
    user_id bigint NOT NULL REFERENCES users (id)
);
ALTER TABLE case_saves ENABLE ROW LEVEL SECURITY;
ALTER TABLE case_saves FORCE ROW LEVEL SECURITY;
-- Only through the two functions below: no working role reads or writes it.
CREATE POLICY case_saves_gate ON case_saves TO blijf_gate USING (true) WITH CHECK (true);
REVOKE ALL ON case_saves FROM PUBLIC;
GRANT SELECT, INSERT ON case_saves TO blijf_gate;

-- blijf.new_case with the desk's token (same checks: edit_persons, one of her teams).
CREATE FUNCTION new_case_once(team bigint, created_at text, token text) RETURNS bigint
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = blijf, pg_temp AS $$
DECLARE
    made bigint := new_case(team, created_at);
BEGIN
    INSERT INTO case_saves (token, case_id, user_id) VALUES (token, made, my_user_id());
    RETURN made;
END
$$;

-- The case her save with `token` made, or NULL: her own tokens only, and only a case she
-- may still read (a case moved to another team since answers NULL, as any other read).
CREATE FUNCTION saved_case(token text) RETURNS bigint LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = blijf, pg_temp AS $$
    SELECT s.case_id FROM case_saves s
    WHERE s.token = saved_case.token AND s.user_id = my_user_id()
      AND EXISTS (SELECT 1 FROM case_teams ct WHERE ct.case_id = s.case_id
                  AND ct.team_id = ANY (my_team_ids()));
$$;

-- Moving a case (MOVE_CASE; services/teams.move_case). The UPDATE policy of 0027 cannot serve
-- it: an UPDATE that reads the row must leave a row its SELECT policy still shows her, and a
-- case moved out of her team is no longer hers to read. So the move is a definer function
-- with the policy's rule: the teamleider of the case's team, to any active team.
CREATE FUNCTION move_case(case_id bigint, team bigint) RETURNS void LANGUAGE plpgsql
    VOLATILE SECURITY DEFINER SET search_path = blijf, pg_temp AS $$
BEGIN
    IF my_user_id() IS NULL OR NOT i_may('move_case')
       OR NOT EXISTS (SELECT 1 FROM case_teams ct WHERE ct.case_id = move_case.case_id
                      AND ct.team_id = ANY (my_team_ids())) THEN
        RAISE EXCEPTION 'not a case of your team' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM teams t WHERE t.id = team AND t.active = 1) THEN
        RAISE EXCEPTION 'no such active team' USING ERRCODE = 'insufficient_privilege';
    END IF;
    UPDATE case_teams SET team_id = team WHERE case_teams.case_id = move_case.case_id;
END
$$;
GRANT UPDATE (team_id) ON case_teams TO blijf_gate;

ALTER FUNCTION new_case_once(bigint, text, text) OWNER TO blijf_gate;
ALTER FUNCTION saved_case(text) OWNER TO blijf_gate;
ALTER FUNCTION move_case(bigint, bigint) OWNER TO blijf_gate;
REVOKE ALL ON FUNCTION new_case_once(bigint, text, text), saved_case(text),
    move_case(bigint, bigint) FROM PUBLIC;
