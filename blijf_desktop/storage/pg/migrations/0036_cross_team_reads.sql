-- Server only (issue 23, docs/server-mode.md section 5): what crosses teams on purpose, as
-- definer functions of blijf_gate that return what the local app shows, and nothing more:
--   retention_clocks()     the retention overview (VIEW_RETENTION; Blijf 8.1): case ids and dates
--   case_clock(case)       one case's dates, checked again as a destruction is carried out
--   destruction_figures(d) what an approved destruction keeps for the figures (APPROVE_
--                          DESTRUCTION, a case of her own teams as destroy()): codes, counts
--   figures(...)           the Jaarcijfers (VIEW_FIGURES; issue 21): codes, days and counts
--   incident_persons(ids)  the breach register's person check (MANAGE_INCIDENTS; AVG 33-34):
--                          ids and categories
--   incident_terms(texts)  the incident report's masker: of the words and phrases she typed,
--                          those that are a recorded name or address part (nothing else)
-- Each asks who calls (my_user_id(), i_may) inside; EXECUTE goes to the app roles through
-- storage/pg/grants.PERMISSION_FUNCTIONS only.
--
-- The gate reads the tables these need through a SELECT policy that holds only while the gate
-- itself is the current user, i.e. inside its own functions: blijf_owner is a member of
-- blijf_gate (for destroy()), and must still see no row of a case outside its destruction.

CREATE POLICY source_removals_counted ON source_removals FOR SELECT TO blijf_gate
    USING (current_user = 'blijf_gate');
CREATE POLICY signals_counted ON signals FOR SELECT TO blijf_gate
    USING (current_user = 'blijf_gate');
CREATE POLICY screenings_counted ON screenings FOR SELECT TO blijf_gate
    USING (current_user = 'blijf_gate');
CREATE POLICY trajects_counted ON trajects FOR SELECT TO blijf_gate
    USING (current_user = 'blijf_gate');
CREATE POLICY traject_steps_counted ON traject_steps FOR SELECT TO blijf_gate
    USING (current_user = 'blijf_gate');
CREATE POLICY exchanges_counted ON exchanges FOR SELECT TO blijf_gate
    USING (current_user = 'blijf_gate');
CREATE POLICY exchange_consents_counted ON exchange_consents FOR SELECT TO blijf_gate
    USING (current_user = 'blijf_gate');
CREATE POLICY exchange_disclosures_counted ON exchange_disclosures FOR SELECT TO blijf_gate
    USING (current_user = 'blijf_gate');
CREATE POLICY signal_sends_counted ON signal_sends FOR SELECT TO blijf_gate
    USING (current_user = 'blijf_gate');
CREATE POLICY rights_requests_counted ON rights_requests FOR SELECT TO blijf_gate
    USING (current_user = 'blijf_gate');
CREATE POLICY rights_request_steps_counted ON rights_request_steps FOR SELECT TO blijf_gate
    USING (current_user = 'blijf_gate');
CREATE POLICY destructions_counted ON destructions FOR SELECT TO blijf_gate
    USING (current_user = 'blijf_gate');
CREATE POLICY anonymised_figures_counted ON anonymised_figures FOR SELECT TO blijf_gate
    USING (current_user = 'blijf_gate');
GRANT SELECT ON source_removals, signals, signal_sends, screenings, trajects, traject_steps, exchanges,
    exchange_consents, exchange_disclosures, rights_requests, rights_request_steps,
    destructions, anonymised_figures TO blijf_gate;

-- The retention overview (storage/retention.cases_with_a_clock): every case whose clock runs.
CREATE FUNCTION retention_clocks()
    RETURNS TABLE (case_id bigint, closed_on text, chain_file_closed_on text,
                   first_source_removal text, has_signal boolean)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = blijf, pg_temp AS $$
