"""Consent as a record, not a flag (issue 18). Shaped after FHIR Consent, in Dutch: a state, a
scope (which recipients, purposes, people and kinds of data), a period, who grants it, the
client's position, a written weighing and a verification by a second teamleider.

Mensenhandel 12.17: the RIEC receives a signal only after the consent of the supplying chain
partner (Blijf); 14.6: that consent may come with the signal or later; 14.8: never for a
further use incompatible with the original purpose; 21.5: criminal or administrative use only
with the supplying partner's explicit consent; 21.6: after weighing the victim's interests and
position; 21.8: criminal data to a non-party only with the officier van justitie's consent.

Pure: no I/O. The service stores, verifies passphrases and writes the audit trail."""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import Enum
from itertools import product
from typing import Collection, Mapping

from blijf_desktop.domain import sharing
from blijf_desktop.domain.people import Category
from blijf_desktop.domain.text import N_
from blijf_desktop.domain.validation import description


# -- states -----------------------------------------------------------------------------------
class State(str, Enum):
    ONTWERP = "ontwerp"  # prepared, waiting for the second teamleider
    ACTIEF = "actief"  # verified: the only state that covers anything
    INGETROKKEN = "ingetrokken"  # withdrawn: blocks every later export under it
    GEWEIGERD = "geweigerd"  # refused at verification
    VERLOPEN = "verlopen"  # nobody verified it in time


STATE_LABELS = {
    State.ONTWERP: N_("wacht op verificatie"),
    State.ACTIEF: N_("actief"),
    State.INGETROKKEN: N_("ingetrokken"),
    State.GEWEIGERD: N_("geweigerd"),
    State.VERLOPEN: N_("verlopen"),
}

TRANSITIONS: dict[State, frozenset[State]] = {
    State.ONTWERP: frozenset({State.ACTIEF, State.GEWEIGERD, State.VERLOPEN}),
    State.ACTIEF: frozenset({State.INGETROKKEN}),
    State.INGETROKKEN: frozenset(),
    State.GEWEIGERD: frozenset(),
    State.VERLOPEN: frozenset(),
}


def may_move(old: State, new: State) -> bool:
    return new in TRANSITIONS[old]


# A request nobody verifies expires after this many days, and says so. Not a covenant term:
# the covenant asks for consent before the signal goes on (Mensenhandel 12.17, 14.6) but sets
# no time; a request left unanswered must not wait for ever, so Blijf's own rule (issue 18),
# kept here as data for the privacy officer to change.
EXPIRY_DAYS = 14


def expires_on(prepared_at: datetime | date) -> date:
    day = prepared_at.date() if isinstance(prepared_at, datetime) else prepared_at
    return day + timedelta(days=EXPIRY_DAYS)


def is_overdue(state: State, prepared_at: datetime | date, today: date) -> bool:
    """An ontwerp prepared EXPIRY_DAYS or more days ago has expired (also before the service
    has written that down)."""
    return state is State.ONTWERP and today >= expires_on(prepared_at)


# -- who grants it --------------------------------------------------------------------------
class Grantor(str, Enum):
    # Blijf as supplying partner (Mensenhandel 12.17, 14.6, 21.5), given by its teamleider.
    BLIJF = "blijf"
    # Mensenhandel 21.8: criminal personal data to a non-party only with the prosecutor's
    # consent; Blijf records that it was given, and for which kinds.
    OFFICIER = "officier_van_justitie"


GRANTOR_LABELS = {
    Grantor.BLIJF: N_("Blijf Groep als leverende ketenpartner"),
    Grantor.OFFICIER: N_("Officier van justitie (strafrechtelijke gegevens)"),
}


# -- the client's position ------------------------------------------------------------------
class ClientPosition(str, Enum):
    STEMT_IN = "stemt_in"
    BEZWAAR = "bezwaar"
    NIET_TE_VRAGEN = "niet_te_vragen"


POSITION_LABELS = {
    ClientPosition.STEMT_IN: N_("De cliënt stemt in"),
    ClientPosition.BEZWAAR: N_("De cliënt maakt bezwaar"),
    ClientPosition.NIET_TE_VRAGEN: N_("De cliënt kon niet worden gevraagd"),
}
# Mensenhandel 21.6: her position is weighed. When she objects, or could not be asked, the
# record says why the consent is prepared all the same.
POSITIONS_NEEDING_REASON = frozenset({ClientPosition.BEZWAAR, ClientPosition.NIET_TE_VRAGEN})
# Agreeing or objecting presupposes that she was told what would be shared.
POSITIONS_NEEDING_INFORMED = frozenset({ClientPosition.STEMT_IN, ClientPosition.BEZWAAR})


