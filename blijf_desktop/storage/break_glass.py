"""Break-the-glass rows, their free texts and their reviews (migration 0028)."""

import json
from dataclasses import dataclass

from blijf_desktop.storage.audit import now_utc
from blijf_desktop.storage import dialects


@dataclass(frozen=True)
class BreakRow:
    id: int
    at: str  # UTC
    user_id: int
    user_name: str
    case_id: int
    team_id: int
    reason_code: str
    text: str  # "" once the case was destroyed
    verdict: str | None  # the latest review: gezien / navragen, or None
    note: str
    reviewed_by: str
    reviewed_at: str | None


def insert(conn, user_id: int, case_id: int, team_id: int, reason_code: str, text: str,
           audit_seq: int) -> int:
    """Write a break after its audit row (`audit_seq`, in the same transaction). On a server
    the definer function blijf.break_glass writes it, as the logged-in user, with the server's
    time and the case's team, after checking the audit row names her, this case and reason
    (storage/pg/migrations/0028_break_glass.sql); no desk may insert a break itself."""
    if dialects.on_server(conn):
        return conn.execute("SELECT blijf.break_glass(?, ?, ?, ?)",
                            (case_id, reason_code, text, audit_seq)).fetchone()[0]
    break_id = conn.execute(
        "INSERT INTO break_glass (at, user_id, case_id, team_id, reason_code, audit_seq)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (now_utc(), user_id, case_id, team_id, reason_code, audit_seq)).lastrowid
    conn.execute("INSERT INTO break_glass_texts (break_glass_id, text) VALUES (?, ?)",
                 (break_id, text))
    return break_id


def add_review(conn, break_id: int, verdict: str, note: str, user_id: int) -> int:
    return conn.execute(
        "INSERT INTO break_glass_reviews (break_glass_id, verdict, note, at, by_user)"
        " VALUES (?, ?, ?, ?, ?)", (break_id, verdict, note, now_utc(), user_id)).lastrowid


_SELECT = (
    "SELECT b.id, b.at, b.user_id, u.display_name, b.case_id, b.team_id, b.reason_code,"
    " coalesce(t.text, ''), r.verdict, coalesce(r.note, ''), coalesce(ru.display_name, ''), r.at"
    " FROM break_glass b JOIN users u ON u.id = b.user_id"
    " LEFT JOIN break_glass_texts t ON t.break_glass_id = b.id"
    " LEFT JOIN break_glass_reviews r ON r.id = (SELECT max(id) FROM break_glass_reviews"
    "   WHERE break_glass_id = b.id)"
    " LEFT JOIN users ru ON ru.id = r.by_user")


def get(conn, break_id: int) -> BreakRow | None:
    row = conn.execute(_SELECT + " WHERE b.id = ?", (break_id,)).fetchone()
    return BreakRow(*row) if row else None


def listing(conn, team_ids: frozenset[int] | None, open_only: bool) -> list[BreakRow]:
    """Newest first; `team_ids` None: every team's (the functioneel beheerder)."""
    teams = None if team_ids is None else json.dumps(sorted(team_ids))
    if dialects.on_server(conn):
        rows = conn.execute(
            _SELECT + " WHERE (?::json IS NULL OR b.team_id IN"
            " (SELECT value::bigint FROM json_array_elements_text(?::json)))"
            " AND (? = 0 OR r.verdict IS NULL) ORDER BY b.id DESC",
            (teams, teams, int(bool(open_only))))
    else:
        rows = conn.execute(
            _SELECT + " WHERE (?1 IS NULL OR b.team_id IN (SELECT value FROM json_each(?1)))"
            " AND (?2 = 0 OR r.verdict IS NULL) ORDER BY b.id DESC",
            (teams, int(bool(open_only))))
    return [BreakRow(*r) for r in rows]
