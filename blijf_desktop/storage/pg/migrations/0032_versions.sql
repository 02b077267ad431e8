-- PostgreSQL form of migrations/0032_versions.sql: optimistic versions on persons and cases.
-- A constant default adds the column without rewriting the table (PostgreSQL 11 and newer).
-- The desk's UPDATE grant on both tables (0002) covers the new column.
ALTER TABLE persons ADD COLUMN version integer NOT NULL DEFAULT 1;
ALTER TABLE cases ADD COLUMN version integer NOT NULL DEFAULT 1;
