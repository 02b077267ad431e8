"""The information duty (informatieplicht) as data: who must be told that Blijf Groep holds
their data, by when, how, and the exceptions a user may rely on instead, each with its article.

Blijf 10.2: a person whose data was not obtained from themselves is informed by the
controller, unless an exception of art. 14(5) AVG or art. 41(1) UAVG applies. Mensenhandel
23.1: within four weeks of recording (inside the one month of art. 14(3)(a) AVG); 23.2 lists
when it may be later or not at all. What is recorded per person: informed (when, how) or the
exception relied on with its reason. A later record replaces an earlier one (the history
stays): a pleger is not informed *while* that would endanger the client."""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum

from blijf_desktop.domain.people import Category
from blijf_desktop.domain.text import N_

# Mensenhandel 23.1: "uiterlijk binnen 4 weken na vastlegging"; AVG art. 14(3)(a): one month.
TERM = timedelta(weeks=4)
MAX_REASON = 2000  # a reason is a few sentences; more belongs in the case file

# Children: their data comes from the client, their parent. Under 16 the AVG leaves their
# rights to the holder of parental authority (art. 8 AVG, art. 5 UAVG): the client gave the
# data herself and so already has the information (art. 14(5)(a) AVG). The other holder may be
# the pleger, who is never told about the children through this duty. From 16 a child acts for
# itself and is informed like a derde. A child whose birth date is unknown is listed, so a user
# decides (and records the exception if it applies).
CHILD_OWN_RIGHTS_AGE = 16


class Outcome(str, Enum):
    INFORMED = "geinformeerd"
    EXCEPTION = "uitzondering"


class How(str, Enum):
    """How the person was told (the record says how, Blijf 10.2)."""

    IN_PERSON = "mondeling"
    PHONE = "telefonisch"
    LETTER = "brief"
    EMAIL = "e_mail"


HOW_LABELS = {
    How.IN_PERSON: N_("mondeling, in persoon"),
    How.PHONE: N_("telefonisch"),
    How.LETTER: N_("per brief"),
    How.EMAIL: N_("per e-mail"),
}


@dataclass(frozen=True)
class Ground:
    code: str
    label: str  # marked with N_
    article: str
    for_pleger: bool = False  # offered first when the person is a pleger


EXCEPTIONS: dict[str, Ground] = {e.code: e for e in (
    # Art. 41(1)(i) UAVG; Mensenhandel 23.2(e): the protection of the person or of others'
    # rights and freedoms. DOMAIN.md: a pleger named by the client is not told while that
    # would endanger her.
    Ground("gevaar_client", N_("Informeren brengt de cliënt of haar kinderen in gevaar"),
               "art. 41, eerste lid, onder i UAVG; Mensenhandel 23.2 onder e; Blijf 10.2",
               for_pleger=True),
    # Art. 41(1)(d) UAVG; Mensenhandel 23.2(b): it would harm the prevention, investigation or
    # prosecution of criminal offences (also Blijf 5.10: sharing must not hurt an investigation).
    Ground("strafrechtelijk_onderzoek",
               N_("Informeren schaadt het voorkomen, opsporen of vervolgen van strafbare feiten"),
               "art. 41, eerste lid, onder d UAVG; Mensenhandel 23.2 onder b", for_pleger=True),
    # Art. 14(5)(a) AVG: the person already has the information.
    Ground("al_bekend", N_("De betrokkene beschikt al over deze informatie"),
               "art. 14, vijfde lid, onder a AVG"),
    # Art. 14(5)(b) AVG: impossible or a disproportionate effort, or it would make the purpose
    # of the processing impossible or seriously impair it.
    Ground("onmogelijk", N_("Informeren is onmogelijk of vergt een onevenredige inspanning"),
               "art. 14, vijfde lid, onder b AVG"),
    Ground("doel_in_gevaar",
               N_("Informeren maakt de hulpverlening onmogelijk of brengt die ernstig in gevaar"),
               "art. 14, vijfde lid, onder b AVG"),
)}


def exceptions_for(category: Category) -> list[Ground]:
    """The exceptions in the order a user sees them: for a pleger the danger to the client
    first."""
    found = list(EXCEPTIONS.values())
    if category is Category.PLEGER:
        return sorted(found, key=lambda e: not e.for_pleger)
    return found


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def needs_information(category: Category, birth_date: date | None, recorded_on: date) -> bool:
    """Whether the duty applies: data not obtained from the person (Blijf 10.2). The client
    gave her data herself (art. 13 AVG, told at intake); see CHILD_OWN_RIGHTS_AGE for
    children."""
    if category in (Category.DERDE, Category.PLEGER):
        return True
    if category is Category.CHILD:
        return birth_date is None or age_on(birth_date, recorded_on) >= CHILD_OWN_RIGHTS_AGE
    return False


def due_on(recorded_on: date) -> date:
    return recorded_on + TERM


def overdue(recorded_on: date, today: date) -> bool:
    """Past the four weeks of Mensenhandel 23.1."""
    return today > due_on(recorded_on)


@dataclass(frozen=True)
class DutyRecord:
    """One recorded outcome for one person; the newest one counts."""

    id: int
    person_id: int
    outcome: Outcome
    informed_on: date | None
    how: str  # a How code, "" for an exception
    exception: str  # an EXCEPTIONS code, "" when informed
    reason: str
    recorded_at: str
    recorded_role: str  # the recording user's role; colleagues are named by role here


def informed_problems(informed_on: date | None, how: str, recorded_on: date,
                      today: date) -> dict[str, str]:
    """Why "informed on this day, this way" cannot be recorded (field -> problem code)."""
    problems = {}
    if not isinstance(informed_on, date):
        problems["informed_on"] = "required"
    elif informed_on > today:
        problems["informed_on"] = "date_future"
    elif informed_on < recorded_on:
        problems["informed_on"] = "before_recorded"
    if how not in {h.value for h in How}:
        problems["how"] = "required"
    return problems


def exception_problems(code: str, reason: str) -> dict[str, str]:
    problems = {}
    if code not in EXCEPTIONS:
        problems["exception"] = "required"
    if not reason:
        problems["reason"] = "required"
    elif len(reason) > MAX_REASON:
        problems["reason"] = "too_long"
    return problems
