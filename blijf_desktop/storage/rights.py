"""Requests of the people recorded and their steps (append-only), and restrictions of
processing (lifted once). What the register says about whom a person's data came from or went
to decides the chain term and the parties to consult (domain/rights.py)."""

import json
from dataclasses import dataclass
from datetime import date

from blijf_desktop.domain import sharing
from blijf_desktop.domain.police import UNITS
from blijf_desktop.storage import dialects
from blijf_desktop.storage.audit import now_utc

CHAIN_RECIPIENTS = tuple(code for code, r in sharing.RECIPIENTS.items()
                         if r.kind is not sharing.RecipientKind.POLITIE)
POLICE_UNITS = tuple(UNITS)

# The values of a JSON list parameter, per engine (docs/server-mode.md, section 2): ids, codes.
_IDS = "SELECT value FROM json_each(?)"
_IDS_PG = "SELECT value::bigint FROM json_array_elements_text(?::json) AS value"
_CODES = "SELECT value FROM json_each(?)"
_CODES_PG = "SELECT json_array_elements_text(?::json)"



@dataclass(frozen=True)
class StoredRequest:
    id: int
    person_id: int
    case_id: int
    kind: str
    received_on: date
    received_how: str
    chain: bool
    involved: tuple[str, ...]
    asked: str
    registered_at: str
    registered_by_name: str


@dataclass(frozen=True)
class StoredStep:
    id: int
    request_id: int
    step: str
    on_date: date
    partners: tuple[str, ...]
    months: int | None
    decision: str | None
    grounds: tuple[str, ...]
    reasons: str
    how: str | None
    links: dict
    recorded_at: str
    recorded_by_name: str


@dataclass(frozen=True)
class Restriction:
    id: int
    person_id: int
    request_id: int | None
    reason: str
    started_at: str
    lifted_at: str | None
    lift_reason: str | None


# -- requests ---------------------------------------------------------------------------------
def insert_request(conn, person_id: int, case_id: int, kind: str, received_on: date,
                   received_how: str, chain: bool, involved, asked: str, user_id: int) -> int:
    return conn.execute(
        "INSERT INTO rights_requests (person_id, case_id, kind, received_on, received_how,"
        " chain, involved, asked, registered_at, registered_by)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (person_id, case_id, kind, received_on.isoformat(), received_how, int(chain),
         json.dumps(sorted(involved)), asked, now_utc(), user_id)).lastrowid


_REQUESTS = (
    "SELECT r.id, r.person_id, r.case_id, r.kind, r.received_on, r.received_how, r.chain,"
    " r.involved, r.asked, r.registered_at, u.display_name FROM rights_requests r"
    " JOIN users u ON u.id = r.registered_by"
)


def _request(r) -> StoredRequest:
    return StoredRequest(r[0], r[1], r[2], r[3], date.fromisoformat(r[4]), r[5], bool(r[6]),
                         tuple(json.loads(r[7])), r[8], r[9], r[10])


def get_request(conn, request_id: int) -> StoredRequest | None:
    row = conn.execute(f"{_REQUESTS} WHERE r.id = ?", (request_id,)).fetchone()
    return _request(row) if row else None


def all_requests(conn, limit: int = 2000) -> list[StoredRequest]:
    rows = conn.execute(f"{_REQUESTS} ORDER BY r.received_on, r.id LIMIT ?", (limit,))
    return [_request(r) for r in rows]


# -- steps ------------------------------------------------------------------------------------
def insert_step(conn, request_id: int, step: str, on_date: date, user_id: int, *,
                partners=None, months: int | None = None, decision: str | None = None,
                grounds=None, reasons: str = "", how: str | None = None,
                links: dict | None = None) -> int:
    return conn.execute(
        "INSERT INTO rights_request_steps (request_id, step, on_date, partners, months, decision,"
        " grounds, reasons, how, links, recorded_at, recorded_by)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (request_id, step, on_date.isoformat(),
         None if partners is None else json.dumps(sorted(partners)), months, decision,
         None if grounds is None else json.dumps(sorted(grounds)), reasons, how,
         json.dumps(links or {}, sort_keys=True), now_utc(), user_id)).lastrowid


_STEPS = (
    "SELECT s.id, s.request_id, s.step, s.on_date, s.partners, s.months, s.decision, s.grounds,"
    " s.reasons, s.how, s.links, s.recorded_at, u.display_name FROM rights_request_steps s"
    " JOIN users u ON u.id = s.recorded_by"
)


