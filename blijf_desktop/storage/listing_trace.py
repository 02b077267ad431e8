"""Reading back what a user was shown and opened (domain/listing.py), from the audit trail:
her last listing row, and how many persons she listed and opened since a moment.

On a server a desk's role appends to the trail but does not read it (dialects.trail_unread):
until definer functions give her own rows back (docs/server-mode.md section 10), every page
she is shown is written (no row is left out as a repeat) and the volume is not counted."""

import json

from blijf_desktop.domain.audit import AuditAction
from blijf_desktop.storage import dialects

_LISTED = AuditAction.LIST_SHOWN.value
_VIEW = AuditAction.VIEW.value
_SIGNAL = AuditAction.VOLUME_UNUSUAL.value


def last_listing(conn, user_id: int) -> tuple[list[int], str] | None:
    """The person ids and time (ISO, UTC) of this user's last listing row."""
    if dialects.trail_unread(conn):
        return None
    row = conn.execute("SELECT detail, at FROM audit_log WHERE user_id = ? AND action = ?"
                       " ORDER BY seq DESC LIMIT 1", (user_id, _LISTED)).fetchone()
    if row is None:
        return None
    try:
        ids = json.loads(row[0] or "{}").get("persons", [])
    except (ValueError, AttributeError):
        ids = []
    return [i for i in ids if type(i) is int] if isinstance(ids, list) else [], row[1]


def listed_since(conn, user_id: int, since: str) -> int:
    """Different persons on this user's listing rows at or after `since`."""
    if dialects.trail_unread(conn):
        return 0
    return conn.execute(_LISTED_SINCE_PG if dialects.on_server(conn) else _LISTED_SINCE,
                        (user_id, _LISTED, since)).fetchone()[0]


_LISTED_SINCE = (
    "SELECT count(DISTINCT p.value) FROM audit_log a, json_each(a.detail, '$.persons') p"
    " WHERE a.user_id = ? AND a.action = ? AND a.at >= ? AND json_valid(a.detail)")
_LISTED_SINCE_PG = (
    "SELECT count(DISTINCT p.value) FROM audit_log a,"
    " json_array_elements_text(a.detail::json -> 'persons') p"
    " WHERE a.user_id = ? AND a.action = ? AND a.at >= ?")


def opened_since(conn, user_id: int, since: str) -> int:
    """Different persons and cases this user opened at or after `since`."""
    if dialects.trail_unread(conn):
        return 0
    return conn.execute(
        "SELECT count(*) FROM (SELECT DISTINCT record_type, record_id FROM audit_log"
        " WHERE user_id = ? AND action = ? AND at >= ? AND record_type IN ('person', 'case'))"
        " AS opened", (user_id, _VIEW, since)).fetchone()[0]


def signalled_since(conn, user_id: int, since: str) -> bool:
    if dialects.trail_unread(conn):
        return False
    return conn.execute("SELECT 1 FROM audit_log WHERE user_id = ? AND action = ? AND at >= ?"
                        " LIMIT 1", (user_id, _SIGNAL, since)).fetchone() is not None
