"""Listings leave a trace (issue 22; Blijf 6.1, 9.1; the rules in domain/listing.py).

The services that show a page of persons call `record_listing` with the ids they return;
the services that open a person or a case call `check_volume` after their audit row. The
service is where the row is written, not the UI: whatever screen asks, the page it gets is
recorded. A listing already recorded a moment ago (a narrowing search) adds no row."""

from datetime import datetime, timedelta, timezone

from blijf_desktop.domain import listing
from blijf_desktop.domain import settings as rules
from blijf_desktop.domain.audit import AuditAction
from blijf_desktop.services.session import Session
from blijf_desktop.services.settings import current
from blijf_desktop.storage import audit
from blijf_desktop.storage import listing_trace as trail


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="microseconds")


def record_listing(session: Session, kind: str, person_ids: list[int], offset: int = 0) -> bool:
    """One audit row for a page shown, unless domain/listing.needs_row says it adds nothing;
    then the volume rule. True when a row was written."""
    user_id = session.user.id
    with session.db.transaction() as conn:
        previous = trail.last_listing(conn, user_id)
        previous_at = datetime.fromisoformat(previous[1]) if previous else None
        if not listing.needs_row(person_ids, previous and previous[0], previous_at, _now()):
            return False
        audit.append(conn, AuditAction.LIST_SHOWN.value, user_id, "persons", None,
                     detail=listing.listing_detail(kind, person_ids, offset))
        _check_volume(conn, user_id)
    return True


def check_volume(session: Session) -> None:
    """After an opening was audited: signal an unusual volume, once per period."""
    with session.db.transaction() as conn:
        _check_volume(conn, session.user.id)


def volume_rule(conn) -> listing.Volume:
    return listing.Volume(current(conn, rules.VOLUME_PERIOD), current(conn, rules.VOLUME_LISTED),
                          current(conn, rules.VOLUME_OPENED))


def _check_volume(conn, user_id: int) -> None:
    rule = volume_rule(conn)
    since = _iso(_now() - timedelta(minutes=rule.period_minutes))
    if trail.signalled_since(conn, user_id, since):
        return  # once per period: nothing to count until it has passed
    counted = listing.Counted(trail.listed_since(conn, user_id, since),
                              trail.opened_since(conn, user_id, since))
    if not listing.unusual(counted, rule):
        return
    audit.append(conn, AuditAction.VOLUME_UNUSUAL.value, user_id, "user", str(user_id),
                 detail={"users": {str(user_id): 1}, "listed": counted.listed,
                         "opened": counted.opened, "period_minutes": rule.period_minutes,
                         "listed_max": rule.listed_max, "opened_max": rule.opened_max})
