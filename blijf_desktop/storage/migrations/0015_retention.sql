-- Bewaartermijnen and destruction under four eyes (issue 20). Numbered 0015: other numbers
-- are taken by parallel branches.
--
-- Closing a case starts the retention clock (Blijf 8.1); the chain file's closing starts the
-- signal data's own, shorter one (Mensenhandel 22.5), and a removal at the source makes that
-- data due (22.2). Dates are ISO days; who closed is a user id.
ALTER TABLE cases ADD COLUMN closed_on TEXT;
ALTER TABLE cases ADD COLUMN closed_by INTEGER REFERENCES users(id);
ALTER TABLE cases ADD COLUMN chain_file_closed_on TEXT;

CREATE TABLE source_removals (
    id           INTEGER PRIMARY KEY,
    case_id      INTEGER NOT NULL REFERENCES cases(id),
    removed_on   TEXT NOT NULL,        -- the day the chain partner removed it at the source
    counterparty TEXT NOT NULL,        -- a recipient code (domain/sharing.py), never a name
    recorded_at  TEXT NOT NULL,
    recorded_by  INTEGER NOT NULL REFERENCES users(id)
);
CREATE INDEX source_removals_case ON source_removals(case_id);

-- One proposal to destroy, and what became of it. No foreign key to the case or person: the
-- row outlives them and names only ids and codes. The free notes may name someone, so the
-- engine wipes them when the data goes (the reason code stays).
CREATE TABLE destructions (
    id             INTEGER PRIMARY KEY,
    scope          TEXT NOT NULL CHECK (scope IN ('dossier', 'signaal', 'persoon', 'tekst')),
    case_id        INTEGER NOT NULL,
    person_id      INTEGER,
    text_kind      TEXT CHECK (text_kind IN ('dreiging', 'toelichting')),
    text_ref       TEXT,
    request_id     INTEGER,            -- an erasure decision on a request of the person
    reason_code    TEXT NOT NULL,
    note           TEXT NOT NULL DEFAULT '',
    state          TEXT NOT NULL
                   CHECK (state IN ('voorgesteld', 'beoordeeld', 'vernietigd', 'teruggezet')),
    proposed_by    INTEGER NOT NULL REFERENCES users(id),
    proposed_at    TEXT NOT NULL,
    reviewed_by    INTEGER REFERENCES users(id),
    reviewed_at    TEXT,
    review_note    TEXT NOT NULL DEFAULT '',
    carried_out_by INTEGER REFERENCES users(id),
    carried_out_at TEXT,
    destroyed_on   TEXT,
    keep_days      INTEGER,            -- the backup rotation in force (domain/backups.py)
    counts         TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(counts)),
    in_progress    INTEGER NOT NULL DEFAULT 0 CHECK (in_progress IN (0, 1)),
    -- four eyes: the one who proposes never reviews
    CHECK (reviewed_by IS NULL OR reviewed_by <> proposed_by),
    CHECK ((reviewed_by IS NULL) = (reviewed_at IS NULL)),
    CHECK ((state = 'voorgesteld') = (reviewed_by IS NULL)),
    CHECK (state <> 'teruggezet' OR review_note <> '' OR carried_out_at IS NULL),
    CHECK ((state = 'vernietigd') = (carried_out_at IS NOT NULL)),
    CHECK ((carried_out_at IS NULL) = (carried_out_by IS NULL)),
    CHECK (in_progress = 0 OR state = 'beoordeeld'),
    CHECK ((scope = 'persoon') = (person_id IS NOT NULL)),
    CHECK ((scope = 'tekst') = (text_kind IS NOT NULL AND text_ref IS NOT NULL))
);
CREATE INDEX destructions_case ON destructions(case_id, id);
CREATE INDEX destructions_state ON destructions(state, id);

