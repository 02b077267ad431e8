-- Risicotaxatie (issue 17): every screening of a case is a new row, never changed in place,
-- so the history shows what was known when. The signal list is versioned in domain/risk.py;
-- each screening keeps the version it was filled in with. Notes are personal data: they live
-- only here, in the encrypted store, never in the audit trail.
CREATE TABLE screenings (
    id              INTEGER PRIMARY KEY,
    case_id         INTEGER NOT NULL REFERENCES cases(id),
    version         INTEGER NOT NULL,
    proposed_level  TEXT NOT NULL CHECK (proposed_level IN ('groen', 'oranje', 'rood')),
    -- NULL: the proposal stands; otherwise the level the professional chose instead
    chosen_level    TEXT CHECK (chosen_level IN ('groen', 'oranje', 'rood')),
    override_reason TEXT NOT NULL DEFAULT '',
    -- a lower level than proposed: the second user (teamleider) who confirmed it, and her reason
    approver_id     INTEGER REFERENCES users(id),
    approver_reason TEXT NOT NULL DEFAULT '',
    author_id       INTEGER NOT NULL REFERENCES users(id),
    created_at      TEXT NOT NULL,
    CHECK (chosen_level IS NULL OR chosen_level <> proposed_level),
    CHECK (chosen_level IS NULL OR override_reason <> ''),
    CHECK (approver_id IS NULL OR (approver_id <> author_id AND approver_reason <> ''))
);
CREATE INDEX screenings_case ON screenings(case_id, id);

CREATE TABLE screening_answers (
    screening_id INTEGER NOT NULL REFERENCES screenings(id),
    code         TEXT NOT NULL,
    value        TEXT NOT NULL CHECK (value IN ('ja', 'nee', 'onbekend')),
    note         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (screening_id, code)
) WITHOUT ROWID;

-- Repeatable, never rewritten: a new screening is a new row.
CREATE TRIGGER screenings_never_updated BEFORE UPDATE ON screenings BEGIN
    SELECT RAISE(ABORT, 'a screening is never changed; record a new one');
END;
CREATE TRIGGER screening_answers_never_updated BEFORE UPDATE ON screening_answers BEGIN
    SELECT RAISE(ABORT, 'a screening is never changed; record a new one');
END;
