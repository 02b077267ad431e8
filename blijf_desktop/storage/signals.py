"""Signalen mensenhandel (migration 0008): a case's signals, each one JSON payload of annex
fields, and each time one went out. No rules here: domain/trafficking_signal.py decides what
a signal holds, services/signals.py checks and audits. Once sent, a signal is read-only (a
trigger refuses the update; the service says so before)."""

import json
from dataclasses import dataclass

from blijf_desktop.storage.audit import now_utc
from blijf_desktop.storage.dialects import on_server


class SignalNotSendable(ValueError):
    """mark_sent was given a signal and an exchange that do not belong together. `problem`:
    unknown_signal, unknown_exchange, other_case or not_outgoing."""

    def __init__(self, problem: str):
        super().__init__(problem)
        self.problem = problem


@dataclass(frozen=True)
class StoredSignal:
    id: int
    case_id: int
    fields: dict[str, str]
    created_at: str  # UTC, ISO 8601
    created_by: int
    created_by_name: str
    updated_at: str
    updated_by: int
    updated_by_name: str
    sent_in: tuple[int, ...]  # the exchanges that recorded it going out, oldest first

    @property
    def sent(self) -> bool:
        return bool(self.sent_in)


def _payload(fields: dict[str, str]) -> str:
    return json.dumps(fields, ensure_ascii=False, sort_keys=True)


def insert(conn, case_id: int, fields: dict[str, str], user_id: int) -> int:
    stamp = now_utc()
    return conn.execute(
        "INSERT INTO signals (case_id, payload, created_at, created_by, updated_at, updated_by)"
        " VALUES (?, ?, ?, ?, ?, ?)", (case_id, _payload(fields), stamp, user_id, stamp, user_id),
    ).lastrowid


def update(conn, signal_id: int, fields: dict[str, str], user_id: int) -> None:
    conn.execute("UPDATE signals SET payload = ?, updated_at = ?, updated_by = ? WHERE id = ?",
                 (_payload(fields), now_utc(), user_id, signal_id))


# The exchanges a signal went out in: a JSON array as text, per engine (docs/server-mode.md).
_SENT_IN = ("(SELECT json_group_array(exchange_id) FROM"
            " (SELECT exchange_id FROM signal_sends WHERE signal_id = s.id ORDER BY exchange_id))")
_SENT_IN_PG = ("(SELECT coalesce(json_agg(exchange_id ORDER BY exchange_id)::text, '[]')"
               " FROM signal_sends WHERE signal_id = s.id)")


def _select(conn) -> str:
    return (
        "SELECT s.id, s.case_id, s.payload, s.created_at, s.created_by, c.display_name,"
        " s.updated_at, s.updated_by, u.display_name,"
        f" {_SENT_IN_PG if on_server(conn) else _SENT_IN}"
        " FROM signals s JOIN users c ON c.id = s.created_by JOIN users u ON u.id = s.updated_by"
    )


def _signal(row) -> StoredSignal:
    return StoredSignal(row[0], row[1], json.loads(row[2]), row[3], row[4], row[5], row[6],
                        row[7], row[8], tuple(json.loads(row[9])))


def get(conn, signal_id: int) -> StoredSignal | None:
    row = conn.execute(f"{_select(conn)} WHERE s.id = ?", (signal_id,)).fetchone()
    return _signal(row) if row else None


def for_case(conn, case_id: int) -> list[StoredSignal]:
    """The case's signals, oldest first."""
    rows = conn.execute(f"{_select(conn)} WHERE s.case_id = ? ORDER BY s.id",
                        (case_id,)).fetchall()
    return [_signal(row) for row in rows]


def mark_sent(conn, signal_id: int, exchange_id: int) -> None:
    """Record that `exchange_id` (an outgoing exchange of the same case) holds this signal; from
    now on the signal is read-only. Call it inside the transaction that records the exchange.
    The same pair twice is recorded once."""
    signal = conn.execute("SELECT case_id FROM signals WHERE id = ?", (signal_id,)).fetchone()
    if signal is None:
        raise SignalNotSendable("unknown_signal")
    exchange = conn.execute("SELECT case_id, direction FROM exchanges WHERE id = ?",
                            (exchange_id,)).fetchone()
    if exchange is None:
        raise SignalNotSendable("unknown_exchange")
    if exchange[0] != signal[0]:
        raise SignalNotSendable("other_case")
    if exchange[1] != "uit":
        raise SignalNotSendable("not_outgoing")
    conn.execute("INSERT INTO signal_sends (signal_id, exchange_id) VALUES (?, ?)"
                 " ON CONFLICT DO NOTHING", (signal_id, exchange_id))


def draft_kind(case_id: int) -> str:
    """The kind of a user's unfinished signal of one case in the drafts table."""
    return f"signal:{int(case_id)}"
