"""Risicotaxatie (issue 17): a versioned screening, the rule that proposes a level, and the rules
for choosing another level. Pure data and functions; the service stores and enforces.

The signals (domain/risk_signals.py) are our own wording of risk factors that are public
knowledge; they copy no licensed instrument (DASH, RiHG, SASH). Each screening stores the
version it was filled in with, so the list can change without making old screenings wrong.

Each signal is answered ja, nee or onbekend, with an optional note. A version's rule proposes
a level (groen < oranje < rood):
1. rood when a signal the version marks as rood on its own (a threat to kill, strangling or
   choking, a weapon) is answered ja;
2. rood when at least `rood_high_count` (2) hoog signals are answered ja;
3. otherwise by points: each ja scores its weight (hoog 3, midden 2, laag 1); rood from
   `rood_at` (10) points, oranje from `oranje_at` (3), groen below.
One hoog signal answered ja is 3 points, so it alone makes oranje.

Onbekend is not nee. An unknown on a hoog signal scores as if it were ja, because it may be
true and a lower level would look safer than the situation may be: groen therefore needs every
hoog signal answered nee. An unknown on a midden signal scores half (1), on a laag signal 0.
Onbekend does not trigger rules 1 and 2: those need a known fact, so a screening full of
unknowns is oranje or rood by points, not rood by a single signal nobody knows (that would
teach staff to answer nee where they mean onbekend). Every score is ordered
nee <= onbekend <= ja, so changing any answer upward never lowers the level (tested).

A missing answer counts as onbekend when a level is proposed (a half-filled form never looks
safer than the finished one), but `answer_problems` refuses it: a stored screening answers every
signal explicitly, so 'nobody asked' and 'nobody knew' stay different things.

Choosing another level than proposed: raising needs a written reason; lowering needs a
reason and a second user with the teamleider role who is not the author (DOMAIN.md: professional
judgement may raise the level; lowering it is where a second pair of eyes is needed). The same
holds against the level in force from the case's previous screening (`level_in_force`,
`screening_needs`): a new screening that ends lower than it is a lowering too."""

from dataclasses import dataclass
from enum import Enum
from typing import Mapping

from blijf_desktop.domain import measures as m
from blijf_desktop.domain.risk_signals import SIGNALS_V1, Part, Signal, Weight  # noqa: F401
from blijf_desktop.domain.roles import Role
from blijf_desktop.domain.text import N_
from blijf_desktop.domain.validation import description


class Level(str, Enum):
    GROEN = "groen"
    ORANJE = "oranje"
    ROOD = "rood"

    @property
    def rank(self) -> int:
        return LEVELS.index(self)


LEVELS = (Level.GROEN, Level.ORANJE, Level.ROOD)


class AnswerValue(str, Enum):
    JA = "ja"
    NEE = "nee"
    ONBEKEND = "onbekend"


LEVEL_LABELS = {Level.GROEN: N_("groen"), Level.ORANJE: N_("oranje"), Level.ROOD: N_("rood")}
ANSWER_LABELS = {AnswerValue.JA: N_("ja"), AnswerValue.NEE: N_("nee"),
                 AnswerValue.ONBEKEND: N_("onbekend")}


@dataclass(frozen=True)
class Answer:
    value: AnswerValue
    note: str = ""


@dataclass(frozen=True, eq=False)
class Screening:
    """One version of the screening: its signals and the rule that proposes a level."""

    version: int
    signals: tuple[Signal, ...]
    points: Mapping[Weight, int]  # what a ja scores
    unknown_points: Mapping[Weight, int]  # what an onbekend (or a missing answer) scores
    oranje_at: int
    rood_at: int
    rood_alone: frozenset[str]  # signal codes: one ja makes rood
    rood_high_count: int  # this many ja on hoog signals makes rood
    measures: Mapping[Level, tuple[str, ...]]  # what each level suggests (domain/measures.py)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(s.code for s in self.signals)


SCREENINGS: dict[int, Screening] = {
    1: Screening(
        version=1,
        signals=SIGNALS_V1,
        points={Weight.HOOG: 3, Weight.MIDDEN: 2, Weight.LAAG: 1},
        unknown_points={Weight.HOOG: 3, Weight.MIDDEN: 1, Weight.LAAG: 0},
        oranje_at=3,
        rood_at=10,
        rood_alone=frozenset({"doodsbedreiging", "wapen", "verwurging"}),
        rood_high_count=2,
        measures={
            Level.GROEN: (m.VEILIGHEIDSPLAN, m.CONTACTAFSPRAKEN),
            Level.ORANJE: (m.VEILIGHEIDSPLAN, m.CONTACTAFSPRAKEN, m.SCHOOL_KINDEROPVANG,
                           m.POLITIE_AANDACHT),
            # Blijf, overwegingen: AWARE for clients who are seriously threatened or stalked.
            Level.ROOD: (m.VEILIGHEIDSPLAN, m.CONTACTAFSPRAKEN, m.SCHOOL_KINDEROPVANG,
                         m.POLITIE_AANDACHT, m.AWARE, m.ALARMTRAINING, m.VEILIG_ADRES),
        },
    ),
}
CURRENT_VERSION = max(SCREENINGS)


