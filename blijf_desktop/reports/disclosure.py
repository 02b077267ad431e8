"""The document of a disclosure made through the guided flow (issue 18): to whom, for which
purpose, on which basis and by which route, anonymised or why identifiable, and per person
exactly the values that leave — nothing else reaches the page. Laid out as labelled lines (the
Mensenhandel annex asks for no tables, footnote 12)."""

from dataclasses import dataclass
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from blijf_desktop.domain import sharing
from blijf_desktop.domain.people import CATEGORY_LABELS, FIELD_LABELS, THREAT_INFO, Category
from blijf_desktop.i18n import N_, _, format_date
from blijf_desktop.reports import _pages as pg
from blijf_desktop.reports.aware_inputs import check_case_ref
from blijf_desktop.reports.trafficking_signal import signal_story

THREAT_LABEL = N_("Dreigingsinformatie")


@dataclass(frozen=True)
class DisclosureDocument:
    case_ref: str
    recipient: str  # a code of sharing.RECIPIENTS
    purpose: str  # a code of sharing.PURPOSE_LABELS
    route: tuple[str, ...]
    basis: str
    anonymised: bool
    identifiable_reason: str
    on: date
    author: str
    persons: tuple[tuple[Category, str, tuple[tuple[str, str], ...]], ...]  # as they leave
    signal_lines: tuple = ()  # a signal mensenhandel as it leaves (domain/trafficking_signal.py)
    onward_consent: bool | None = None  # a signal: may the zorgcoördinator pass it to the RIEC


def kind_label(kind: str) -> str:
    if kind == THREAT_INFO:
        return _(THREAT_LABEL)
    if kind in sharing.KIND_LABELS:
        return _(sharing.KIND_LABELS[kind])
    return _(FIELD_LABELS[kind]) if kind in FIELD_LABELS else kind


def recipient_label(code: str) -> str:
    found = sharing.RECIPIENTS.get(code)
    return _(found.label) if found else code


def build_disclosure(data: DisclosureDocument) -> bytes:
    if data.recipient not in sharing.RECIPIENTS or data.purpose not in sharing.PURPOSE_LABELS:
        raise ValueError("unknown recipient or purpose")
    title = _("Verstrekking aan {recipient}").format(recipient=recipient_label(data.recipient))
    route = " → ".join([_("Blijf Groep"), *(recipient_label(r) for r in data.route),
                        recipient_label(data.recipient)])
    form = (_("Geanonimiseerd (Mensenhandel 6.2, 9.5)") if data.anonymised else
            _("Herleidbaar — reden: {reason}").format(reason=data.identifiable_reason)
            if data.identifiable_reason else _("Herleidbaar"))
    lines = [(_("Datum"), format_date(data.on, "long")),
             (_("Doel"), _(sharing.PURPOSE_LABELS[data.purpose])),
             (_("Grondslag"), data.basis),
             (_("Route"), route),
             (_("Vorm"), form),
             (_("Verstrekt door"), data.author)]
    if data.onward_consent is not None:  # Mensenhandel 12.17, 14.6
        lines.append((_("Doorzending naar het RIEC"),
                      _("toestemming van Blijf Groep verleend") if data.onward_consent else
                      _("nog geen toestemming voor doorzending naar het RIEC")))
    story = [pg.p(title, pg.TITLE), pg.facts(lines), Spacer(1, 2 * mm),
             pg.p(_("Alleen de gegevens in dit document zijn verstrekt. Verdere verstrekking "
                    "alleen binnen de afspraken van het convenant."), pg.SMALL)]
    for category, shown_as, values in data.persons:
        who = _(CATEGORY_LABELS[category])
        story += pg.heading(f"{who[:1].upper()}{who[1:]}" + (f": {shown_as}" if shown_as else ""))
        story.append(pg.facts([(kind_label(kind), value) for kind, value in values]))
    if data.signal_lines:
        story += [*pg.heading(_("Signaal mensenhandel")),
                  *signal_story(data.signal_lines, data.anonymised)]
    return pg.build(story, _("Verstrekking"), check_case_ref(data.case_ref))
