"""Risicotaxatie (issue 17): the versioned signal list, the level rule, what changed since the
last screening, and who may choose another level."""

from dataclasses import replace

import pytest
from hypothesis import given, strategies as st

from blijf_desktop.domain import measures as m
from blijf_desktop.domain import risk as r
from blijf_desktop.domain.risk import Answer, AnswerValue as V, Level, Part, Weight
from blijf_desktop.domain.roles import Role

V1 = r.SCREENINGS[1]
CODES = V1.codes
HIGH = [s.code for s in V1.signals if s.weight is Weight.HOOG]
MIDDLE = [s.code for s in V1.signals if s.weight is Weight.MIDDEN]
LOW = [s.code for s in V1.signals if s.weight is Weight.LAAG]


def filled(value: V = V.NEE, **others: V) -> dict[str, Answer]:
    answers = {code: Answer(value) for code in CODES}
    answers.update({code: Answer(v) for code, v in others.items()})
    return answers


answers_v1 = st.fixed_dictionaries({code: st.builds(Answer, st.sampled_from(V)) for code in CODES})


# -- the tables ------------------------------------------------------------------------------------
@pytest.mark.parametrize("screening", r.SCREENINGS.values(), ids=lambda s: f"v{s.version}")
def test_every_version_has_unique_codes_and_every_signal_a_part_a_weight_and_a_statement(screening):
    assert len(set(screening.codes)) == len(screening.codes)
    for signal in screening.signals:
        assert isinstance(signal.part, Part) and isinstance(signal.weight, Weight)
        assert signal.text.strip().endswith(".") and len(signal.text) > 20
    assert {s.part for s in screening.signals} == set(Part)
    assert 18 <= len(screening.signals) <= 24


@pytest.mark.parametrize("screening", r.SCREENINGS.values(), ids=lambda s: f"v{s.version}")
def test_each_version_rule_is_complete_and_cautious_about_unknowns(screening):
    assert set(screening.points) == set(Weight) == set(screening.unknown_points)
    for weight in Weight:
        assert 0 <= screening.unknown_points[weight] <= screening.points[weight]
    # an unknown on a hoog signal may be a ja: it scores as one, and that alone is not groen
    assert screening.unknown_points[Weight.HOOG] == screening.points[Weight.HOOG]
    assert screening.points[Weight.HOOG] >= screening.oranje_at
    assert screening.rood_alone <= {s.code for s in screening.signals if s.weight is Weight.HOOG}
    assert 0 < screening.oranje_at < screening.rood_at


@pytest.mark.parametrize("screening", r.SCREENINGS.values(), ids=lambda s: f"v{s.version}")
def test_each_level_suggests_known_measures_and_a_higher_level_never_fewer(screening):
    assert set(screening.measures) == set(Level)
    for level in Level:
        assert set(screening.measures[level]) <= set(m.MEASURES)
    for lower, higher in zip(r.LEVELS, r.LEVELS[1:]):
        assert set(screening.measures[lower]) <= set(screening.measures[higher])
    assert m.AWARE in screening.measures[Level.ROOD]
    assert m.AWARE not in screening.measures[Level.GROEN]


def test_version_1_stays_as_screenings_were_stored_with_it():
    """Change a stored version and old screenings read differently: add a version instead."""
    assert [(s.code, s.part.value, s.weight.value) for s in V1.signals] == [
        ("doodsbedreiging", "pleger", "hoog"), ("wapen", "pleger", "hoog"),
        ("stalking", "pleger", "hoog"), ("jaloezie", "pleger", "midden"),
        ("controle", "pleger", "midden"), ("zelfdoding", "pleger", "midden"),
        ("middelen", "pleger", "laag"), ("politie_eerder", "pleger", "midden"),
        ("verbod_overtreden", "pleger", "midden"), ("verwurging", "geweldsincident", "hoog"),
        ("escalatie", "geweldsincident", "hoog"), ("letsel", "geweldsincident", "midden"),
        ("seksueel_geweld", "geweldsincident", "midden"),
        ("kinderen_aanwezig", "geweldsincident", "midden"),
        ("kind_als_drukmiddel", "geweldsincident", "midden"),
        ("vernieling", "geweldsincident", "laag"), ("scheiding", "achtergrond", "hoog"),
        ("angst", "achtergrond", "hoog"), ("zwanger_baby", "achtergrond", "midden"),
        ("omgang_gezag", "achtergrond", "midden"), ("eer_druk", "achtergrond", "midden"),
        ("isolatie", "achtergrond", "laag"), ("geldzorgen", "achtergrond", "laag"),
    ]
    assert r.CURRENT_VERSION == max(r.SCREENINGS) == 1