BEGIN
    IF my_user_id() IS NULL OR NOT i_may('view_retention') THEN
        RAISE EXCEPTION 'not yours to read' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN QUERY
    SELECT c.id, c.closed_on, c.chain_file_closed_on,
           (SELECT min(r.removed_on) FROM source_removals r WHERE r.case_id = c.id),
           EXISTS (SELECT 1 FROM signals s WHERE s.case_id = c.id)
    FROM cases c
    WHERE c.closed_on IS NOT NULL OR c.chain_file_closed_on IS NOT NULL
       OR EXISTS (SELECT 1 FROM source_removals r WHERE r.case_id = c.id)
    ORDER BY c.id;
END
$$;

-- One case's dates, for whoever carries out a destruction (services/retention._still_due:
-- still closed and due?), the beheerder too, who reads no case; any case, as the overview.
CREATE FUNCTION case_clock(of_case bigint)
    RETURNS TABLE (case_id bigint, closed_on text, chain_file_closed_on text,
                   first_source_removal text, has_signal boolean)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = blijf, pg_temp AS $$
BEGIN
    IF my_user_id() IS NULL OR NOT i_may('view_retention') THEN
        RAISE EXCEPTION 'not yours to read' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN QUERY
    SELECT c.id, c.closed_on, c.chain_file_closed_on,
           (SELECT min(r.removed_on) FROM source_removals r WHERE r.case_id = c.id),
           EXISTS (SELECT 1 FROM signals s WHERE s.case_id = c.id)
    FROM cases c WHERE c.id = of_case;
END
$$;

-- What a destruction keeps of its case for the yearly figures (storage/anonymised.py, its
-- _CASE_FIGURES and _SIGNAL_FIGURES; Mensenhandel 22.6), read just before destroy(): for
-- whoever may carry it out (the same rule as destroy(): approved, a case of her own teams),
-- the beheerder too. A year, a measure, a code and a count per row.
CREATE FUNCTION destruction_figures(destruction_id bigint, units text[], no_unit text,
                                    unit_measure text)
    RETURNS TABLE (measure text, year text, breakdown text, n bigint)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = blijf, pg_temp AS $$
#variable_conflict use_column
DECLARE
    d destructions%ROWTYPE;
    owning bigint;
