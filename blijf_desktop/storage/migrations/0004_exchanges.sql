-- The exchange register (issue 17): Blijf Groep's record of every exchange in or out
-- (Blijf 6.2, 6.3). Rows are never changed: a correction is a new row naming the old one.
-- Numbered 0004: 0003 is left to the risk screening (another branch).
CREATE TABLE exchanges (
    id              INTEGER PRIMARY KEY,
    case_id         INTEGER NOT NULL REFERENCES cases(id),
    direction       TEXT NOT NULL CHECK (direction IN ('in', 'uit')),
    counterparty    TEXT NOT NULL,
    purpose         TEXT NOT NULL,
    basis           TEXT NOT NULL,
    initiative      TEXT NOT NULL CHECK (initiative IN ('gevraagd', 'ongevraagd')),
    channel         TEXT NOT NULL CHECK (channel IN ('mondeling', 'schriftelijk')),
    contact         TEXT NOT NULL DEFAULT '',   -- the officer or contact person
    police_info     INTEGER NOT NULL DEFAULT 0 CHECK (police_info IN (0, 1)),
    exchanged_on    TEXT NOT NULL,              -- the date of the exchange (ISO)
    recorded_at     TEXT NOT NULL,
    recorded_by     INTEGER NOT NULL REFERENCES users(id),
    summary         TEXT NOT NULL DEFAULT '',
    document        BLOB,                       -- the exact document that left
    document_sha256 TEXT,
    corrects_id     INTEGER REFERENCES exchanges(id),
    CHECK ((document IS NULL) = (document_sha256 IS NULL)),
    CHECK (police_info = 0 OR direction = 'in')  -- police data never goes out (Blijf 5.2, 5.8)
);
CREATE INDEX exchanges_case ON exchanges(case_id);
CREATE INDEX exchanges_on ON exchanges(exchanged_on, id);

-- Which people, which kinds of data per person; for incoming police data also what was said.
CREATE TABLE exchange_items (
    id          INTEGER PRIMARY KEY,
    exchange_id INTEGER NOT NULL REFERENCES exchanges(id),
    person_id   INTEGER NOT NULL REFERENCES persons(id),
    kind        TEXT NOT NULL,
    content     TEXT NOT NULL DEFAULT '',
    UNIQUE (exchange_id, person_id, kind)
);
CREATE INDEX exchange_items_person ON exchange_items(person_id, exchange_id);

-- The gevarenclassificatie of a pleger (Blijf 4.2, cat. 4 d): each flag ja, nee or onbekend.
CREATE TABLE exchange_flags (
    item_id INTEGER NOT NULL REFERENCES exchange_items(id),
    flag    TEXT NOT NULL,
    value   TEXT NOT NULL CHECK (value IN ('ja', 'nee', 'onbekend')),
    PRIMARY KEY (item_id, flag)
);

CREATE TRIGGER exchanges_never_updated BEFORE UPDATE ON exchanges BEGIN
    SELECT RAISE(ABORT, 'exchange register rows are never changed');
END;
CREATE TRIGGER exchange_items_never_updated BEFORE UPDATE ON exchange_items BEGIN
    SELECT RAISE(ABORT, 'exchange register rows are never changed');
END;
CREATE TRIGGER exchange_flags_never_updated BEFORE UPDATE ON exchange_flags BEGIN
    SELECT RAISE(ABORT, 'exchange register rows are never changed');
END;
