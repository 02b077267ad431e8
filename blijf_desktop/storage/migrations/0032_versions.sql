-- Optimistic versions (issue 23; docs/server-mode.md section 8): two desks, two windows or
-- two sessions saving the same record must not silently overwrite each other. A save names
-- the version it read (`... WHERE id = ? AND version = ?`) and bumps it; no row changed means
-- someone else saved first, and the save is refused with nothing written.
-- persons: the person editor saves a person whole. cases: closing, reopening and the chain
-- file's date change the case row; each bumps it. Threats, the history and the audit trail
-- are only ever inserted (an insert overwrites nothing), so they carry no version.
-- ADD COLUMN with a constant default rewrites no row: old rows read the default (1).
ALTER TABLE persons ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE cases ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
