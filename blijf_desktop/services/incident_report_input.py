"""What the partners' incident report holds (Blijf 9.3), gathered from the register: codes,
moments, ids and counts. The free text was typed by the privacy officer and should name no
one; as a second line of defence every name of a person or user known to the store, every
street and postcode, and anything shaped like an e-mail address or a phone number is masked
before it reaches the PDF."""

import re
from datetime import datetime

from blijf_desktop.domain.sharing import mask_names, mask_phrases
from blijf_desktop.reports.incident_report import IncidentReportInput, ReportNotification
from blijf_desktop.storage import incidents as store

_EMAIL = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")
_PHONE = re.compile(r"\+?\d[\d\s-]{7,}\d")
_LEFT_OUT = "[weggelaten]"
_HOUSE_NUMBER = re.compile(re.escape(_LEFT_OUT) + r"\s+\d+\S*")  # after a street left out


def _phone(found: re.Match) -> str:
    """Nine digits or more read as a phone number (a date has eight)."""
    digits = sum(c.isdigit() for c in found.group(0))
    return "[nummer]" if digits >= 9 else found.group(0)


def masker(conn, texts: list[str]):
    """Masks what `texts` may hold (on a server the store answers for these texts only)."""
    names, phrases = store.identifying_text(conn, texts)

    def masked(text: str) -> str:
        text = _EMAIL.sub("[e-mail]", text)  # first: an address holds name-like words
        text = mask_names(mask_phrases(text, phrases, _LEFT_OUT), names)
        return _PHONE.sub(_phone, _HOUSE_NUMBER.sub(_LEFT_OUT, text))

    return masked


def report_input(conn, view, made_at: datetime) -> IncidentReportInput:
    row = view.incident
    typed = [row.what_happened, row.risk_reason, row.measures, row.people_exception]
    typed += [t for n in view.notifications for t in (n.reference, n.late_reason)]
    masked = masker(conn, [t for t in typed if t])
    categories = store.person_categories(conn, list(row.person_ids))
    counts: dict[int, int] = {}
    for category in categories.values():
        counts[category] = counts.get(category, 0) + 1
    gone = len(row.person_ids) - len(categories)  # destroyed since (Blijf 8.1): counted apart
    notes = tuple(ReportNotification(n.recipient, n.phase, n.at, masked(n.reference),
                                     masked(n.late_reason)) for n in view.notifications)
    return IncidentReportInput(
        number=row.id, kind=row.kind, found_at=row.found_at, registered_at=row.registered_at,
        what_happened=masked(row.what_happened), data_kinds=row.data_kinds,
        people_by_category=counts, people_removed=gone, person_ids=row.person_ids,
        accounts=len(row.user_ids), risk=row.risk, risk_reason=masked(row.risk_reason),
        measures=masked(row.measures), people_exception=masked(row.people_exception),
        clock=view.clock, notifications=notes, closed_at=row.closed_at, made_at=made_at)
