-- Requests of the people recorded (issue 20): inzage, rectificatie, wissing, beperking and
-- bezwaar (Blijf 11; Mensenhandel 24-27), each step appended and never changed; and the
-- restriction of processing a person (AVG art. 18; a granted objection, Mensenhandel 27.2),
-- lifted once with a reason. Numbered 0013 (other branches hold other numbers).
CREATE TABLE rights_requests (
    id            INTEGER PRIMARY KEY,
    person_id     INTEGER NOT NULL REFERENCES persons(id),
    case_id       INTEGER NOT NULL REFERENCES cases(id),
    kind          TEXT NOT NULL CHECK (kind IN ('inzage', 'rectificatie', 'wissing',
                                                'beperking', 'bezwaar')),
    received_on   TEXT NOT NULL,
    received_how  TEXT NOT NULL CHECK (received_how IN ('schriftelijk', 'email', 'mondeling',
                                                        'telefonisch')),
    chain         INTEGER NOT NULL CHECK (chain IN (0, 1)),  -- decided at registration
    involved      TEXT NOT NULL DEFAULT '[]',  -- JSON: parties to consult (Blijf 11.5)
    asked         TEXT NOT NULL DEFAULT '',    -- what the person asks, in her words
    registered_at TEXT NOT NULL,
    registered_by INTEGER NOT NULL REFERENCES users(id)
);
CREATE INDEX rights_requests_person ON rights_requests(person_id, id);
CREATE TRIGGER rights_requests_never_updated BEFORE UPDATE ON rights_requests BEGIN
    SELECT RAISE(ABORT, 'rights requests are never changed');
END;
CREATE TRIGGER rights_requests_never_deleted BEFORE DELETE ON rights_requests BEGIN
    SELECT RAISE(ABORT, 'rights_requests rows are never deleted');
END;

CREATE TABLE rights_request_steps (
    id          INTEGER PRIMARY KEY,
    request_id  INTEGER NOT NULL REFERENCES rights_requests(id),
    step        TEXT NOT NULL CHECK (step IN ('afstemming', 'verlenging', 'besluit',
                                              'uitgevoerd', 'antwoord')),
    on_date     TEXT NOT NULL,
    partners    TEXT,               -- afstemming: JSON list of partner codes
    months      INTEGER CHECK (months IS NULL OR months BETWEEN 1 AND 2),  -- verlenging
    decision    TEXT CHECK (decision IS NULL OR decision IN ('toegewezen', 'deels_afgewezen',
                                                             'afgewezen')),
    grounds     TEXT,               -- besluit: JSON list of refusal ground codes
    reasons     TEXT NOT NULL DEFAULT '',  -- why (extension, decision) or a note
    how         TEXT,               -- antwoord: how it was sent
    links       TEXT NOT NULL DEFAULT '{}',  -- JSON ids: history rows, task, restriction
    recorded_at TEXT NOT NULL,
    recorded_by INTEGER NOT NULL REFERENCES users(id),
    CHECK ((step = 'besluit') = (decision IS NOT NULL)),
    CHECK ((step = 'verlenging') = (months IS NOT NULL))
);
CREATE INDEX rights_request_steps_request ON rights_request_steps(request_id, id);
CREATE UNIQUE INDEX rights_request_steps_once ON rights_request_steps(request_id, step)
    WHERE step IN ('verlenging', 'besluit', 'uitgevoerd', 'antwoord');
CREATE TRIGGER rights_request_steps_never_updated BEFORE UPDATE ON rights_request_steps BEGIN
    SELECT RAISE(ABORT, 'request steps are never changed');
END;
CREATE TRIGGER rights_request_steps_never_deleted BEFORE DELETE ON rights_request_steps BEGIN
    SELECT RAISE(ABORT, 'rights_request_steps rows are never deleted');
END;

-- A person whose processing is restricted: read-only, out of search, lists and new exchanges.
CREATE TABLE restrictions (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES persons(id),
    request_id  INTEGER REFERENCES rights_requests(id),
    reason      TEXT NOT NULL CHECK (reason IN ('beperking', 'bezwaar')),
    started_at  TEXT NOT NULL,
    started_by  INTEGER NOT NULL REFERENCES users(id),
    lifted_at   TEXT,
    lifted_by   INTEGER REFERENCES users(id),
    lift_reason TEXT,
    CHECK ((lifted_at IS NULL) = (lifted_by IS NULL)),
    CHECK ((lifted_at IS NULL) = (lift_reason IS NULL))
);
CREATE UNIQUE INDEX restrictions_active ON restrictions(person_id) WHERE lifted_at IS NULL;
CREATE TRIGGER restrictions_lifted_once BEFORE UPDATE ON restrictions
WHEN old.lifted_at IS NOT NULL OR new.person_id IS NOT old.person_id
  OR new.request_id IS NOT old.request_id OR new.reason IS NOT old.reason
  OR new.started_at IS NOT old.started_at OR new.started_by IS NOT old.started_by
  OR new.id IS NOT old.id
BEGIN
    SELECT RAISE(ABORT, 'a restriction is lifted once and never changed');
END;
CREATE TRIGGER restrictions_never_deleted BEFORE DELETE ON restrictions BEGIN
    SELECT RAISE(ABORT, 'restrictions rows are never deleted');
END;
