"""The breach register: incidents, their notifications (append only) and the history of every
change (append only). Moments are stored as UTC ISO text; people and accounts as id lists."""

import json
from dataclasses import dataclass
from datetime import date, datetime, timezone

from blijf_desktop.storage.audit import now_utc
from blijf_desktop.storage import dialects

# The fields of an incident a user sets (registration and change), in the table's names.
FIELDS = ("kind", "found_at", "what_happened", "data_kinds", "person_ids", "user_ids", "risk",
          "risk_reason", "measures", "people_exception")
_LISTS = ("data_kinds", "person_ids", "user_ids")
# The ids of a JSON list parameter, per engine (docs/server-mode.md, section 2).
_IDS = "SELECT value FROM json_each(?)"
_IDS_PG = "SELECT value::bigint FROM json_array_elements_text(?::json) AS value"


def _ids(conn) -> str:
    return _IDS_PG if dialects.on_server(conn) else _IDS


@dataclass(frozen=True)
class IncidentRow:
    id: int
    kind: str
    found_at: datetime
    what_happened: str
    data_kinds: tuple[str, ...]
    person_ids: tuple[int, ...]
    user_ids: tuple[int, ...]
    risk: str | None
    risk_reason: str
    measures: str
    people_exception: str
    registered_at: datetime
    registered_by: int
    closed_at: datetime | None
    closed_by: int | None


@dataclass(frozen=True)
class NotificationRow:
    id: int
    incident_id: int
    recipient: str
    phase: str | None
    at: datetime
    reference: str
    late_reason: str
    recorded_at: datetime
    recorded_by: int


@dataclass(frozen=True)
class HistoryRow:
    id: int
    incident_id: int
    at: datetime
    user_id: int
    action: str
    fields: dict


def moment(value: datetime) -> str:
    return value.astimezone(timezone.utc).isoformat(timespec="seconds")


