"""Reading back what a user was shown and opened (domain/listing.py), from the audit trail:
her last listing row, and how many persons she listed and opened since a moment.

On a server a desk's role appends to the trail but does not read it: definer functions
(migration 0034, `blijf.trail_last_listing` and the like) give her own rows back, so the
repeat check and the volume signal work there as here (docs/server-mode.md section 2)."""

import json

from blijf_desktop.domain.audit import AuditAction
from blijf_desktop.storage.dialects import on_server

_LISTED = AuditAction.LIST_SHOWN.value
_VIEW = AuditAction.VIEW.value
_SIGNAL = AuditAction.VOLUME_UNUSUAL.value

# max(seq) over the covering index, then one row: ORDER BY seq read every listing row of hers
# and sorted them (issue 19)
_LAST = ("SELECT detail, at FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log"
         " WHERE user_id = ? AND action = ?)")
_LAST_SERVER = "SELECT detail, at FROM blijf.trail_last_listing(?)"
_DETAILS = "SELECT detail FROM audit_log WHERE user_id = ? AND action = ? AND at >= ?"
_DETAILS_SERVER = "SELECT blijf.trail_listing_details(?, ?)"
_OPENED = ("SELECT count(*) FROM (SELECT DISTINCT record_type, record_id FROM audit_log"
           " WHERE user_id = ? AND action = ? AND at >= ? AND record_type IN ('person', 'case'))"
           " AS opened")
_OPENED_SERVER = "SELECT blijf.trail_opened_count(?, ?)"
_SIGNALLED = "SELECT 1 FROM audit_log WHERE user_id = ? AND action = ? AND at >= ? LIMIT 1"
_SIGNALLED_SERVER = "SELECT 1 WHERE blijf.trail_signalled_since(?, ?)"


def last_listing(conn, user_id: int) -> tuple[list[int], str] | None:
    """The person ids and time (ISO, UTC) of this user's last listing row."""
    if on_server(conn):
        row = conn.execute(_LAST_SERVER, (user_id,)).fetchone()
    else:
        row = conn.execute(_LAST, (user_id, _LISTED)).fetchone()
    if row is None:
        return None
    return _ids(row[0]), row[1]


def listed_since(conn, user_id: int, since: str) -> int:
    """Different persons on this user's listing rows at or after `since`. Counted here, not
    by SQLite's json_each and count(DISTINCT): with cipher_memory_security every value that
    took allocated memory, locked and wiped (200 ms a search after 300 listings in the
    period, issue 19); the rows' text read by the index and parsed here takes a few."""
    if on_server(conn):
        rows = conn.execute(_DETAILS_SERVER, (user_id, since))
    else:
        rows = conn.execute(_DETAILS, (user_id, _LISTED, since))
    persons: set[int] = set()
    for (detail,) in rows:
        persons.update(_ids(detail))
    return len(persons)


def _ids(detail: str | None) -> list[int]:
    try:
        ids = json.loads(detail or "{}").get("persons", [])
    except (ValueError, AttributeError):
        return []
    return [i for i in ids if type(i) is int] if isinstance(ids, list) else []


def opened_since(conn, user_id: int, since: str) -> int:
    """Different persons and cases this user opened at or after `since`."""
    if on_server(conn):
        return conn.execute(_OPENED_SERVER, (user_id, since)).fetchone()[0]
    return conn.execute(_OPENED, (user_id, _VIEW, since)).fetchone()[0]


def signalled_since(conn, user_id: int, since: str) -> bool:
    if on_server(conn):
        row = conn.execute(_SIGNALLED_SERVER, (user_id, since)).fetchone()
    else:
        row = conn.execute(_SIGNALLED, (user_id, _SIGNAL, since)).fetchone()
    return row is not None