-- Only forward: voorgesteld -> beoordeeld | teruggezet, beoordeeld -> vernietigd. A final row
-- changes only by having its notes wiped.
CREATE TRIGGER destructions_forward BEFORE UPDATE ON destructions
WHEN new.id IS NOT old.id OR new.scope IS NOT old.scope OR new.case_id IS NOT old.case_id
  OR new.person_id IS NOT old.person_id OR new.text_kind IS NOT old.text_kind
  OR new.text_ref IS NOT old.text_ref OR new.request_id IS NOT old.request_id
  OR new.reason_code IS NOT old.reason_code OR new.proposed_by IS NOT old.proposed_by
  OR new.proposed_at IS NOT old.proposed_at
  OR (new.state IS NOT old.state AND NOT (
        (old.state = 'voorgesteld' AND new.state IN ('beoordeeld', 'teruggezet'))
        OR (old.state = 'beoordeeld' AND new.state = 'vernietigd')))
  OR (old.reviewed_by IS NOT NULL AND (new.reviewed_by IS NOT old.reviewed_by
                                       OR new.reviewed_at IS NOT old.reviewed_at))
  OR (old.state IN ('vernietigd', 'teruggezet') AND (
        new.carried_out_by IS NOT old.carried_out_by
        OR new.carried_out_at IS NOT old.carried_out_at OR new.counts IS NOT old.counts
        OR new.destroyed_on IS NOT old.destroyed_on OR new.keep_days IS NOT old.keep_days
        OR new.in_progress IS NOT old.in_progress
        OR (new.note IS NOT old.note AND new.note <> '')
        OR (new.review_note IS NOT old.review_note AND new.review_note <> '')))
BEGIN
    SELECT RAISE(ABORT, 'a destruction only moves forward');
END;
CREATE TRIGGER destructions_never_deleted BEFORE DELETE ON destructions BEGIN
    SELECT RAISE(ABORT, 'destructions rows are never deleted');
END;

-- Counts for the yearly figures, taken before the rows go (Mensenhandel 22.6): no ids of
-- people or cases, only a year, a measure and a count, marked as anonymised.
CREATE TABLE anonymised_figures (
    id             INTEGER PRIMARY KEY,
    destruction_id INTEGER NOT NULL REFERENCES destructions(id),
    year           INTEGER NOT NULL,
    measure        TEXT NOT NULL,      -- e.g. 'intakes', 'screenings', 'exchanges'
    breakdown      TEXT NOT NULL DEFAULT '',  -- a code: a level, a counterparty and direction
    count          INTEGER NOT NULL CHECK (count > 0),
    anonymised     INTEGER NOT NULL DEFAULT 1 CHECK (anonymised = 1),  -- the 22.6 mark
    basis          TEXT NOT NULL DEFAULT 'Mensenhandel 22.6'
);
CREATE TRIGGER anonymised_figures_never_updated BEFORE UPDATE ON anonymised_figures BEGIN
    SELECT RAISE(ABORT, 'anonymised figures are never changed');
END;
CREATE TRIGGER anonymised_figures_never_deleted BEFORE DELETE ON anonymised_figures BEGIN
    SELECT RAISE(ABORT, 'anonymised figures are never deleted');
END;

-- The controlled path that replaces "never deleted" (migrations 0006-0010): a row of a case
-- goes only while an approved destruction of that case is marked in progress, which the
-- engine sets and clears inside its one transaction (storage/destruction.py). Ordinary code
-- can still never delete; the people, threats and history (0002) get the same guard.
DROP TRIGGER screenings_never_deleted;
DROP TRIGGER screening_answers_never_deleted;
DROP TRIGGER exchanges_never_deleted;
DROP TRIGGER exchange_items_never_deleted;
DROP TRIGGER exchange_flags_never_deleted;
DROP TRIGGER exchange_disclosures_never_deleted;
DROP TRIGGER exchange_consents_never_deleted;
DROP TRIGGER trajects_never_deleted;
DROP TRIGGER traject_persons_never_deleted;
DROP TRIGGER traject_steps_never_deleted;
DROP TRIGGER consents_never_deleted;
DROP TRIGGER consent_history_never_deleted;
DROP TRIGGER follow_up_tasks_never_deleted;
DROP TRIGGER follow_up_items_never_deleted;
DROP TRIGGER signals_never_deleted;
DROP TRIGGER signal_sends_never_deleted;
CREATE TRIGGER cases_destroyed_only BEFORE DELETE ON cases
WHEN NOT EXISTS (SELECT 1 FROM destructions d WHERE d.in_progress = 1
                   AND d.case_id = old.id)
BEGIN
    SELECT RAISE(ABORT, 'cases rows are deleted only by an approved destruction');
END;
CREATE TRIGGER persons_destroyed_only BEFORE DELETE ON persons
WHEN NOT EXISTS (SELECT 1 FROM destructions d WHERE d.in_progress = 1
                   AND d.case_id = old.case_id)