# -- the level rule: examples ---------------------------------------------------------------------
def test_all_nee_is_groen_and_one_hoog_ja_is_oranje():
    assert r.propose_level(1, filled()) is Level.GROEN
    assert r.propose_level(1, filled(angst=V.JA)) is Level.ORANJE


@pytest.mark.parametrize("code", sorted(V1.rood_alone))
def test_a_threat_to_kill_strangling_or_a_weapon_alone_is_rood(code):
    assert r.propose_level(1, filled(**{code: V.JA})) is Level.ROOD


def test_two_hoog_signals_are_rood():
    assert r.propose_level(1, filled(stalking=V.JA, scheiding=V.JA)) is Level.ROOD


def test_points_decide_below_the_hoog_rules():
    assert r.propose_level(1, filled(jaloezie=V.JA)) is Level.GROEN  # 2 points
    assert r.propose_level(1, filled(jaloezie=V.JA, middelen=V.JA)) is Level.ORANJE  # 3
    five_middle = {code: V.JA for code in MIDDLE[:5]}  # 10 points
    assert r.propose_level(1, filled(**five_middle)) is Level.ROOD


def test_an_unknown_hoog_signal_is_never_groen_and_one_unknown_alone_signal_not_yet_rood():
    assert r.propose_level(1, filled(wapen=V.ONBEKEND)) is Level.ORANJE
    assert r.assess(1, filled(wapen=V.ONBEKEND)).high_unknown == ("wapen",)
    assert r.assess(1, filled(wapen=V.JA)).rood_alone_ja == ("wapen",)


def test_nothing_known_is_rood():
    assert r.propose_level(1, filled(V.ONBEKEND)) is Level.ROOD
    assert r.propose_level(1, {}) is Level.ROOD


def test_a_code_the_version_does_not_have_is_refused():
    with pytest.raises(ValueError):
        r.propose_level(1, {**filled(), "bestaat_niet": Answer(V.JA)})


def test_suggested_measures_follow_the_level_and_the_children():
    rood = r.propose_level(1, filled(verwurging=V.JA))
    assert m.AWARE in r.suggested_measures(1, rood, with_children=False)
    assert m.SCHOOL_KINDEROPVANG in r.suggested_measures(1, rood, with_children=True)
    assert m.SCHOOL_KINDEROPVANG not in r.suggested_measures(1, rood, with_children=False)


# -- the level rule: properties -----------------------------------------------------------------
@given(answers_v1, st.sampled_from(CODES))
def test_an_answer_moving_up_from_nee_to_onbekend_to_ja_never_lowers_the_level(answers, code):
    levels = [r.propose_level(1, {**answers, code: Answer(value)}).rank
              for value in (V.NEE, V.ONBEKEND, V.JA)]
    assert levels == sorted(levels)


@given(answers_v1, st.sets(st.sampled_from(CODES)))
def test_a_missing_answer_counts_as_onbekend(answers, left_out):
    partial = {code: a for code, a in answers.items() if code not in left_out}
    explicit = {**answers, **{code: Answer(V.ONBEKEND) for code in left_out}}
    assert r.assess(1, partial) == r.assess(1, explicit)


@given(answers_v1)
def test_any_alone_signal_answered_ja_is_rood_and_all_hoog_nee_with_few_points_is_not(answers):
    level = r.propose_level(1, answers)
    if any(answers[c].value is V.JA for c in V1.rood_alone):
        assert level is Level.ROOD
    if all(answers[c].value is V.NEE for c in HIGH) and r.assess(1, answers).points < V1.oranje_at:
        assert level is Level.GROEN


# -- stored answers ------------------------------------------------------------------------------
def test_a_complete_screening_has_no_problems():
    assert r.answer_problems(1, filled()) == {}


def test_every_signal_must_be_answered_explicitly_and_unknown_codes_are_refused():
    answers = filled()
    del answers["wapen"]
    answers["bestaat_niet"] = Answer(V.JA)
    assert r.answer_problems(1, answers) == {"wapen": "unanswered",
                                             "bestaat_niet": "unknown_signal"}
    assert r.answer_problems(99, filled()) == {"version": "unknown_version"}


