"""A new case saved once, on a server (issue 23; docs/server-mode.md section 8).

When the connection breaks during the COMMIT, the desk cannot tell whether the save arrived:
the draft is kept, and saving it again would make a second case of the same client. So before
a new case is sent, the desk keeps a random token in its local draft store, beside the draft
(with a digest of what is saved, so a later change is told apart); the server writes the
token with the case (blijf.new_case_once, migration 0037). The next save of that draft first
asks the server whether the token has a case (blijf.saved_case):
- it has, and the form is unchanged: that case is the answer; nothing is written twice;
- it has, and she changed the form since: refused (InvalidInput('intake', 'saved_before')),
  her typing kept; the case is there to be changed, or this draft to be discarded;
- it has not: the save goes through with the same token.
The token and the draft go together after the commit. A single desk's COMMIT is local and
atomic: nothing of this runs there."""

import hashlib
import json
import secrets
from dataclasses import dataclass

from blijf_desktop.services import drafts
from blijf_desktop.services.errors import InvalidInput
from blijf_desktop.storage import persons


@dataclass(frozen=True)
class SaveOnce:
    kind: str  # its record in the local draft store
    token: str
    earlier: int | None  # the case an earlier send of the same form made


def kind_of(draft_kind: str) -> str:
    return f"{draft_kind}.opslaan"


def begin(session, draft_kind: str, content) -> SaveOnce | None:
    """Before a new case is sent: its token (None on a single desk). `content`: what is
    saved, as plain data (dataclasses), for the digest."""
    if not session.server_mode:
        return None
    kind, digest = kind_of(draft_kind), _digest(content)
    pending = drafts.load(session, kind)
    if pending is not None:
        earlier = persons.saved_case(session.db.conn, pending["token"])
        if earlier is not None:
            if pending.get("digest") != digest:
                raise InvalidInput("intake", "saved_before")
            return SaveOnce(kind, pending["token"], earlier)
        token = pending["token"]  # that send did not arrive: this one goes with its token
    else:
        token = secrets.token_hex(16)
    drafts.keep(session, kind, {"token": token, "digest": digest})
    return SaveOnce(kind, token, None)


def done(session, once: SaveOnce | None, draft_kind: str) -> None:
    """The earlier send had arrived: its draft and token go now."""
    if once is not None:
        drafts.discard(session, draft_kind)
        drafts.discard(session, once.kind)


def discard_on_commit(session, conn, once: SaveOnce | None) -> None:
    if once is not None:
        drafts.discard_on_commit(session, conn, once.kind)


def discard(session, draft_kind: str) -> None:
    """With the draft it belongs to (she discards the unsaved intake)."""
    if session.server_mode:
        drafts.discard(session, kind_of(draft_kind))


def _digest(content) -> str:
    text = json.dumps(content, default=_plain, sort_keys=True, ensure_ascii=True)
    return hashlib.sha256(text.encode("ascii")).hexdigest()


def _plain(value):
    if hasattr(value, "__dataclass_fields__"):
        return {name: getattr(value, name) for name in value.__dataclass_fields__}
    return str(value)  # dates, enums