BEGIN
    IF my_user_id() IS NULL OR NOT i_may('approve_destruction') THEN
        RAISE EXCEPTION 'not yours to carry out' USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT * INTO d FROM destructions WHERE id = destruction_figures.destruction_id;
    IF NOT FOUND OR d.state <> 'beoordeeld' OR d.scope NOT IN ('dossier', 'signaal') THEN
        RAISE EXCEPTION 'only an approved destruction keeps figures'
            USING ERRCODE = 'restrict_violation';
    END IF;
    owning := case_team(d.case_id);
    IF owning IS NULL OR NOT (owning = ANY (my_team_ids())) THEN
        RAISE EXCEPTION 'only a case of her own teams is destroyed by her'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN QUERY  -- the unit it counted under (UNIT_RULE), as figure_case_units for one case
    SELECT unit_measure, substr(c.created_at, 1, 4), coalesce(
        (SELECT tu.unit FROM (
            SELECT t.id AS traject_id,
                   (SELECT s.data::json ->> 'unit' FROM traject_steps s
                     WHERE s.traject_id = t.id AND s.kind = 'stap'
                       AND s.state = 'informatie_gevraagd' ORDER BY s.id DESC LIMIT 1) AS unit
              FROM trajects t WHERE t.case_id = c.id) AS tu
          WHERE tu.unit IS NOT NULL ORDER BY tu.traject_id DESC LIMIT 1),
        (SELECT e.counterparty FROM exchanges e
          WHERE e.case_id = c.id AND e.counterparty = ANY (units)
          ORDER BY e.exchanged_on DESC, e.id DESC LIMIT 1),
        no_unit), 1::bigint
    FROM cases c WHERE c.id = d.case_id;
    IF d.scope = 'dossier' THEN
        RETURN QUERY
        SELECT 'intakes', substr(c.created_at, 1, 4), '', 1::bigint FROM cases c
        WHERE c.id = d.case_id
        UNION ALL
        SELECT 'screenings', substr(s.created_at, 1, 4),
               coalesce(s.chosen_level, s.proposed_level), count(*)
        FROM screenings s WHERE s.case_id = d.case_id GROUP BY 2, 3
        UNION ALL
        SELECT 'aware_trajecten', substr(t.created_at, 1, 4), '', count(*) FROM trajects t
        WHERE t.case_id = d.case_id GROUP BY 2
        UNION ALL
        SELECT 'aware_besluiten', substr(s.created_at, 1, 4), s.state, count(*)
        FROM traject_steps s JOIN trajects t ON t.id = s.traject_id
        WHERE t.case_id = d.case_id AND s.state IN ('toegekend', 'afgewezen')
          AND s.kind = 'stap' GROUP BY 2, 3
        UNION ALL
        SELECT 'exchanges', substr(e.exchanged_on, 1, 4), e.counterparty || ':' || e.direction,
               count(*)
        FROM exchanges e WHERE e.case_id = d.case_id GROUP BY 2, 3
        UNION ALL
        SELECT 'signals', substr(s.created_at, 1, 4), '', count(*) FROM signals s
        WHERE s.case_id = d.case_id GROUP BY 2;
    ELSE
        RETURN QUERY
        SELECT 'signals', substr(s.created_at, 1, 4), '', count(*) FROM signals s
        WHERE s.case_id = d.case_id GROUP BY 2
        UNION ALL
        SELECT 'exchanges', substr(e.exchanged_on, 1, 4), e.counterparty || ':' || e.direction,
               count(*)
        FROM exchanges e WHERE e.id IN (SELECT ss.exchange_id FROM signal_sends ss
                                        JOIN signals s ON s.id = ss.signal_id
                                        WHERE s.case_id = d.case_id)
        GROUP BY 2, 3;
    END IF;
END
$$;

-- The unit of each traject and case (domain/figures.py UNIT_RULE; storage/figures.UNITS_CTE).
-- Plain SQL functions without a SET clause, so PostgreSQL inlines them into figures() and
-- plans them as the subqueries they are (a function scan estimated at 1,000 rows made the
-- planner loop: 38 s for the decisions of 20,000 cases, 0.11 s inlined); their tables are
-- named with the schema for that reason. Run inside figures() as the gate.
CREATE FUNCTION figure_traject_units()
    RETURNS TABLE (traject_id bigint, case_id bigint, unit text)
    LANGUAGE sql STABLE AS $$
    SELECT t.id, t.case_id,
           (SELECT s.data::json ->> 'unit' FROM blijf.traject_steps s
             WHERE s.traject_id = t.id AND s.kind = 'stap' AND s.state = 'informatie_gevraagd'
             ORDER BY s.id DESC LIMIT 1)
    FROM blijf.trajects t
$$;

CREATE FUNCTION figure_case_units(units text[], no_unit text)
    RETURNS TABLE (case_id bigint, unit text)
    LANGUAGE sql STABLE AS $$
    SELECT c.id, coalesce(
        (SELECT tu.unit FROM (  -- the case's own trajects (an index look-up per case)
            SELECT t.id AS traject_id,
                   (SELECT s.data::json ->> 'unit' FROM blijf.traject_steps s
                     WHERE s.traject_id = t.id AND s.kind = 'stap'
                       AND s.state = 'informatie_gevraagd' ORDER BY s.id DESC LIMIT 1) AS unit
              FROM blijf.trajects t WHERE t.case_id = c.id) AS tu
          WHERE tu.unit IS NOT NULL ORDER BY tu.traject_id DESC LIMIT 1),
        (SELECT e.counterparty FROM blijf.exchanges e
          WHERE e.case_id = c.id AND e.counterparty = ANY (units)
          ORDER BY e.exchanged_on DESC, e.id DESC LIMIT 1),
        no_unit)
    FROM blijf.cases c
