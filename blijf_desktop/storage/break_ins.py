"""Reading the break-in signals back from the audit trail (written at each login by
services/login_guard.py): the rows of the given actions after a given row."""

import json
from dataclasses import dataclass

from blijf_desktop.storage.dialects import on_server


@dataclass(frozen=True)
class SignalRow:
    seq: int
    at: str  # when the row was written (UTC, ISO)
    action: str
    detail: dict


def previous_login_seq(conn, user_id: int) -> int:
    """The row of this user's login before the latest one; 0 when there is none."""
    rows = conn.execute("SELECT seq FROM audit_log WHERE action = 'login' AND user_id = ?"
                        " ORDER BY seq DESC LIMIT 2", (user_id,)).fetchall()
    return rows[1][0] if len(rows) == 2 else 0


# Read by the beheerder (VIEW_BREAK_INS; on a server VIEW_AUDIT gives her SELECT on the trail).
_ROWS_AFTER = ("SELECT seq, at, action, detail FROM audit_log WHERE seq > ? AND (? IS NULL OR"
               " at >= ?) AND action IN (SELECT value FROM json_each(?)) ORDER BY seq")
_ROWS_AFTER_SERVER = ("SELECT seq, at, action, detail FROM audit_log WHERE seq > ?"
                      " AND (CAST(? AS TEXT) IS NULL OR at >= ?)"
                      " AND action = ANY (ARRAY(SELECT json_array_elements_text(?::json)))"
                      " ORDER BY seq")


def rows_after(conn, actions: list[str], after_seq: int = 0, since: str | None = None
               ) -> list[SignalRow]:
    sql = _ROWS_AFTER_SERVER if on_server(conn) else _ROWS_AFTER
    rows = conn.execute(sql, (after_seq, since, since, json.dumps(actions))).fetchall()
    found = []
    for seq, at, action, detail in rows:
        try:
            body = json.loads(detail) if detail else {}
        except ValueError:
            body = {}
        found.append(SignalRow(seq, at, action, body if isinstance(body, dict) else {}))
    return found
