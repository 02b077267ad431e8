-- Erasing one person (AVG 17) takes her name out of every text of her case that stays
-- (storage/purge_texts.py, 0015). The requests of the other people of the case, the notes of
-- their steps, their informatieplicht and a lifted restriction's reason are typed about the
-- same case and name her just as often (review of issue 20): those append-only rows change
-- too, and only inside the same controlled path (an approved destruction in progress).
DROP TRIGGER rights_requests_never_updated;
CREATE TRIGGER rights_requests_never_updated BEFORE UPDATE ON rights_requests
WHEN NOT EXISTS (SELECT 1 FROM destructions d WHERE d.in_progress = 1
                   AND d.case_id = old.case_id AND new.case_id IS old.case_id
                   AND new.id IS old.id AND new.person_id IS old.person_id)
BEGIN
    SELECT RAISE(ABORT, 'rights requests are never changed');
END;
DROP TRIGGER rights_request_steps_never_updated;
CREATE TRIGGER rights_request_steps_never_updated BEFORE UPDATE ON rights_request_steps
WHEN NOT EXISTS (SELECT 1 FROM destructions d WHERE d.in_progress = 1
                   AND d.case_id = (SELECT case_id FROM rights_requests
                                    WHERE id = old.request_id)
                   AND new.request_id IS old.request_id AND new.id IS old.id)
BEGIN
    SELECT RAISE(ABORT, 'request steps are never changed');
END;
DROP TRIGGER information_duty_never_updated;
CREATE TRIGGER information_duty_never_updated BEFORE UPDATE ON information_duty
WHEN NOT EXISTS (SELECT 1 FROM destructions d WHERE d.in_progress = 1
                   AND d.case_id = (SELECT case_id FROM persons WHERE id = old.person_id)
                   AND new.person_id IS old.person_id AND new.id IS old.id)
BEGIN
    SELECT RAISE(ABORT, 'information_duty rows are never changed');
END;
DROP TRIGGER restrictions_lifted_once;
CREATE TRIGGER restrictions_lifted_once BEFORE UPDATE ON restrictions
WHEN (old.lifted_at IS NOT NULL OR new.person_id IS NOT old.person_id
  OR new.request_id IS NOT old.request_id OR new.reason IS NOT old.reason
  OR new.started_at IS NOT old.started_at OR new.started_by IS NOT old.started_by
  OR new.id IS NOT old.id)
  AND NOT EXISTS (SELECT 1 FROM destructions d WHERE d.in_progress = 1
                  AND d.case_id = (SELECT case_id FROM persons WHERE id = old.person_id)
                  AND new.person_id IS old.person_id AND new.id IS old.id
                  AND new.lifted_at IS old.lifted_at)
BEGIN
    SELECT RAISE(ABORT, 'a restriction is lifted once and never changed');
END;
