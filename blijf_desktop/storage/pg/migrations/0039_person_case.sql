-- Server only (issue 23; no local twin): the case of a person, also of a person she may not
-- read, so that the gate (services/case_gate.py) can name that case's team and offer the
-- break-the-glass, as it does locally. Without it a "bekend bij team X" hit opened by its
-- person read as unknown on a server: no `need_to_know_refused` row, no offer to break the
-- glass (Blijf 6.1). A case id only, as case_team gives a team id; nothing of the person.
CREATE FUNCTION person_case(person_id bigint) RETURNS bigint LANGUAGE sql STABLE
    SECURITY DEFINER SET search_path = blijf, pg_temp AS $$
    SELECT p.case_id FROM persons p
    WHERE p.id = person_case.person_id AND my_user_id() IS NOT NULL
$$;
ALTER FUNCTION person_case(bigint) OWNER TO blijf_gate;
REVOKE ALL ON FUNCTION person_case(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION person_case(bigint) TO blijf_app;
