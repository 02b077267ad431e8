"""AWARE-trajecten (migration 0005): a traject per request, its direct betrokkenen and an
append-only list of steps. No rules here: domain/aware.py decides, services/aware.py checks,
owns the transactions and audits."""

import json
from dataclasses import dataclass

from blijf_desktop.storage import persons
from blijf_desktop.storage.audit import now_utc
from blijf_desktop.storage.dialects import on_server

STEP = "stap"
REVIEW = "evaluatie"

# "Is one of the integers in a JSON array parameter", per engine (as in storage/exchanges.py).
_IN_IDS = "IN (SELECT value FROM json_each(?))"
_IN_IDS_PG = "= ANY (ARRAY(SELECT json_array_elements_text(?::json)::bigint))"


def _in_ids(conn) -> str:
    return _IN_IDS_PG if on_server(conn) else _IN_IDS


@dataclass(frozen=True)
class StoredStep:
    id: int
    traject_id: int
    kind: str  # STEP or REVIEW
    state: str
    data: dict
    user_id: int
    user_name: str
    created_at: str  # UTC, ISO 8601


@dataclass(frozen=True)
class StoredTraject:
    id: int
    case_id: int
    reason: str
    reason_text: str
    screening_id: int | None
    person_ids: tuple[int, ...]
    created_at: str
    created_by: int
    steps: tuple[StoredStep, ...]

    @property
    def state(self) -> str:
        return self.steps[-1].state


def insert(conn, case_id: int, reason: str, reason_text: str, screening_id: int | None,
           person_ids: list[int], user_id: int) -> int:
    traject_id = conn.execute(
        "INSERT INTO trajects (case_id, reason, reason_text, screening_id, created_at,"
        " created_by) VALUES (?, ?, ?, ?, ?, ?)",
        (case_id, reason, reason_text, screening_id, now_utc(), user_id)).lastrowid
    for person_id in sorted(set(person_ids)):
        conn.execute("INSERT INTO traject_persons (traject_id, person_id) VALUES (?, ?)",
                     (traject_id, person_id))
    return traject_id


def add_step(conn, traject_id: int, kind: str, state: str, data: dict, user_id: int) -> int:
    return conn.execute(
        "INSERT INTO traject_steps (traject_id, kind, state, data, user_id, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (traject_id, kind, state, json.dumps(data, sort_keys=True, ensure_ascii=False),
         user_id, now_utc())).lastrowid


def _steps(conn, traject_ids: list[int]) -> dict[int, list[StoredStep]]:
    found: dict[int, list[StoredStep]] = {i: [] for i in traject_ids}
    if not traject_ids:
        return found
    rows = conn.execute(
        "SELECT s.id, s.traject_id, s.kind, s.state, s.data, s.user_id, u.display_name,"
        " s.created_at FROM traject_steps s JOIN users u ON u.id = s.user_id"
        f" WHERE s.traject_id {_in_ids(conn)} ORDER BY s.id",
        (json.dumps(traject_ids),))
    for row in rows:
        found[row[1]].append(StoredStep(row[0], row[1], row[2], row[3], json.loads(row[4]),
                                        *row[5:]))
    return found


def _persons(conn, traject_ids: list[int]) -> dict[int, list[int]]:
    found: dict[int, list[int]] = {i: [] for i in traject_ids}
    if traject_ids:
        for traject_id, person_id in conn.execute(
                "SELECT traject_id, person_id FROM traject_persons"
                f" WHERE traject_id {_in_ids(conn)} ORDER BY person_id",
                (json.dumps(traject_ids),)):
            found[traject_id].append(person_id)
    return found


_SELECT = ("SELECT id, case_id, reason, reason_text, screening_id, created_at, created_by"
           " FROM trajects")


def _records(conn, rows) -> list[StoredTraject]:
    ids = [row[0] for row in rows]
    steps, people = _steps(conn, ids), _persons(conn, ids)
    return [StoredTraject(row[0], row[1], row[2], row[3], row[4], tuple(people[row[0]]),
                          row[5], row[6], tuple(steps[row[0]])) for row in rows]


def get(conn, traject_id: int) -> StoredTraject | None:
    rows = conn.execute(f"{_SELECT} WHERE id = ?", (traject_id,)).fetchall()
    return _records(conn, rows)[0] if rows else None


def for_case(conn, case_id: int) -> list[StoredTraject]:
    rows = conn.execute(f"{_SELECT} WHERE case_id = ? ORDER BY id", (case_id,)).fetchall()
    return _records(conn, rows)


def every(conn) -> list[StoredTraject]:
    """Every traject, newest first (the overview filters and sorts them)."""
    return _records(conn, conn.execute(f"{_SELECT} ORDER BY id DESC").fetchall())


def police_receipts(conn, case_id: int, since: str) -> list[int]:
    """Ids of the incoming police information of a case recorded at or after `since` (UTC)."""
    return [row[0] for row in conn.execute(
        "SELECT id FROM exchanges WHERE case_id = ? AND direction = 'in' AND police_info = 1"
        " AND recorded_at >= ? ORDER BY id", (case_id, since))]


# -- drafts of a step not recorded yet (the drafts table, per user) ------------------------------
def _draft_prefix(traject_id: int) -> str:
    return f"aware:{int(traject_id)}:"


def draft_kind(traject_id: int, action: str) -> str:
    """The kind of a user's unfinished form for one action (a target state, or REVIEW) of one
    traject in the drafts table."""
    return f"{_draft_prefix(traject_id)}{action}"


@dataclass(frozen=True)
class StepDraft:
    action: str
    payload: dict
    saved_at: str  # UTC, ISO 8601


def step_drafts(conn, user_id: int, traject_id: int) -> dict[str, StepDraft]:
    """One user's drafts of one traject's steps, by action."""
    prefix = _draft_prefix(traject_id)
    return {kind[len(prefix):]: StepDraft(kind[len(prefix):], payload, saved_at)
            for kind, payload, saved_at in persons.drafts_starting(conn, user_id, prefix)}
