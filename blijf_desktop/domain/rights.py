"""Requests of the people recorded (issue 20): the kinds, their deadlines and the decisions, as
data with the article beside each rule. A privacy officer reads this page against Blijf 10-11,
Mensenhandel 24-27 and AVG art. 12. Pure functions; the date of today is always handed in.

Chain data (our rule, decided once): a request is about data of the trafficking chain when,
on the day it is registered, the person's case holds a signaal mensenhandel or an outgoing
exchange to a chain recipient (zorgcoördinator, RIEC, OM, EMM). The service decides it then and
keeps it with the request, so a later signal never moves a deadline that already ran."""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum

from blijf_desktop.domain.text import N_


class RequestKind(str, Enum):
    INZAGE = "inzage"
    RECTIFICATIE = "rectificatie"
    WISSING = "wissing"
    BEPERKING = "beperking"
    BEZWAAR = "bezwaar"


KIND_LABELS = {
    RequestKind.INZAGE: N_("Inzage"),
    RequestKind.RECTIFICATIE: N_("Rectificatie"),
    RequestKind.WISSING: N_("Wissing"),
    RequestKind.BEPERKING: N_("Beperking"),
    RequestKind.BEZWAAR: N_("Bezwaar"),
}

# Where each right comes from (Blijf 11.1; Mensenhandel 24.1, 25-27; AVG art. 15-18, 21).
KIND_ARTICLES = {
    RequestKind.INZAGE: "Blijf 11.1a; Mensenhandel 25; AVG art. 15",
    RequestKind.RECTIFICATIE: "Blijf 11.1b; Mensenhandel 26; AVG art. 16",
    RequestKind.WISSING: "Blijf 11.1b; Mensenhandel 26; AVG art. 17",
    RequestKind.BEPERKING: "Blijf 11.1b; Mensenhandel 26 (afscherming); AVG art. 18",
    RequestKind.BEZWAAR: "Mensenhandel 27; AVG art. 21",
}


class ReceivedHow(str, Enum):
    SCHRIFTELIJK = "schriftelijk"
    EMAIL = "email"
    MONDELING = "mondeling"
    TELEFONISCH = "telefonisch"


RECEIVED_LABELS = {
    ReceivedHow.SCHRIFTELIJK: N_("per brief"),
    ReceivedHow.EMAIL: N_("per e-mail"),
    ReceivedHow.MONDELING: N_("mondeling, aan de balie"),
    ReceivedHow.TELEFONISCH: N_("telefonisch"),
}


class Decision(str, Enum):
    TOEGEWEZEN = "toegewezen"
    DEELS_AFGEWEZEN = "deels_afgewezen"
    AFGEWEZEN = "afgewezen"


DECISION_LABELS = {
    Decision.TOEGEWEZEN: N_("toegewezen"),
    Decision.DEELS_AFGEWEZEN: N_("deels afgewezen"),
    Decision.AFGEWEZEN: N_("afgewezen"),
}

REFUSALS = frozenset({Decision.DEELS_AFGEWEZEN, Decision.AFGEWEZEN})

# Grounds a refusal may rest on: Mensenhandel 25.4 (the same list for 26 and 27 in our
# reading) and art. 41 lid 1 UAVG, which Blijf 11.3 points to. Each refusal names at least one
# and is written with its reasons (Mensenhandel 25.5, 26.4).
REFUSAL_GROUNDS = {
    "bescherming_anderen": (N_("de bescherming van de betrokkene of van de rechten en "
                               "vrijheden van anderen"),
                            "Mensenhandel 25.4 onder e; art. 41 lid 1 onder i UAVG"),
    "opsporing": (N_("de voorkoming, opsporing en vervolging van strafbare feiten"),
                  "Mensenhandel 25.4 onder b; art. 41 lid 1 onder d UAVG"),
    "toezicht": (N_("het toezicht op de naleving van wettelijke voorschriften"),
                 "Mensenhandel 25.4 onder d; art. 41 lid 1 onder h UAVG"),
    "veiligheid_staat": (N_("de veiligheid van de staat"),
                         "Mensenhandel 25.4 onder a; art. 41 lid 1 onder a UAVG"),
    "geen_grond_verzoek": (N_("de gegevens zijn juist, volledig en ter zake dienend"),
                           "Mensenhandel 26.2 (a contrario); AVG art. 16"),
}


class Partner(str, Enum):
    """Blijf 11.5: the parties whose data is involved coordinate before the answer."""

    POLITIE = "politie"
    KETEN = "ketenpartners"


