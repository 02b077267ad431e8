"""The words of the Jaarcijfers page: a date as typed in a field, and why a period is refused
(shown beside its field)."""

from datetime import date

from blijf_desktop.domain.figures import MAX_MONTHS
from blijf_desktop.i18n import _
from blijf_desktop.ui.messages import field_problem, input_problem


def date_text(day: date) -> str:
    """As a user types it: 1-1-2026."""
    return f"{day.day}-{day.month}-{day.year}"


def figures_problem(field: str, problem: str) -> str:
    messages = {
        ("date_from", "required"): _("Vul in vanaf welke datum u de cijfers wilt zien."),
        ("date_to", "required"): _("Vul in tot en met welke datum u de cijfers wilt zien."),
        ("date_from", "date_future"): _("Deze datum ligt in de toekomst: daar zijn nog geen "
                                        "cijfers van."),
        ("date_to", "period_reversed"): _("Deze datum ligt vóór de begindatum. Kies een "
                                          "einddatum op of na de begindatum."),
        ("date_to", "period_too_long"): _("Deze periode is te lang: hoogstens {n} maanden "
                                          "(drie jaar).").format(n=MAX_MONTHS),
        ("unit", "unknown_unit"): _("Deze politie-eenheid is niet bekend."),
    }
    if problem == "date_format":
        return field_problem("date_format")
    return messages.get((field, problem)) or input_problem(field, problem)
