-- Records that must stay whole are never deleted either (review of issue 17: only UPDATE
-- was refused, so DELETE, REPLACE INTO and INSERT OR REPLACE went through; with
-- recursive_triggers on (storage/database.py) a REPLACE fires these triggers too).
-- Destruction after the retention term (issue 20) will replace these with its own
-- controlled path.

CREATE TRIGGER screenings_never_deleted BEFORE DELETE ON screenings BEGIN
    SELECT RAISE(ABORT, 'screenings rows are never deleted');
END;
CREATE TRIGGER screening_answers_never_deleted BEFORE DELETE ON screening_answers BEGIN
    SELECT RAISE(ABORT, 'screening_answers rows are never deleted');
END;
CREATE TRIGGER exchanges_never_deleted BEFORE DELETE ON exchanges BEGIN
    SELECT RAISE(ABORT, 'exchanges rows are never deleted');
END;
CREATE TRIGGER exchange_items_never_deleted BEFORE DELETE ON exchange_items BEGIN
    SELECT RAISE(ABORT, 'exchange_items rows are never deleted');
END;
CREATE TRIGGER exchange_flags_never_deleted BEFORE DELETE ON exchange_flags BEGIN
    SELECT RAISE(ABORT, 'exchange_flags rows are never deleted');
END;
CREATE TRIGGER trajects_never_deleted BEFORE DELETE ON trajects BEGIN
    SELECT RAISE(ABORT, 'trajects rows are never deleted');
END;
CREATE TRIGGER traject_persons_never_deleted BEFORE DELETE ON traject_persons BEGIN
    SELECT RAISE(ABORT, 'traject_persons rows are never deleted');
END;
CREATE TRIGGER traject_steps_never_deleted BEFORE DELETE ON traject_steps BEGIN
    SELECT RAISE(ABORT, 'traject_steps rows are never deleted');
END;
