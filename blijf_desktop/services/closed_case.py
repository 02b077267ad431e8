"""A closed case is read-only until it is reopened (Blijf 8.1: closing starts the retention
term; what is added to a closed case would live past the end of the help it served, and
would not move its term). One check, called at the top of every method that writes to a case:
intake, risk, AWARE, signals, consent and the exchange register. Refused with
InvalidInput('case', 'closed'); the UI says so in Dutch next to the form ("Dit dossier is
gesloten en alleen te lezen. Heropen het om iets te wijzigen"). Reopening stays possible
(CaseClosingService.reopen_case). Not refused, because they protect the person: withdrawing
a consent, and telling recipients of a correction (AVG art. 7(3), 19)."""

from blijf_desktop.services.case_gate import ensure_access
from blijf_desktop.services.errors import InvalidInput
from blijf_desktop.storage import retention


def ensure_may_change(session, kind: str, record_id) -> int | None:
    """Before a write: the record's case is one this session may read (services/case_gate.py,
    her teams or a break-the-glass) and it is not closed. Returns the case id."""
    case_id = ensure_access(session, kind, record_id)
    ensure_open(session.db.conn, case_id)
    return case_id


def ensure_open(conn, case_id) -> None:
    """InvalidInput('case', 'closed') when the case is closed; an unknown id passes (the
    caller refuses it in its own words)."""
    if isinstance(case_id, int) and retention.is_closed(conn, case_id):
        raise InvalidInput("case", "closed")


def ensure_traject_open(conn, traject_id) -> None:
    """The same for the case an AWARE traject belongs to."""
    if isinstance(traject_id, int):
        ensure_open(conn, retention.case_of_traject(conn, traject_id))


def ensure_consent_open(conn, consent_id) -> None:
    """The same for the case a consent belongs to."""
    if isinstance(consent_id, int):
        ensure_open(conn, retention.case_of_consent(conn, consent_id))
