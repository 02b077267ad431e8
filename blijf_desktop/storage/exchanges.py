"""The exchange register: one row per exchange in or out, its items (person, kind, content) and
a pleger's danger flags. Append only: a correction is a new row with `corrects_id`."""

import json
from dataclasses import dataclass, field
from datetime import date

from blijf_desktop.storage.audit import now_utc
from blijf_desktop.storage.dialects import on_server

_NAME = "trim(p.first_names || ' ' || p.prefix || ' ' || p.last_name)"

# "Is one of the integers in a JSON array parameter": one parameter, so that the SQL text never
# depends on the ids. Per engine (docs/server-mode.md, section 2); on the server `= ANY` of an
# array read once, which uses the index: `IN (SELECT ...)` under row-level security scanned the
# whole table (one exchange's items at 100,000 cases: 657 ms, against 0.7 ms).
_IN_IDS = "IN (SELECT value FROM json_each(?))"
_IN_IDS_PG = "= ANY (ARRAY(SELECT json_array_elements_text(?::json)::bigint))"


def _in_ids(conn) -> str:
    return _IN_IDS_PG if on_server(conn) else _IN_IDS


@dataclass(frozen=True)
class NewItem:
    person_id: int
    kind: str
    content: str = ""
    flags: dict[str, str] = field(default_factory=dict)  # flag code -> ja / nee / onbekend


@dataclass(frozen=True)
class NewExchange:
    case_id: int
    direction: str
    counterparty: str
    purpose: str
    basis: str
    initiative: str
    channel: str
    exchanged_on: date
    contact: str = ""
    police_info: bool = False
    summary: str = ""
    document: bytes | None = None
    document_sha256: str | None = None
    corrects_id: int | None = None


@dataclass(frozen=True)
class ItemRecord:
    person_id: int
    person_name: str
    category: int
    kind: str
    content: str
    flags: dict[str, str]


@dataclass(frozen=True)
class ExchangeRecord:
    id: int
    case_id: int
    direction: str
    counterparty: str
    purpose: str
    basis: str
    initiative: str
    channel: str
    contact: str
    police_info: bool
    exchanged_on: date
    recorded_at: str
    recorded_by: int
    recorded_by_name: str
    summary: str
    document_sha256: str | None
    document_size: int
    corrects_id: int | None
    corrected_by: tuple[int, ...]
    items: tuple[ItemRecord, ...]
    route: tuple[str, ...] = ()  # a disclosure through the guided flow: whom it passes first
    anonymised: bool | None = None  # None: not made through the guided flow

    @property
    def person_names(self) -> list[str]:
        return list(dict.fromkeys(item.person_name for item in self.items))

    @property
    def kinds(self) -> list[str]:
        return list(dict.fromkeys(item.kind for item in self.items))


def insert(conn, new: NewExchange, items: list[NewItem], user_id: int) -> int:
    exchange_id = conn.execute(
        "INSERT INTO exchanges (case_id, direction, counterparty, purpose, basis, initiative,"
        " channel, contact, police_info, exchanged_on, recorded_at, recorded_by, summary,"
        " document, document_sha256, corrects_id)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (new.case_id, new.direction, new.counterparty, new.purpose, new.basis, new.initiative,
         new.channel, new.contact, int(new.police_info), new.exchanged_on.isoformat(), now_utc(),
         user_id, new.summary, new.document, new.document_sha256, new.corrects_id),
    ).lastrowid
    for item in items:
        item_id = conn.execute(
            "INSERT INTO exchange_items (exchange_id, person_id, kind, content)"
            " VALUES (?, ?, ?, ?)", (exchange_id, item.person_id, item.kind, item.content),
        ).lastrowid
        for flag, value in sorted(item.flags.items()):
            conn.execute("INSERT INTO exchange_flags (item_id, flag, value) VALUES (?, ?, ?)",
                         (item_id, flag, value))
    return exchange_id


_SELECT = (
    "SELECT e.id, e.case_id, e.direction, e.counterparty, e.purpose, e.basis, e.initiative,"
    " e.channel, e.contact, e.police_info, e.exchanged_on, e.recorded_at, e.recorded_by,"
    " u.display_name, e.summary, e.document_sha256, coalesce(length(e.document), 0),"
    " e.corrects_id, d.route, d.anonymised FROM exchanges e"
    " JOIN users u ON u.id = e.recorded_by"
    " LEFT JOIN exchange_disclosures d ON d.exchange_id = e.id"
)


