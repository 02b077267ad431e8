-- PostgreSQL form of migrations/0009_disclosures.sql (issue 23): what left in a disclosure made
-- through the guided flow, beside its register row (Mensenhandel 14.5, 12.17, 13.4, 6.2, 9.5).
CREATE TABLE exchange_disclosures (
    exchange_id         bigint PRIMARY KEY REFERENCES exchanges(id),
    route               text NOT NULL DEFAULT '',
    anonymised          integer NOT NULL CHECK (anonymised IN (0, 1)),
    identifiable_reason text NOT NULL DEFAULT '',
    content             text NOT NULL,
    content_sha256      text NOT NULL,
    lines_text          text
);

CREATE TRIGGER exchange_disclosures_never_updated BEFORE UPDATE ON exchange_disclosures
    FOR EACH ROW EXECUTE FUNCTION never_changed('exchange register rows are never changed');
CREATE TRIGGER exchange_disclosures_never_deleted BEFORE DELETE ON exchange_disclosures
    FOR EACH ROW EXECUTE FUNCTION never_deleted();
CREATE TRIGGER exchange_disclosures_never_truncated BEFORE TRUNCATE ON exchange_disclosures
    FOR EACH STATEMENT EXECUTE FUNCTION never_deleted();

ALTER TABLE exchange_disclosures ENABLE ROW LEVEL SECURITY;
ALTER TABLE exchange_disclosures FORCE ROW LEVEL SECURITY;
CREATE POLICY exchange_disclosures_of_my_cases ON exchange_disclosures TO blijf_app
    USING (EXISTS (SELECT 1 FROM exchanges p WHERE p.id = exchange_disclosures.exchange_id));

REVOKE ALL ON exchange_disclosures FROM PUBLIC;
GRANT SELECT, INSERT ON exchange_disclosures TO blijf_app;
