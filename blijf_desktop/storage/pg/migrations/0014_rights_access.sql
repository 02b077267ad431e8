-- PostgreSQL form of migrations/0014_rights_access.sql, as far as its tables are on the
-- server yet: the indexes on the audit trail and persons (issue 23).
CREATE INDEX audit_log_record ON audit_log(record_id, record_type);
CREATE INDEX persons_category ON persons(category, id);
