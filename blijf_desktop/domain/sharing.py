"""Sharing through the chain, as data (issue 18): who may receive what from Blijf Groep, for
which purpose, by which route, with or without a consent, identifiable or anonymised. One table
a privacy officer reads against the covenants; the article stands next to each rule. The
services compute every export from these functions; the UI only shows what they return.

Two covenants meet here. Blijf Groep's own (Blijf, 2022) covers the police: its table is in
exchanges.py and is used as it is. The Mensenhandel covenant (Mensenhandel) covers the chain:
a trafficking signal goes to the zorgcoördinator mensenhandel (14.5); onward to the RIEC only
after the consent of Blijf as supplying partner (12.17, 14.6); criminal or administrative use
only with that consent (21.5) and after a weighing (21.6); the EMM only through the chain
(13.4, 21.4). Police data received under Blijf's covenant never leaves (Blijf 5.2, 5.8)."""

import re
import unicodedata
from dataclasses import dataclass
from enum import Enum

from blijf_desktop.domain import exchanges as police_table
from blijf_desktop.domain.exchanges import Purpose as PolicePurpose
from blijf_desktop.domain.people import (
    ADDRESS_FIELDS,
    BIRTH_FIELDS,
    CONTACT_FIELDS,
    NAME_FIELDS,
    THREAT_INFO,
    Category,
)
from blijf_desktop.domain.police import UNITS, may_leave_blijf
from blijf_desktop.domain.text import N_

# -- the kinds of data a signal adds ------------------------------------------------------------
# A signal mensenhandel is Blijf's own record (Mensenhandel 15.2 and its annex). Its enforcement
# part (Handhaving: which offences, by whom) is criminal personal data (Mensenhandel 21.8).
SIGNAL = "signaal_mensenhandel"
SIGNAL_ENFORCEMENT = "signaal_handhaving"
SIGNAL_KINDS = frozenset({SIGNAL, SIGNAL_ENFORCEMENT})
CRIMINAL_KINDS = frozenset({SIGNAL_ENFORCEMENT})  # Mensenhandel 21.8

KIND_LABELS = {
    SIGNAL: N_("Signaal mensenhandel (format casus mensenhandel)"),
    SIGNAL_ENFORCEMENT: N_("Signaal: handhaving (strafbare feiten)"),
}


def may_be_shared(kind: str) -> bool:
    """Whether a kind may ever be part of an outgoing exchange: what Blijf itself records (never
    police data, Blijf 5.2, 5.8) and the signal it wrote."""
    return may_leave_blijf(kind) or kind in SIGNAL_KINDS


# -- recipients ---------------------------------------------------------------------------------
class RecipientKind(str, Enum):
    POLITIE = "politie"  # Blijf covenant, its own table (exchanges.py)
    ZORGCOORDINATOR = "zorgcoordinator"
    RIEC = "riec"
    OM = "om"
    EMM = "emm"


@dataclass(frozen=True)
class Recipient:
    code: str
    label: str  # marked with N_
    kind: RecipientKind
    article: str  # where the covenant names it
    in_eu: bool = True  # Mensenhandel 15.4: never a country outside the EU
    direct: bool = True  # False: never a direct recipient of Blijf, only reached through a route
    route: tuple[str, ...] = ()  # the recipients the data passes first, in order
    party: bool = True  # a party to the covenant (Mensenhandel 21.7, 21.8)
    anonymised_by_default: bool = True  # Mensenhandel 6.2, 9.5: chain recipients


ZORGCOORDINATOR = "zorgcoordinator_mensenhandel"
RIEC = "riec"
OM = "om_mensenhandel"
EMM = "emm"

_CHAIN = (
    # Mensenhandel 14.5, 12.23: every signal of a care partner goes through the zorgcoördinator.
    Recipient(ZORGCOORDINATOR, N_("Zorgcoördinator mensenhandel"), RecipientKind.ZORGCOORDINATOR,
              "Mensenhandel 12.23, 14.5"),
    # Mensenhandel 12.17, 21.4: the zorgcoördinator passes a signal on to the RIEC, after the
    # consent of the supplying partner; the RIEC is no party to the covenant (21.7).
    Recipient(RIEC, N_("RIEC (Regionaal Informatie- en Expertisecentrum)"), RecipientKind.RIEC,
              "Mensenhandel 12.17, 14.6, 21.4", route=(ZORGCOORDINATOR,), party=False),
    # Mensenhandel 21.4, 21.5: the competent public prosecutor for trafficking.
    Recipient(OM, N_("Officier van justitie mensenhandel"), RecipientKind.OM,
              "Mensenhandel 21.4, 21.5", route=(ZORGCOORDINATOR,)),
    # Mensenhandel 13.4, 14.6, 21.4: the EMM receives from the RIEC or the whole case from the
    # casusoverleg. Our reading: Blijf has no channel of its own to the EMM.
    Recipient(EMM, N_("Expertisecentrum Mensenhandel en Mensensmokkel (EMM)"), RecipientKind.EMM,
              "Mensenhandel 13.4, 14.6, 21.4", direct=False, route=(ZORGCOORDINATOR, RIEC),
              party=False),
)
_POLICE = tuple(
    Recipient(code, unit.label, RecipientKind.POLITIE, "Blijf 3.1, 4.2",
              anonymised_by_default=False)  # Blijf 4.2: the police need to know who
    for code, unit in UNITS.items())

