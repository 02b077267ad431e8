"""A clock that ran ahead once (domain/clock.py): the functioneel beheerder sees that the trail
holds times later than this computer's clock, and, after checking the clock is right now,
acknowledges it (audited with both times). Disclosures are refused with 'clock_behind'
until then, as before: the trail's times only go forward."""

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable

from blijf_desktop.domain import clock as rules
from blijf_desktop.domain.audit import AuditAction
from blijf_desktop.domain.roles import Permission
from blijf_desktop.services.errors import InvalidInput
from blijf_desktop.services.session import Session, requires
from blijf_desktop.storage import audit


@dataclass(frozen=True)
class ClockAhead:
    latest_seen: datetime  # the latest time in the trail (since the last acknowledgement)
    now: datetime  # this computer's clock


class ClockService:
    def __init__(self, session: Session,
                 now: Callable[[], datetime] = lambda: datetime.now(timezone.utc)):
        self.session = session
        self.now = now

    @requires(Permission.VIEW_BREAK_INS)
    def ahead(self) -> ClockAhead | None:
        """The trail's latest time and the clock, when the clock reads earlier than the trail
        beyond the drift allowed; None when all is well."""
        latest = audit.latest_time(self.session.db.conn)
        seen = datetime.fromisoformat(latest) if latest else None
        now = self.now()
        return ClockAhead(seen, now) if rules.is_behind(now, seen) else None

    @requires(Permission.MANAGE_SETTINGS)
    def acknowledge(self) -> None:
        """The beheerder checked that the clock is right now: rows written before this one no
        longer count as the latest time seen. InvalidInput('clock', 'not_ahead') when the
        trail holds no later time (nothing to acknowledge)."""
        found = self.ahead()
        if found is None:
            raise InvalidInput("clock", "not_ahead")
        self.session.audit(AuditAction.CLOCK_ACKNOWLEDGED, "clock", None, detail={
            "latest_seen": found.latest_seen.isoformat(), "now": found.now.isoformat()})
