-- Four eyes on a consent (issue 18, security review): nobody who prepared a consent or changed
-- it while it was an ontwerp may be the one who verifies it, so that no single teamleider
-- chooses the scope that becomes active (Mensenhandel 12.17, 21.5, 21.6). The check of 0007
-- (verified_by <> prepared_by) knew only the preparer; the history knows every editor.
-- The service refuses first, with a message; this is the store agreeing.
-- Numbered 0010: other numbers are taken by parallel branches.
CREATE TRIGGER consents_verifier_is_no_author BEFORE UPDATE ON consents
WHEN new.verified_by IS NOT NULL AND new.verified_by IS NOT old.verified_by
  AND EXISTS (SELECT 1 FROM consent_history h WHERE h.consent_id = new.id
              AND h.changed_by = new.verified_by AND h.change IN ('voorbereid', 'gewijzigd'))
BEGIN
    SELECT RAISE(ABORT, 'a consent may not be verified by who prepared or changed it');
END;
