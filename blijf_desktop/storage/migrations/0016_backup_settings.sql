-- Backups (issue 20): where they go and how many are kept. One row; kept in the encrypted
-- store, never in QSettings (a folder name says where copies of the data are).
CREATE TABLE backup_settings (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    folder      TEXT,
    keep        INTEGER NOT NULL DEFAULT 14 CHECK (keep BETWEEN 1 AND 60),
    changed_at  TEXT,
    changed_by  INTEGER REFERENCES users(id)
);
INSERT INTO backup_settings (id, keep) VALUES (1, 14);
