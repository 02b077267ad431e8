"""What the police may give Blijf Groep, per person category, and where it comes from, as data
(convenant Blijf art. 4.2; issue 17). Everything here is *received police data*: it is recorded
with the unit, the date, the officer, the basis and how it came (Blijf 6.2), and it never
leaves Blijf Groep again (purpose binding, Blijf 5.2, 5.8).

Read against the covenant's text, not a summary of it: the child's row names only the art. 8
and art. 13 Wpg data (4.2 cat. 2 c), and the pleger's row names violent incidents, not
incidents in general (4.2 cat. 4 d)."""

from dataclasses import dataclass
from datetime import date
from enum import Enum

from blijf_desktop.domain.people import ALLOWED_FIELDS, THREAT_INFO, Category
from blijf_desktop.domain.text import N_
from blijf_desktop.domain.validation import description, text


class PoliceInfoKind(str, Enum):
    INCIDENTEN = "relevante_incidenten"
    FEITEN = "feiten_omstandigheden"
    VEILIGHEID = "veiligheidsinformatie"
    ARTIKEL_8 = "artikel_8_wpg"
    ARTIKEL_13 = "artikel_13_wpg"
    GEVARENCLASSIFICATIE = "gevarenclassificatie"
    GEWELDSINCIDENTEN = "geweldsincidenten"
    TIJDELIJK_HUISVERBOD = "tijdelijk_huisverbod"


KIND_LABELS = {
    PoliceInfoKind.INCIDENTEN: N_("Bij de politie bekende relevante incidenten"),
    PoliceInfoKind.FEITEN: N_("Noodzakelijke feiten en omstandigheden rond het huiselijk geweld"),
    PoliceInfoKind.VEILIGHEID: N_(
        "Informatie die nodig is voor de veiligheid van de cliënt en betrokkenen"),
    PoliceInfoKind.ARTIKEL_8: N_("Politiegegevens (artikel 8 Wpg)"),
    PoliceInfoKind.ARTIKEL_13: N_("Politiegegevens (artikel 13 Wpg)"),
    PoliceInfoKind.GEVARENCLASSIFICATIE: N_("Gevarenclassificatie"),
    PoliceInfoKind.GEWELDSINCIDENTEN: N_("Bij de politie bekende relevante geweldsincidenten"),
    PoliceInfoKind.TIJDELIJK_HUISVERBOD: N_("Informatie voor het Tijdelijk Huisverbod"),
}

_K = PoliceInfoKind
POLICE_INFO: dict[Category, tuple[PoliceInfoKind, ...]] = {
    # Blijf 4.2, cat. 1 d
    Category.CLIENT: (_K.INCIDENTEN, _K.FEITEN, _K.VEILIGHEID),
    # Blijf 4.2, cat. 2 c
    Category.CHILD: (_K.ARTIKEL_8, _K.ARTIKEL_13),
    # Blijf 4.2, cat. 3 d
    Category.DERDE: (_K.INCIDENTEN, _K.FEITEN, _K.VEILIGHEID),
    # Blijf 4.2, cat. 4 d
    Category.PLEGER: (_K.FEITEN, _K.VEILIGHEID, _K.GEVARENCLASSIFICATIE, _K.GEWELDSINCIDENTEN,
                      _K.TIJDELIJK_HUISVERBOD),
}


class DangerFlag(str, Enum):
    """The gevarenclassificatie (Blijf 4.2, cat. 4 d, items 1-6)."""

    ALCOHOLIST = "alcoholist"
    HARDDRUGGEBRUIKER = "harddruggebruiker"
    MEDISCHE_INDICATIE = "medische_indicatie"
    VUURWAPENGEVAARLIJK = "vuurwapengevaarlijk"
    WAPENGEVAARLIJK = "wapengevaarlijk"
    GEWELD_VERZETPLEGER = "geweld_verzetpleger"


FLAG_LABELS = {
    DangerFlag.ALCOHOLIST: N_("alcoholist"),
    DangerFlag.HARDDRUGGEBRUIKER: N_("harddruggebruiker"),
    DangerFlag.MEDISCHE_INDICATIE: N_("medische indicatie"),
    DangerFlag.VUURWAPENGEVAARLIJK: N_("vuurwapengevaarlijk"),
    DangerFlag.WAPENGEVAARLIJK: N_("wapengevaarlijk"),
    DangerFlag.GEWELD_VERZETPLEGER: N_("geweld-/verzetpleger"),
}


def police_info_kinds(category: Category) -> tuple[PoliceInfoKind, ...]:
    return POLICE_INFO[category]


