"""What the requests screens say: kinds, states, deadlines in words (never colour alone), and
the Dutch message for each refusal of services/rights.py, shown beside its field."""

from blijf_desktop.domain.rights import (
    DECISION_LABELS, KIND_LABELS, MAX_EXTENSION_MONTHS, PARTNER_LABELS, PHASE_LABELS,
    URGENCY_LABELS, Decision, Partner, Phase, RequestKind, Status, Urgency,
)
from blijf_desktop.i18n import _, ngettext
from blijf_desktop.ui.aware.labels import OVERDUE_BACKGROUND, OVERDUE_TEXT, day
from blijf_desktop.ui.messages import input_problem

NEAR_BACKGROUND = "#fff4d6"
NEAR_TEXT = "#6b4a00"


def kind(value: RequestKind | str) -> str:
    return _(KIND_LABELS[RequestKind(value)])


def decision(value: Decision | str) -> str:
    return _(DECISION_LABELS[Decision(value)])


def partner(value: Partner | str) -> str:
    return _(PARTNER_LABELS[Partner(value)])


def phase(value: Phase) -> str:
    return _(PHASE_LABELS[value])


def restricted_text() -> str:
    return _("Verwerking beperkt")


def colours(urgency: Urgency) -> tuple[str, str] | None:
    """(background, text) for a row that needs attention; None for the others."""
    if urgency is Urgency.PAST:
        return OVERDUE_BACKGROUND, OVERDUE_TEXT
    if urgency is Urgency.NEAR:
        return NEAR_BACKGROUND, NEAR_TEXT
    return None


def attention(status: Status) -> str:
    """The state of the deadline in words: '⚠ termijn verstreken (3 dagen)'."""
    if status.urgency is Urgency.PAST:
        late = -(status.days_left or 0)
        return "⚠ " + ngettext("termijn verstreken ({n} dag te laat)",
                               "termijn verstreken ({n} dagen te laat)", late).format(n=late)
    if status.urgency is Urgency.NEAR:
        left = status.days_left or 0
        return "⚠ " + ngettext("termijn bijna verstreken (nog {n} dag)",
                               "termijn bijna verstreken (nog {n} dagen)", left).format(n=left)
    if status.urgency is Urgency.DONE:
        return _("afgerond, te laat") if status.late else _(URGENCY_LABELS[Urgency.DONE])
    return _(URGENCY_LABELS[Urgency.OPEN])


def deadline(status: Status) -> str:
    return day(status.deadline) if status.deadline else ""


def rights_problem(field: str, problem: str) -> str:
    messages = {
        ("person", "required"): _("Kies eerst de persoon om wie het gaat."),
        ("person", "restricted"): _("De verwerking van deze persoon is beperkt: haar of zijn "
                                    "gegevens worden niet gewijzigd of verstrekt."),
        ("person", "not_restricted"): _("De verwerking van deze persoon is niet beperkt."),
        ("person", "unchanged"): _("Er is niets gewijzigd. Vul de juiste waarde in."),
        ("kind", "required"): _("Kies de soort verzoek."),
        ("received_on", "required"): _("Vul de datum van ontvangst in."),
        ("received_on", "date_future"): _(
            "Een verzoek kan niet in de toekomst zijn ontvangen. Controleer de datum."),
        ("received_how", "required"): _("Kies hoe het verzoek binnenkwam."),
        ("months", "required"): _("Kies met hoeveel maanden de termijn wordt verlengd."),
        ("months", "too_long"): _("Verlengen kan met hoogstens {n} maanden (AVG art. 12 lid "
                                  "3).").format(n=MAX_EXTENSION_MONTHS),
        ("months", "chain_no_extension"): _(
            "Dit verzoek gaat over gegevens uit de ketensamenwerking mensenhandel: de termijn "
            "is vier weken en wordt niet verlengd (Mensenhandel 25.2, 26.2, 27.2)."),
        ("months", "already_extended"): _("De termijn is al verlengd."),
        ("months", "answered"): _("Dit verzoek is al beantwoord."),
        ("recorded_on", "after_first_month"): _(
            "Verlengen kan alleen binnen de eerste maand na ontvangst, met de reden "
            "(AVG art. 12 lid 3). Die maand is voorbij."),
        ("recorded_on", "date_future"): _("Deze datum ligt in de toekomst."),
        ("recorded_on", "before_received"): _("Deze datum ligt vóór de ontvangst van het "
                                              "verzoek."),
        ("reason", "required"): _("Schrijf op waarom de termijn wordt verlengd; de persoon "
                                  "krijgt die reden te horen."),
        ("decision", "required"): _("Kies het besluit."),
        ("decision", "already_decided"): _("Op dit verzoek is al besloten."),
        ("decision", "not_granted"): _("Alleen een toegewezen correctie wordt uitgevoerd."),
        ("decision", "not_refused"): _("Een weigeringsbrief hoort bij een (gedeeltelijke) "
                                       "afwijzing."),
        ("grounds", "required"): _("Kies waarop de afwijzing rust (Mensenhandel 25.4; art. 41 "
                                   "UAVG)."),
        ("reasons", "required"): _("Een afwijzing, ook een gedeeltelijke, wordt gemotiveerd "
                                   "(Mensenhandel 25.5, 26.4). Schrijf de redenen op."),
        ("decided_on", "date_future"): _("Deze datum ligt in de toekomst."),
        ("decided_on", "before_received"): _("Het besluit kan niet vóór de ontvangst liggen."),
        ("coordination", "required"): _(
            "Stem eerst af met de partijen van wie gegevens over deze persoon komen of naar "
            "wie ze gingen (convenant art. 11.5)."),
        ("partners", "required"): _("Kies met wie is afgestemd."),
        ("on", "required"): _("Vul de datum in."),
        ("on", "date_future"): _("Deze datum ligt in de toekomst."),
        ("on", "before_received"): _("Deze datum ligt vóór de ontvangst van het verzoek."),
        ("answered_on", "required"): _("Vul de datum van het antwoord in."),
        ("answered_on", "date_future"): _("Deze datum ligt in de toekomst."),
        ("answered_on", "before_received"): _("Deze datum ligt vóór de ontvangst van het "
                                              "verzoek."),
        ("how", "required"): _("Kies hoe het antwoord is gegeven."),
        ("request", "answered"): _("Dit verzoek is al beantwoord."),
        ("request", "carried_out"): _("Dit besluit is al uitgevoerd."),
        ("request", "unknown"): _("Dit verzoek bestaat niet (meer)."),
        ("lift_reason", "required"): _("Schrijf op waarom de beperking wordt opgeheven."),
        ("field", "required"): _("Kies welk gegeven wordt gecorrigeerd."),
    }
    return messages.get((field, problem)) or input_problem(field, problem)