PARTNER_LABELS = {
    Partner.POLITIE: N_("de politie"),
    Partner.KETEN: N_("de ketenpartners mensenhandel"),
}

# -- the terms --------------------------------------------------------------------------------
CHAIN_WEEKS = 4  # Mensenhandel 25.2, 26.2, 27.2
AVG_MONTHS = 1  # AVG art. 12(3), through Blijf 11.5
MAX_EXTENSION_MONTHS = 2  # AVG art. 12(3): only when told within the first month, with reasons
CARRY_OUT_WEEKS = 4  # Mensenhandel 26.3: a decision to correct, erase or restrict
NEAR_DAYS = 7  # a deadline this close (or closer) is shown as near


@dataclass(frozen=True)
class Term:
    weeks: int
    months: int
    article: str
    extendable: bool


def term(kind: RequestKind, chain: bool) -> Term:
    """The term for an answer. Chain data: four weeks after receipt, not extendable (the
    covenant sets it; our reading gives no extension on top). Otherwise AVG art. 12(3)."""
    kind = RequestKind(kind)
    if chain:
        article = {RequestKind.INZAGE: "Mensenhandel 25.2, 25.5",
                   RequestKind.BEZWAAR: "Mensenhandel 27.2"}.get(kind, "Mensenhandel 26.2, 26.4")
        return Term(CHAIN_WEEKS, 0, article, False)
    return Term(0, AVG_MONTHS, "AVG art. 12 lid 3 (Blijf 11.5)", True)


