"""What the AWARE screens say: state names, dates, what needs attention, and the Dutch message
for each refusal of services/aware.py (shown next to its field, or above the form)."""

from datetime import date

from blijf_desktop.domain.aware import NEEDS, REFUSALS, STATE_LABELS, State
from blijf_desktop.domain.validation import date_text
from blijf_desktop.i18n import _
from blijf_desktop.ui.messages import input_problem

OVERDUE_BACKGROUND = "#fde2e1"
OVERDUE_TEXT = "#8a1c1c"


def state(value: State | str) -> str:
    return _(STATE_LABELS[State(value)])


def day(value: date | str | None) -> str:
    if value is None or value == "":
        return ""
    return date_text(date.fromisoformat(value) if isinstance(value, str) else value)


def attention(row) -> list[str]:
    """What is late, in words (never colour alone)."""
    found = []
    if row.review_overdue:
        found.append(_("evaluatie te laat"))
    if row.answer_overdue:
        found.append(_("politie-antwoord te laat"))
    if row.end_passed:
        found.append(_("einddatum verstreken"))
    return found


def aware_problem(field: str, problem: str) -> str:
    if field == "state" and problem in REFUSALS:
        return _(REFUSALS[problem])
    if field == "needs" and problem in NEEDS:
        return _("Eerst nodig: {what}").format(what=_(NEEDS[problem]))
    messages = {
        ("traject", "unknown"): _("Dit traject bestaat niet (meer)."),
        ("reason", "required"): _("Vul de reden in."),
        ("reason_text", "explanation_required"): _("Beschrijf de reden bij 'anders'."),
        ("persons", "required"): _("Kies de direct betrokkenen."),
        ("persons", "not_in_case"): _("Deze persoon hoort niet bij deze casus."),
        ("unit", "required"): _("Kies de politie-eenheid."),
        ("asked", "required"): _("Vul in wat u de politie vraagt."),
        ("necessity", "required"): _("Schrijf op waarom deze informatie nodig is."),
        ("answer_by", "required"): _("Vul in vóór wanneer de politie antwoordt."),
        ("answer_by", "date_past"): _("Deze datum ligt in het verleden."),
        ("measures", "required"): _("Kies de maatregelen van het advies."),
        ("advice", "required"): _("Schrijf het veiligheidsadvies."),
        ("committee", "required"): _("Kies wie aan het besluit deelnam."),
        ("committee", "required_member_missing"): _(
            "Aan het besluit nemen in elk geval de politie en Blijf Groep deel."),
        ("reasons", "required"): _("Motiveer het besluit."),
        ("decided_on", "required"): _("Vul de datum van het besluit in."),
        ("connected_on", "required"): _("Vul de datum van aansluiten in."),
        ("connected_on", "before_decision"): _(
            "Aansluiten kan niet vóór de datum van het besluit."),
        ("device", "required"): _("Vul de referentie van het alarm in."),
        ("end_date", "end_before_connection"): _(
            "De einddatum moet na de datum van aansluiten liggen."),
        ("reviewed_on", "required"): _("Vul de datum van de evaluatie in."),
        ("reviewed_on", "review_before_connection"): _(
            "Een evaluatie kan niet vóór de datum van aansluiten liggen."),
        ("contact", "required"): _("Kies of er contact met de cliënt was."),
        ("still_needed", "required"): _("Kies of het alarm nog nodig is."),
        ("new_end_date", "required"): _("Vul de nieuwe einddatum in."),
        ("new_end_date", "end_not_later"): _(
            "De nieuwe einddatum moet na de huidige einddatum liggen."),
        ("handover", "required"): _("Kies aan wie het traject wordt overgedragen."),
        ("handover_text", "explanation_required"): _(
            "Beschrijf aan wie het traject wordt overgedragen."),
        ("handover_on", "required"): _("Vul in wanneer de overdracht is."),
    }
    return messages.get((field, problem)) or input_problem(field, problem)
