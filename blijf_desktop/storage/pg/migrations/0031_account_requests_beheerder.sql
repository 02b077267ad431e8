-- PostgreSQL form of migrations/0031_account_requests_beheerder.sql (issue 23): an account of
-- a functioneel beheerder waits for a teamleider's confirmation too. PostgreSQL changes a
-- CHECK in place; the local store has to rebuild its table for it.
ALTER TABLE account_requests DROP CONSTRAINT account_requests_role;
ALTER TABLE account_requests ADD CONSTRAINT account_requests_role
    CHECK (role IN ('hulpverlener', 'teamleider', 'functioneel_beheerder'));