BEGIN
    SELECT RAISE(ABORT, 'persons rows are deleted only by an approved destruction');
END;
CREATE TRIGGER person_history_destroyed_only BEFORE DELETE ON person_history
WHEN NOT EXISTS (SELECT 1 FROM destructions d WHERE d.in_progress = 1
                   AND d.case_id = (SELECT case_id FROM persons WHERE id = old.person_id))
BEGIN
    SELECT RAISE(ABORT, 'person_history rows are deleted only by an approved destruction');
END;
CREATE TRIGGER threats_destroyed_only BEFORE DELETE ON threats
WHEN NOT EXISTS (SELECT 1 FROM destructions d WHERE d.in_progress = 1
                   AND d.case_id = old.case_id)
BEGIN
    SELECT RAISE(ABORT, 'threats rows are deleted only by an approved destruction');
END;
CREATE TRIGGER source_removals_destroyed_only BEFORE DELETE ON source_removals
WHEN NOT EXISTS (SELECT 1 FROM destructions d WHERE d.in_progress = 1
                   AND d.case_id = old.case_id)
BEGIN
    SELECT RAISE(ABORT, 'source_removals rows are deleted only by an approved destruction');
END;
CREATE TRIGGER screenings_destroyed_only BEFORE DELETE ON screenings
WHEN NOT EXISTS (SELECT 1 FROM destructions d WHERE d.in_progress = 1
                   AND d.case_id = old.case_id)
BEGIN
    SELECT RAISE(ABORT, 'screenings rows are deleted only by an approved destruction');
END;
CREATE TRIGGER screening_answers_destroyed_only BEFORE DELETE ON screening_answers
WHEN NOT EXISTS (SELECT 1 FROM destructions d WHERE d.in_progress = 1
                   AND d.case_id = (SELECT case_id FROM screenings WHERE id = old.screening_id))
BEGIN
    SELECT RAISE(ABORT, 'screening_answers rows are deleted only by an approved destruction');
END;
CREATE TRIGGER exchanges_destroyed_only BEFORE DELETE ON exchanges
WHEN NOT EXISTS (SELECT 1 FROM destructions d WHERE d.in_progress = 1
                   AND d.case_id = old.case_id)
BEGIN
    SELECT RAISE(ABORT, 'exchanges rows are deleted only by an approved destruction');
END;
CREATE TRIGGER exchange_items_destroyed_only BEFORE DELETE ON exchange_items
WHEN NOT EXISTS (SELECT 1 FROM destructions d WHERE d.in_progress = 1
                   AND d.case_id = (SELECT case_id FROM exchanges WHERE id = old.exchange_id))
BEGIN
    SELECT RAISE(ABORT, 'exchange_items rows are deleted only by an approved destruction');
END;
CREATE TRIGGER exchange_flags_destroyed_only BEFORE DELETE ON exchange_flags
WHEN NOT EXISTS (SELECT 1 FROM destructions d WHERE d.in_progress = 1
                   AND d.case_id = (SELECT e.case_id FROM exchange_items i JOIN exchanges e ON e.id = i.exchange_id WHERE i.id = old.item_id))
BEGIN
    SELECT RAISE(ABORT, 'exchange_flags rows are deleted only by an approved destruction');
END;
CREATE TRIGGER exchange_disclosures_destroyed_only BEFORE DELETE ON exchange_disclosures
WHEN NOT EXISTS (SELECT 1 FROM destructions d WHERE d.in_progress = 1
                   AND d.case_id = (SELECT case_id FROM exchanges WHERE id = old.exchange_id))
BEGIN
    SELECT RAISE(ABORT, 'exchange_disclosures rows are deleted only by an approved destruction');
END;
CREATE TRIGGER exchange_consents_destroyed_only BEFORE DELETE ON exchange_consents
WHEN NOT EXISTS (SELECT 1 FROM destructions d WHERE d.in_progress = 1
                   AND d.case_id = (SELECT case_id FROM exchanges WHERE id = old.exchange_id))
BEGIN
    SELECT RAISE(ABORT, 'exchange_consents rows are deleted only by an approved destruction');
END;
CREATE TRIGGER trajects_destroyed_only BEFORE DELETE ON trajects
WHEN NOT EXISTS (SELECT 1 FROM destructions d WHERE d.in_progress = 1
                   AND d.case_id = old.case_id)