RECIPIENTS: dict[str, Recipient] = {r.code: r for r in _POLICE + _CHAIN}


def choosable(recipient: Recipient) -> bool:
    """Whether a user may pick it as the recipient of an exchange: never a country outside the
    EU (Mensenhandel 15.4), never one reached only through the chain (the EMM, 13.4)."""
    return recipient.in_eu and recipient.direct


def recipient_problem(code: str, table: dict[str, Recipient] | None = None) -> str | None:
    """Why this recipient cannot be chosen; None when it can."""
    found = (RECIPIENTS if table is None else table).get(code)
    if found is None:
        return "unknown"
    if not found.in_eu:
        return "outside_eu"  # Mensenhandel 15.4
    if not found.direct:
        return "not_direct"  # Mensenhandel 13.4: through the chain only
    return None


# -- purposes -----------------------------------------------------------------------------------
class ChainPurpose(str, Enum):
    SIGNAAL = "signaal_mensenhandel"
    RIEC_ADVIES = "riec_advies"
    STRAFRECHTELIJK = "strafrechtelijk"
    BESTUURSRECHTELIJK = "bestuursrechtelijk"
    VREEMDELINGENTOEZICHT = "vreemdelingentoezicht"
    COMMERCIEEL = "commercieel"


PURPOSE_LABELS: dict[str, str] = {
    **{p.value: label for p, label in police_table.PURPOSE_LABELS.items()},
    ChainPurpose.SIGNAAL.value: N_("Melding van een signaal mensenhandel"),
    ChainPurpose.RIEC_ADVIES.value: N_("Advies en overleg over een signaal met het RIEC"),
    ChainPurpose.STRAFRECHTELIJK.value: N_("Strafrechtelijke inzet van het signaal"),
    ChainPurpose.BESTUURSRECHTELIJK.value: N_("Bestuursrechtelijke inzet van het signaal"),
    ChainPurpose.VREEMDELINGENTOEZICHT.value: N_(
        "Vreemdelingentoezicht of verblijfsrechtelijke maatregelen tegen het slachtoffer"),
    ChainPurpose.COMMERCIEEL.value: N_("Commercieel gebruik of verkoop van gegevens"),
}

# Blijf collects its data to protect and help the people it takes in (Blijf, overwegingen, 5.2).
# Mensenhandel 14.8 (and art. 9 Wbp, now art. 6.4 AVG): a further use incompatible with that
# purpose is refused, and no consent can make it compatible. Our reading, for the privacy
# officer to confirm: turning a victim's care data against her residence or selling it.
INCOMPATIBLE = frozenset({ChainPurpose.VREEMDELINGENTOEZICHT.value, ChainPurpose.COMMERCIEEL.value})


@dataclass(frozen=True)
class Route:
    """One thing Blijf may send: to a kind of recipient, for a purpose."""

    recipient_kind: RecipientKind
    purpose: str
    article: str
    needs_consent: bool = False  # an active consent must cover it (Mensenhandel 12.17, 21.5)
    needs_weighing: bool = False  # the consent holds a written weighing (Mensenhandel 21.6)


ROUTES: tuple[Route, ...] = (
    *(Route(RecipientKind.POLITIE, p.value, "Blijf 3.2, 5.3; overwegingen") for p in PolicePurpose),
    Route(RecipientKind.ZORGCOORDINATOR, ChainPurpose.SIGNAAL.value, "Mensenhandel 14.5, 15.2"),
    Route(RecipientKind.RIEC, ChainPurpose.RIEC_ADVIES.value, "Mensenhandel 12.17, 14.6",
          needs_consent=True),
    Route(RecipientKind.RIEC, ChainPurpose.BESTUURSRECHTELIJK.value, "Mensenhandel 21.5, 21.6",
          needs_consent=True, needs_weighing=True),
    Route(RecipientKind.OM, ChainPurpose.STRAFRECHTELIJK.value, "Mensenhandel 21.4-21.6",
          needs_consent=True, needs_weighing=True),
    # Consent may name the EMM (14.6); Blijf never sends to it itself (13.4).
    Route(RecipientKind.EMM, ChainPurpose.RIEC_ADVIES.value, "Mensenhandel 13.4, 14.6",
          needs_consent=True),
)


