-- PostgreSQL form of migrations/0015_retention.sql, as far as its tables are on the server
-- yet: a case's closing (issue 23). The rest of 0015 comes with its tables.
ALTER TABLE cases ADD COLUMN closed_on text;
ALTER TABLE cases ADD COLUMN closed_by bigint REFERENCES users(id);
ALTER TABLE cases ADD COLUMN chain_file_closed_on text;