BEGIN
    SELECT RAISE(ABORT, 'trajects rows are deleted only by an approved destruction');
END;
CREATE TRIGGER traject_persons_destroyed_only BEFORE DELETE ON traject_persons
WHEN NOT EXISTS (SELECT 1 FROM destructions d WHERE d.in_progress = 1
                   AND d.case_id = (SELECT case_id FROM trajects WHERE id = old.traject_id))
BEGIN
    SELECT RAISE(ABORT, 'traject_persons rows are deleted only by an approved destruction');
END;
CREATE TRIGGER traject_steps_destroyed_only BEFORE DELETE ON traject_steps
WHEN NOT EXISTS (SELECT 1 FROM destructions d WHERE d.in_progress = 1
                   AND d.case_id = (SELECT case_id FROM trajects WHERE id = old.traject_id))
BEGIN
    SELECT RAISE(ABORT, 'traject_steps rows are deleted only by an approved destruction');
END;
CREATE TRIGGER consents_destroyed_only BEFORE DELETE ON consents
WHEN NOT EXISTS (SELECT 1 FROM destructions d WHERE d.in_progress = 1
                   AND d.case_id = old.case_id)
BEGIN
    SELECT RAISE(ABORT, 'consents rows are deleted only by an approved destruction');
END;
CREATE TRIGGER consent_history_destroyed_only BEFORE DELETE ON consent_history
WHEN NOT EXISTS (SELECT 1 FROM destructions d WHERE d.in_progress = 1
                   AND d.case_id = (SELECT case_id FROM consents WHERE id = old.consent_id))
BEGIN
    SELECT RAISE(ABORT, 'consent_history rows are deleted only by an approved destruction');
END;
CREATE TRIGGER follow_up_tasks_destroyed_only BEFORE DELETE ON follow_up_tasks
WHEN NOT EXISTS (SELECT 1 FROM destructions d WHERE d.in_progress = 1
                   AND d.case_id = old.case_id)
BEGIN
    SELECT RAISE(ABORT, 'follow_up_tasks rows are deleted only by an approved destruction');
END;
CREATE TRIGGER follow_up_items_destroyed_only BEFORE DELETE ON follow_up_items
WHEN NOT EXISTS (SELECT 1 FROM destructions d WHERE d.in_progress = 1
                   AND d.case_id = (SELECT case_id FROM follow_up_tasks WHERE id = old.task_id))
BEGIN
    SELECT RAISE(ABORT, 'follow_up_items rows are deleted only by an approved destruction');
END;
CREATE TRIGGER signals_destroyed_only BEFORE DELETE ON signals
WHEN NOT EXISTS (SELECT 1 FROM destructions d WHERE d.in_progress = 1
                   AND d.case_id = old.case_id)
BEGIN
    SELECT RAISE(ABORT, 'signals rows are deleted only by an approved destruction');
END;
CREATE TRIGGER signal_sends_destroyed_only BEFORE DELETE ON signal_sends
WHEN NOT EXISTS (SELECT 1 FROM destructions d WHERE d.in_progress = 1
                   AND d.case_id = (SELECT case_id FROM signals WHERE id = old.signal_id))
BEGIN
    SELECT RAISE(ABORT, 'signal_sends rows are deleted only by an approved destruction');
END;
-- Erasing one person takes her name out of texts that stay (a police item about the client
-- that names the pleger, a signal, an advice): those append-only rows change only inside the
-- same controlled path.
DROP TRIGGER screenings_never_updated;
CREATE TRIGGER screenings_never_updated BEFORE UPDATE ON screenings
WHEN NOT EXISTS (SELECT 1 FROM destructions d WHERE d.in_progress = 1
                   AND d.case_id = old.case_id)
BEGIN
    SELECT RAISE(ABORT, 'a screening is never changed; record a new one');
END;
DROP TRIGGER screening_answers_never_updated;
CREATE TRIGGER screening_answers_never_updated BEFORE UPDATE ON screening_answers
WHEN NOT EXISTS (SELECT 1 FROM destructions d WHERE d.in_progress = 1
                   AND d.case_id = (SELECT case_id FROM screenings WHERE id = old.screening_id))
BEGIN
    SELECT RAISE(ABORT, 'a screening is never changed; record a new one');