def route_for(recipient_code: str, purpose: str) -> Route | None:
    recipient = RECIPIENTS.get(recipient_code)
    if recipient is None:
        return None
    return next((r for r in ROUTES if r.recipient_kind is recipient.kind and r.purpose == purpose),
                None)


def purposes_for(recipient_code: str) -> tuple[str, ...]:
    """The purposes a user may pick for this recipient, in table order."""
    recipient = RECIPIENTS.get(recipient_code)
    if recipient is None:
        return ()
    return tuple(r.purpose for r in ROUTES if r.recipient_kind is recipient.kind)


def purpose_problem(recipient_code: str, purpose: str) -> str | None:
    """Why this recipient cannot receive for this purpose; None when it can."""
    if purpose in INCOMPATIBLE:
        return "incompatible"  # Mensenhandel 14.8: no consent can make it compatible
    if purpose not in PURPOSE_LABELS:
        return "unknown"
    if route_for(recipient_code, purpose) is None:
        return "no_route"
    return None


def needs_consent(recipient_code: str, purpose: str) -> bool:
    found = route_for(recipient_code, purpose)
    return bool(found and found.needs_consent)


def needs_weighing(recipient_code: str, purpose: str) -> bool:
    found = route_for(recipient_code, purpose)
    return bool(found and found.needs_weighing)


def consentable(recipient_code: str, purpose: str) -> bool:
    """Whether a consent may cover this recipient and purpose: a route that needs one, for a
    compatible purpose (Mensenhandel 14.8). The EMM may be named though never chosen (14.6)."""
    return purpose not in INCOMPATIBLE and needs_consent(recipient_code, purpose)


# -- what may go, per kind of recipient, purpose and category -------------------------------------
_NAW = frozenset(NAME_FIELDS + ADDRESS_FIELDS)
_BIRTH_DATE = frozenset({"birth_date"})
_NONE: frozenset[str] = frozenset()
_C = Category

# Mensenhandel 9.4: partners receive only what they need. The annex asks about the victim and
# the exploiter (name, birth date, address, residence); the signal itself belongs to the
# client's entry. Children and derden are not named in the annex: nothing about them (9.4).
# Contact details, the birth place and Blijf's threat notes are not asked for (9.4).
_SIGNAL_ROW = {
    _C.CLIENT: _NAW | _BIRTH_DATE | SIGNAL_KINDS,  # annex: personalia slachtoffer, the signal
    _C.PLEGER: _NAW | _BIRTH_DATE,  # annex: personalia uitbuiter/pleger
    _C.CHILD: _NONE,  # Mensenhandel 9.4
    _C.DERDE: _NONE,  # Mensenhandel 9.4
}
CHAIN_TABLE: dict[tuple[RecipientKind, str], dict[Category, frozenset[str]]] = {
    (RecipientKind.ZORGCOORDINATOR, ChainPurpose.SIGNAAL.value): _SIGNAL_ROW,  # 14.5, 15.2
    (RecipientKind.RIEC, ChainPurpose.RIEC_ADVIES.value): _SIGNAL_ROW,  # 12.17: the content of
    (RecipientKind.EMM, ChainPurpose.RIEC_ADVIES.value): _SIGNAL_ROW,  # the signal (14.6)
    (RecipientKind.RIEC, ChainPurpose.BESTUURSRECHTELIJK.value): _SIGNAL_ROW,  # 21.5
    (RecipientKind.OM, ChainPurpose.STRAFRECHTELIJK.value): _SIGNAL_ROW,  # 21.4, 21.5
}


def allowed_kinds(recipient_code: str, purpose: str, category: Category) -> frozenset[str]:
    """The kinds of data about a person of this category that may go to this recipient for this
    purpose. Never police data; nothing for an incompatible purpose or without a route."""
    recipient = RECIPIENTS.get(recipient_code)
    if recipient is None or purpose_problem(recipient_code, purpose):
        return _NONE
    if recipient.kind is RecipientKind.POLITIE:
        return police_table.allowed_out(recipient_code, PolicePurpose(purpose), category)
    kinds = CHAIN_TABLE.get((recipient.kind, purpose), {}).get(category, _NONE)
    return frozenset(k for k in kinds if may_be_shared(k))


