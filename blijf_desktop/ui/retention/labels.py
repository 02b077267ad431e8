"""Words for the retention screens: kinds, states, reasons. Ids, dates and codes only."""

from datetime import date

from blijf_desktop.domain.destruction import (
    REASONS,
    SCOPE_LABELS,
    STATE_LABELS,
    TEXT_KIND_LABELS,
    DestructionState,
)
from blijf_desktop.domain.retention import RULES, DataKind
from blijf_desktop.i18n import _, format_date

def status(code: str) -> str:
    return {"verlopen": _("Termijn verstreken"), "binnenkort": _("Binnenkort")}.get(code, code)


def kind(value: DataKind) -> str:
    return _(RULES[value].label)


def because(code: str) -> str:
    return {"termijn": _("10 jaar na sluiten"),
            "ketendossier": _("5 jaar na sluiten ketendossier"),
            "bron_verwijderd": _("verwijderd bij de bron")}.get(code, code)


def day(value: date | None) -> str:
    return format_date(value, "medium") if value else "—"


def state(value: DestructionState) -> str:
    return _(STATE_LABELS[value])


def scope(proposal) -> str:
    text = _(SCOPE_LABELS[proposal.scope])
    if proposal.person_id is not None:
        return _("{scope}: persoon {id}").format(scope=text, id=proposal.person_id)
    if proposal.text_kind is not None:
        return f"{text}: {_(TEXT_KIND_LABELS[proposal.text_kind])}"
    return text


def reason(code: str) -> str:
    return _(REASONS[code]) if code in REASONS else code


def user(user_id: int | None, me: int) -> str:
    if user_id is None:
        return "—"
    if user_id == me:
        return _("gebruiker {id} (u)").format(id=user_id)
    return _("gebruiker {id}").format(id=user_id)
