"""Keeping a draft, for every form: one size limit (domain/limits.py) so that a draft cannot
fill the store; the form that made it keeps what was typed.

Drafts live in `session.draft_db`: the store itself on a single desk, the desk's encrypted
local store in server mode (docs/server-mode.md section 7), so a lock, a server restart or a
lost network never takes what was typed. A save on the server removes its draft only after
the save has committed (`discard_on_commit`)."""

from blijf_desktop.domain.limits import MAX_DRAFT_BYTES, draft_size
from blijf_desktop.services.errors import InvalidInput
from blijf_desktop.storage import persons


def check_draft(payload) -> None:
    if not isinstance(payload, dict):
        raise InvalidInput("draft", "invalid")
    if draft_size(payload) > MAX_DRAFT_BYTES:
        raise InvalidInput("draft", "too_large")


def keep_draft(conn, user_id: int, kind: str, payload: dict) -> None:
    """Inside a transaction on the draft store (see `keep`)."""
    check_draft(payload)
    persons.save_draft(conn, user_id, kind, payload)


def keep(session, kind: str, payload: dict) -> None:
    check_draft(payload)
    with session.draft_db.transaction() as conn:
        persons.save_draft(conn, session.user.id, kind, payload)


def load(session, kind: str) -> dict | None:
    return persons.load_draft(session.draft_db.conn, session.user.id, kind)


def discard(session, kind: str) -> None:
    with session.draft_db.transaction() as conn:
        persons.delete_draft(conn, session.user.id, kind)


def take(session, kind: str) -> dict | None:
    """The draft, removed as it is handed out."""
    with session.draft_db.transaction() as conn:
        payload = persons.load_draft(conn, session.user.id, kind)
        if payload is not None:
            persons.delete_draft(conn, session.user.id, kind)
    return payload


def discard_on_commit(session, conn, kind: str) -> None:
    """Inside a save's transaction on `session.db`: its draft goes with the commit. On one
    store that is the same transaction; on a server, the local draft is deleted once the
    server has committed, and stays when the save fails or the connection is lost."""
    if session.draft_db is session.db:
        persons.delete_draft(conn, session.user.id, kind)
    else:
        conn.after_commit(lambda: discard(session, kind))
