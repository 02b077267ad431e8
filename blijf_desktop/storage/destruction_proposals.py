"""Proposals to destroy and their review (the `destructions` table): ids and codes only,
plus a free note that is wiped when the data goes. The SQL runs on both engines as written: a
parameter tested for NULL is cast (PostgreSQL must know its type) and `IS NOT DISTINCT FROM`
compares what may be NULL (SQLite's `IS ?`)."""

import json
from dataclasses import dataclass
from datetime import date

from blijf_desktop.domain.destruction import DestructionState, Scope, TextKind
from blijf_desktop.storage.audit import now_utc

_COLUMNS = ("id, scope, case_id, person_id, text_kind, text_ref, request_id, reason_code, note,"
            " state, proposed_by, proposed_at, reviewed_by, reviewed_at, review_note,"
            " carried_out_by, carried_out_at, destroyed_on, keep_days, counts")


@dataclass(frozen=True)
class Proposal:
    id: int
    scope: Scope
    case_id: int
    person_id: int | None
    text_kind: TextKind | None
    text_ref: str | None
    request_id: int | None
    reason_code: str
    note: str
    state: DestructionState
    proposed_by: int
    proposed_at: str
    reviewed_by: int | None
    reviewed_at: str | None
    review_note: str
    carried_out_by: int | None
    carried_out_at: str | None
    destroyed_on: date | None
    keep_days: int | None
    counts: dict[str, int]


def _proposal(row) -> Proposal:
    values = list(row)
    values[1] = Scope(values[1])
    values[4] = TextKind(values[4]) if values[4] else None
    values[9] = DestructionState(values[9])
    values[17] = date.fromisoformat(values[17]) if values[17] else None
    values[19] = json.loads(values[19])
    return Proposal(*values)


def insert(conn, scope: Scope, case_id: int, reason_code: str, note: str, user_id: int,
           person_id: int | None = None, text_kind: TextKind | None = None,
           text_ref: str | None = None, request_id: int | None = None) -> int:
    return conn.execute(
        "INSERT INTO destructions (scope, case_id, person_id, text_kind, text_ref, request_id,"
        " reason_code, note, state, proposed_by, proposed_at) VALUES"
        " (?, ?, ?, ?, ?, ?, ?, ?, 'voorgesteld', ?, ?)",
        (scope.value, case_id, person_id, text_kind.value if text_kind else None, text_ref,
         request_id, reason_code, note, user_id, now_utc())).lastrowid


def get(conn, destruction_id: int) -> Proposal | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM destructions WHERE id = ?",
                       (destruction_id,)).fetchone()
    return _proposal(row) if row else None


def listing(conn, states: tuple[DestructionState, ...] | None = None,
            case_id: int | None = None) -> list[Proposal]:
    wanted = [s.value for s in states] if states else None
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM destructions WHERE (CAST(? AS bigint) IS NULL"
        " OR case_id = ?)"
        " ORDER BY id DESC", (case_id, case_id))
    found = [_proposal(r) for r in rows]
    return [p for p in found if wanted is None or p.state.value in wanted]


def open_for(conn, scope: Scope, case_id: int, person_id: int | None = None,
             text_ref: str | None = None) -> Proposal | None:
    """A proposal for the same thing that is still voorgesteld or beoordeeld."""
    row = conn.execute(
        f"SELECT {_COLUMNS} FROM destructions WHERE scope = ? AND case_id = ?"
        " AND person_id IS NOT DISTINCT FROM ? AND text_ref IS NOT DISTINCT FROM ?"
        " AND state IN ('voorgesteld', 'beoordeeld')",
        (scope.value, case_id, person_id, text_ref)).fetchone()
    return _proposal(row) if row else None


def approve(conn, destruction_id: int, user_id: int, note: str) -> None:
    conn.execute("UPDATE destructions SET state = 'beoordeeld', reviewed_by = ?,"
                 " reviewed_at = ?, review_note = ? WHERE id = ?",
                 (user_id, now_utc(), note, destruction_id))


def send_back(conn, destruction_id: int, user_id: int, reason: str) -> None:
    conn.execute("UPDATE destructions SET state = 'teruggezet', reviewed_by = ?,"
                 " reviewed_at = ?, review_note = ? WHERE id = ?",
                 (user_id, now_utc(), reason, destruction_id))


def mark_in_progress(conn, destruction_id: int, on: bool) -> None:
    conn.execute("UPDATE destructions SET in_progress = ? WHERE id = ?",
                 (int(on), destruction_id))


def mark_destroyed(conn, destruction_id: int, user_id: int, on: date, keep_days: int,
                   counts: dict[str, int], at: str | None = None) -> None:
    """`at`: when it was carried out, if not now (a destruction carried into a restored
    store keeps its own moment, storage/restore_carry.py)."""
    conn.execute(
        "UPDATE destructions SET state = 'vernietigd', in_progress = 0, carried_out_by = ?,"
        " carried_out_at = ?, destroyed_on = ?, keep_days = ?, counts = ?, note = '',"
        " review_note = '' WHERE id = ?",
        (user_id, at or now_utc(), on.isoformat(), keep_days, json.dumps(counts, sort_keys=True),
         destruction_id))


def insert_approved(conn, kept: Proposal) -> None:
    """A proposal approved in another copy of this store, as it was there (same id, same
    proposer and reviewer, notes already wiped): for the engine to carry out again."""
    conn.execute(
        "INSERT INTO destructions (id, scope, case_id, person_id, text_kind, text_ref,"
        " request_id, reason_code, note, state, proposed_by, proposed_at, reviewed_by,"
        " reviewed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', 'beoordeeld', ?, ?, ?, ?)",
        (kept.id, kept.scope.value, kept.case_id, kept.person_id,
         kept.text_kind.value if kept.text_kind else None, kept.text_ref, kept.request_id,
         kept.reason_code, kept.proposed_by, kept.proposed_at, kept.reviewed_by,
         kept.reviewed_at))


def approve_as(conn, kept: Proposal) -> None:
    """The same proposal, still waiting in this copy: approved as it was in the other."""
    conn.execute("UPDATE destructions SET state = 'beoordeeld', reviewed_by = ?,"
                 " reviewed_at = ?, review_note = '' WHERE id = ? AND state = 'voorgesteld'",
                 (kept.reviewed_by, kept.reviewed_at, kept.id))


def wipe_notes(conn, case_id: int, person_id: int | None = None) -> None:
    """The free notes of every proposal about this case (or person): they may name someone."""
    conn.execute("UPDATE destructions SET note = '', review_note = '' WHERE case_id = ?"
                 " AND (CAST(? AS bigint) IS NULL OR person_id = ?)"
                 " AND (note <> '' OR review_note <> '')",
                 (case_id, person_id, person_id))
