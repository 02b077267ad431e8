"""Keeping a draft, for every form: one size limit (domain/limits.py) so that a draft cannot
fill the store; the form that made it keeps what was typed."""

from blijf_desktop.domain.limits import MAX_DRAFT_BYTES, draft_size
from blijf_desktop.services.errors import InvalidInput
from blijf_desktop.storage import persons


def check_draft(payload) -> None:
    if not isinstance(payload, dict):
        raise InvalidInput("draft", "invalid")
    if draft_size(payload) > MAX_DRAFT_BYTES:
        raise InvalidInput("draft", "too_large")


def keep_draft(conn, user_id: int, kind: str, payload: dict) -> None:
    check_draft(payload)
    persons.save_draft(conn, user_id, kind, payload)
