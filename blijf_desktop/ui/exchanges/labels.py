"""How the register's codes read on screen (the codes and their labels are data in domain/)."""

from blijf_desktop.domain import access_report, sharing
from blijf_desktop.domain.exchanges import (
    COUNTERPARTY_LABELS,
    DIRECTION_LABELS,
    INITIATIVE_LABELS,
    Direction,
    Initiative,
)
from blijf_desktop.domain.people import CATEGORY_LABELS, FIELD_LABELS, THREAT_INFO, Category
from blijf_desktop.domain.police import (
    CHANNEL_LABELS,
    FLAG_LABELS,
    KIND_LABELS,
    Channel,
    DangerFlag,
    PoliceInfoKind,
)
from blijf_desktop.domain.risk import ANSWER_LABELS, AnswerValue
from blijf_desktop.domain.validation import date_text
from blijf_desktop.i18n import N_, _

POLICE_MARK = N_("Politie-informatie")
# A person's box: the name stands out, what is inside reads as usual.
GROUP_STYLE = ("QGroupBox { font-weight: bold; margin-top: 1.6em; padding-top: 6px;"
               " border: 1px solid #c8c8c8; border-radius: 4px; }"
               " QGroupBox::title { subcontrol-origin: margin; left: 4px; }"
               " QGroupBox * { font-weight: normal; }")
THREAT_LABEL = N_("Dreigingsinformatie")
_ACCESS_PARTS = {kind: part for part, kind in access_report.PART_KINDS.items()}


def _from(enum, labels, code: str) -> str:
    try:
        return _(labels[enum(code)])
    except (ValueError, KeyError):
        return code


def direction(code: str) -> str:
    return _from(Direction, DIRECTION_LABELS, code)


def counterparty(code: str) -> str:
    found = sharing.RECIPIENTS.get(code)
    if found is None and code in COUNTERPARTY_LABELS:
        return _(COUNTERPARTY_LABELS[code])
    return _(found.label) if found else code


def purpose(code: str) -> str:
    if code == access_report.ACCESS_PURPOSE:
        return _(access_report.PURPOSE_LABEL)
    return _(sharing.PURPOSE_LABELS[code]) if code in sharing.PURPOSE_LABELS else code


def initiative(code: str) -> str:
    return _from(Initiative, INITIATIVE_LABELS, code)


def channel(code: str) -> str:
    return _from(Channel, CHANNEL_LABELS, code)


def category(value: int) -> str:
    return _(CATEGORY_LABELS[Category(value)])


def flag(code: str) -> str:
    return _from(DangerFlag, FLAG_LABELS, code)


def answer(code: str) -> str:
    return _from(AnswerValue, ANSWER_LABELS, code)


def kind(code: str) -> str:
    """A kind of data: police data is marked as such wherever it shows."""
    if code in {k.value for k in PoliceInfoKind}:
        return f"{_(POLICE_MARK)}: {_from(PoliceInfoKind, KIND_LABELS, code)}"
    if code == THREAT_INFO:
        return _(THREAT_LABEL)
    if code in sharing.KIND_LABELS:
        return _(sharing.KIND_LABELS[code])
    if code in _ACCESS_PARTS:  # what an access report held (issue 20)
        return f"{_('Inzage')}: {_(access_report.PART_LABELS[_ACCESS_PARTS[code]])}"
    return _(FIELD_LABELS[code]) if code in FIELD_LABELS else code


def kinds_summary(record) -> str:
    """The register column: police information in one word, else the kinds by name."""
    if record.police_info:
        return _(POLICE_MARK)
    return ", ".join(kind(code) for code in record.kinds)


def when(record) -> str:
    return date_text(record.exchanged_on)
