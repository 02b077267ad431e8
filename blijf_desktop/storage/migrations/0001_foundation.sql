-- Foundation: settings that matter, user accounts, the hash-chained audit trail.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE users (
    id                          INTEGER PRIMARY KEY,
    username                    TEXT NOT NULL UNIQUE,
    display_name                TEXT NOT NULL,
    role                        TEXT NOT NULL
        CHECK (role IN ('hulpverlener', 'teamleider', 'functioneel_beheerder')),
    active                      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    must_change_passphrase      INTEGER NOT NULL DEFAULT 0 CHECK (must_change_passphrase IN (0, 1)),
    confidentiality_accepted_at TEXT,
    confidentiality_version     TEXT,
    created_at                  TEXT NOT NULL,
    created_by                  INTEGER REFERENCES users(id)
);

-- One row per event. Rows name record ids, never personal data, so they outlive destruction.
CREATE TABLE audit_log (
    seq         INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    user_id     INTEGER,
    action      TEXT NOT NULL,
    record_type TEXT,
    record_id   TEXT,
    reason      TEXT,
    detail      TEXT,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
