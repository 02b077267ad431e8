-- The search index that stays small as the store grows (issue 19). It records only which
-- person holds a trigram, not in which field or at which place (FTS5 detail=none): at 100,000
-- clients a fifth of 0011's size, so it stays in the page cache and a search decrypts few
-- pages. Each part is a column of its own, folded and without its spaces, hyphens and
-- apostrophes (a query word never holds them, so no trigram spans two parts); of a birth date
-- only the year (a query word holds no hyphen). A search asks the index for the people
-- holding every trigram of its words and keeps those whose parts hold each word whole
-- (blijf_search_match, storage/persons.py). The parts come from domain/search.py
-- (index_parts; a secret address is never indexed: address_text).
DROP TRIGGER persons_search_insert;
DROP TRIGGER persons_search_update;
DROP TRIGGER persons_search_delete;
DROP TABLE person_search;

CREATE VIRTUAL TABLE person_search USING fts5(
    first_names, last_name, born_year, residence, birth_place, street, postcode,
    phone, phone_national, email,
    tokenize = 'trigram',
    content = '',
    contentless_delete = 1,
    detail = none
);
-- Blocks that fit one encrypted page (see 0012).
INSERT INTO person_search (person_search, rank) VALUES ('pgsz', 3900);

CREATE TRIGGER persons_search_insert AFTER INSERT ON persons BEGIN
    INSERT INTO person_search (rowid, first_names, last_name, born_year, residence,
                               birth_place, street, postcode, phone, phone_national, email)
    VALUES (-new.id, blijf_fold(new.first_names), blijf_fold(new.prefix || ' ' || new.last_name),
            blijf_year_text(new.birth_date), blijf_fold(new.residence),
            blijf_fold(new.birth_place), blijf_address_text(new.street, new.address_secret),
            blijf_address_text(new.postcode, new.address_secret), blijf_fold(new.phone),
            blijf_national_phone(new.phone), blijf_fold(new.email));
END;

CREATE TRIGGER persons_search_delete AFTER DELETE ON persons BEGIN
    DELETE FROM person_search WHERE rowid = -old.id;
END;

CREATE TRIGGER persons_search_update AFTER UPDATE ON persons BEGIN
    DELETE FROM person_search WHERE rowid = -old.id;
    INSERT INTO person_search (rowid, first_names, last_name, born_year, residence,
                               birth_place, street, postcode, phone, phone_national, email)
    VALUES (-new.id, blijf_fold(new.first_names), blijf_fold(new.prefix || ' ' || new.last_name),
            blijf_year_text(new.birth_date), blijf_fold(new.residence),
            blijf_fold(new.birth_place), blijf_address_text(new.street, new.address_secret),
            blijf_address_text(new.postcode, new.address_secret), blijf_fold(new.phone),
            blijf_national_phone(new.phone), blijf_fold(new.email));
END;

-- Existing stores get their index after login (0030, storage/search_rebuild.py): filling it
-- here kept the login window waiting for minutes at 100,000 clients.
