"""What an access report reads beyond the person and the register: who looked at the record
(from the audit trail, by role: the users' names are never read here) and when the person was
recorded."""

import json
from dataclasses import dataclass

from blijf_desktop.storage.dialects import on_server


@dataclass(frozen=True)
class Look:
    at: str  # UTC ISO
    role: str  # the user's role code; "" when the row has no user
    action: str
    record_type: str = ""


_LOOKS = ("SELECT a.at, coalesce(u.role, ''), a.action, a.record_type FROM audit_log a"
          " LEFT JOIN users u ON u.id = a.user_id"
          " WHERE ((a.record_id = ?1 AND a.record_type IN (SELECT value FROM json_each(?2)))"
          "     OR (a.record_id = ?3 AND a.record_type IN (SELECT value FROM json_each(?4))))"
          " AND a.action IN (SELECT value FROM json_each(?5)) ORDER BY a.seq")
# On a server the teamleider's role does not read the trail: a definer function gives these
# rows for a person of a case she may read (migration 0034).
_LOOKS_SERVER = "SELECT at, role, action, record_type FROM blijf.trail_looks(?, ?, ?, ?, ?)"


def looks(conn, person_id: int, case_id: int, person_types, case_types,
          actions) -> list[Look]:
    """Audit rows on the person's own record or on her case, oldest first."""
    if on_server(conn):
        rows = conn.execute(_LOOKS_SERVER, (person_id, case_id, sorted(person_types),
                                            sorted(case_types), sorted(actions)))
    else:
        rows = conn.execute(_LOOKS, (str(person_id), json.dumps(sorted(person_types)),
                                     str(case_id), json.dumps(sorted(case_types)),
                                     json.dumps(sorted(actions))))
    return [Look(*row) for row in rows]


def recorded(conn, person_id: int) -> tuple[str, str] | None:
    """(when the person was recorded, UTC ISO; the recording user's role)."""
    row = conn.execute("SELECT p.created_at, u.role FROM persons p JOIN users u"
                       " ON u.id = p.created_by WHERE p.id = ?", (person_id,)).fetchone()
    return (row[0], row[1]) if row else None


def history_roles(conn, person_id: int) -> list[str]:
    """The role of whoever made each change in the person's history, in the order of
    persons.history (newest first)."""
    rows = conn.execute("SELECT u.role FROM person_history h JOIN users u ON u.id = h.changed_by"
                        " WHERE h.person_id = ? ORDER BY h.id DESC", (person_id,))
    return [row[0] for row in rows]
