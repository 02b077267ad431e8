-- Consent as a record (issue 18; Mensenhandel 12.17, 14.6, 14.8, 21.5, 21.6, 21.8) and the
-- follow-up tasks that tell recipients of a withdrawal or a correction (Blijf 6.4, AVG art. 19).
-- Numbered 0007: other numbers are taken by parallel branches.
CREATE TABLE consents (
    id              INTEGER PRIMARY KEY,
    case_id         INTEGER NOT NULL REFERENCES cases(id),
    state           TEXT NOT NULL
                    CHECK (state IN ('ontwerp', 'actief', 'ingetrokken', 'geweigerd', 'verlopen')),
    grantor         TEXT NOT NULL CHECK (grantor IN ('blijf', 'officier_van_justitie')),
    scope           TEXT NOT NULL,              -- JSON: recipients, purposes, persons, kinds
    valid_from      TEXT NOT NULL,
    valid_until     TEXT,                       -- NULL: open-ended
    client_informed INTEGER NOT NULL CHECK (client_informed IN (0, 1)),
    client_position TEXT NOT NULL CHECK (client_position IN ('stemt_in', 'bezwaar',
                                                             'niet_te_vragen')),
    position_reason TEXT NOT NULL DEFAULT '',
    weighing        TEXT NOT NULL,              -- JSON: the five parts, each written out
    prepared_by     INTEGER NOT NULL REFERENCES users(id),
    prepared_at     TEXT NOT NULL,
    verified_by     INTEGER REFERENCES users(id),
    verified_at     TEXT,
    closing_reason  TEXT NOT NULL DEFAULT '',   -- why refused or withdrawn
    withdrawn_on    TEXT,
    CHECK (valid_until IS NULL OR valid_until >= valid_from),
    -- verified exactly when it is or was active, and never by the one who prepared it
    CHECK ((verified_by IS NOT NULL) = (state IN ('actief', 'ingetrokken'))),
    CHECK ((verified_by IS NULL) = (verified_at IS NULL)),
    CHECK (verified_by IS NULL OR verified_by <> prepared_by),
    CHECK ((withdrawn_on IS NOT NULL) = (state = 'ingetrokken'))
);
CREATE INDEX consents_case ON consents(case_id, id);

-- Only an ontwerp may change as a whole; an active consent only becomes withdrawn (keeping
-- what was verified); a withdrawn, refused or expired one never changes again.
CREATE TRIGGER consents_final_states BEFORE UPDATE ON consents
WHEN old.state IN ('ingetrokken', 'geweigerd', 'verlopen')
  OR (old.state = 'actief' AND (new.state IS NOT 'ingetrokken'
      OR new.scope IS NOT old.scope OR new.valid_from IS NOT old.valid_from
      OR new.valid_until IS NOT old.valid_until OR new.grantor IS NOT old.grantor
      OR new.weighing IS NOT old.weighing OR new.client_position IS NOT old.client_position
      OR new.client_informed IS NOT old.client_informed
      OR new.position_reason IS NOT old.position_reason
      OR new.verified_by IS NOT old.verified_by OR new.verified_at IS NOT old.verified_at))
  OR new.case_id IS NOT old.case_id OR new.prepared_by IS NOT old.prepared_by
  OR new.prepared_at IS NOT old.prepared_at OR new.id IS NOT old.id
BEGIN
    SELECT RAISE(ABORT, 'consent may not change this way');
END;
CREATE TRIGGER consents_never_deleted BEFORE DELETE ON consents BEGIN
    SELECT RAISE(ABORT, 'consents rows are never deleted');
END;

-- Every change, with the whole record as it stood after it (snapshot, JSON). changed_by NULL:
-- the app itself, by the expiry rule.
CREATE TABLE consent_history (
    id          INTEGER PRIMARY KEY,
    consent_id  INTEGER NOT NULL REFERENCES consents(id),
    change      TEXT NOT NULL CHECK (change IN ('voorbereid', 'gewijzigd', 'geverifieerd',
                                                'geweigerd', 'ingetrokken', 'verlopen')),
    state       TEXT NOT NULL,
    fields      TEXT NOT NULL DEFAULT '[]',     -- JSON: the names of what changed
    reason      TEXT NOT NULL DEFAULT '',
    snapshot    TEXT NOT NULL,
    changed_at  TEXT NOT NULL,
    changed_by  INTEGER REFERENCES users(id)
);
CREATE INDEX consent_history_consent ON consent_history(consent_id, id);
CREATE TRIGGER consent_history_never_updated BEFORE UPDATE ON consent_history BEGIN
    SELECT RAISE(ABORT, 'consent history rows are never changed');
