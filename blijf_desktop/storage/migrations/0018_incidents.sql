-- The breach register (issue 21): every (possible) data breach or security incident, its
-- notifications (Blijf 9.3, AVG art. 33, 34) and the history of every change to it.
-- People and accounts are named by id only (JSON arrays, no foreign keys), so an incident
-- outlives the destruction of the people it was about (Blijf 8.1) and holds no names.
CREATE TABLE incidents (
    id               INTEGER PRIMARY KEY,
    kind             TEXT NOT NULL,
    found_at         TEXT NOT NULL,            -- the moment Blijf became aware (UTC, ISO)
    what_happened    TEXT NOT NULL,
    data_kinds       TEXT NOT NULL DEFAULT '[]',
    person_ids       TEXT NOT NULL DEFAULT '[]',
    user_ids         TEXT NOT NULL DEFAULT '[]',
    risk             TEXT CHECK (risk IS NULL OR risk IN ('geen', 'risico', 'hoog_risico')),
    risk_reason      TEXT NOT NULL DEFAULT '',
    measures         TEXT NOT NULL DEFAULT '',
    people_exception TEXT NOT NULL DEFAULT '',  -- why the people are not told (AVG 34(3))
    registered_at    TEXT NOT NULL,
    registered_by    INTEGER NOT NULL REFERENCES users(id),
    closed_at        TEXT,
    closed_by        INTEGER REFERENCES users(id),
    CHECK ((closed_at IS NULL) = (closed_by IS NULL))
);

CREATE TABLE incident_notifications (
    id          INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents(id),
    recipient   TEXT NOT NULL CHECK (recipient IN ('partners', 'ap', 'betrokkenen')),
    phase       TEXT CHECK (phase IS NULL OR phase IN ('volledig', 'voorlopig', 'aanvulling',
                                                       'definitief')),
    at          TEXT NOT NULL,
    reference   TEXT NOT NULL DEFAULT '',       -- e.g. the AP's number for the notification
    late_reason TEXT NOT NULL DEFAULT '',
    recorded_at TEXT NOT NULL,
    recorded_by INTEGER NOT NULL REFERENCES users(id),
    CHECK (recipient = 'ap' OR phase IS NULL)
);
CREATE INDEX incident_notifications_incident ON incident_notifications(incident_id, at);

-- Who changed what when: one row per registration, change, notification or closure.
CREATE TABLE incident_history (
    id          INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents(id),
    at          TEXT NOT NULL,
    user_id     INTEGER NOT NULL REFERENCES users(id),
    action      TEXT NOT NULL CHECK (action IN ('registered', 'changed', 'notified', 'closed')),
    fields      TEXT NOT NULL DEFAULT '{}'      -- the new values (JSON)
);
CREATE INDEX incident_history_incident ON incident_history(incident_id, id);

CREATE TRIGGER incidents_never_deleted BEFORE DELETE ON incidents BEGIN
    SELECT RAISE(ABORT, 'incidents rows are never deleted');
END;
CREATE TRIGGER incidents_closed_stay BEFORE UPDATE ON incidents WHEN OLD.closed_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a closed incident is never changed');
END;
CREATE TRIGGER incident_notifications_never_updated BEFORE UPDATE ON incident_notifications BEGIN
    SELECT RAISE(ABORT, 'incident_notifications rows are never changed');
END;
CREATE TRIGGER incident_notifications_never_deleted BEFORE DELETE ON incident_notifications BEGIN
    SELECT RAISE(ABORT, 'incident_notifications rows are never deleted');
END;
CREATE TRIGGER incident_history_never_updated BEFORE UPDATE ON incident_history BEGIN
    SELECT RAISE(ABORT, 'incident_history rows are never changed');
END;
CREATE TRIGGER incident_history_never_deleted BEFORE DELETE ON incident_history BEGIN
    SELECT RAISE(ABORT, 'incident_history rows are never deleted');
END;