def _step(r) -> StoredStep:
    return StoredStep(r[0], r[1], r[2], date.fromisoformat(r[3]),
                      tuple(json.loads(r[4])) if r[4] else (), r[5], r[6],
                      tuple(json.loads(r[7])) if r[7] else (), r[8], r[9], json.loads(r[10]),
                      r[11], r[12])


def steps(conn, request_id: int) -> list[StoredStep]:
    rows = conn.execute(f"{_STEPS} WHERE s.request_id = ? ORDER BY s.id", (request_id,))
    return [_step(r) for r in rows]


def steps_of(conn, request_ids: list[int]) -> dict[int, list[StoredStep]]:
    found: dict[int, list[StoredStep]] = {}
    rows = conn.execute(f"{_STEPS} WHERE s.request_id IN"
                        f" ({_IDS_PG if dialects.on_server(conn) else _IDS}) ORDER BY s.id",
                        (json.dumps(request_ids),))
    for row in rows:
        found.setdefault(row[1], []).append(_step(row))
    return found


# -- restrictions -----------------------------------------------------------------------------
_RESTRICTIONS = ("SELECT id, person_id, request_id, reason, started_at, lifted_at, lift_reason"
                 " FROM restrictions")


def restrict(conn, person_id: int, request_id: int | None, reason: str, user_id: int) -> int:
    return conn.execute(
        "INSERT INTO restrictions (person_id, request_id, reason, started_at, started_by)"
        " VALUES (?, ?, ?, ?, ?)", (person_id, request_id, reason, now_utc(), user_id)).lastrowid


def active_restriction(conn, person_id: int) -> Restriction | None:
    row = conn.execute(f"{_RESTRICTIONS} WHERE person_id = ? AND lifted_at IS NULL",
                       (person_id,)).fetchone()
    return Restriction(*row) if row else None


def restricted_among(conn, person_ids) -> set[int]:
    """Which of these people are restricted now."""
    return {row[0] for row in conn.execute(
        "SELECT person_id FROM restrictions WHERE lifted_at IS NULL"
        f" AND person_id IN ({_IDS_PG if dialects.on_server(conn) else _IDS})",
        (json.dumps(sorted(person_ids)),))}


def lift(conn, restriction_id: int, reason: str, user_id: int) -> None:
    conn.execute("UPDATE restrictions SET lifted_at = ?, lifted_by = ?, lift_reason = ?"
                 " WHERE id = ?", (now_utc(), user_id, reason, restriction_id))


def restrictions_of(conn, person_id: int) -> list[Restriction]:
    rows = conn.execute(f"{_RESTRICTIONS} WHERE person_id = ? ORDER BY id", (person_id,))
    return [Restriction(*r) for r in rows]


# -- what the register knows ------------------------------------------------------------------
def has_chain_data(conn, case_id: int) -> bool:
    """A signal mensenhandel in the case, or anything of the case sent to a chain recipient."""
    row = conn.execute(
        "SELECT EXISTS (SELECT 1 FROM signals WHERE case_id = ?)"
        " OR EXISTS (SELECT 1 FROM exchanges WHERE case_id = ? AND direction = 'uit'"
        f"  AND counterparty IN ({_CODES_PG if dialects.on_server(conn) else _CODES}))",
        (case_id, case_id, json.dumps(CHAIN_RECIPIENTS))).fetchone()
    return bool(row[0])


def police_involved(conn, person_id: int) -> bool:
    """Data about the person received from or given to a police unit (Blijf 11.5)."""
    row = conn.execute(
        "SELECT EXISTS (SELECT 1 FROM exchange_items i JOIN exchanges e ON e.id = i.exchange_id"
        " WHERE i.person_id = ? AND e.counterparty IN"
        f" ({_CODES_PG if dialects.on_server(conn) else _CODES}))",
        (person_id, json.dumps(POLICE_UNITS))).fetchone()
    return bool(row[0])


def disclosed_kinds(conn, person_id: int) -> set[str]:
    """Every kind of data about the person that ever went out (for AVG art. 19)."""
    return {row[0] for row in conn.execute(
        "SELECT DISTINCT i.kind FROM exchange_items i JOIN exchanges e ON e.id = i.exchange_id"
        " WHERE e.direction = 'uit' AND i.person_id = ?", (person_id,))}


def history_ids_after(conn, person_id: int, after_id: int) -> list[int]:
    return [row[0] for row in conn.execute(
        "SELECT id FROM person_history WHERE person_id = ? AND id > ? ORDER BY id",
        (person_id, after_id))]


def last_history_id(conn) -> int:
    return conn.execute("SELECT coalesce(max(id), 0) FROM person_history").fetchone()[0]
