-- Four eyes through an account the beheerder made (adversarial review of issues 20/21,
-- decided): an account of a functioneel beheerder holds four-eyes powers too (approving a
-- destruction, confirming a weakening setting), so it waits for a teamleider's confirmation
-- like an account with case access (domain/account_duties.py; Blijf 8.1-8.2, 9.1). The
-- role CHECK of 0022 admits 'functioneel_beheerder'; SQLite changes a CHECK only by
-- rebuilding the table: copied whole, then the index and the triggers as in 0022.
-- Kept aside, the old table dropped and the new one made under its own name: no RENAME, which
-- makes SQLite re-check every trigger of the schema (70 ms for each new store).
CREATE TABLE account_requests_kept AS SELECT * FROM account_requests;
DROP TABLE account_requests;
CREATE TABLE account_requests (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id),
    kind         TEXT NOT NULL CHECK (kind IN ('new', 'role', 'reset')),
    role         TEXT NOT NULL CHECK (role IN ('hulpverlener', 'teamleider',
                                                'functioneel_beheerder')),
    requested_by INTEGER NOT NULL REFERENCES users(id),
    requested_at TEXT NOT NULL,
    decision     TEXT CHECK (decision IN ('confirmed', 'refused', 'withdrawn', 'alone')),
    decided_by   INTEGER REFERENCES users(id),
    decided_at   TEXT,
    told_at      TEXT,
    CHECK ((decision IS NULL) = (decided_by IS NULL) AND (decision IS NULL) = (decided_at IS NULL)),
    CHECK (decision IN ('confirmed', 'refused') AND decided_by != requested_by
           OR decision IS NULL OR decision IN ('withdrawn', 'alone'))
);
INSERT INTO account_requests SELECT id, user_id, kind, role, requested_by, requested_at,
    decision, decided_by, decided_at, told_at FROM account_requests_kept;
DROP TABLE account_requests_kept;

CREATE UNIQUE INDEX account_requests_one_open ON account_requests(user_id)
    WHERE decision IS NULL;
CREATE TRIGGER account_requests_never_deleted BEFORE DELETE ON account_requests BEGIN
    SELECT RAISE(ABORT, 'account_requests rows are never deleted');
END;
CREATE TRIGGER account_requests_decided_once BEFORE UPDATE ON account_requests
WHEN new.id IS NOT old.id OR new.user_id IS NOT old.user_id OR new.kind IS NOT old.kind
  OR new.role IS NOT old.role OR new.requested_by IS NOT old.requested_by
  OR new.requested_at IS NOT old.requested_at
  OR (old.decision IS NOT NULL AND (new.decision IS NOT old.decision
      OR new.decided_by IS NOT old.decided_by OR new.decided_at IS NOT old.decided_at))
  OR (old.told_at IS NOT NULL AND new.told_at IS NOT old.told_at)
BEGIN
    SELECT RAISE(ABORT, 'account_requests rows are decided once and otherwise kept');
END;
