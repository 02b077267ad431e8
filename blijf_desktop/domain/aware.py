"""The AWARE traject (Abused Women Active Response Emergency) as a state machine, with the
defaults, reasons and participants around it, as data (issue 17). The service enforces it.

Blijf, overwegingen: a client who is seriously threatened or stalked may get an AWARE alarm,
decided in consultation with (among others) the police; before the decision, relevant
information about the people directly involved is shared and a veiligheidsadvies is written.
After connection there is monitoring and a check on running connections.

Steps: concept -> informatie gevraagd -> informatie ontvangen -> advies opgesteld -> besluit
(toegekend | afgewezen) -> aangesloten -> (verlengd) -> beëindigd. Every open step may end
(the client withdraws, moves away, the traject is no longer needed); beëindigd is final and a
rejected traject can only end. A traject never goes back: a new request is a new traject."""

import calendar
from collections import deque
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum

from blijf_desktop.domain.roles import Permission
from blijf_desktop.domain.text import N_


class State(str, Enum):
    CONCEPT = "concept"
    INFORMATIE_GEVRAAGD = "informatie_gevraagd"
    INFORMATIE_ONTVANGEN = "informatie_ontvangen"
    ADVIES_OPGESTELD = "advies_opgesteld"
    TOEGEKEND = "toegekend"
    AFGEWEZEN = "afgewezen"
    AANGESLOTEN = "aangesloten"
    VERLENGD = "verlengd"
    BEEINDIGD = "beeindigd"


STATE_LABELS = {
    State.CONCEPT: N_("concept"),
    State.INFORMATIE_GEVRAAGD: N_("informatie gevraagd"),
    State.INFORMATIE_ONTVANGEN: N_("informatie ontvangen"),
    State.ADVIES_OPGESTELD: N_("advies opgesteld"),
    State.TOEGEKEND: N_("toegekend"),
    State.AFGEWEZEN: N_("afgewezen"),
    State.AANGESLOTEN: N_("aangesloten"),
    State.VERLENGD: N_("verlengd"),
    State.BEEINDIGD: N_("beëindigd"),
}

DECIDED = frozenset({State.TOEGEKEND, State.AFGEWEZEN})
CONNECTED = frozenset({State.AANGESLOTEN, State.VERLENGD})  # a running alarm: reviews are due
FINAL = frozenset({State.BEEINDIGD})

# Who may start a traject (the concept): the teamleider prepares AWARE requests (DOMAIN.md).
START_PERMISSION = Permission.AWARE_REQUEST

# What must be on record before a step is taken; the service checks each of these.
NEEDS = {
    "reden": N_("De reden voor het traject is vastgelegd."),
    "politie_informatie": N_(
        "Wat de politie gaf is vastgelegd: wat, van welke eenheid, wanneer, door wie, op welke "
        "grondslag."),
    "risicotaxatie": N_("Er is een risicotaxatie vastgelegd."),
    "veiligheidsadvies": N_("Het veiligheidsadvies is geschreven, met de gekozen maatregelen."),
    "indicatiecommissie": N_(
        "Wie aan het besluit deelnam is vastgelegd, met in elk geval de politie en Blijf Groep."),
    "motivering": N_("Het besluit is gemotiveerd."),
    "aansluitdatum": N_("De datum van aansluiten is vastgelegd."),
    "evaluatie": N_("De laatste evaluatie van de aansluiting is vastgelegd."),
    "einde": N_("De reden van beëindigen en de overdracht zijn vastgelegd."),
}


@dataclass(frozen=True)
class Step:
    permission: Permission
    needs: tuple[str, ...] = ()