# -- the written weighing -------------------------------------------------------------------
# Required for EVERY consent, not only where sharing.needs_weighing: purpose, necessity,
# proportionality and subsidiarity hold for every disclosure (Blijf 5.2, 5.6; Mensenhandel
# 21.4 names them for the chain), and letting a victim's data go further is always a choice
# about her (Mensenhandel 21.6). A consent without its reasons cannot be checked afterwards.
WEIGHING_PARTS = ("doel", "noodzaak", "proportionaliteit", "subsidiariteit", "belangen_slachtoffer")
WEIGHING_LABELS = {
    "doel": N_("Doel"),
    "noodzaak": N_("Noodzaak"),
    "proportionaliteit": N_("Proportionaliteit"),
    "subsidiariteit": N_("Subsidiariteit"),
    "belangen_slachtoffer": N_("Belangen en positie van het slachtoffer (Mensenhandel 21.6)"),
}


@dataclass(frozen=True)
class Weighing:
    doel: str = ""
    noodzaak: str = ""
    proportionaliteit: str = ""
    subsidiariteit: str = ""
    belangen_slachtoffer: str = ""

    def as_dict(self) -> dict[str, str]:
        return {part: getattr(self, part) for part in WEIGHING_PARTS}


# -- the scope --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Scope:
    """What a consent covers: every recipient with every purpose, for every person and every
    kind listed, from `valid_from` up to and including `valid_until` (None: open-ended).

    `identifiable`: whether it covers identifiable data too; by default only anonymised data
    (Mensenhandel 6.2, 9.5: identifiable only where strictly needed, and the consent says so).
    `signal_ids`: which signals of the case its signal kinds are about (Mensenhandel 14.6:
    consent comes with *the* signal, or later for it); a consent for one signal does not cover
    the next."""

    recipients: frozenset[str]
    purposes: frozenset[str]
    person_ids: frozenset[int]
    kinds: frozenset[str]
    valid_from: date | None
    valid_until: date | None = None
    identifiable: bool = False
    signal_ids: frozenset[int] = frozenset()

    def __post_init__(self):
        for name in ("recipients", "purposes", "person_ids", "kinds", "signal_ids"):
            object.__setattr__(self, name, frozenset(getattr(self, name)))

    def in_period(self, on_date: date) -> bool:
        return (self.valid_from is not None and self.valid_from <= on_date
                and (self.valid_until is None or on_date <= self.valid_until))


@dataclass(frozen=True)
class Consent:
    """A consent as stored. `prepared_at` / `verified_at` are UTC timestamps (ISO text)."""

    id: int
    case_id: int
    state: State
    scope: Scope
    grantor: Grantor
    client_informed: bool
    client_position: ClientPosition
    position_reason: str
    weighing: Weighing
    prepared_by: int
    prepared_at: str
    verified_by: int | None = None
    verified_at: str | None = None
    closing_reason: str = field(default="", repr=False)  # a refusal or withdrawal, in words
    withdrawn_on: date | None = None


