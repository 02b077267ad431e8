"""How the informatieplicht and the access report read on screen, and their Dutch messages for
bad input (the codes are the services'; anything else goes to ui/messages.py)."""

from blijf_desktop.domain import access_report as ar
from blijf_desktop.domain import information_duty as duty
from blijf_desktop.domain.information_duty import DutyRecord, Outcome
from blijf_desktop.domain.validation import date_text
from blijf_desktop.i18n import _
from blijf_desktop.services.errors import InvalidInput
from blijf_desktop.ui.messages import error_message

OVERDUE_COLOUR = "#9b1c1c"  # text colour of a row past the four weeks (with the word too)
OVERDUE_BACKGROUND = "#fbe9e9"


def how_label(code: str) -> str:
    try:
        return _(duty.HOW_LABELS[duty.How(code)])
    except (ValueError, KeyError):
        return code


def exception_label(code: str) -> str:
    found = duty.EXCEPTIONS.get(code)
    return f"{_(found.label)} ({found.article})" if found else code


def outcome_text(record: DutyRecord | None) -> str:
    if record is None:
        return _("Nog niet geïnformeerd en geen uitzondering vastgelegd.")
    if record.outcome is Outcome.INFORMED:
        return _("Geïnformeerd op {day}, {how}.").format(day=date_text(record.informed_on),
                                                         how=how_label(record.how))
    return _("Niet geïnformeerd, uitzondering: {ground}. Reden: {reason}").format(
        ground=exception_label(record.exception), reason=record.reason)


def part_label(part: str) -> str:
    return _(ar.PART_LABELS[part])


_PROBLEMS = {
    ("informed_on", "required"): lambda: _("Vul de datum in waarop de persoon is geïnformeerd."),
    ("informed_on", "date_format"): lambda: _(
        "Schrijf de datum als dag-maand-jaar, bijvoorbeeld 12-3-2026."),
    ("informed_on", "date_future"): lambda: _("Deze datum ligt in de toekomst."),
    ("informed_on", "before_recorded"): lambda: _(
        "Deze datum ligt vóór de dag waarop de persoon is vastgelegd."),
    ("how", "required"): lambda: _("Kies hoe de persoon is geïnformeerd."),
    ("exception", "required"): lambda: _("Kies de uitzondering waarop u zich beroept."),
    ("reason", "required"): lambda: _("Schrijf op waarom deze uitzondering hier geldt."),
    ("reason", "too_long"): lambda: _("Deze reden is te lang: hoogstens {n} tekens.").format(
        n=duty.MAX_REASON),
    ("reason", "control_characters"): lambda: _("Deze tekst bevat tekens die niet zijn "
                                                 "toegestaan."),
    ("person", "no_information_duty"): lambda: _(
        "Voor deze persoon geldt de informatieplicht niet: de gegevens komen van haarzelf of, "
        "bij een kind onder de 16, van de ouder die hulp zoekt."),
    ("silence_reason", "required"): lambda: _(
        "Schrijf op waarom het antwoord niet vermeldt dat er iets is weggelaten."),
    ("part", "unknown"): lambda: _("Dit onderdeel bestaat niet voor deze persoon."),
    ("preview", "changed_since_preview"): lambda: _(
        "De gegevens zijn gewijzigd sinds het voorbeeld. Bekijk het voorbeeld opnieuw; er is "
        "niets afgedrukt of opgeslagen."),
}


def problem_text(error: Exception) -> tuple[str | None, str]:
    """(the field it is about or None, a Dutch sentence)."""
    if isinstance(error, InvalidInput):
        found = _PROBLEMS.get((error.field, error.problem))
        if found is not None:
            return error.field, found()
    return None, error_message(error)