def _items(conn, exchange_ids: list[int]) -> dict[int, list[ItemRecord]]:
    found: dict[int, list[ItemRecord]] = {i: [] for i in exchange_ids}
    if not exchange_ids:
        return found
    ids = json.dumps(exchange_ids)
    flags: dict[int, dict[str, str]] = {}
    for item_id, flag, value in conn.execute(
            "SELECT f.item_id, f.flag, f.value FROM exchange_flags f JOIN exchange_items i"
            f" ON i.id = f.item_id WHERE i.exchange_id {_in_ids(conn)}", (ids,)):
        flags.setdefault(item_id, {})[flag] = value
    rows = conn.execute(
        f"SELECT i.id, i.exchange_id, i.person_id, {_NAME}, p.category, i.kind, i.content"
        " FROM exchange_items i JOIN persons p ON p.id = i.person_id"
        f" WHERE i.exchange_id {_in_ids(conn)} ORDER BY i.id", (ids,))
    for item_id, exchange_id, person_id, name, category, kind, content in rows:
        found[exchange_id].append(ItemRecord(person_id, " ".join(name.split()), category, kind,
                                             content, flags.get(item_id, {})))
    return found


def _corrections(conn, exchange_ids: list[int]) -> dict[int, tuple[int, ...]]:
    found: dict[int, list[int]] = {}
    if exchange_ids:
        for new_id, old_id in conn.execute(
                f"SELECT id, corrects_id FROM exchanges WHERE corrects_id {_in_ids(conn)}"
                " ORDER BY id", (json.dumps(exchange_ids),)):
            found.setdefault(old_id, []).append(new_id)
    return {k: tuple(v) for k, v in found.items()}


def _records(conn, rows) -> list[ExchangeRecord]:
    ids = [row[0] for row in rows]
    items, corrections = _items(conn, ids), _corrections(conn, ids)
    return [ExchangeRecord(*row[:9], bool(row[9]), date.fromisoformat(row[10]), *row[11:18],
                           corrections.get(row[0], ()), tuple(items[row[0]]),
                           tuple((row[18] or "").split()),
                           None if row[19] is None else bool(row[19])) for row in rows]


def get(conn, exchange_id: int) -> ExchangeRecord | None:
    rows = conn.execute(f"{_SELECT} WHERE e.id = ?", (exchange_id,)).fetchall()
    return _records(conn, rows)[0] if rows else None


def _about_persons(conn) -> str:
    about = f"SELECT exchange_id FROM exchange_items WHERE person_id {_in_ids(conn)}"
    return f"e.id = ANY (ARRAY({about}))" if on_server(conn) else f"e.id IN ({about})"


def _listing(conn) -> str:
    # Each filter is "(CAST(? AS TEXT) IS NULL OR ...)" with its value given twice: PostgreSQL
    # must know a parameter's type, and takes neither `?1` nor a bare `? IS NULL`.
    return _SELECT + (
        f" WHERE (CAST(? AS TEXT) IS NULL OR {_about_persons(conn)})"
        " AND (CAST(? AS TEXT) IS NULL OR e.counterparty = ?)"
        " AND (CAST(? AS TEXT) IS NULL OR e.direction = ?)"
        " AND (CAST(? AS TEXT) IS NULL OR e.exchanged_on >= ?)"
        " AND (CAST(? AS TEXT) IS NULL OR e.exchanged_on <= ?)"
        " ORDER BY e.exchanged_on DESC, e.id DESC LIMIT ?"
    )


def listing(conn, person_ids: list[int] | None = None, counterparty: str | None = None,
            date_from: date | None = None, date_to: date | None = None,
            direction: str | None = None, limit: int = 500) -> list[ExchangeRecord]:
    """The register, newest exchange first. `person_ids`: only exchanges about one of them
    (an empty list matches nothing)."""
    filters = (None if person_ids is None else json.dumps(person_ids), counterparty, direction,
               date_from and date_from.isoformat(), date_to and date_to.isoformat())
    rows = conn.execute(_listing(conn), (*(v for value in filters for v in (value, value)),
                                         limit)).fetchall()
    return _records(conn, rows)


def document(conn, exchange_id: int) -> tuple[bytes, str] | None:
    row = conn.execute("SELECT document, document_sha256 FROM exchanges WHERE id = ?",
                       (exchange_id,)).fetchone()
    if row is None or row[0] is None:
        return None
    return bytes(row[0]), row[1]
