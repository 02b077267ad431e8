"""Follow-up tasks: the recipients to tell of a withdrawal or a correction, one item each,
closed once with when and how they were told (Blijf 6.4, AVG art. 19)."""

import json
from dataclasses import dataclass
from datetime import date

from blijf_desktop.storage.audit import now_utc
from blijf_desktop.storage.dialects import on_server

# "Is one of the texts in a JSON array parameter", per engine (as in storage/exchanges.py).
_IN_TEXTS = "IN (SELECT value FROM json_each(?))"
_IN_TEXTS_PG = "= ANY (ARRAY(SELECT json_array_elements_text(?::json)))"


def _in_texts(conn) -> str:
    return _IN_TEXTS_PG if on_server(conn) else _IN_TEXTS


@dataclass(frozen=True)
class Item:
    id: int
    task_id: int
    exchange_id: int
    recipient: str
    exchanged_on: date
    told_on: date | None
    told_how: str | None
    closed_at: str | None
    closed_by_name: str | None

    @property
    def closed(self) -> bool:
        return self.closed_at is not None


@dataclass(frozen=True)
class Task:
    id: int
    kind: str
    case_id: int
    consent_id: int | None
    person_id: int | None
    kinds: tuple[str, ...]
    opened_at: str
    opened_by_name: str
    items: tuple[Item, ...]

    @property
    def open(self) -> bool:
        return any(not item.closed for item in self.items)


def open_task(conn, kind: str, case_id: int, user_id: int, items: list[tuple[int, str]],
              consent_id: int | None = None, person_id: int | None = None,
              kinds=()) -> int:
    """A task with one item per (exchange id, recipient)."""
    task_id = conn.execute(
        "INSERT INTO follow_up_tasks (kind, case_id, consent_id, person_id, kinds, opened_at,"
        " opened_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (kind, case_id, consent_id, person_id, json.dumps(sorted(kinds)), now_utc(), user_id),
    ).lastrowid
    for exchange_id, recipient in items:
        conn.execute("INSERT INTO follow_up_items (task_id, exchange_id, recipient)"
                     " VALUES (?, ?, ?)", (task_id, exchange_id, recipient))
    return task_id


def receivers_of(conn, person_id: int, kinds) -> list[tuple[int, str]]:
    """Every recipient of an outgoing exchange holding one of `kinds` about the person: one
    (latest exchange id, recipient) per recipient, in the order they were first served."""
    rows = conn.execute(
        "SELECT e.counterparty, max(e.id) FROM exchanges e"
        " JOIN exchange_items i ON i.exchange_id = e.id"
        " WHERE e.direction = 'uit' AND i.person_id = ?"
        f" AND i.kind {_in_texts(conn)}"
        " GROUP BY e.counterparty ORDER BY min(e.exchanged_on), min(e.id)",
        (person_id, json.dumps(sorted(kinds)))).fetchall()
    return [(row[1], row[0]) for row in rows]


_ITEMS = (
    "SELECT i.id, i.task_id, i.exchange_id, i.recipient, e.exchanged_on, i.told_on,"
    " i.told_how, i.closed_at, u.display_name FROM follow_up_items i"
    " JOIN exchanges e ON e.id = i.exchange_id LEFT JOIN users u ON u.id = i.closed_by"
)


def _item(r) -> Item:
    return Item(r[0], r[1], r[2], r[3], date.fromisoformat(r[4]),
                date.fromisoformat(r[5]) if r[5] else None, r[6], r[7], r[8])


def tasks(conn, case_id: int | None = None, only_open: bool = True) -> list[Task]:
    """Tasks, oldest first, with their items; `only_open`: those with an item still open."""
    rows = conn.execute(
        "SELECT t.id, t.kind, t.case_id, t.consent_id, t.person_id, t.kinds, t.opened_at,"
        " u.display_name FROM follow_up_tasks t JOIN users u ON u.id = t.opened_by"
        " WHERE (CAST(? AS INTEGER) IS NULL OR t.case_id = ?) ORDER BY t.id",
        (case_id, case_id)).fetchall()
    items: dict[int, list[Item]] = {}
    for r in conn.execute(f"{_ITEMS} WHERE (CAST(? AS INTEGER) IS NULL OR i.task_id IN"
                          " (SELECT id FROM follow_up_tasks WHERE case_id = ?)) ORDER BY i.id",
                          (case_id, case_id)):
        items.setdefault(r[1], []).append(_item(r))
    found = [Task(*r[:5], tuple(json.loads(r[5])), r[6], r[7], tuple(items.get(r[0], [])))
             for r in rows]
    return [t for t in found if t.open] if only_open else found


def item(conn, item_id: int) -> Item | None:
    row = conn.execute(f"{_ITEMS} WHERE i.id = ?", (item_id,)).fetchone()
    return _item(row) if row else None


def task_case(conn, task_id: int) -> int | None:
    row = conn.execute("SELECT case_id FROM follow_up_tasks WHERE id = ?", (task_id,)).fetchone()
    return row[0] if row else None


def close_item(conn, item_id: int, told_on: date, told_how: str, user_id: int) -> None:
    """Once: the trigger refuses closing an item twice."""
    conn.execute("UPDATE follow_up_items SET told_on = ?, told_how = ?, closed_at = ?,"
                 " closed_by = ? WHERE id = ?",
                 (told_on.isoformat(), told_how, now_utc(), user_id, item_id))


def disclosed_kinds(conn, person_id: int, kinds) -> set[str]:
    """Which of `kinds` about the person ever went out."""
    return {row[0] for row in conn.execute(
        "SELECT DISTINCT i.kind FROM exchange_items i JOIN exchanges e ON e.id = i.exchange_id"
        f" WHERE e.direction = 'uit' AND i.person_id = ? AND i.kind {_in_texts(conn)}",
        (person_id, json.dumps(sorted(kinds))))}
