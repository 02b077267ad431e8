-- What left in a disclosure made through the guided flow (issue 18), beside its register row:
-- the route the data takes (Mensenhandel 14.5, 12.17, 13.4), whether it left anonymised and,
-- if not, why identifiable data was strictly needed (Mensenhandel 6.2, 9.5), and the exact
-- content as canonical JSON with its SHA-256 (and the labelled lines of a signal, if any).
-- Numbered 0009: 0007 and 0008 are the consent and the signal (other branches).
CREATE TABLE exchange_disclosures (
    exchange_id         INTEGER PRIMARY KEY REFERENCES exchanges(id),
    route               TEXT NOT NULL DEFAULT '',   -- recipient codes the data passes, in order
    anonymised          INTEGER NOT NULL CHECK (anonymised IN (0, 1)),
    identifiable_reason TEXT NOT NULL DEFAULT '',
    content             TEXT NOT NULL,
    content_sha256      TEXT NOT NULL,
    lines_text          TEXT
);

CREATE TRIGGER exchange_disclosures_never_updated BEFORE UPDATE ON exchange_disclosures BEGIN
    SELECT RAISE(ABORT, 'exchange register rows are never changed');
END;
CREATE TRIGGER exchange_disclosures_never_deleted BEFORE DELETE ON exchange_disclosures BEGIN
    SELECT RAISE(ABORT, 'exchange_disclosures rows are never deleted');
END;
