-- Listings leave a trace (issue 22; Blijf 6.1, 9.1): every page of search results or client
-- list shown writes a `list_shown` row, and each listing or opening counts what this user
-- listed and opened in the period of the volume rule. Both read this user's recent rows of
-- one action: this index keeps that a short range scan however long the trail grows.
CREATE INDEX audit_log_user_action ON audit_log(user_id, action, at);