def add_months(start: date, months: int) -> date:
    """The same day `months` later; where that month is shorter, its last day (31 January + 1
    month = 28 or 29 February). Periods in months as in Regulation 1182/71, art. 3(2)(c). A
    deadline on a weekend is not moved (earlier is safe)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def first_deadline(kind: RequestKind, chain: bool, received_on: date) -> date:
    found = term(kind, chain)
    return add_months(received_on, found.months) + timedelta(weeks=found.weeks)


def answer_deadline(kind: RequestKind, chain: bool, received_on: date,
                    extension_months: int = 0) -> date:
    """The last day for the answer: the first term, or one month plus the extension."""
    if extension_months and term(kind, chain).extendable:
        return add_months(received_on, AVG_MONTHS + extension_months)
    return first_deadline(kind, chain, received_on)


def carry_out_deadline(decided_on: date) -> date:
    """Mensenhandel 26.3: carried out at the latest four weeks after the decision. Applied to
    every decision to correct, erase or restrict (the AVG asks 'without undue delay')."""
    return decided_on + timedelta(weeks=CARRY_OUT_WEEKS)


def needs_carrying_out(kind: RequestKind, decision: Decision | None) -> bool:
    """Correct, erase or restrict, granted in whole or in part; a granted objection stops the
    processing at once (27.2) and is carried out with the decision."""
    return (decision in (Decision.TOEGEWEZEN, Decision.DEELS_AFGEWEZEN)
            and RequestKind(kind) in (RequestKind.RECTIFICATIE, RequestKind.WISSING,
                                      RequestKind.BEPERKING, RequestKind.BEZWAAR))


# -- where a request stands --------------------------------------------------------------------
class Urgency(str, Enum):
    OPEN = "open"
    NEAR = "near"  # NEAR_DAYS or fewer days left
    PAST = "past"  # the deadline has passed and the step is not done
    DONE = "done"


URGENCY_LABELS = {
    Urgency.OPEN: N_("loopt"),
    Urgency.NEAR: N_("termijn bijna verstreken"),
    Urgency.PAST: N_("termijn verstreken"),
    Urgency.DONE: N_("afgerond"),
}


class Phase(str, Enum):
    ONTVANGEN = "ontvangen"  # waiting for a decision and an answer
    UIT_TE_VOEREN = "uit_te_voeren"  # decided; the correction, erasure or restriction waits
    TE_BEANTWOORDEN = "te_beantwoorden"  # decided (and carried out); the answer waits
    AFGEROND = "afgerond"


PHASE_LABELS = {
    Phase.ONTVANGEN: N_("ontvangen, besluit nodig"),
    Phase.UIT_TE_VOEREN: N_("besloten, nog uit te voeren"),
    Phase.TE_BEANTWOORDEN: N_("besloten, antwoord nodig"),
    Phase.AFGEROND: N_("afgerond"),
}


@dataclass(frozen=True)
class RequestFacts:
    kind: RequestKind
    chain: bool
    received_on: date
    extension_months: int = 0
    decision: Decision | None = None
    decided_on: date | None = None
    carried_out_on: date | None = None
    answered_on: date | None = None


@dataclass(frozen=True)
class Status:
    phase: Phase
    deadline: date | None  # the deadline that applies now (None when done)
    urgency: Urgency
    days_left: int | None
    answer_deadline: date
    carry_out_deadline: date | None
    late: bool  # a step was (or is) done after its deadline


def _urgency(deadline: date, today: date) -> Urgency:
    left = (deadline - today).days
    if left < 0:
        return Urgency.PAST
    return Urgency.NEAR if left <= NEAR_DAYS else Urgency.OPEN


def status(facts: RequestFacts, today: date) -> Status:
    answer_by = answer_deadline(facts.kind, facts.chain, facts.received_on,
                                facts.extension_months)
    carry_by = None
    if needs_carrying_out(facts.kind, facts.decision) and facts.decided_on is not None:
        carry_by = carry_out_deadline(facts.decided_on)
    late = ((facts.answered_on is not None and facts.answered_on > answer_by)
            or (facts.carried_out_on is not None and carry_by is not None
                and facts.carried_out_on > carry_by))
    if carry_by is not None and facts.carried_out_on is None:
        return Status(Phase.UIT_TE_VOEREN, carry_by, _urgency(carry_by, today),
                      (carry_by - today).days, answer_by, carry_by, late or today > carry_by)
    if facts.answered_on is None:
        phase = Phase.ONTVANGEN if facts.decision is None else Phase.TE_BEANTWOORDEN
        return Status(phase, answer_by, _urgency(answer_by, today), (answer_by - today).days,
                      answer_by, carry_by, late or today > answer_by)
    return Status(Phase.AFGEROND, None, Urgency.DONE, None, answer_by, carry_by, late)


# -- checks (codes; the UI says them in Dutch beside the field) --------------------------------
def received_problems(received_on: date | None, today: date) -> dict[str, str]:
    if not isinstance(received_on, date):
        return {"received_on": "required"}
    if received_on > today:
        return {"received_on": "date_future"}
    return {}


def step_date_problems(name: str, on: date | None, received_on: date,
                       today: date) -> dict[str, str]:
    """A step happens between the receipt and today."""
    if not isinstance(on, date):
        return {name: "required"}
    if on > today:
        return {name: "date_future"}
    if on < received_on:
        return {name: "before_received"}
    return {}


def extension_problems(facts: RequestFacts, recorded_on: date | None, months,
                       reason: str, today: date) -> dict[str, str]:
    """AVG art. 12(3): extended by at most two months, only when the extension and its reason
    are recorded within the first month after receipt. Never for chain data (four weeks)."""
    if not term(facts.kind, facts.chain).extendable:
        return {"months": "chain_no_extension"}
    if facts.extension_months:
        return {"months": "already_extended"}
    if facts.answered_on is not None:
        return {"months": "answered"}
    if not isinstance(months, int) or isinstance(months, bool) \
            or not 1 <= months <= MAX_EXTENSION_MONTHS:
        return {"months": "required" if not months else "too_long"}
    found = step_date_problems("recorded_on", recorded_on, facts.received_on, today)
    if found:
        return found
    if recorded_on > first_deadline(facts.kind, facts.chain, facts.received_on) \
            or today > first_deadline(facts.kind, facts.chain, facts.received_on):
        return {"recorded_on": "after_first_month"}
    if not reason:
        return {"reason": "required"}
    return {}


def decision_problems(decision, reasons: str, grounds) -> dict[str, str]:
    """A refusal, in whole or in part, names its grounds and is written with reasons
    (Mensenhandel 25.5, 26.4; Blijf 11.3)."""
    if decision not in set(Decision):
        return {"decision": "required" if not decision else "unknown"}
    if Decision(decision) in REFUSALS:
        if not grounds:
            return {"grounds": "required"}
        if any(g not in REFUSAL_GROUNDS for g in grounds):
            return {"grounds": "unknown"}
        if not reasons:
            return {"reasons": "required"}
    return {}


def coordination_missing(involved: frozenset[Partner] | set,
                         coordinated: frozenset[Partner] | set) -> list[Partner]:
    """Blijf 11.5: every party whose data is involved is consulted before the answer."""
    return sorted((Partner(p) for p in set(involved) - set(coordinated)), key=lambda p: p.value)