def fingerprint(consent: Consent) -> str:
    """What a verifier is shown of a consent, as one hash (sha256, hex): the scope, period,
    grantor, the client's position and the weighing. verify() compares it with the consent as
    it then stands, so that a change made after she read it is never verified unseen. A hash of
    the content rather than the latest history id: the panel computes it from the very record
    it shows, so no second read can slip in between what is shown and what is verified."""
    scope = consent.scope
    shown = {"id": consent.id, "case": consent.case_id, "grantor": consent.grantor.value,
             "recipients": sorted(scope.recipients), "purposes": sorted(scope.purposes),
             "persons": sorted(scope.person_ids), "kinds": sorted(scope.kinds),
             "identifiable": scope.identifiable, "signals": sorted(scope.signal_ids),
             "valid_from": scope.valid_from and scope.valid_from.isoformat(),
             "valid_until": scope.valid_until and scope.valid_until.isoformat(),
             "client_informed": consent.client_informed,
             "client_position": consent.client_position.value,
             "position_reason": consent.position_reason, "weighing": consent.weighing.as_dict()}
    text = json.dumps(shown, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def effective_state(consent: Consent, today: date) -> State:
    """Its state, with an overdue ontwerp read as verlopen (before expire_due wrote it)."""
    if is_overdue(consent.state, datetime.fromisoformat(consent.prepared_at), today):
        return State.VERLOPEN
    return consent.state


# -- checking what is typed ---------------------------------------------------------------------
def _pair_problem(recipient: str, purpose: str) -> tuple[str, str] | None:
    if purpose in sharing.INCOMPATIBLE:
        return "purposes", "incompatible"  # Mensenhandel 14.8: no consent can allow it
    if recipient not in sharing.RECIPIENTS:
        return "recipients", "unknown"
    if purpose not in sharing.PURPOSE_LABELS:
        return "purposes", "unknown"
    if not sharing.consentable(recipient, purpose):
        return "purposes", "not_consentable"  # no route that asks for a consent
    return None


def scope_problems(scope: Scope, categories: Mapping[int, Category],
                   grantor: Grantor = Grantor.BLIJF,
                   case_signals: Collection[int] = ()) -> dict[str, str]:
    """Field -> problem code, in the order a form shows them. `categories`: the people of the
    case (id -> category); a person outside it is unknown. `case_signals`: the ids of the
    case's signals; a signal outside it is unknown."""
    problems: dict[str, str] = {}
    for name in ("recipients", "purposes", "person_ids", "kinds"):
        if not getattr(scope, name):
            problems["persons" if name == "person_ids" else name] = "required"
    for recipient, purpose in sorted(product(scope.recipients, scope.purposes)):
        found = _pair_problem(recipient, purpose)
        if found and found[0] not in problems:
            problems[found[0]] = found[1]
    if any(p not in categories for p in scope.person_ids) and "persons" not in problems:
        problems["persons"] = "unknown"
    if scope.kinds and "kinds" not in problems and not problems.keys() & {"recipients",
                                                                             "purposes"}:
        allowed = set()
        for recipient, purpose in product(scope.recipients, scope.purposes):
            for person_id in scope.person_ids:
                if person_id in categories:
                    allowed |= sharing.allowed_kinds(recipient, purpose, categories[person_id])
        if not scope.kinds <= allowed:
            problems["kinds"] = "not_allowed"  # Mensenhandel 9.4: only what they need
        elif grantor is Grantor.OFFICIER and not scope.kinds <= sharing.CRIMINAL_KINDS:
            problems["kinds"] = "prosecutor_criminal_only"  # Mensenhandel 21.8
    signal = signal_problem(scope, case_signals)
    if signal:
        problems["signals"] = signal
    if not isinstance(scope.identifiable, bool):
        problems["identifiable"] = "required"
    if scope.valid_from is None:
        problems["valid_from"] = "required"
    elif scope.valid_until is not None and scope.valid_until < scope.valid_from:
        problems["valid_until"] = "ends_before_start"
    return problems


def signal_problem(scope: Scope, case_signals: Collection[int]) -> str | None:
    """Mensenhandel 14.6: a consent for a signal names which signal(s) of this case it is for;
    naming signals without a signal kind would promise what it does not cover."""
    if scope.kinds & sharing.SIGNAL_KINDS and not scope.signal_ids:
        return "required"
    if not scope.signal_ids <= set(case_signals):
        return "unknown"
    if scope.signal_ids and not scope.kinds & sharing.SIGNAL_KINDS:
        return "without_signal_kind"
    return None


def position_problems(informed: bool, position: ClientPosition | None,
                      reason: str) -> dict[str, str]:
    if position is None:
        return {"client_position": "required"}
    if position in POSITIONS_NEEDING_INFORMED and not informed:
        return {"client_informed": "not_informed"}
    checked = description(reason or "")
    if checked.error:
        return {"position_reason": checked.error}
    if position in POSITIONS_NEEDING_REASON and not checked.value:
        return {"position_reason": "required"}
    return {}


def weighing_problems(weighing: Weighing) -> dict[str, str]:
    problems = {}
    for part in WEIGHING_PARTS:
        checked = description(getattr(weighing, part) or "")
        if checked.error or not checked.value:
            problems[f"weighing_{part}"] = checked.error or "required"
    return problems


# -- what it covers -----------------------------------------------------------------------------
def stretches(scope: Scope, kind: str, *, identifiable: bool = False,
              signal_id: int | None = None) -> str | None:
    """What the export asks beyond this scope for this kind, or None: identifiable data under
    a consent for anonymised data only (Mensenhandel 6.2, 9.5), or a signal the consent is not
    for (14.6). `signal_id` None: the caller names no signal, nothing to compare."""
    if (signal_id is not None and kind in sharing.SIGNAL_KINDS
            and signal_id not in scope.signal_ids):
        return "signal"
    if identifiable and not scope.identifiable:
        return "identifiable"
    return None


def covers(consent: Consent, recipient: str, purpose: str, person_id: int, kind: str,
           on_date: date, *, identifiable: bool = False, signal_id: int | None = None) -> bool:
    """Only an active consent, only inside its scope (identifiable data only when it says so,
    a signal only when it names it), only inside its period."""
    scope = consent.scope
    return (consent.state is State.ACTIEF and recipient in scope.recipients
            and purpose in scope.purposes and person_id in scope.person_ids
            and kind in scope.kinds and scope.in_period(on_date)
            and stretches(scope, kind, identifiable=identifiable, signal_id=signal_id) is None)


# -- history --------------------------------------------------------------------------------------
class Change(str, Enum):
    VOORBEREID = "voorbereid"
    GEWIJZIGD = "gewijzigd"
    GEVERIFIEERD = "geverifieerd"
    GEWEIGERD = "geweigerd"
    INGETROKKEN = "ingetrokken"
    VERLOPEN = "verlopen"


CHANGE_LABELS = {
    Change.VOORBEREID: N_("voorbereid"),
    Change.GEWIJZIGD: N_("gewijzigd"),
    Change.GEVERIFIEERD: N_("geverifieerd door een tweede teamleider"),
    Change.GEWEIGERD: N_("geweigerd"),
    Change.INGETROKKEN: N_("ingetrokken"),
    Change.VERLOPEN: N_("verlopen"),
}
# Kept in the history row itself (in Dutch, like every reason there), so the record says why.
EXPIRY_NOTE = N_("verlopen: niemand heeft binnen {days} dagen geverifieerd")
