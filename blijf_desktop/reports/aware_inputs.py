"""What the AWARE documents are built from: plain frozen dataclasses the service fills from the
case, the screenings and the police receipts (issue 17). Nothing here reads storage; the
report modules only lay out what they are handed.

Codes, not labels: categories, relations, levels, flags, kinds, units and measures are the
domain's codes, and the reports translate their labels. Names, addresses and free text arrive
as the user typed them. A case reference is the app's own reference, never a BSN."""

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Mapping

from blijf_desktop.domain.people import Category
from blijf_desktop.domain.police import Channel, DangerFlag, PoliceInfoKind
from blijf_desktop.domain.risk import Answer, AnswerValue, Level

_BSN_LIKE = re.compile(r"\d{8,9}")


def check_case_ref(case_ref: str) -> str:
    """The reference printed on every page. Refuses an empty one and one that could be a
    BSN (8 or 9 digits, whatever the separators): a BSN never goes on paper."""
    cleaned = case_ref.strip()
    if not cleaned:
        raise ValueError("empty case reference")
    if _BSN_LIKE.fullmatch(re.sub(r"[\s.\-]", "", cleaned)):
        raise ValueError("a case reference must not be a BSN")
    return cleaned


@dataclass(frozen=True)
class PersonLine:
    """One person as a document names her. `ref` is any key unique within the document
    (the service's person id as text will do); `address` is one line, empty where none may be
    shown; `address_secret` masks it unless the document is told to show secret addresses."""

    ref: str
    name: str
    category: Category
    relation: str = ""  # a code of people.RELATIONS[category]
    birth_date: date | None = None
    address: str = ""
    address_secret: bool = False


@dataclass(frozen=True)
class PoliceInfoLine:
    """One police receipt about one person (domain/police.py PoliceReceipt, as shown)."""

    person_ref: str
    kind: PoliceInfoKind
    unit: str  # a key of police.UNITS
    received_on: date
    channel: Channel
    content: str = ""


@dataclass(frozen=True)
class ScreeningLine:
    """One stored risicotaxatie: the advice prints the latest in full (ja and onbekend
    signals with their notes) and the earlier ones as one line each."""

    on: date
    author: str
    version: int
    answers: Mapping[str, Answer]
    proposed: Level
    level: Level  # the level chosen (the proposal unless someone chose another)


@dataclass(frozen=True)
class SafetyAdviceInput:
    case_ref: str
    date: date
    author: str
    teamleider: str
    people: tuple[PersonLine, ...]
    level: Level
    level_reason: str
    advice_text: str
    agreements: str = ""
    # danger flags per pleger (PersonLine.ref); a flag that is missing prints as onbekend
    flags: Mapping[str, Mapping[DangerFlag, AnswerValue]] = field(default_factory=dict)
    measures: tuple[str, ...] = ()  # the chosen codes of measures.MEASURES
    measure_notes: Mapping[str, str] = field(default_factory=dict)
    screenings: tuple[ScreeningLine, ...] = ()  # oldest first
    police_info: tuple[PoliceInfoLine, ...] = ()
    show_secret_address: bool = False  # the user ticked that it is needed and confirmed


@dataclass(frozen=True)
class PoliceRequestInput:
    case_ref: str
    date: date
    unit: str  # a key of police.UNITS
    basis: str  # the unit's artikel 20 Wpg-basis as beheer keeps it (default UNITS[unit].basis)
    requester: str
    people: tuple[PersonLine, ...]
    asked: Mapping[str, tuple[PoliceInfoKind, ...]]  # per PersonLine.ref
    necessity: str  # required: why this information is needed (Blijf 5.6)
    answer_by: date
    reason: str = ""  # a code of aware.REASONS
    reason_text: str = ""
    contact: str = ""  # the unit's contact, as beheer keeps it
    show_secret_address: bool = False


@dataclass(frozen=True)
class RunningConnection:
    """One row of the check on running connections: nothing more than this."""

    case_ref: str
    unit: str  # a key of police.UNITS
    start: date
    end: date


@dataclass(frozen=True)
class RunningConnectionsInput:
    date: date
    rows: tuple[RunningConnection, ...]
    unit: str | None = None  # the list was filtered on this unit
