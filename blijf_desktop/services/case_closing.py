"""Closing and reopening a case, and the chain's dates that start the signal data's term.
Closing starts the retention clock (Blijf 8.1); a closed case is read-only until reopened
(IntakeService refuses changes). Each step is audited with ids and dates only."""

from datetime import date

from blijf_desktop.domain.audit import AuditAction
from blijf_desktop.domain.roles import Permission
from blijf_desktop.domain.sharing import RECIPIENTS
from blijf_desktop.services.closed_case import ensure_open  # noqa: F401 (intake imports it)
from blijf_desktop.services.errors import InvalidInput
from blijf_desktop.services.case_gate import ensure_access
from blijf_desktop.services.session import Session, requires
from blijf_desktop.storage import audit, retention
from blijf_desktop.storage.retention import CaseClosure


def _day(value, name: str, today: date) -> date:
    if not isinstance(value, date):
        raise InvalidInput(name, "required")
    if value > today:
        raise InvalidInput(name, "date_future")
    return value


class CaseClosingService:
    def __init__(self, session: Session, today=date.today):
        self.session = session
        self.today = today

    def _existing(self, conn, case_id: int) -> CaseClosure:
        found = retention.closure(conn, case_id) if isinstance(case_id, int) else None
        if found is None:
            raise InvalidInput("case", "unknown")
        return found

    @requires(Permission.VIEW_PERSONS)
    def closure(self, case_id: int) -> CaseClosure:
        """When the case was closed and by whom (a user id); dates only, not audited."""
        ensure_access(self.session, "case", case_id)
        return self._existing(self.session.db.conn, case_id)

    @requires(Permission.CLOSE_CASE)
    def close_case(self, case_id: int) -> date:
        """Close the case today: the clock of its retention term starts."""
        ensure_access(self.session, "case", case_id)
        today = self.today()
        user_id = self.session.user.id
        with self.session.db.transaction() as conn:
            if self._existing(conn, case_id).closed_on is not None:
                raise InvalidInput("case", "closed")
            retention.close(conn, case_id, today, user_id)
            audit.append(conn, AuditAction.CASE_CLOSED.value, user_id, "case", str(case_id),
                         detail={"closed_on": today.isoformat()})
        return today

    @requires(Permission.CLOSE_CASE)
    def reopen_case(self, case_id: int) -> None:
        """Open it again: the clock stops; closing again starts it anew. An approved
        destruction of the whole case is not carried out while the case is open."""
        ensure_access(self.session, "case", case_id)
        user_id = self.session.user.id
        with self.session.db.transaction() as conn:
            found = self._existing(conn, case_id)
            if found.closed_on is None:
                raise InvalidInput("case", "not_closed")
            retention.reopen(conn, case_id)
            audit.append(conn, AuditAction.CASE_REOPENED.value, user_id, "case", str(case_id),
                         detail={"was_closed_on": found.closed_on.isoformat()})

    @requires(Permission.RECORD_RETENTION_EVENT)
    def record_chain_file_closed(self, case_id: int, closed_on: date) -> None:
        """The zorgcoördinator told that the chain file is closed: the signal data's five
        years start (Mensenhandel 22.5)."""
        ensure_access(self.session, "case", case_id)
        closed_on = _day(closed_on, "chain_file_closed_on", self.today())
        user_id = self.session.user.id
        with self.session.db.transaction() as conn:
            self._existing(conn, case_id)
            retention.set_chain_file_closed(conn, case_id, closed_on)
            audit.append(conn, AuditAction.RETENTION_EVENT.value, user_id, "case", str(case_id),
                         reason="ketendossier_gesloten", detail={"on": closed_on.isoformat()})

    @requires(Permission.RECORD_RETENTION_EVENT)
    def record_source_removal(self, case_id: int, counterparty: str, removed_on: date) -> int:
        """A chain partner removed the data it gave from its source registration: the
        signal data goes too (Mensenhandel 22.2)."""
        ensure_access(self.session, "case", case_id)
        removed_on = _day(removed_on, "removed_on", self.today())
        if counterparty not in RECIPIENTS:
            raise InvalidInput("counterparty", "required" if not counterparty else "unknown")
        user_id = self.session.user.id
        with self.session.db.transaction() as conn:
            self._existing(conn, case_id)
            removal_id = retention.record_source_removal(conn, case_id, removed_on,
                                                         counterparty, user_id)
            audit.append(conn, AuditAction.RETENTION_EVENT.value, user_id, "case", str(case_id),
                         reason="bron_verwijderd",
                         detail={"on": removed_on.isoformat(), "counterparty": counterparty})
        return removal_id
