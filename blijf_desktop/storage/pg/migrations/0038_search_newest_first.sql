-- Server only (issue 23; no local twin): find_persons as measured at 100,000 clients
-- (`python bench/search.py --clients 100000 --server`). 0027's one query joined every match to
-- persons and case_teams before it took the newest page: a common needle (a town: 13,472
-- people for "huizen") cost ~200 ms, p95 ~240 ms over the bench's queries. Now in two steps,
-- each giving exactly the page the whole search gives:
-- 1. The newest people first (the window, 5,000 by default), newest first: a common needle
--    fills the page there. Every person newer than the window's last was read, so when the
--    window holds the page's people they are the newest matches of all.
-- 2. Otherwise the trigram index's matches, sorted by id, are checked against her cases one
--    at a time until the page is full (a semi join that stops), not all of them first.
-- `blijf.search_window` (a session setting) sizes the window; the tests set it small to
-- check that both steps give the same page. It changes speed only, never what is found.
CREATE OR REPLACE FUNCTION find_persons(contact_only boolean, needles text[], max_rows integer,
                                        skip integer) RETURNS SETOF bigint
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = blijf, pg_temp AS $$
DECLARE
    patterns text[];
    teams bigint[];
    open_cases bigint[];
    first_row integer := greatest(skip, 0) + 1;
    wanted integer := greatest(max_rows, 0) + greatest(skip, 0);
    window_size integer := coalesce(nullif(current_setting('blijf.search_window', true), '')::integer,
                                    5000);
    newest bigint[];
BEGIN
    IF my_user_id() IS NULL OR NOT i_may('view_persons')
       OR coalesce(cardinality(needles), 0) = 0 OR max_rows <= 0 THEN
        RETURN;
    END IF;
    patterns := like_patterns(needles);
    teams := my_team_ids();
    open_cases := my_open_cases();
    SELECT array_agg(n.person_id ORDER BY n.person_id DESC) INTO newest FROM (
        SELECT w.person_id FROM (
            SELECT t.person_id, t.words, t.contact FROM person_trigrams t
            ORDER BY t.person_id DESC LIMIT greatest(window_size, 0)) w
        WHERE CASE WHEN contact_only THEN w.contact ELSE w.words END LIKE ALL (patterns)
          AND EXISTS (SELECT 1 FROM persons p JOIN case_teams ct ON ct.case_id = p.case_id
                      WHERE p.id = w.person_id
                        AND (ct.team_id = ANY (teams) OR p.case_id = ANY (open_cases)))
        ORDER BY w.person_id DESC LIMIT wanted) n;
    IF coalesce(cardinality(newest), 0) >= wanted THEN
        RETURN QUERY SELECT unnest(newest[first_row:wanted]);
        RETURN;
    END IF;
    IF contact_only THEN
        RETURN QUERY
        SELECT c.person_id FROM (
            SELECT t.person_id FROM person_trigrams t
            WHERE t.contact LIKE patterns[1] AND t.contact LIKE ALL (patterns)
            ORDER BY t.person_id DESC) c
        WHERE EXISTS (SELECT 1 FROM persons p JOIN case_teams ct ON ct.case_id = p.case_id
                      WHERE p.id = c.person_id
                        AND (ct.team_id = ANY (teams) OR p.case_id = ANY (open_cases)))
        ORDER BY c.person_id DESC LIMIT greatest(max_rows, 0) OFFSET greatest(skip, 0);
    ELSE
        RETURN QUERY
        SELECT c.person_id FROM (
            SELECT t.person_id FROM person_trigrams t
            WHERE t.words LIKE patterns[1] AND t.words LIKE ALL (patterns)
            ORDER BY t.person_id DESC) c
        WHERE EXISTS (SELECT 1 FROM persons p JOIN case_teams ct ON ct.case_id = p.case_id
                      WHERE p.id = c.person_id
                        AND (ct.team_id = ANY (teams) OR p.case_id = ANY (open_cases)))
        ORDER BY c.person_id DESC LIMIT greatest(max_rows, 0) OFFSET greatest(skip, 0);
    END IF;
END
$$;