END;
CREATE TRIGGER consent_history_never_deleted BEFORE DELETE ON consent_history BEGIN
    SELECT RAISE(ABORT, 'consent_history rows are never deleted');
END;

-- Which exchanges went out under which consent: written by the sharing service in the same
-- transaction as the exchange; a withdrawal reads it to tell everyone served.
CREATE TABLE exchange_consents (
    exchange_id INTEGER NOT NULL REFERENCES exchanges(id),
    consent_id  INTEGER NOT NULL REFERENCES consents(id),
    PRIMARY KEY (exchange_id, consent_id)
);
CREATE INDEX exchange_consents_consent ON exchange_consents(consent_id);
CREATE TRIGGER exchange_consents_never_updated BEFORE UPDATE ON exchange_consents BEGIN
    SELECT RAISE(ABORT, 'exchange consent links are never changed');
END;
CREATE TRIGGER exchange_consents_never_deleted BEFORE DELETE ON exchange_consents BEGIN
    SELECT RAISE(ABORT, 'exchange_consents rows are never deleted');
END;

-- A task to tell recipients; 'wissing' and 'beperking' are for the rights issue (erasure and
-- restriction, Blijf 11.1, AVG art. 19), which uses the same tasks.
CREATE TABLE follow_up_tasks (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('intrekking', 'correctie', 'wissing',
                                              'beperking')),
    case_id     INTEGER NOT NULL REFERENCES cases(id),
    consent_id  INTEGER REFERENCES consents(id),
    person_id   INTEGER REFERENCES persons(id),
    kinds       TEXT NOT NULL DEFAULT '[]',     -- JSON: the kinds of data it is about
    opened_at   TEXT NOT NULL,
    opened_by   INTEGER NOT NULL REFERENCES users(id),
    CHECK ((kind = 'intrekking') = (consent_id IS NOT NULL)),
    CHECK (kind = 'intrekking' OR person_id IS NOT NULL)
);
CREATE INDEX follow_up_tasks_case ON follow_up_tasks(case_id, id);
CREATE TRIGGER follow_up_tasks_never_updated BEFORE UPDATE ON follow_up_tasks BEGIN
    SELECT RAISE(ABORT, 'follow-up tasks are never changed');
END;
CREATE TRIGGER follow_up_tasks_never_deleted BEFORE DELETE ON follow_up_tasks BEGIN
    SELECT RAISE(ABORT, 'follow_up_tasks rows are never deleted');
END;

-- One recipient to tell; closed once, when the user records when and how she told them.
CREATE TABLE follow_up_items (
    id          INTEGER PRIMARY KEY,
    task_id     INTEGER NOT NULL REFERENCES follow_up_tasks(id),
    exchange_id INTEGER NOT NULL REFERENCES exchanges(id),
    recipient   TEXT NOT NULL,
    told_on     TEXT,
    told_how    TEXT,
    closed_at   TEXT,
    closed_by   INTEGER REFERENCES users(id),
    CHECK ((closed_at IS NULL) = (closed_by IS NULL)),
    CHECK ((closed_at IS NULL) = (told_on IS NULL)),
    CHECK ((closed_at IS NULL) = (told_how IS NULL))
);
CREATE INDEX follow_up_items_task ON follow_up_items(task_id, id);
CREATE TRIGGER follow_up_items_closed_once BEFORE UPDATE ON follow_up_items
WHEN old.closed_at IS NOT NULL OR new.task_id IS NOT old.task_id
  OR new.exchange_id IS NOT old.exchange_id OR new.recipient IS NOT old.recipient
  OR new.id IS NOT old.id
BEGIN
    SELECT RAISE(ABORT, 'a follow-up item is closed once and never changed');
END;
CREATE TRIGGER follow_up_items_never_deleted BEFORE DELETE ON follow_up_items BEGIN
    SELECT RAISE(ABORT, 'follow_up_items rows are never deleted');
END;