$$;

-- The Jaarcijfers' raw counts, one kind at a time (storage/figures.py says what each row
-- means): codes, days, UTC minutes and counts; never an id, a name or a text. Timestamps
-- come by the UTC minute (`substr(at, 1, 16)`) so the desk turns them into its own local day
-- as the local store does ('localtime'); `date_from`/`date_to` are days (years for
-- 'anonymised'), widened here by a day for the minutes.
CREATE FUNCTION figures(what text, date_from text, date_to text, units text[], no_unit text)
    RETURNS TABLE (k1 text, k2 text, k3 text, k4 text, k5 text, unit text, n bigint)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = blijf, pg_temp AS $$
#variable_conflict use_column
DECLARE
    lo text;
    hi text;
BEGIN
    IF my_user_id() IS NULL OR NOT i_may('view_figures') THEN
        RAISE EXCEPTION 'not yours to read' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF what IN ('intakes', 'screenings', 'trajects') THEN  -- timestamps: a day wider
        lo := to_char(date_from::date - 1, 'YYYY-MM-DD');
        hi := to_char(date_to::date + 2, 'YYYY-MM-DD');
    END IF;
    IF what = 'intakes' THEN
        RETURN QUERY
        SELECT substr(c.created_at, 1, 16), NULL, NULL, NULL, NULL, cu.unit, count(*)
        FROM cases c JOIN figure_case_units(units, no_unit) cu ON cu.case_id = c.id
        WHERE c.created_at >= lo AND c.created_at < hi GROUP BY 1, 6;
    ELSIF what = 'screenings' THEN
        RETURN QUERY
        SELECT coalesce(s.chosen_level, s.proposed_level), substr(s.created_at, 1, 16),
               NULL, NULL, NULL, cu.unit, count(*)
        FROM screenings s JOIN figure_case_units(units, no_unit) cu ON cu.case_id = s.case_id
        WHERE s.created_at >= lo AND s.created_at < hi GROUP BY 1, 2, 6;
    ELSIF what = 'trajects' THEN
        RETURN QUERY
        SELECT substr(t.created_at, 1, 16), NULL, NULL, NULL, NULL,
               coalesce(tu.unit, cu.unit), count(*)
        FROM trajects t JOIN figure_traject_units() tu ON tu.traject_id = t.id
        JOIN figure_case_units(units, no_unit) cu ON cu.case_id = t.case_id
        WHERE t.created_at >= lo AND t.created_at < hi GROUP BY 1, 6;
    ELSIF what = 'decisions' THEN
        RETURN QUERY
        SELECT s.state, NULL, NULL, NULL, NULL, coalesce(tu.unit, cu.unit), count(*)
        FROM traject_steps s JOIN figure_traject_units() tu ON tu.traject_id = s.traject_id
        JOIN figure_case_units(units, no_unit) cu ON cu.case_id = tu.case_id
        WHERE s.kind = 'stap' AND s.state IN ('toegekend', 'afgewezen')
          AND s.data::json ->> 'decided_on' BETWEEN date_from AND date_to
        GROUP BY 1, 6;
    ELSIF what = 'exchanges' THEN
        RETURN QUERY
        SELECT e.counterparty, e.direction,
               (EXISTS (SELECT 1 FROM exchange_consents ec WHERE ec.exchange_id = e.id))::int::text,
               coalesce(d.anonymised, 0)::text, NULL,
               CASE WHEN e.counterparty = ANY (units) THEN e.counterparty ELSE cu.unit END,
               count(*)
        FROM exchanges e JOIN figure_case_units(units, no_unit) cu ON cu.case_id = e.case_id
        LEFT JOIN exchange_disclosures d ON d.exchange_id = e.id
        WHERE e.corrects_id IS NULL AND e.exchanged_on BETWEEN date_from AND date_to
        GROUP BY 1, 2, 3, 4, 6;
    ELSIF what = 'connections' THEN
        RETURN QUERY
        SELECT connected_on, ended_at, reviews, NULL, NULL, unit, count(*) FROM (
            SELECT coalesce(tu.unit, cu.unit) AS unit,
                   (SELECT s.data::json ->> 'connected_on' FROM traject_steps s
                     WHERE s.traject_id = t.id AND s.kind = 'stap' AND s.state = 'aangesloten'
                     ORDER BY s.id LIMIT 1) AS connected_on,
                   (SELECT substr(s.created_at, 1, 16) FROM traject_steps s
                     WHERE s.traject_id = t.id AND s.kind = 'stap' AND s.state = 'beeindigd'
                     ORDER BY s.id LIMIT 1) AS ended_at,
                   (SELECT coalesce(json_agg(s.data::json ->> 'reviewed_on' ORDER BY s.id),
                                    '[]'::json)::text
                      FROM traject_steps s WHERE s.traject_id = t.id AND s.kind = 'evaluatie')
                       AS reviews
            FROM trajects t JOIN figure_traject_units() tu ON tu.traject_id = t.id
            JOIN figure_case_units(units, no_unit) cu ON cu.case_id = t.case_id) AS c
        WHERE connected_on IS NOT NULL GROUP BY 1, 2, 3, 6;
    ELSIF what = 'requests' THEN
        RETURN QUERY
        SELECT r.kind, r.chain::text, r.received_on,
               (SELECT s.months FROM rights_request_steps s
                 WHERE s.request_id = r.id AND s.step = 'verlenging')::text,
               (SELECT s.on_date FROM rights_request_steps s
                 WHERE s.request_id = r.id AND s.step = 'antwoord'),
               cu.unit, count(*)
        FROM rights_requests r JOIN figure_case_units(units, no_unit) cu ON cu.case_id = r.case_id
        WHERE r.received_on BETWEEN date_from AND date_to GROUP BY 1, 2, 3, 4, 5, 6;
    ELSIF what = 'destroyed' THEN  -- no_unit: the measure that kept the unit (UNIT_MEASURE)
        RETURN QUERY
        SELECT substr(d.destroyed_on, 1, 7), NULL, NULL, NULL, NULL,
               (SELECT a.breakdown FROM anonymised_figures a
                 WHERE a.destruction_id = d.id AND a.measure = no_unit), count(*)
        FROM destructions d
        WHERE d.scope = 'dossier' AND d.state = 'vernietigd'
          AND d.destroyed_on BETWEEN date_from AND date_to GROUP BY 1, 6;
    ELSIF what = 'anonymised' THEN  -- date_from/date_to: the whole years; no_unit: UNIT_MEASURE
        RETURN QUERY
        SELECT a.measure || ':' || a.breakdown, NULL, NULL, NULL, NULL,
               (SELECT u.breakdown FROM anonymised_figures u
                 WHERE u.destruction_id = a.destruction_id AND u.measure = no_unit),
               sum(a.count)::bigint
        FROM anonymised_figures a
        WHERE a.measure <> no_unit AND a.anonymised = 1
          AND a.year BETWEEN date_from::integer AND date_to::integer
        GROUP BY 1, 6;
    ELSE
        RAISE EXCEPTION 'no such figure' USING ERRCODE = 'invalid_parameter_value';
    END IF;
