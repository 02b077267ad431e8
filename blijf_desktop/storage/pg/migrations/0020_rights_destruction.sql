-- PostgreSQL form of migrations/0020_rights_destruction.sql (issue 23): the requests, their
-- steps, the restrictions and the informatieplicht go with an approved destruction of their
-- case in progress (destroy(), 0015), like the other records; never otherwise.
DROP TRIGGER rights_requests_never_deleted ON rights_requests;
DROP TRIGGER rights_request_steps_never_deleted ON rights_request_steps;
DROP TRIGGER restrictions_never_deleted ON restrictions;
DROP TRIGGER information_duty_never_deleted ON information_duty;
CREATE TRIGGER rights_requests_destroyed_only BEFORE DELETE ON rights_requests
    FOR EACH ROW EXECUTE FUNCTION destroyed_only('case');
CREATE TRIGGER rights_request_steps_destroyed_only BEFORE DELETE ON rights_request_steps
    FOR EACH ROW EXECUTE FUNCTION destroyed_only('request');
CREATE TRIGGER restrictions_destroyed_only BEFORE DELETE ON restrictions
    FOR EACH ROW EXECUTE FUNCTION destroyed_only('person');
CREATE TRIGGER information_duty_destroyed_only BEFORE DELETE ON information_duty
    FOR EACH ROW EXECUTE FUNCTION destroyed_only('person');