def criminal_needs_prosecutor(recipient_code: str, kind: str) -> bool:
    """Mensenhandel 21.8: criminal personal data goes to a non-party only after the consent of
    the public prosecutor."""
    recipient = RECIPIENTS.get(recipient_code)
    return kind in CRIMINAL_KINDS and (recipient is None or not recipient.party)


# -- anonymised by default ------------------------------------------------------------------------
ANONYMISED_KINDS = {
    # Mensenhandel 6.2, 9.5: names become initials, the birth date its year, the address the
    # municipality; phone, e-mail, birth place and free threat notes are left out.
    "first_names": "initials",
    "prefix": "drop",
    "last_name": "initials",
    "street": "drop",
    "house_number": "drop",
    "postcode": "drop",
    "residence": "keep",
    "birth_place": "drop",
    "birth_date": "year",
    "phone": "drop",
    "email": "drop",
    THREAT_INFO: "drop",  # free text names people; it cannot be made anonymous by a rule
}
assert set(ANONYMISED_KINDS) == set(NAME_FIELDS + ADDRESS_FIELDS + BIRTH_FIELDS + CONTACT_FIELDS
                                    + (THREAT_INFO,))


def anonymised_by_default(recipient_code: str) -> bool:
    recipient = RECIPIENTS.get(recipient_code)
    return recipient is None or recipient.anonymised_by_default


def initials(name: str) -> str:
    """Each word's first letter: "Anna Maria" -> "A.M.", "Berg-Smit" -> "B.S."; lower-case
    words (a tussenvoegsel typed in the name) are skipped unless the name is one word."""
    letters = []
    for word in name.replace("-", " ").split():
        if word[:1].isupper() or len(name.split()) == 1:
            letters.append(word[0].upper()[:1] + ".")  # one letter: "ß".upper() is "SS"
    return "".join(letters)


def anonymise(kind: str, value: str) -> str | None:
    """The anonymised form of one value as text; None when the kind is left out. A kind this
    table does not know is left out (signal texts are written for the chain, and shown whole in
    the preview before anything leaves)."""
    rule = ANONYMISED_KINDS.get(kind)
    if kind in SIGNAL_KINDS:
        return value
    if rule is None or rule == "drop" or not value:
        return None
    if rule == "initials":
        return initials(value) or None
    if rule == "year":
        return value[:4] if len(value) >= 4 and value[:4].isdigit() else None
    return value


_TOKEN = re.compile(r"\w+(?:['’]\w+)*")


def _fold(word: str) -> str:
    """A word as names are compared: without accents, case or a typographic apostrophe."""
    decomposed = unicodedata.normalize("NFD", word.replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def name_words(names: list[str]) -> frozenset[str]:
    """The words of these names that identify someone, folded: each part of two letters or
    more, also between hyphens and after an apostrophe; a part written all in lower case (a
    tussenvoegsel such as "van der") is no name word."""
    words = set()
    for name in names:
        for part in re.split(r"[\s-]+", unicodedata.normalize("NFC", name or "")):
            for piece in {part, *re.split(r"['’]", part)}:
                if len(piece) >= 2 and not piece.islower():
                    words.add(_fold(piece))
    return frozenset(words)


def mask_names(text: str, names: list[str]) -> str:
    """Free text written for the chain, with every word of the names it knows replaced by its
    initial (Mensenhandel 9.5): whatever the case, accents or apostrophe, also as a genitive
    ("Mehmets", "Mehmet's"). A name nobody recorded stays: the preview shows what leaves."""
    words = name_words(names)
    if not words:
        return text

    def masked(found: re.Match) -> str:
        token = found.group(0)
        folded = _fold(token)
        if {folded, folded.removesuffix("'s"), folded.removesuffix("s")} & words:
            return token[0].upper()[:1] + "."
        return token

    return _TOKEN.sub(masked, unicodedata.normalize("NFC", text))


def mask_phrases(text: str, phrases: list[str], replacement: str = "[weggelaten]") -> str:
    """Free text with each of these phrases (a street, a postcode, a town) left out, whatever
    the case or the spaces inside it; phrases shorter than three letters are not looked for."""
    text = unicodedata.normalize("NFC", text)
    wanted = {" ".join(unicodedata.normalize("NFC", p).split()) for p in phrases if p}
    for phrase in sorted((p for p in wanted if len(p) >= 3), key=len, reverse=True):
        pattern = re.compile(r"(?<!\w)" + r"\s*".join(re.escape(w) for w in phrase.split())
                             + r"(?!\w)", re.IGNORECASE)
        text = pattern.sub(replacement, text)
    return text