def danger_flags_allowed(category: Category) -> frozenset[DangerFlag]:
    """The danger flags that may be recorded about a person: only about a pleger."""
    if PoliceInfoKind.GEVARENCLASSIFICATIE in POLICE_INFO[category]:
        return frozenset(DangerFlag)
    return frozenset()


# -- where it comes from ------------------------------------------------------------------------
class Channel(str, Enum):
    """How data is given: by the police (Blijf 6.2) or by Blijf Groep (Blijf 6.3)."""

    MONDELING = "mondeling"
    SCHRIFTELIJK = "schriftelijk"


CHANNEL_LABELS = {Channel.MONDELING: N_("mondeling"), Channel.SCHRIFTELIJK: N_("schriftelijk")}


@dataclass(frozen=True)
class PoliceUnit:
    code: str
    label: str  # marked with N_
    basis: str  # the default basis text; beheer replaces it with the besluit's own reference


# Blijf, partijen; art. 3.1: each unit gives under its own artikel 20 Wpg-besluit (annexes).
# The basis texts are placeholders that name the besluit; beheer fills in its date and number.
UNITS: dict[str, PoliceUnit] = {
    unit.code: unit for unit in (
        PoliceUnit("amsterdam", N_("Politie eenheid Amsterdam"),
                   "Artikel 20 Wpg-besluit gegevensverstrekking Blijf Groep, eenheid Amsterdam "
                   "(bijlage bij het convenant Gegevensverstrekking Blijf Groep, 4 maart 2022)"),
        PoliceUnit("noord_holland", N_("Politie eenheid Noord-Holland"),
                   "Artikel 20 Wpg-besluit gegevensverstrekking Blijf Groep, eenheid "
                   "Noord-Holland (bijlage bij het convenant Gegevensverstrekking Blijf Groep, "
                   "4 maart 2022)"),
        PoliceUnit("midden_nederland", N_("Politie eenheid Midden-Nederland, district Flevoland"),
                   "Artikel 20 Wpg-besluit gegevensverstrekking Blijf Groep, eenheid "
                   "Midden-Nederland (district Flevoland) (bijlage bij het convenant "
                   "Gegevensverstrekking Blijf Groep, 4 maart 2022)"),
    )
}


@dataclass(frozen=True)
class PoliceReceipt:
    """One piece of police data as Blijf records it (Blijf 6.2; DOMAIN.md: what, from which
    unit, when, by which officer, on which basis)."""

    category: Category  # of the person it is about
    kind: PoliceInfoKind
    unit: str  # a key of UNITS
    channel: Channel
    received_on: date
    officer: str
    basis: str
    content: str = ""
    flags: frozenset[DangerFlag] = frozenset()


def receipt_problems(receipt: PoliceReceipt, today: date) -> dict[str, str]:
    """What stops a receipt from being recorded, per field."""
    problems: dict[str, str] = {}
    if receipt.kind not in POLICE_INFO[receipt.category]:
        problems["kind"] = "not_allowed"  # Blijf 4.2: not given for this category
    if receipt.flags and receipt.kind is not PoliceInfoKind.GEVARENCLASSIFICATIE:
        problems["flags"] = "not_allowed"
    elif not receipt.flags <= danger_flags_allowed(receipt.category):
        problems["flags"] = "not_allowed"
    if receipt.unit not in UNITS:
        problems["unit"] = "unknown_unit"
    if not isinstance(receipt.channel, Channel):
        problems["channel"] = "required"
    if receipt.received_on > today:
        problems["received_on"] = "date_future"
    for name in ("officer", "basis"):
        checked = text(getattr(receipt, name), 400)
        if checked.error or not checked.value:
            problems[name] = checked.error or "required"
    content = description(receipt.content)
    if content.error:
        problems["content"] = content.error
    elif not content.value and receipt.kind is not PoliceInfoKind.GEVARENCLASSIFICATIE:
        problems["content"] = "required"  # the flags are the content of a gevarenclassificatie
    return problems


# -- purpose binding ------------------------------------------------------------------------------
POLICE_DERIVED_KINDS = frozenset(k.value for k in PoliceInfoKind) | frozenset(
    f.value for f in DangerFlag)
# What Blijf Groep itself records and may give (Blijf 4.2, a-c and the threat information).
BLIJF_KINDS = frozenset(name for fields in ALLOWED_FIELDS.values() for name in fields) | {
    THREAT_INFO}


def may_leave_blijf(kind: str) -> bool:
    """Whether a kind of data may ever be part of an outgoing exchange. Police data never may:
    it was given for Blijf's own task and is used only for that (Blijf 5.2, 5.8). A kind this
    module does not know is refused too."""
    return kind in BLIJF_KINDS and kind not in POLICE_DERIVED_KINDS
