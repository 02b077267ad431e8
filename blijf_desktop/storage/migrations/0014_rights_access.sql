-- Issue 20, the informatieplicht and the access report. Numbered 0014: 0013 and 0015+ are
-- other parts of the same issue (other branches).

-- Per person: informed (when, how) or the exception relied on with its reason (Blijf 10.2;
-- art. 14(5) AVG, art. 41(1) UAVG; Mensenhandel 23). Append only: the newest row counts, the
-- older ones are the history (a pleger not told "while" that endangers the client may be told
-- later). Destruction after the retention term removes rows through its own path.
CREATE TABLE information_duty (
    id           INTEGER PRIMARY KEY,
    person_id    INTEGER NOT NULL REFERENCES persons(id),
    outcome      TEXT NOT NULL CHECK (outcome IN ('geinformeerd', 'uitzondering')),
    informed_on  TEXT,                          -- ISO date, only when informed
    how          TEXT NOT NULL DEFAULT '',      -- how she was told, only when informed
    exception    TEXT NOT NULL DEFAULT '',      -- the exception's code, only for an exception
    reason       TEXT NOT NULL DEFAULT '',
    recorded_at  TEXT NOT NULL,
    recorded_by  INTEGER NOT NULL REFERENCES users(id),
    CHECK ((outcome = 'geinformeerd') = (informed_on IS NOT NULL)),
    CHECK (outcome = 'geinformeerd' OR (exception <> '' AND reason <> ''))
);
CREATE INDEX information_duty_person ON information_duty(person_id, id);

CREATE TRIGGER information_duty_never_updated BEFORE UPDATE ON information_duty BEGIN
    SELECT RAISE(ABORT, 'information_duty rows are never changed');
END;
CREATE TRIGGER information_duty_never_deleted BEFORE DELETE ON information_duty BEGIN
    SELECT RAISE(ABORT, 'information_duty rows are never deleted');
END;

-- Who looked at a person's record (the access report, in the manner of NEN 7513) is read
-- from the audit trail by record; without this index that is a scan of the whole trail.
CREATE INDEX audit_log_record ON audit_log(record_id, record_type);

-- Listing people by category in order of recording (the informatieplicht overview).
CREATE INDEX persons_category ON persons(category, id);
