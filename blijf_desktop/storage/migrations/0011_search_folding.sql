-- Search finds every spelling (issue 19): the index holds names, places and contact details
-- folded by blijf_fold (domain/search.py index_text, registered on the connection by
-- storage/functions.py): every Latin letter as a Dutch keyboard types it (anyascii), and each
-- part also without its spaces, hyphens and apostrophes. The query is folded the same way.
-- A secret address is still never indexed.
DROP TRIGGER persons_search_insert;
DROP TRIGGER persons_search_update;

CREATE TRIGGER persons_search_insert AFTER INSERT ON persons BEGIN
    INSERT INTO person_search (rowid, name, born, place, contact)
    VALUES (-new.id,
            blijf_fold(new.first_names, new.prefix || ' ' || new.last_name),
            coalesce(strftime('%d-%m-%Y', new.birth_date), ''),
            blijf_fold(new.residence, new.birth_place,
                       CASE WHEN new.address_secret THEN '' ELSE new.street END,
                       CASE WHEN new.address_secret THEN '' ELSE new.postcode END),
            blijf_fold(new.phone,
                       CASE WHEN new.phone LIKE '+31%' THEN '0' || substr(new.phone, 4) ELSE '' END,
                       new.email));
END;

CREATE TRIGGER persons_search_update AFTER UPDATE ON persons BEGIN
    DELETE FROM person_search WHERE rowid = -old.id;
    INSERT INTO person_search (rowid, name, born, place, contact)
    VALUES (-new.id,
            blijf_fold(new.first_names, new.prefix || ' ' || new.last_name),
            coalesce(strftime('%d-%m-%Y', new.birth_date), ''),
            blijf_fold(new.residence, new.birth_place,
                       CASE WHEN new.address_secret THEN '' ELSE new.street END,
                       CASE WHEN new.address_secret THEN '' ELSE new.postcode END),
            blijf_fold(new.phone,
                       CASE WHEN new.phone LIKE '+31%' THEN '0' || substr(new.phone, 4) ELSE '' END,
                       new.email));
END;

-- Existing stores: the old index goes; 0017 makes a new one, filled after login (0030).
INSERT INTO person_search (person_search) VALUES ('delete-all');