END;
DROP TRIGGER exchanges_never_updated;
CREATE TRIGGER exchanges_never_updated BEFORE UPDATE ON exchanges
WHEN NOT EXISTS (SELECT 1 FROM destructions d WHERE d.in_progress = 1
                   AND d.case_id = old.case_id)
BEGIN
    SELECT RAISE(ABORT, 'exchange register rows are never changed');
END;
DROP TRIGGER exchange_items_never_updated;
CREATE TRIGGER exchange_items_never_updated BEFORE UPDATE ON exchange_items
WHEN NOT EXISTS (SELECT 1 FROM destructions d WHERE d.in_progress = 1
                   AND d.case_id = (SELECT case_id FROM exchanges WHERE id = old.exchange_id))
BEGIN
    SELECT RAISE(ABORT, 'exchange register rows are never changed');
END;
DROP TRIGGER exchange_disclosures_never_updated;
CREATE TRIGGER exchange_disclosures_never_updated BEFORE UPDATE ON exchange_disclosures
WHEN NOT EXISTS (SELECT 1 FROM destructions d WHERE d.in_progress = 1
                   AND d.case_id = (SELECT case_id FROM exchanges WHERE id = old.exchange_id))
BEGIN
    SELECT RAISE(ABORT, 'exchange register rows are never changed');
END;
DROP TRIGGER trajects_never_updated;
CREATE TRIGGER trajects_never_updated BEFORE UPDATE ON trajects
WHEN NOT EXISTS (SELECT 1 FROM destructions d WHERE d.in_progress = 1
                   AND d.case_id = old.case_id)
BEGIN
    SELECT RAISE(ABORT, 'a traject is never changed; record a new step');
END;
DROP TRIGGER traject_steps_never_updated;
CREATE TRIGGER traject_steps_never_updated BEFORE UPDATE ON traject_steps
WHEN NOT EXISTS (SELECT 1 FROM destructions d WHERE d.in_progress = 1
                   AND d.case_id = (SELECT case_id FROM trajects WHERE id = old.traject_id))
BEGIN
    SELECT RAISE(ABORT, 'a traject step is never changed; record a new step');
END;
DROP TRIGGER consent_history_never_updated;
CREATE TRIGGER consent_history_never_updated BEFORE UPDATE ON consent_history
WHEN NOT EXISTS (SELECT 1 FROM destructions d WHERE d.in_progress = 1
                   AND d.case_id = (SELECT case_id FROM consents WHERE id = old.consent_id))
BEGIN
    SELECT RAISE(ABORT, 'consent history rows are never changed');
END;
DROP TRIGGER consents_final_states;
CREATE TRIGGER consents_final_states BEFORE UPDATE ON consents
WHEN (old.state IN ('ingetrokken', 'geweigerd', 'verlopen')
  OR (old.state = 'actief' AND (new.state IS NOT 'ingetrokken'
      OR new.scope IS NOT old.scope OR new.valid_from IS NOT old.valid_from
      OR new.valid_until IS NOT old.valid_until OR new.grantor IS NOT old.grantor
      OR new.weighing IS NOT old.weighing OR new.client_position IS NOT old.client_position
      OR new.client_informed IS NOT old.client_informed
      OR new.position_reason IS NOT old.position_reason
      OR new.verified_by IS NOT old.verified_by OR new.verified_at IS NOT old.verified_at))
  OR new.case_id IS NOT old.case_id OR new.prepared_by IS NOT old.prepared_by
  OR new.prepared_at IS NOT old.prepared_at OR new.id IS NOT old.id)
  AND NOT EXISTS (SELECT 1 FROM destructions d WHERE d.in_progress = 1
                  AND d.case_id = old.case_id AND new.case_id IS old.case_id
                  AND new.id IS old.id AND new.state IS old.state)
BEGIN
    SELECT RAISE(ABORT, 'consent may not change this way');
END;

DROP TRIGGER signals_read_only_once_sent;
CREATE TRIGGER signals_read_only_once_sent BEFORE UPDATE ON signals
WHEN EXISTS (SELECT 1 FROM signal_sends WHERE signal_id = OLD.id)
  AND NOT EXISTS (SELECT 1 FROM destructions d WHERE d.in_progress = 1
                  AND d.case_id = old.case_id AND new.case_id IS old.case_id)
BEGIN
    SELECT RAISE(ABORT, 'a sent signal is never changed');
END;
