-- Break-the-glass (issue 22; Blijf 6.1, 9.1; NEN 7513 logs it as such): opening a case of
-- another team, with a reason code and a free text, reviewed by the owning team's teamleider
-- or the functioneel beheerder ("gezien" / "navragen" with a note).
-- The row names ids and a code only, so it outlives the case like the audit trail; the free
-- text may name people and lives in its own table, destroyed with the case.
CREATE TABLE break_glass (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    user_id     INTEGER NOT NULL REFERENCES users(id),
    case_id     INTEGER NOT NULL,
    team_id     INTEGER NOT NULL REFERENCES teams(id),  -- the owning team at that moment
    reason_code TEXT NOT NULL,
    audit_seq   INTEGER NOT NULL
);
CREATE INDEX break_glass_team ON break_glass(team_id, id);
CREATE INDEX break_glass_case ON break_glass(case_id);

CREATE TABLE break_glass_texts (
    break_glass_id INTEGER PRIMARY KEY REFERENCES break_glass(id),
    text           TEXT NOT NULL
);

-- Append-only: the latest review of a break counts; earlier ones stay.
CREATE TABLE break_glass_reviews (
    id             INTEGER PRIMARY KEY,
    break_glass_id INTEGER NOT NULL REFERENCES break_glass(id),
    verdict        TEXT NOT NULL CHECK (verdict IN ('gezien', 'navragen')),
    note           TEXT NOT NULL DEFAULT '',
    at             TEXT NOT NULL,
    by_user        INTEGER NOT NULL REFERENCES users(id)
);
CREATE INDEX break_glass_reviews_break ON break_glass_reviews(break_glass_id, id);

CREATE TRIGGER break_glass_never_changed BEFORE UPDATE ON break_glass BEGIN
    SELECT RAISE(ABORT, 'break_glass rows are never changed');
END;
CREATE TRIGGER break_glass_never_deleted BEFORE DELETE ON break_glass BEGIN
    SELECT RAISE(ABORT, 'break_glass rows are never deleted');
END;
CREATE TRIGGER break_glass_texts_never_changed BEFORE UPDATE ON break_glass_texts BEGIN
    SELECT RAISE(ABORT, 'break_glass_texts rows are never changed');
END;
CREATE TRIGGER break_glass_reviews_never_changed BEFORE UPDATE ON break_glass_reviews BEGIN
    SELECT RAISE(ABORT, 'break_glass_reviews rows are never changed');
END;