END
$$;

-- Lower case without the diacritics Dutch names and places carry, to compare what she typed
-- with a name on record as domain/sharing.mask_names does (its _fold; the desk masks again).
-- The capitals are in the list too: lower() leaves them under a database made with locale C.
CREATE FUNCTION plain(text) RETURNS text LANGUAGE sql IMMUTABLE SET search_path = blijf, pg_temp AS $$
    SELECT translate(lower($1), 'áàâäãåçćčéèêëěíìîïıñńóòôöõøśšşúùûüůýÿžźğ' || 'ÁÀÂÄÃÅÇĆČÉÈÊËĚÍÌÎÏİÑŃÓÒÔÖÕØŚŠŞÚÙÛÜŮÝŸŽŹĞ',
                     'aaaaaaccceeeeeiiiiinnoooooosssuuuuuyyzzg' || 'aaaaaaccceeeeeiiiiinnoooooosssuuuuuyyzzg')
$$;

-- The breach register names the people concerned by id (storage/incidents.py): which of these
-- ids are people on record, and their category (the report counts per category). Ids and
-- categories only: no name, no address, no case.
CREATE FUNCTION incident_persons(ids bigint[])
    RETURNS TABLE (person_id bigint, category integer)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = blijf, pg_temp AS $$
BEGIN
    IF my_user_id() IS NULL OR NOT i_may('manage_incidents') THEN
        RAISE EXCEPTION 'not yours to read' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN QUERY SELECT p.id, p.category FROM persons p WHERE p.id = ANY (ids) ORDER BY p.id;
