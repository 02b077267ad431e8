-- PostgreSQL form of migrations/0026_listing_trace.sql: its index on the audit trail.
CREATE INDEX audit_log_user_action ON audit_log(user_id, action, at);
