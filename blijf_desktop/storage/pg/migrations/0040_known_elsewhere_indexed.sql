-- Server only (issue 23; no local twin): known_elsewhere as measured at 100,000 clients
-- (`python bench/search.py --clients 100000 --server`). Since the search merges "bekend bij
-- team X" into every page (docs section 5), it runs with every search; 0027's one WHERE took
-- the words or the contact column by `contact_only OR ...`, which a function's plan cannot
-- resolve, so no trigram index served it: every search read all 400,000 people (p50 260 ms,
-- p95 1.3 s, max 9.9 s on a quiet machine). Now one query per column, as find_persons, each
-- served by its index; the same rows, the same order, the same limit.
CREATE OR REPLACE FUNCTION known_elsewhere(contact_only boolean, needles text[], max_rows integer)
    RETURNS TABLE (person_id bigint, case_id bigint, first_names text, prefix text,
                   last_name text, team_id bigint)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = blijf, pg_temp AS $$
DECLARE
    patterns text[];
    teams bigint[];
    open_cases bigint[];
BEGIN
    IF my_user_id() IS NULL OR NOT i_may('view_persons') OR coalesce(cardinality(needles), 0) = 0
       OR cardinality(needles) > 8 OR EXISTS (SELECT 1 FROM unnest(needles) n WHERE length(n) < 3) THEN
        RETURN;
    END IF;
    patterns := like_patterns(needles);
    teams := my_team_ids();
    open_cases := my_open_cases();
    IF contact_only THEN
        RETURN QUERY
        SELECT p.id, p.case_id, p.first_names, p.prefix, p.last_name, ct.team_id
        FROM (SELECT t.person_id FROM person_trigrams t
              WHERE t.contact LIKE patterns[1] AND t.contact LIKE ALL (patterns)
              ORDER BY t.person_id DESC) c
        JOIN persons p ON p.id = c.person_id
        JOIN case_teams ct ON ct.case_id = p.case_id
        WHERE NOT (ct.team_id = ANY (teams)) AND NOT (p.case_id = ANY (open_cases))
          AND NOT EXISTS (SELECT 1 FROM restrictions r
                          WHERE r.person_id = p.id AND r.lifted_at IS NULL)
        ORDER BY p.id DESC LIMIT least(greatest(max_rows, 0), 100);
    ELSE
        RETURN QUERY
        SELECT p.id, p.case_id, p.first_names, p.prefix, p.last_name, ct.team_id
        FROM (SELECT t.person_id FROM person_trigrams t
              WHERE t.words LIKE patterns[1] AND t.words LIKE ALL (patterns)
              ORDER BY t.person_id DESC) c
        JOIN persons p ON p.id = c.person_id
        JOIN case_teams ct ON ct.case_id = p.case_id
        WHERE NOT (ct.team_id = ANY (teams)) AND NOT (p.case_id = ANY (open_cases))
          AND NOT EXISTS (SELECT 1 FROM restrictions r
                          WHERE r.person_id = p.id AND r.lifted_at IS NULL)
        ORDER BY p.id DESC LIMIT least(greatest(max_rows, 0), 100);
    END IF;
END
$$;