END
$$;

-- The incident report's second line of defence (services/incident_report_input.masker):
-- the free text she typed should name no one. Of the words of `texts`, those that are a word
-- of a recorded person's name; of the address parts, places and birth dates on record, those
-- that occur in `texts` (case and spaces aside). Only what is already in her own text comes
-- back, so nothing of a person she did not type leaves (a name's other words stay here). A
-- name word comes back as recorded (mask_names takes a word in lower case for a tussenvoegsel).
CREATE FUNCTION incident_terms(texts text[])
    RETURNS TABLE (kind text, term text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = blijf, pg_temp AS $$
DECLARE
    typed text[] := regexp_split_to_array(plain(array_to_string(texts, ' ')),
                                          '[[:space:][:punct:]]+');
    squeezed text := regexp_replace(lower(array_to_string(texts, ' ')), '\s+', '', 'g');
BEGIN
    IF my_user_id() IS NULL OR NOT i_may('manage_incidents') THEN
        RAISE EXCEPTION 'not yours to read' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN QUERY
    SELECT DISTINCT 'name', w.word FROM (
        SELECT regexp_split_to_table(concat_ws(' ', p.first_names, p.prefix, p.last_name),
                                     '[[:space:][:punct:]]+') AS word FROM persons p) AS w
    WHERE length(w.word) >= 2
      AND (plain(w.word) = ANY (typed) OR plain(w.word) || 's' = ANY (typed))
    UNION
    SELECT DISTINCT 'phrase', f.phrase FROM (
        SELECT unnest(ARRAY[p.street, p.postcode, p.residence, p.birth_place, p.birth_date,
                            to_char(p.birth_date::date, 'DD-MM-YYYY'),
                            to_char(p.birth_date::date, 'FMDD-FMMM-YYYY')]) AS phrase
        FROM persons p) AS f
    WHERE f.phrase IS NOT NULL AND length(f.phrase) >= 3
      AND strpos(squeezed, regexp_replace(lower(f.phrase), '\s+', '', 'g')) > 0;
END
$$;

REVOKE ALL ON FUNCTION retention_clocks(), case_clock(bigint),
    destruction_figures(bigint, text[], text, text), figure_traject_units(),
    figure_case_units(text[], text), figures(text, text, text, text[], text),
    incident_persons(bigint[]), incident_terms(text[]), plain(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION figure_traject_units(), figure_case_units(text[], text), plain(text)
    TO blijf_gate;
ALTER FUNCTION retention_clocks() OWNER TO blijf_gate;
ALTER FUNCTION case_clock(bigint) OWNER TO blijf_gate;
ALTER FUNCTION destruction_figures(bigint, text[], text, text) OWNER TO blijf_gate;
ALTER FUNCTION figures(text, text, text, text[], text) OWNER TO blijf_gate;
ALTER FUNCTION incident_persons(bigint[]) OWNER TO blijf_gate;
ALTER FUNCTION incident_terms(text[]) OWNER TO blijf_gate;
