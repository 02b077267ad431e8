-- Second spellings and particles (issue 19): German ä ö ü also as ae oe ue, Danish and
-- Norwegian ø å as oe aa (domain/search.py _SECOND_SPELLINGS); particles typed at the end of
-- the first names or behind the surname after a comma belong to the surname
-- (domain/name_particles.py). The name columns come from blijf_first_names_text and
-- blijf_surname_text, which see the whole name.
DROP TRIGGER persons_search_insert;
DROP TRIGGER persons_search_update;

CREATE TRIGGER persons_search_insert AFTER INSERT ON persons BEGIN
    INSERT INTO person_search (rowid, first_names, last_name, born_year, residence,
                               birth_place, street, postcode, phone, phone_national, email)
    VALUES (-new.id, blijf_first_names_text(new.first_names, new.prefix, new.last_name),
            blijf_surname_text(new.first_names, new.prefix, new.last_name),
            blijf_year_text(new.birth_date), blijf_fold(new.residence),
            blijf_fold(new.birth_place), blijf_address_text(new.street, new.address_secret),
            blijf_address_text(new.postcode, new.address_secret), blijf_fold(new.phone),
            blijf_national_phone(new.phone), blijf_fold(new.email));
END;

CREATE TRIGGER persons_search_update AFTER UPDATE ON persons BEGIN
    DELETE FROM person_search WHERE rowid = -old.id;
    INSERT INTO person_search (rowid, first_names, last_name, born_year, residence,
                               birth_place, street, postcode, phone, phone_national, email)
    VALUES (-new.id, blijf_first_names_text(new.first_names, new.prefix, new.last_name),
            blijf_surname_text(new.first_names, new.prefix, new.last_name),
            blijf_year_text(new.birth_date), blijf_fold(new.residence),
            blijf_fold(new.birth_place), blijf_address_text(new.street, new.address_secret),
            blijf_address_text(new.postcode, new.address_secret), blijf_fold(new.phone),
            blijf_national_phone(new.phone), blijf_fold(new.email));
END;

-- The index is written again after login, not here: storage/search_rebuild.py, newest first,
-- in short steps that survive a kill. Every person with an id below `below` waits; `top` is
-- where it started (for the progress bar), `merging` the last phase.
CREATE TABLE search_rebuild (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    below   INTEGER NOT NULL,
    top     INTEGER NOT NULL,
    merging INTEGER NOT NULL DEFAULT 0 CHECK (merging IN (0, 1))
);
INSERT INTO search_rebuild (id, below, top)
SELECT 1, max(id) + 1, max(id) + 1 FROM persons HAVING count(*) > 0;