def _read(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _column(name: str, value):
    if name in _LISTS:
        return json.dumps(sorted(value))
    if name == "found_at":
        return moment(value)
    return value


_INSERT = ("INSERT INTO incidents (kind, found_at, what_happened, data_kinds, person_ids,"
           " user_ids, risk, risk_reason, measures, people_exception, registered_at,"
           " registered_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
_UPDATE = ("UPDATE incidents SET kind = ?, found_at = ?, what_happened = ?, data_kinds = ?,"
           " person_ids = ?, user_ids = ?, risk = ?, risk_reason = ?, measures = ?,"
           " people_exception = ? WHERE id = ?")


def insert(conn, values: dict, user_id: int) -> int:
    """`values`: every name in FIELDS."""
    incident_id = conn.execute(
        _INSERT, (*(_column(n, values[n]) for n in FIELDS), now_utc(), user_id)).lastrowid
    add_history(conn, incident_id, user_id, "registered", values)
    return incident_id


def update(conn, incident_id: int, values: dict, changed: list[str], user_id: int) -> None:
    """`values`: every name in FIELDS, as they are now; `changed`: the names that differ."""
    conn.execute(_UPDATE, (*(_column(n, values[n]) for n in FIELDS), incident_id))
    add_history(conn, incident_id, user_id, "changed", {n: values[n] for n in changed})


def close(conn, incident_id: int, user_id: int) -> None:
    conn.execute("UPDATE incidents SET closed_at = ?, closed_by = ? WHERE id = ?",
                 (now_utc(), user_id, incident_id))
    add_history(conn, incident_id, user_id, "closed", {})


def add_notification(conn, incident_id: int, recipient: str, phase: str | None, at: datetime,
                     reference: str, late_reason: str, user_id: int) -> int:
    notification_id = conn.execute(
        "INSERT INTO incident_notifications (incident_id, recipient, phase, at, reference,"
        " late_reason, recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (incident_id, recipient, phase, moment(at), reference, late_reason, now_utc(), user_id),
    ).lastrowid
    add_history(conn, incident_id, user_id, "notified", {
        "notification": notification_id, "recipient": recipient, "phase": phase,
        "at": moment(at), "reference": reference, "late_reason": late_reason})
    return notification_id


def add_history(conn, incident_id: int, user_id: int, action: str, fields: dict) -> None:
    shown = {k: (_column(k, v) if k in FIELDS else v) for k, v in fields.items()}
    shown = {k: (json.loads(v) if k in _LISTS else v) for k, v in shown.items()}
    conn.execute("INSERT INTO incident_history (incident_id, at, user_id, action, fields)"
                 " VALUES (?, ?, ?, ?, ?)",
                 (incident_id, now_utc(), user_id, action,
                  json.dumps(shown, ensure_ascii=False, sort_keys=True)))


_SELECT = ("SELECT id, kind, found_at, what_happened, data_kinds, person_ids, user_ids, risk,"
           " risk_reason, measures, people_exception, registered_at, registered_by, closed_at,"
           " closed_by FROM incidents")


def _incident(row) -> IncidentRow:
    return IncidentRow(row[0], row[1], _read(row[2]), row[3], tuple(json.loads(row[4])),
                       tuple(json.loads(row[5])), tuple(json.loads(row[6])), row[7], row[8],
                       row[9], row[10], _read(row[11]), row[12], _read(row[13]), row[14])


def get(conn, incident_id: int) -> IncidentRow | None:
    row = conn.execute(_SELECT + " WHERE id = ?", (incident_id,)).fetchone()
    return _incident(row) if row else None


def listing(conn) -> list[IncidentRow]:
    """Open incidents first, then closed ones; newest finding first within each."""
    rows = conn.execute(_SELECT + " ORDER BY closed_at IS NOT NULL, found_at DESC, id DESC")
    return [_incident(r) for r in rows]


def notifications(conn, incident_ids: list[int]) -> dict[int, list[NotificationRow]]:
    found: dict[int, list[NotificationRow]] = {i: [] for i in incident_ids}
    rows = conn.execute(
        "SELECT id, incident_id, recipient, phase, at, reference, late_reason, recorded_at,"
        " recorded_by FROM incident_notifications WHERE incident_id IN"
        f" ({_ids(conn)}) ORDER BY at, id", (json.dumps(incident_ids),))
    for r in rows:
        found[r[1]].append(NotificationRow(r[0], r[1], r[2], r[3], _read(r[4]), r[5], r[6],
                                           _read(r[7]), r[8]))
    return found


def history(conn, incident_id: int) -> list[HistoryRow]:
    rows = conn.execute("SELECT id, incident_id, at, user_id, action, fields FROM"
                        " incident_history WHERE incident_id = ? ORDER BY id", (incident_id,))
    return [HistoryRow(r[0], r[1], _read(r[2]), r[3], r[4], json.loads(r[5])) for r in rows]


# On a server the beheerder reads no person (the policies, docs/server-mode.md section 5):
# which ids are people on record, and their category, come from the definer of 0036.
_PERSONS_PG = "SELECT person_id, category FROM blijf.incident_persons(?::bigint[])"


def existing_persons(conn, person_ids: list[int]) -> set[int]:
    return set(person_categories(conn, person_ids))


def person_categories(conn, person_ids: list[int]) -> dict[int, int]:
    if dialects.on_server(conn):
        rows = conn.execute(_PERSONS_PG, ([int(i) for i in person_ids],))
    else:
        rows = conn.execute("SELECT id, category FROM persons WHERE id IN"
                            f" ({_ids(conn)})", (json.dumps(person_ids),))
    return {r[0]: r[1] for r in rows}


def existing_users(conn, user_ids: list[int]) -> set[int]:
    rows = conn.execute(f"SELECT id FROM users WHERE id IN ({_ids(conn)})",
                        (json.dumps(user_ids),))
    return {r[0] for r in rows}


def identifying_text(conn, typed: list[str] | None = None) -> tuple[list[str], list[str]]:
    """What would identify someone if typed into an incident's free text: the names of every
    person and user (for domain.sharing.mask_names), and every address part, place and birth
    date of a person (phrases; a date in the forms a user types and the store keeps).
    On a server, where the beheerder reads no person, only those of the `typed` texts: the
    words and phrases in them that are on record (migration 0036, incident_terms)."""
    users = [r[0] for r in conn.execute("SELECT display_name FROM users")]
    if dialects.on_server(conn):
        names, phrases = [], []
        for kind, term in conn.execute(_TERMS_PG, (list(typed or []),)):
            (names if kind == "name" else phrases).append(term)
        return names + users, phrases
    names = [" ".join(r) for r in conn.execute(
        "SELECT first_names, prefix, last_name FROM persons")] + users
    phrases = []
    for *places, born in conn.execute(
            "SELECT street, postcode, residence, birth_place, birth_date FROM persons"):
        phrases += [p for p in places if p]
        if born:
            day = date.fromisoformat(born)
            phrases += [born, f"{day.day:02d}-{day.month:02d}-{day.year}",
                        f"{day.day}-{day.month}-{day.year}"]
    return names, phrases


_TERMS_PG = "SELECT kind, term FROM blijf.incident_terms(?::text[])"