def test_notes_are_checked_like_other_free_text():
    hidden = {"angst": Answer(V.JA, "Zegt: \u202eniet")}
    assert r.answer_problems(1, filled() | hidden) == {"angst": "control_characters"}
    assert r.answer_problems(1, filled() | {"angst": Answer(V.JA, "x" * (r.MAX_NOTE + 1))}) == {
        "angst": "too_long"}
    assert r.answer_problems(1, filled() | {"angst": Answer("ja")}) == {"angst": "invalid_answer"}


# -- what changed ---------------------------------------------------------------------------------
def test_changes_name_the_level_and_each_changed_answer():
    before = r.ScreeningRecord(1, filled())
    after = r.ScreeningRecord(1, filled(stalking=V.JA, wapen=V.ONBEKEND)
                              | {"angst": Answer(V.NEE, "Minder bang sinds de verhuizing.")})
    assert r.changes(before, after) == [
        r.Change(r.LEVEL, "groen", "oranje"),  # an unknown weapon is not a second hoog ja
        r.Change("wapen", "nee", "onbekend"),
        r.Change("stalking", "nee", "ja"),
        r.Change("angst", "nee", "nee", note_only=True),
    ]


def test_a_chosen_level_is_the_level_compared():
    before = r.ScreeningRecord(1, filled(), chosen=Level.ORANJE)
    assert r.changes(before, r.ScreeningRecord(1, filled())) == [
        r.Change(r.LEVEL, "oranje", "groen")]


def test_a_first_screening_shows_every_answer_as_new():
    found = r.changes(None, r.ScreeningRecord(1, filled()))
    assert found[0] == r.Change(r.LEVEL, None, "groen")
    assert [c.code for c in found[1:]] == list(CODES)


@given(answers_v1, answers_v1)
def test_changes_list_exactly_what_differs(old, new):
    found = r.changes(r.ScreeningRecord(1, old), r.ScreeningRecord(1, new))
    assert {c.code for c in found if c.code != r.LEVEL} == {c for c in CODES if old[c] != new[c]}
    levels_differ = r.propose_level(1, old) is not r.propose_level(1, new)
    assert (r.LEVEL in {c.code for c in found}) == levels_differ
    assert all(c.note_only or c.old != c.new for c in found)


# -- a new version ---------------------------------------------------------------------------------
@pytest.fixture
def version_2(monkeypatch):
    """A later list: one signal dropped, one added, with the same rule."""
    added = r.Signal("nieuw_signaal", Part.ACHTERGROND, "Een signaal dat later is toegevoegd.",
                     Weight.HOOG)
    signals = tuple(s for s in V1.signals if s.code != "geldzorgen") + (added,)
    monkeypatch.setitem(r.SCREENINGS, 2, replace(V1, version=2, signals=signals))


def test_an_old_screening_keeps_its_level_when_a_new_version_comes(version_2):
    old = r.ScreeningRecord(1, filled())
    assert old.level is Level.GROEN  # version 1 has no 'nieuw_signaal' to count as onbekend
    assert r.answer_problems(1, filled()) == {}


def test_changes_across_versions_show_what_was_not_asked_before_or_no_longer(version_2):
    new_answers = {c: Answer(V.NEE) for c in r.SCREENINGS[2].codes}
    found = r.changes(r.ScreeningRecord(1, filled()), r.ScreeningRecord(2, new_answers))
    assert found == [r.Change("nieuw_signaal", None, "nee"), r.Change("geldzorgen", "nee", None)]


# -- choosing another level ---------------------------------------------------------------------
@pytest.mark.parametrize("proposed", Level)
@pytest.mark.parametrize("chosen", Level)
def test_lowering_needs_a_reason_and_a_second_teamleider_raising_only_a_reason(proposed, chosen):
    rule = r.override_needs(proposed, chosen)
    if chosen.rank < proposed.rank:
        assert rule.reason_required and rule.second_role is Role.TEAMLEIDER
    elif chosen.rank > proposed.rank:
        assert rule.reason_required and rule.second_role is None
    else:
        assert not rule.reason_required and rule.second_role is None


