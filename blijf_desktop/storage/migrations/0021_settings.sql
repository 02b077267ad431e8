-- Settings (issue 21): the installation's settings in the encrypted store, never in
-- QSettings. A row holds a value that differs from its default (domain/settings.py); the
-- value is JSON (a logo as base64). The backup folder and the number kept move here from
-- backup_settings (0016), so there is one place for every setting.
CREATE TABLE settings (
    code          TEXT PRIMARY KEY,
    value         TEXT NOT NULL,
    changed_at    TEXT NOT NULL,
    changed_by    INTEGER REFERENCES users(id),
    confirmed_by  INTEGER REFERENCES users(id)
);
INSERT INTO settings (code, value, changed_at, changed_by)
    SELECT 'backup_folder', json_quote(folder), coalesce(changed_at, ''), changed_by
    FROM backup_settings WHERE id = 1 AND folder IS NOT NULL;
INSERT INTO settings (code, value, changed_at, changed_by)
    SELECT 'backup_keep', CAST(keep AS TEXT), coalesce(changed_at, ''), changed_by
    FROM backup_settings WHERE id = 1 AND keep <> 14;
DROP TABLE backup_settings;

-- A change that weakens security waits for a second user (Blijf 9.1). At most one waits per
-- setting; a request is decided once (confirmed, declined, withdrawn or replaced by a newer
-- change) and never deleted, so the register of who asked and who confirmed stays whole.
CREATE TABLE setting_requests (
    id            INTEGER PRIMARY KEY,
    code          TEXT NOT NULL,
    value         TEXT NOT NULL,
    old_value     TEXT NOT NULL,
    requested_at  TEXT NOT NULL,
    requested_by  INTEGER NOT NULL REFERENCES users(id),
    state         TEXT NOT NULL DEFAULT 'pending'
                  CHECK (state IN ('pending', 'confirmed', 'declined', 'withdrawn', 'replaced')),
    decided_at    TEXT,
    decided_by    INTEGER REFERENCES users(id)
);
CREATE UNIQUE INDEX setting_requests_one_pending ON setting_requests (code)
    WHERE state = 'pending';
CREATE TRIGGER setting_requests_never_deleted BEFORE DELETE ON setting_requests BEGIN
    SELECT RAISE(ABORT, 'setting_requests rows are never deleted');
END;
CREATE TRIGGER setting_requests_decided_once BEFORE UPDATE ON setting_requests
    WHEN OLD.state <> 'pending' OR NEW.code IS NOT OLD.code OR NEW.value IS NOT OLD.value
      OR NEW.old_value IS NOT OLD.old_value OR NEW.requested_at IS NOT OLD.requested_at
      OR NEW.requested_by IS NOT OLD.requested_by OR NEW.id IS NOT OLD.id BEGIN
    SELECT RAISE(ABORT, 'a setting request is decided once');
END;
