"""The incident report for the covenant partners (Blijf 9.3: every (possible) breach told at
once; 9.4: a coordinated notice to the AP). Without personal data: the people concerned appear
as counts per category and as register numbers, the accounts as a count; the free text comes
masked from the service (services/incident_report_input.py)."""

from dataclasses import dataclass
from datetime import datetime

from reportlab.lib.units import mm

from blijf_desktop.domain.incidents import (
    DATA_KIND_LABELS, KIND_LABELS, PHASE_LABELS, RECIPIENT_LABELS, RISK_LABELS, RULE_SOURCES,
    Clock, ClockState, DataKind, Kind, Phase, Recipient, Risk,
)
from blijf_desktop.domain.people import CATEGORY_LABELS, Category
from blijf_desktop.i18n import _, format_datetime, ngettext
from blijf_desktop.reports import _pages as pg


@dataclass(frozen=True)
class ReportNotification:
    recipient: str
    phase: str | None
    at: datetime
    reference: str
    late_reason: str


@dataclass(frozen=True)
class IncidentReportInput:
    number: int
    kind: str
    found_at: datetime
    registered_at: datetime
    what_happened: str
    data_kinds: tuple[str, ...]
    people_by_category: dict[int, int]
    people_removed: int  # named in the incident, destroyed since
    person_ids: tuple[int, ...]
    accounts: int
    risk: str | None
    risk_reason: str
    measures: str
    people_exception: str
    clock: Clock
    notifications: tuple[ReportNotification, ...]
    closed_at: datetime | None
    made_at: datetime


def _when(value: datetime | None) -> str:
    return format_datetime(value.astimezone(), "short") if value else "—"


def hours_text(minutes: int) -> str:
    hours = minutes // 60
    if hours >= 1:
        return ngettext("{n} uur", "{n} uur", hours).format(n=hours)
    return ngettext("{n} minuut", "{n} minuten", minutes).format(n=minutes)


def clock_text(clock: Clock) -> str:
    """The 72-hour clock in words (AVG art. 33(1)); also what the screens show."""
    span = hours_text(clock.minutes)
    texts = {
        ClockState.RUNNING: _("nog {span}").format(span=span),
        ClockState.OVERDUE: _("{span} te laat").format(span=span),
        ClockState.ON_TIME: _("op tijd gemeld, na {span}").format(span=span),
        ClockState.LATE: _("te laat gemeld, na {span}").format(span=span),
        ClockState.NOT_NEEDED: _("geen melding nodig (geen risico)"),
    }
    return texts[clock.state]


def _people(data: IncidentReportInput) -> str:
    total = len(data.person_ids)
    if not total:
        return _("geen personen vastgelegd")
    parts = [f"{_(CATEGORY_LABELS[Category(c)])} {n}"
             for c, n in sorted(data.people_by_category.items())]
    if data.people_removed:
        parts.append(_("inmiddels vernietigd {n}").format(n=data.people_removed))
    return "%s (%s)" % (ngettext("{n} persoon", "{n} personen", total).format(n=total),
                        ", ".join(parts))


def _notification_rows(data: IncidentReportInput) -> list[list]:
    rows = [[pg.p(t, pg.HEAD_CELL) for t in (_("Aan"), _("Soort"), _("Op"), _("Kenmerk"),
                                              _("Reden vertraging"))]]
    for n in data.notifications:
        phase = _(PHASE_LABELS[Phase(n.phase)]) if n.phase else ""
        rows.append([pg.p(_(RECIPIENT_LABELS[Recipient(n.recipient)]), pg.CELL), pg.p(phase, pg.CELL),
                     pg.p(_when(n.at), pg.CELL), pg.p(n.reference, pg.CELL),
                     pg.p(n.late_reason, pg.CELL)])
    return rows


def build_incident_report(data: IncidentReportInput) -> bytes:
    title = _("Melding beveiligingsincident")
    kinds = ", ".join(_(DATA_KIND_LABELS[DataKind(k)]) for k in data.data_kinds) or _("nog onbekend")
    risk = _(RISK_LABELS[Risk(data.risk)]) if data.risk else _("nog niet beoordeeld")
    lines = [
        (_("Incident"), str(data.number)),
        (_("Soort"), _(KIND_LABELS[Kind(data.kind)])),
        (_("Ontdekt op"), _when(data.found_at)),
        (_("Vastgelegd op"), _when(data.registered_at)),
        (_("Status"), _("afgesloten op {when}").format(when=_when(data.closed_at))
         if data.closed_at else _("open")),
        (_("Gegevens"), kinds),
        (_("Betrokkenen"), _people(data)),
        (_("Registratienummers"), ", ".join(str(i) for i in data.person_ids) or "—"),
        (_("Accounts"), str(data.accounts)),
        (_("Risico"), risk),
        (_("Melding AP (72 uur)"), clock_text(data.clock)),
    ]
    story = [pg.p(title, pg.TITLE),
             pg.p(_("Gemeld aan de convenantpartners volgens art. 9.3 van het convenant. Dit "
                    "overzicht bevat geen persoonsgegevens: betrokkenen staan er alleen met "
                    "aantallen en registratienummers in."), pg.SMALL),
             pg.facts(lines)]
    for heading, body in ((_("Wat is er gebeurd"), data.what_happened),
                          (_("Toelichting risico"), data.risk_reason),
                          (_("Genomen maatregelen"), data.measures),
                          (_("Waarom betrokkenen niet zijn geïnformeerd"), data.people_exception)):
        if body:
            story += [*pg.heading(heading), *pg.paragraphs(body)]
    story += pg.heading(_("Meldingen"))
    if data.notifications:
        story.append(pg.grid(_notification_rows(data),
                             [34 * mm, 30 * mm, 28 * mm, 30 * mm, pg.WIDTH - 122 * mm]))
    else:
        story.append(pg.p(_("Nog geen meldingen vastgelegd."), pg.PARA))
    sources = ", ".join(dict.fromkeys(RULE_SOURCES.values()))
    story += [pg.p("", pg.PARA),
              pg.p(_("Gemaakt op {when}. Grondslag: {sources}.").format(
                  when=_when(data.made_at), sources=sources), pg.SMALL)]
    return pg.build(story, title, note=_("Incident {n}").format(n=data.number))
