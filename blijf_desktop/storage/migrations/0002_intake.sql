-- Intake: cases, the people recorded (convenant Blijf art. 4: only the listed fields),
-- threat information, the rectification trail, drafts, and the search index.
CREATE TABLE cases (
    id          INTEGER PRIMARY KEY,
    created_at  TEXT NOT NULL,
    created_by  INTEGER NOT NULL REFERENCES users(id)
);

CREATE TABLE persons (
    id             INTEGER PRIMARY KEY,
    case_id        INTEGER NOT NULL REFERENCES cases(id),
    category       INTEGER NOT NULL CHECK (category IN (1, 2, 3, 4)),
    relation       TEXT NOT NULL DEFAULT '',
    first_names    TEXT NOT NULL DEFAULT '',
    prefix         TEXT NOT NULL DEFAULT '',
    last_name      TEXT NOT NULL DEFAULT '',
    street         TEXT NOT NULL DEFAULT '',
    house_number   TEXT NOT NULL DEFAULT '',
    postcode       TEXT NOT NULL DEFAULT '',
    residence      TEXT NOT NULL DEFAULT '',
    address_secret INTEGER NOT NULL DEFAULT 0 CHECK (address_secret IN (0, 1)),
    birth_place    TEXT NOT NULL DEFAULT '',
    birth_date     TEXT,
    phone          TEXT NOT NULL DEFAULT '',
    email          TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    created_by     INTEGER NOT NULL REFERENCES users(id),
    -- children have no phone or e-mail (category 2)
    CHECK (category <> 2 OR (phone = '' AND email = ''))
);
CREATE INDEX persons_case ON persons(case_id, category);

CREATE TABLE threats (
    id              INTEGER PRIMARY KEY,
    case_id         INTEGER NOT NULL REFERENCES cases(id),
    about_person_id INTEGER REFERENCES persons(id),
    about_location  TEXT NOT NULL DEFAULT '',
    noted_on        TEXT NOT NULL,
    description     TEXT NOT NULL,
    source          TEXT NOT NULL DEFAULT 'betrokkene',
    recorded_at     TEXT NOT NULL,
    recorded_by     INTEGER NOT NULL REFERENCES users(id)
);
CREATE INDEX threats_case ON threats(case_id);

-- The rectification trail: every change keeps the old value, who and when.
CREATE TABLE person_history (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES persons(id),
    field      TEXT NOT NULL,
    old_value  TEXT,
    new_value  TEXT,
    changed_at TEXT NOT NULL,
    changed_by INTEGER NOT NULL REFERENCES users(id)
);
CREATE INDEX person_history_person ON person_history(person_id, id);

-- Unfinished intakes, saved while typing; inside the encrypted store like everything else.
CREATE TABLE drafts (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    kind       TEXT NOT NULL,
    payload    TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (user_id, kind)
);

CREATE INDEX persons_birth_date ON persons(birth_date);

-- Search: trigram index without diacritics. Contentless: the text lives only in `persons`.
-- A secret address is never indexed, so a search cannot reveal it.
-- Row ids are the negated person ids: FTS5 scans ascending row ids cheaply, and ascending
-- negated ids give the newest people first. A full date is searched on persons.birth_date.
CREATE VIRTUAL TABLE person_search USING fts5(
    name, born, place, contact,
    tokenize = 'trigram remove_diacritics 1',
    content = '',
    contentless_delete = 1
);

CREATE TRIGGER persons_search_insert AFTER INSERT ON persons BEGIN
    INSERT INTO person_search (rowid, name, born, place, contact)
    VALUES (-new.id,
            trim(new.first_names || ' ' || new.prefix || ' ' || new.last_name),
            coalesce(strftime('%d-%m-%Y', new.birth_date), ''),
            trim(new.residence || ' ' || new.birth_place ||
                 CASE WHEN new.address_secret THEN ''
                      ELSE ' ' || new.street || ' ' || new.postcode END),
            trim(new.phone || ' ' ||
                 CASE WHEN new.phone LIKE '+31%' THEN '0' || substr(new.phone, 4) ELSE '' END
                 || ' ' || new.email));
END;

CREATE TRIGGER persons_search_delete AFTER DELETE ON persons BEGIN
    DELETE FROM person_search WHERE rowid = -old.id;
END;

CREATE TRIGGER persons_search_update AFTER UPDATE ON persons BEGIN
    DELETE FROM person_search WHERE rowid = -old.id;
    INSERT INTO person_search (rowid, name, born, place, contact)
    VALUES (-new.id,
            trim(new.first_names || ' ' || new.prefix || ' ' || new.last_name),
            coalesce(strftime('%d-%m-%Y', new.birth_date), ''),
            trim(new.residence || ' ' || new.birth_place ||
                 CASE WHEN new.address_secret THEN ''
                      ELSE ' ' || new.street || ' ' || new.postcode END),
            trim(new.phone || ' ' ||
                 CASE WHEN new.phone LIKE '+31%' THEN '0' || substr(new.phone, 4) ELSE '' END
                 || ' ' || new.email));
END;