@dataclass(frozen=True)
class Assessment:
    """The proposed level and what led to it (for the screen that explains it)."""

    level: Level
    points: int
    rood_alone_ja: tuple[str, ...]  # rule 1 fired on these signals
    high_ja: tuple[str, ...]
    high_unknown: tuple[str, ...]  # hoog signals answered onbekend or not answered: find out


def assess(version: int, answers: Mapping[str, Answer]) -> Assessment:
    """The level a version's rule proposes. A signal without an answer counts as onbekend;
    a code the version does not have is refused (ValueError)."""
    screening = SCREENINGS[version]
    strange = set(answers) - set(screening.codes)
    if strange:
        raise ValueError(f"unknown signal codes for version {version}: {sorted(strange)}")
    values = {code: answers[code].value if code in answers else AnswerValue.ONBEKEND
              for code in screening.codes}
    scores = {AnswerValue.JA: screening.points, AnswerValue.ONBEKEND: screening.unknown_points}
    points = sum(scores[values[s.code]][s.weight] for s in screening.signals
                 if values[s.code] in scores)
    high = [s.code for s in screening.signals if s.weight is Weight.HOOG]
    high_ja = tuple(c for c in high if values[c] is AnswerValue.JA)
    high_unknown = tuple(c for c in high if values[c] is AnswerValue.ONBEKEND)
    alone = tuple(c for c in high_ja if c in screening.rood_alone)
    if alone or len(high_ja) >= screening.rood_high_count or points >= screening.rood_at:
        level = Level.ROOD
    elif points >= screening.oranje_at:
        level = Level.ORANJE
    else:
        level = Level.GROEN
    return Assessment(level, points, alone, high_ja, high_unknown)


def propose_level(version: int, answers: Mapping[str, Answer]) -> Level:
    return assess(version, answers).level


def suggested_measures(version: int, level: Level, with_children: bool) -> tuple[str, ...]:
    """What the level suggests for the advice; measures about children only where the case
    has children."""
    return tuple(code for code in SCREENINGS[version].measures[level]
                 if with_children or code not in m.FOR_CHILDREN)


MAX_NOTE = 1000


def answer_problems(version: int, answers: Mapping[str, Answer]) -> dict[str, str]:
    """What stops a screening from being stored, per signal code (or 'version'): a code the
    version does not have, a signal not answered, a value that is not an answer, a note with
    refused characters or too long."""
    if version not in SCREENINGS:
        return {"version": "unknown_version"}
    screening = SCREENINGS[version]
    problems = {code: "unknown_signal" for code in answers if code not in screening.codes}
    for code in screening.codes:
        answer = answers.get(code)
        if answer is None:
            problems[code] = "unanswered"
        elif not isinstance(answer.value, AnswerValue):
            problems[code] = "invalid_answer"
        elif not isinstance(answer.note, str):
            problems[code] = "invalid_note"
        elif error := description(answer.note, MAX_NOTE).error:
            problems[code] = error
    return problems


# -- what changed since the previous screening ---------------------------------------------------
LEVEL = "niveau"  # the code of the level's line in `changes`


@dataclass(frozen=True)
class ScreeningRecord:
    """A filled-in screening as the service hands it over: its version, its answers and, where
    someone chose another level than proposed, that level."""

    version: int
    answers: Mapping[str, Answer]
    chosen: Level | None = None

    @property
    def level(self) -> Level:
        return self.chosen or propose_level(self.version, self.answers)


@dataclass(frozen=True)
class Change:
    """One line of 'what changed': a signal's answer (or only its note), or the level (code
    LEVEL). None means not asked: a first screening, or a signal only one version has."""

    code: str
    old: str | None
    new: str | None
    note_only: bool = False


def changes(previous: ScreeningRecord | None, current: ScreeningRecord) -> list[Change]:
    """What changed from the previous screening to this one: the level first (if it changed),
    then each signal whose answer or note changed, in the current version's order and then
    signals the previous version had and this one does not."""
    before = previous.answers if previous else {}
    codes = list(SCREENINGS[current.version].codes)
    if previous:
        codes += [c for c in SCREENINGS[previous.version].codes if c not in codes]
    found = []
    old_level = previous.level if previous else None
    if old_level is not current.level:
        found.append(Change(LEVEL, old_level.value if old_level else None, current.level.value))
    for code in codes:
        old, new = before.get(code), current.answers.get(code)
        old_value = old.value.value if old else None
        new_value = new.value.value if new else None
        if old_value != new_value:
            found.append(Change(code, old_value, new_value))
        elif old and new and old.note != new.note:
            found.append(Change(code, old_value, new_value, note_only=True))
    return found