_S = State
_END = Step(Permission.AWARE_REQUEST, ("einde",))
TRANSITIONS: dict[tuple[State, State], Step] = {
    # Blijf 5.6: only what is necessary, so a request states why before anything is asked.
    (_S.CONCEPT, _S.INFORMATIE_GEVRAAGD): Step(Permission.AWARE_REQUEST, ("reden",)),
    # Blijf 4.2, 6.1, 6.2: only designated staff receive police data; every receipt is recorded.
    (_S.INFORMATIE_GEVRAAGD, _S.INFORMATIE_ONTVANGEN):
        Step(Permission.RECORD_POLICE_INFO, ("politie_informatie",)),
    # Blijf, overwegingen: a veiligheidsadvies is written before the decision.
    (_S.INFORMATIE_ONTVANGEN, _S.ADVIES_OPGESTELD):
        Step(Permission.AWARE_REQUEST, ("risicotaxatie", "veiligheidsadvies")),
    # Blijf, overwegingen: decided in consultation with (among others) the police.
    (_S.ADVIES_OPGESTELD, _S.TOEGEKEND):
        Step(Permission.AWARE_DECIDE, ("indicatiecommissie", "motivering")),
    (_S.ADVIES_OPGESTELD, _S.AFGEWEZEN):
        Step(Permission.AWARE_DECIDE, ("indicatiecommissie", "motivering")),
    (_S.TOEGEKEND, _S.AANGESLOTEN): Step(Permission.AWARE_REQUEST, ("aansluitdatum",)),
    # An extension is a new decision, taken after an evaluation of the running connection.
    (_S.AANGESLOTEN, _S.VERLENGD): Step(Permission.AWARE_DECIDE, ("evaluatie", "motivering")),
    (_S.VERLENGD, _S.VERLENGD): Step(Permission.AWARE_DECIDE, ("evaluatie", "motivering")),
    **{(state, _S.BEEINDIGD): _END for state in State if state not in FINAL},
}

# next_step's refusals: a code and what it tells the user. FIRST[state] is the refusal when
# `state` is the step that has to come first.
REFUSALS = {
    "eerst_informatie_vragen": N_("Vraag eerst informatie op bij de politie."),
    "eerst_informatie_ontvangen": N_("Leg eerst vast welke informatie de politie gaf."),
    "eerst_advies": N_("Stel eerst het veiligheidsadvies op."),
    "eerst_toekennen": N_("Aansluiten kan pas als het besluit 'toegekend' is."),
    "eerst_aansluiten": N_("Verlengen kan pas als het alarm is aangesloten."),
    "afgewezen": N_("Dit traject is afgewezen: het kan alleen nog worden beëindigd."),
    "beeindigd": N_("Dit traject is beëindigd. Begin zo nodig een nieuw traject."),
    "al_in_stap": N_("Het traject staat al in deze stap."),
    "besluit_genomen": N_("Over dit traject is al besloten."),
    "geen_weg_terug": N_("Een traject gaat niet terug naar een eerdere stap."),
}
FIRST = {
    State.INFORMATIE_GEVRAAGD: "eerst_informatie_vragen",
    State.INFORMATIE_ONTVANGEN: "eerst_informatie_ontvangen",
    State.ADVIES_OPGESTELD: "eerst_advies",
    State.TOEGEKEND: "eerst_toekennen",
    State.AANGESLOTEN: "eerst_aansluiten",
}


@dataclass(frozen=True)
class Refusal:
    code: str  # a key of REFUSALS

    @property
    def message(self) -> str:
        return REFUSALS[self.code]


def allowed_targets(state: State) -> frozenset[State]:
    return frozenset(target for source, target in TRANSITIONS if source is state)


def _first_hop(state: State, target: State) -> State | None:
    """The first step on a shortest way from state to target, or None if there is no way."""
    came_from: dict[State, State] = {}
    queue = deque([state])
    while queue:
        here = queue.popleft()
        for there in sorted(allowed_targets(here)):
            if there in came_from or there is state:
                continue
            came_from[there] = here
            if there is target:
                while came_from[there] is not state:
                    there = came_from[there]
                return there
            queue.append(there)
    return None


