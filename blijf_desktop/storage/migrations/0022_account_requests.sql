-- Separation of duties (issue 22; Blijf 6.1 only staff who need it for their task, 9.1 no
-- security switched off outside a controlled procedure): an account gets case access only
-- when a teamleider confirms what a functioneel beheerder asked. One row per request: a new
-- account, a role with case access, or a one-time passphrase set for an account with case
-- access (the beheerder knows it). While a request is open the account is pending and
-- cannot log in. `alone`: no active teamleider could confirm (the store's first teamleider);
-- `told_at` is when that account was shown so at her first login.
CREATE TABLE account_requests (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id),
    kind         TEXT NOT NULL CHECK (kind IN ('new', 'role', 'reset')),
    role         TEXT NOT NULL CHECK (role IN ('hulpverlener', 'teamleider')),
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
CREATE UNIQUE INDEX account_requests_one_open ON account_requests(user_id)
    WHERE decision IS NULL;

-- Who asked and who confirmed stays: a request is never deleted, decided once, told once.
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