def test_lowering_is_refused_until_another_teamleider_approves():
    def refusal(reason="Pleger zit vast tot 2027.", approver=None, role=None):
        return r.override_refusal(Level.ROOD, Level.ORANJE, reason, author_id=7,
                                  approver_id=approver, approver_role=role)

    assert refusal(" ") == "reason_required"
    assert refusal() == "second_approver_required"
    assert refusal(approver=7, role=Role.TEAMLEIDER) == "approver_is_author"
    assert refusal(approver=8, role=Role.HULPVERLENER) == "approver_role"
    assert refusal(approver=8, role=Role.TEAMLEIDER) is None


def test_raising_needs_only_a_written_reason():
    assert r.override_refusal(Level.GROEN, Level.ROOD, "", author_id=7) == "reason_required"
    assert r.override_refusal(Level.GROEN, Level.ROOD, "Belt in paniek.", author_id=7) is None
    assert r.override_refusal(Level.ORANJE, Level.ORANJE, "", author_id=7) is None


# -- the level in force from the previous screening ---------------------------------------------
def test_the_level_in_force_is_the_previous_chosen_level_else_its_proposal():
    assert r.level_in_force(None) is None
    raised = filled(stalking=V.JA)  # proposes oranje
    assert r.level_in_force(r.ScreeningRecord(1, raised)) is Level.ORANJE
    assert r.level_in_force(r.ScreeningRecord(1, raised, Level.ROOD)) is Level.ROOD


@pytest.mark.parametrize("in_force", [None, *Level])
@pytest.mark.parametrize("new", Level)
def test_ending_lower_than_the_level_in_force_is_a_lowering(in_force, new):
    rule = r.lowering_needs(in_force, new)
    if in_force is not None and new.rank < in_force.rank:
        assert rule.reason_required and rule.second_role is Role.TEAMLEIDER
    else:
        assert not rule.reason_required and rule.second_role is None


def test_the_silent_drop_of_a_raise_is_refused_until_another_teamleider_approves():
    def refusal(reason="Pleger is verhuisd naar het buitenland.", approver=None, role=None):
        return r.screening_refusal(Level.ORANJE, None, Level.ROOD, reason, author_id=7,
                                   approver_id=approver, approver_role=role)

    assert refusal("") == "reason_required"
    assert refusal() == "second_approver_required"
    assert refusal(approver=7, role=Role.TEAMLEIDER) == "approver_is_author"
    assert refusal(approver=8, role=Role.HULPVERLENER) == "approver_role"
    assert refusal(approver=8, role=Role.TEAMLEIDER) is None


def test_keeping_or_raising_the_level_in_force_needs_no_second_user():
    # the proposal is oranje, rood is in force: choosing rood again is a raise (a reason only)
    assert r.screening_refusal(Level.ORANJE, Level.ROOD, Level.ROOD, "", 7) == "reason_required"
    assert r.screening_refusal(Level.ORANJE, Level.ROOD, Level.ROOD, "Nog steeds bang.", 7) is None
    assert r.screening_refusal(Level.ROOD, None, Level.ORANJE, "", 7) is None
    assert r.screening_refusal(Level.ORANJE, None, Level.ORANJE, "", 7) is None
    assert r.screening_refusal(Level.GROEN, None, None, "", 7) is None  # the first screening


@given(proposed=st.sampled_from(Level), chosen=st.none() | st.sampled_from(Level),
       in_force=st.none() | st.sampled_from(Level), reason=st.sampled_from(["", "Reden."]),
       approver=st.sampled_from([None, (7, Role.TEAMLEIDER), (8, Role.HULPVERLENER),
                                 (8, Role.BEHEERDER)]))
def test_a_new_level_never_ends_below_the_level_in_force_without_an_approval(
        proposed, chosen, in_force, reason, approver):
    approver_id, role = approver or (None, None)
    refusal = r.screening_refusal(proposed, chosen, in_force, reason, author_id=7,
                                  approver_id=approver_id, approver_role=role)
    new = chosen or proposed
    approved = bool(reason) and approver_id == 8 and role is Role.TEAMLEIDER
    if refusal is None and in_force is not None and not approved:
        assert new.rank >= in_force.rank  # stored without four eyes: never below the level in force
    if refusal is None and not approved:
        assert new.rank >= proposed.rank
    if in_force is not None and new.rank < in_force.rank and approved:
        assert refusal is None  # with the second teamleider it goes through