# -- choosing another level --------------------------------------------------------------------
class OverrideKind(str, Enum):
    NONE = "geen"
    RAISE = "hoger"
    LOWER = "lager"


@dataclass(frozen=True)
class OverrideRule:
    kind: OverrideKind
    reason_required: bool
    second_role: Role | None  # a second user with this role approves; never the author


OVERRIDE_RULES = {
    OverrideKind.NONE: OverrideRule(OverrideKind.NONE, reason_required=False, second_role=None),
    OverrideKind.RAISE: OverrideRule(OverrideKind.RAISE, reason_required=True, second_role=None),
    OverrideKind.LOWER: OverrideRule(OverrideKind.LOWER, reason_required=True,
                                     second_role=Role.TEAMLEIDER),
}


def override_needs(proposed: Level, chosen: Level) -> OverrideRule:
    if chosen.rank > proposed.rank:
        return OVERRIDE_RULES[OverrideKind.RAISE]
    if chosen.rank < proposed.rank:
        return OVERRIDE_RULES[OverrideKind.LOWER]
    return OVERRIDE_RULES[OverrideKind.NONE]


def override_refusal(proposed: Level, chosen: Level, reason: str, author_id: int,
                     approver_id: int | None = None,
                     approver_role: Role | None = None) -> str | None:
    """Why this choice of level may not be stored yet, as a code (None: it may)."""
    return _refusal(override_needs(proposed, chosen), reason, author_id, approver_id,
                    approver_role)


def _refusal(rule: OverrideRule, reason: str, author_id: int, approver_id: int | None,
             approver_role: Role | None) -> str | None:
    written = description(reason)
    if rule.reason_required and (written.error or not written.value):
        return written.error or "reason_required"
    if rule.second_role is not None:
        if approver_id is None:
            return "second_approver_required"
        if approver_id == author_id:
            return "approver_is_author"
        if approver_role is not rule.second_role:
            return "approver_role"
    return None


# -- the level in force: a new screening may not silently undo an earlier one -------------------
# A teamleider who raised a screening (oranje -> rood, with a reason) made a professional
# judgement; a later screening with the same answers proposes oranje again. Were that new row
# simply stored, the raise would disappear without a reason and without a second pair of eyes,
# which is exactly what the rule for choosing a lower level forbids (DOMAIN.md, and the
# covenant's care for a client's safety: professional judgement may raise the level; lowering
# it needs four eyes). So the comparison is not only with the new proposal but also with the
# level in force: the previous screening's chosen level, else its proposed level. A new
# screening whose level (chosen, else proposed) is lower than that counts as lowering: a written
# reason and a second user with the teamleider role, not the author, who confirms with her
# passphrase. Equal or higher needs nothing extra; the first screening of a case has no level
# in force. Only the latest screening counts: an approved lowering becomes the level in force.
def level_in_force(previous: ScreeningRecord | None) -> Level | None:
    """The level the previous screening of the case left in force (None: there is none)."""
    return previous.level if previous is not None else None


def lowering_needs(in_force: Level | None, new_level: Level) -> OverrideRule:
    """What a new screening needs because of the level in force: LOWER when it ends lower."""
    if in_force is not None and new_level.rank < in_force.rank:
        return OVERRIDE_RULES[OverrideKind.LOWER]
    return OVERRIDE_RULES[OverrideKind.NONE]


def screening_needs(proposed: Level, chosen: Level | None,
                    in_force: Level | None = None) -> OverrideRule:
    """The strictest of what choosing another level and the level in force ask: lowering
    (below the proposal or below the level in force) before raising before nothing."""
    level = chosen or proposed
    by_choice = override_needs(proposed, level)
    by_force = lowering_needs(in_force, level)
    if OverrideKind.LOWER in (by_choice.kind, by_force.kind):
        return OVERRIDE_RULES[OverrideKind.LOWER]
    return by_choice


def screening_refusal(proposed: Level, chosen: Level | None, in_force: Level | None,
                      reason: str, author_id: int, approver_id: int | None = None,
                      approver_role: Role | None = None) -> str | None:
    """Why this new screening may not be stored yet, as a code (None: it may); the same codes
    as `override_refusal`."""
    return _refusal(screening_needs(proposed, chosen, in_force), reason, author_id,
                    approver_id, approver_role)
