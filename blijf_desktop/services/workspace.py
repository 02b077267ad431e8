"""Where a user was when the store closed under her (a lock, the computer shutting down): the
area, the case and tab, and what she had typed in an open editor. Kept as an encrypted draft
in the store, written before the store closes, and taken back once after she is in again.

The state is plain JSON-able data that the UI makes and reads; this service only keeps it,
per user, so one colleague never gets another's half-typed work."""

from blijf_desktop.services import drafts
from blijf_desktop.services.session import Session, requires

DRAFT_KIND = "workspace"


class WorkspaceService:
    def __init__(self, session: Session):
        self.session = session

    @requires(None)
    def keep(self, state: dict) -> None:
        drafts.keep(self.session, DRAFT_KIND, state)

    @requires(None)
    def take(self) -> dict | None:
        """The kept state, removed from the store as it is handed out (restored once)."""
        return drafts.take(self.session, DRAFT_KIND)
