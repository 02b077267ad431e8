-- Signalen mensenhandel (issue 18): a case may have several. The annex fields are one JSON
-- payload (domain/signal_annex.py), inside the encrypted store like everything else; the
-- audit trail names only ids. A signal is changed only until it is sent: the exchange
-- register then holds the exact content that left (Mensenhandel 15.2; Blijf 6.2, 6.3).
-- Numbered 0008: 0007 belongs to another branch.
CREATE TABLE signals (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases(id),
    payload     TEXT NOT NULL CHECK (json_valid(payload)),
    created_at  TEXT NOT NULL,
    created_by  INTEGER NOT NULL REFERENCES users(id),
    updated_at  TEXT NOT NULL,
    updated_by  INTEGER NOT NULL REFERENCES users(id)
);
CREATE INDEX signals_case ON signals(case_id, id);

-- Each time a signal went out: the exchange that records it. Append only.
CREATE TABLE signal_sends (
    signal_id   INTEGER NOT NULL REFERENCES signals(id),
    exchange_id INTEGER NOT NULL REFERENCES exchanges(id),
    PRIMARY KEY (signal_id, exchange_id)
) WITHOUT ROWID;

CREATE TRIGGER signals_read_only_once_sent BEFORE UPDATE ON signals
WHEN EXISTS (SELECT 1 FROM signal_sends WHERE signal_id = OLD.id) BEGIN
    SELECT RAISE(ABORT, 'a sent signal is never changed');
END;
CREATE TRIGGER signals_never_deleted BEFORE DELETE ON signals BEGIN
    SELECT RAISE(ABORT, 'signals rows are never deleted');
END;
CREATE TRIGGER signal_sends_never_updated BEFORE UPDATE ON signal_sends BEGIN
    SELECT RAISE(ABORT, 'signal_sends rows are never changed');
END;
CREATE TRIGGER signal_sends_never_deleted BEFORE DELETE ON signal_sends BEGIN
    SELECT RAISE(ABORT, 'signal_sends rows are never deleted');
END;
