-- The requests of the people recorded (0013) and the informatieplicht (0014) were built beside
-- the destruction engine (0015) and refused every delete: a case or a person with a request
-- could then never be destroyed after its term (Blijf 8.1), nor a person erased (AVG 17).
-- Like the other records since 0015, they go only with an approved destruction of their case
-- in progress; the audit trail keeps the request ids.
DROP TRIGGER rights_requests_never_deleted;
DROP TRIGGER rights_request_steps_never_deleted;
DROP TRIGGER restrictions_never_deleted;
DROP TRIGGER information_duty_never_deleted;
CREATE TRIGGER rights_requests_destroyed_only BEFORE DELETE ON rights_requests
WHEN NOT EXISTS (SELECT 1 FROM destructions d WHERE d.in_progress = 1
                   AND d.case_id = old.case_id)
BEGIN
    SELECT RAISE(ABORT, 'rights_requests rows are deleted only by an approved destruction');
END;
CREATE TRIGGER rights_request_steps_destroyed_only BEFORE DELETE ON rights_request_steps
WHEN NOT EXISTS (SELECT 1 FROM destructions d WHERE d.in_progress = 1
                   AND d.case_id = (SELECT case_id FROM rights_requests
                                    WHERE id = old.request_id))
BEGIN
    SELECT RAISE(ABORT,
                 'rights_request_steps rows are deleted only by an approved destruction');
END;
CREATE TRIGGER restrictions_destroyed_only BEFORE DELETE ON restrictions
WHEN NOT EXISTS (SELECT 1 FROM destructions d WHERE d.in_progress = 1
                   AND d.case_id = (SELECT case_id FROM persons WHERE id = old.person_id))
BEGIN
    SELECT RAISE(ABORT, 'restrictions rows are deleted only by an approved destruction');
END;
CREATE TRIGGER information_duty_destroyed_only BEFORE DELETE ON information_duty
WHEN NOT EXISTS (SELECT 1 FROM destructions d WHERE d.in_progress = 1
                   AND d.case_id = (SELECT case_id FROM persons WHERE id = old.person_id))
BEGIN
    SELECT RAISE(ABORT, 'information_duty rows are deleted only by an approved destruction');
END;