def next_step(state: State, target: State) -> Refusal | None:
    """None if the traject may go from state to target now; otherwise what must happen first,
    or why it never can."""
    if (state, target) in TRANSITIONS:
        return None
    if state in FINAL:
        return Refusal("beeindigd")
    if state is target:
        return Refusal("al_in_stap")
    hop = _first_hop(state, target)
    if hop is not None:
        return Refusal(FIRST[hop])
    if state is State.AFGEWEZEN:
        return Refusal("afgewezen")
    if target in DECIDED and state in DECIDED | CONNECTED:
        return Refusal("besluit_genomen")
    return Refusal("geen_weg_terug")


def step_for(state: State, target: State) -> Step:
    """The permission and the records a move needs (KeyError when the move is not allowed:
    ask next_step first)."""
    return TRANSITIONS[(state, target)]


def permissions_to(target: State) -> frozenset[Permission]:
    """What taking the traject to `target` needs, from whichever state it comes (empty for a
    state no step leads to: concept)."""
    return frozenset(step.permission for (_source, to), step in TRANSITIONS.items()
                     if to is target)


# -- why a traject -------------------------------------------------------------------------------
# Blijf, overwegingen: AWARE is for clients who are seriously threatened or stalked.
REASONS = {
    "ernstige_bedreiging": N_("Ernstige bedreiging"),
    "stalking": N_("Stalking"),
    "eergerelateerd": N_("Eergerelateerd geweld"),
    "anders": N_("Anders"),  # with a written explanation
}
# Handover when a traject ends.
HANDOVER_TARGETS = {
    "wijkteam": N_("Wijkteam"),
    "veilig_thuis": N_("Veilig Thuis"),
    "anders": N_("Anders"),  # with a written explanation
}
WITH_TEXT = "anders"


def choice_problem(choices: dict[str, str], code: str, text: str) -> str | None:
    """A reason or handover target: a known code, and 'anders' only with words."""
    if code not in choices:
        return "unknown_choice"
    if code == WITH_TEXT and not text.strip():
        return "explanation_required"
    return None


# -- who decides --------------------------------------------------------------------------------
# Organisations that may take part in the indicatiecommissie that decides.
COMMITTEE = {
    "politie": N_("Politie"),
    "veilig_thuis": N_("Veilig Thuis"),
    "reclassering": N_("Reclassering"),
    "blijf": N_("Blijf Groep"),
    "gemeente": N_("Gemeente"),
    "om": N_("Openbaar Ministerie"),
}
# Blijf, overwegingen: Blijf Groep decides in consultation with (among others) the police.
COMMITTEE_REQUIRED = frozenset({"blijf", "politie"})


def committee_problem(members: set[str] | frozenset[str]) -> str | None:
    if not set(members) <= set(COMMITTEE):
        return "unknown_member"
    if not COMMITTEE_REQUIRED <= set(members):
        return "required_member_missing"
    return None


# -- terms ---------------------------------------------------------------------------------------
# Defaults; the service may later take them from settings that beheer can change.
CONNECTION_MONTHS = 6  # a connection (and an extension) runs six months
REVIEW_INTERVAL = timedelta(weeks=4)  # a running connection is reviewed every four weeks


def add_months(start: date, months: int) -> date:
    """The same day `months` later; the month's last day where that day does not exist."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def term_ends(start: date, months: int = CONNECTION_MONTHS) -> date:
    """When a connection made (or extended) on `start` runs out."""
    return add_months(start, months)


def review_due(connected_on: date, last_review: date | None, today: date) -> date:
    """When the next review of a running connection is due: four weeks after the last review,
    or after the connection when there was none. A review dated before the connection (it
    belongs to something else) or after today (not yet happened) does not count."""
    counted = last_review if last_review and connected_on <= last_review <= today else None
    return (counted or connected_on) + REVIEW_INTERVAL


def is_overdue(connected_on: date, last_review: date | None, today: date) -> bool:
    return today > review_due(connected_on, last_review, today)
