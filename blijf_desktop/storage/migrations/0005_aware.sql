-- AWARE-trajecten (issue 17): one traject per request for an alarm, started from a case, and
-- its steps as an append-only list. The current state is the state of the last step; a
-- review (evaluatie) of a running connection is a step that keeps the state. Rows are never
-- changed: a traject never goes back, a correction is a new step. The steps' data (decision,
-- connection, reviews, extension, end and handover, the advice's measures and text) is JSON
-- in the encrypted store, never in the audit trail.
CREATE TABLE trajects (
    id            INTEGER PRIMARY KEY,
    case_id       INTEGER NOT NULL REFERENCES cases(id),
    reason        TEXT NOT NULL,
    reason_text   TEXT NOT NULL DEFAULT '',
    screening_id  INTEGER REFERENCES screenings(id),  -- the latest screening at the start
    created_at    TEXT NOT NULL,
    created_by    INTEGER NOT NULL REFERENCES users(id)
);
CREATE INDEX trajects_case ON trajects(case_id, id);

-- The direct betrokkenen, picked from the case.
CREATE TABLE traject_persons (
    traject_id INTEGER NOT NULL REFERENCES trajects(id),
    person_id  INTEGER NOT NULL REFERENCES persons(id),
    PRIMARY KEY (traject_id, person_id)
) WITHOUT ROWID;

CREATE TABLE traject_steps (
    id          INTEGER PRIMARY KEY,
    traject_id  INTEGER NOT NULL REFERENCES trajects(id),
    kind        TEXT NOT NULL CHECK (kind IN ('stap', 'evaluatie')),
    state       TEXT NOT NULL,
    data        TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(data)),
    user_id     INTEGER NOT NULL REFERENCES users(id),
    created_at  TEXT NOT NULL
);
CREATE INDEX traject_steps_traject ON traject_steps(traject_id, id);

CREATE TRIGGER trajects_never_updated BEFORE UPDATE ON trajects BEGIN
    SELECT RAISE(ABORT, 'a traject is never changed; record a new step');
END;
CREATE TRIGGER traject_persons_never_updated BEFORE UPDATE ON traject_persons BEGIN
    SELECT RAISE(ABORT, 'a traject is never changed; record a new step');
END;
CREATE TRIGGER traject_steps_never_updated BEFORE UPDATE ON traject_steps BEGIN
    SELECT RAISE(ABORT, 'a traject step is never changed; record a new step');
END;
