"""Need to know: who may read which case, as data a privacy officer can read against the
covenant (issue 22). Blijf 6.1: only staff who need it for their task give or receive data, as
far as that task needs. A shelter location (team) needs its own cases; another team's case is
opened only by breaking the glass, with a reason that the owning team reviews (NEN 7513 names
"break-the-glass" as an access to be logged as such). No I/O here."""

from dataclasses import dataclass
from enum import Enum

from blijf_desktop.domain import validation
from blijf_desktop.domain.text import N_

# The one team a store starts with: every existing user and case joins it, so nothing changes
# for a single desk (migration 0027 writes the same name).
DEFAULT_TEAM_NAME = "Hoofdlocatie"
TEAM_NAME_MAX = 60
BREAK_GLASS_TEXT_MIN = 10  # a reason someone else can judge: more than "ok"
BREAK_GLASS_TEXT_MAX = 1000
REVIEW_NOTE_MAX = 1000
# How long a break-the-glass opens the case on a server: one working shift. Locally a break
# lasts the session (services/break_glass.py); a server has no session of hers, so it counts
# from the break's time on the server's clock (storage/pg/migrations/0028_break_glass.sql,
# my_open_cases, writes the same number; tests/server/test_row_security.py checks it).
BREAK_GLASS_VALID_HOURS = 8


def may_read_case(own_teams: frozenset[int], case_team: int | None, glass_broken: bool) -> bool:
    """A case is read by the teams it belongs to (Blijf 6.1), or by someone who broke the
    glass for it in this session. Permissions (domain/roles.py) are checked before this: the
    functioneel beheerder, who has no VIEW_PERSONS, reads no case whatever her teams."""
    return glass_broken or (case_team is not None and case_team in own_teams)


# A person recorded by another team is still found (a crisis intake must learn that a pleger
# is already known), but only as "bekend bij team X": her name as found and the team to call.
# No birth date, no town or address, no role in the case, no client's name: whether she is a
# client (and so perhaps in a shelter) or a pleger is case data of the other team, and the
# intake's need, to know whom to ask, is met by the team's name (Blijf 6.1; data minimisation,
# Blijf 4). A hit of another team therefore keeps only these fields.
KNOWN_ELSEWHERE_SHOWS = ("person_id", "case_id", "name", "team")


class BreakGlassReason(str, Enum):
    """Why someone opens a case of another team: a choice, and a free text beside it."""

    ACUTE_DANGER = "acuut_gevaar"
    CRISIS_INTAKE = "crisisopvang"
    STANDING_IN = "waarneming"
    TRANSFER = "overdracht"
    OTHER = "anders"


BREAK_GLASS_LABELS: dict[BreakGlassReason, str] = {
    BreakGlassReason.ACUTE_DANGER: N_("Acuut gevaar voor cliënt of kind"),
    BreakGlassReason.CRISIS_INTAKE: N_("Crisisopvang: deze persoon meldt zich nu"),
    BreakGlassReason.STANDING_IN: N_("Waarneming voor een collega van het andere team"),
    BreakGlassReason.TRANSFER: N_("Overdracht van de zaak is afgesproken"),
    BreakGlassReason.OTHER: N_("Anders (licht toe)"),
}


class ReviewVerdict(str, Enum):
    """What the owning team's teamleider or the functioneel beheerder says of a break."""

    SEEN = "gezien"
    ASK = "navragen"


REVIEW_LABELS: dict[ReviewVerdict, str] = {
    ReviewVerdict.SEEN: N_("Gezien"),
    ReviewVerdict.ASK: N_("Navragen"),
}


@dataclass(frozen=True)
class Team:
    id: int
    name: str
    active: bool


def check_team_name(name: str) -> validation.Checked:
    """The name trimmed (Checked.value), or its problem (Checked.error)."""
    checked = validation.text(name, TEAM_NAME_MAX)
    if checked.error is None and not checked.value:
        return validation.Checked(error="required")
    return checked


def check_break_glass(reason: str, text: str) -> tuple[str, str] | None:
    """(field, problem) for a break-the-glass request that cannot be taken, or None."""
    if not reason:
        return "reason", "required"
    if reason not in {r.value for r in BreakGlassReason}:
        return "reason", "unknown"
    checked = validation.description(text, BREAK_GLASS_TEXT_MAX)
    if checked.error:
        return "text", checked.error
    if not checked.value:
        return "text", "required"
    if len(checked.value) < BREAK_GLASS_TEXT_MIN:
        return "text", "too_short"
    return None
