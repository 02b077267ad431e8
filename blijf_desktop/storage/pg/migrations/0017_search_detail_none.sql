-- PostgreSQL form of migrations/0017_search_detail_none.sql: person search on the server
-- (issue 23; docs/server-mode.md, section 6). PostgreSQL cannot call the Python folding, and a
-- second folding in SQL would find other people than the local store: the repository computes
-- each person's folded parts with domain/search.py (index_parts) and writes them here
-- (storage/pg/search.py). pg_trgm's GIN indexes serve LIKE '%needle%'. A secret address is
-- never written here (address_text gives '' for it), as it is never indexed locally.
CREATE TABLE person_trigrams (
    person_id bigint PRIMARY KEY REFERENCES persons(id) ON DELETE CASCADE,
    words     text NOT NULL,  -- every part, space between parts (a needle holds no space)
    contact   text NOT NULL   -- phone, its national form, e-mail: what a phone number searches
);
CREATE INDEX person_trigrams_words ON person_trigrams USING gin (words gin_trgm_ops);
CREATE INDEX person_trigrams_contact ON person_trigrams USING gin (contact gin_trgm_ops);

REVOKE ALL ON person_trigrams FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE ON person_trigrams TO blijf_app;
