"""The AWARE traject (issue 17): the state machine, who may take each step, what must come
first, and the terms of a running connection."""

from datetime import date, timedelta

import pytest
from hypothesis import given, strategies as st

from blijf_desktop.domain import aware as a
from blijf_desktop.domain.aware import State as S
from blijf_desktop.domain.roles import Permission, Role, may

PAIRS = [(s, t) for s in S for t in S]


def walk(choices: list[int]) -> list[S]:
    """A path through the allowed steps from concept, choosing among the allowed targets."""
    path = [S.CONCEPT]
    for choice in choices:
        targets = sorted(a.allowed_targets(path[-1]))
        if not targets:
            break
        path.append(targets[choice % len(targets)])
    return path


walks = st.lists(st.integers(min_value=0, max_value=20), max_size=30).map(walk)


# -- the table -----------------------------------------------------------------------------------
def test_every_state_has_a_label_and_every_need_and_refusal_a_message():
    assert set(a.STATE_LABELS) == set(S)
    assert {need for step in a.TRANSITIONS.values() for need in step.needs} <= set(a.NEEDS)
    assert set(a.FIRST.values()) <= set(a.REFUSALS)
    codes = {refusal.code for s, t in PAIRS if (refusal := a.next_step(s, t))}
    assert codes <= set(a.REFUSALS)


def test_a_decision_comes_only_from_a_written_advice():
    assert {s for s, t in a.TRANSITIONS if t in a.DECIDED} == {S.ADVIES_OPGESTELD}
    assert {s for s, t in a.TRANSITIONS if t is S.ADVIES_OPGESTELD} == {S.INFORMATIE_ONTVANGEN}


def test_only_a_granted_traject_is_connected_and_only_a_connected_one_extended():
    assert {s for s, t in a.TRANSITIONS if t is S.AANGESLOTEN} == {S.TOEGEKEND}
    assert {s for s, t in a.TRANSITIONS if t is S.VERLENGD} == {S.AANGESLOTEN, S.VERLENGD}


def test_a_rejected_traject_can_only_end_and_an_ended_one_nothing():
    assert a.allowed_targets(S.AFGEWEZEN) == {S.BEEINDIGD}
    assert a.allowed_targets(S.BEEINDIGD) == set()


def test_every_open_traject_can_end_with_its_reason_and_handover_on_record():
    for state in set(S) - a.FINAL:
        assert "einde" in a.step_for(state, S.BEEINDIGD).needs


@pytest.mark.parametrize("pair", a.TRANSITIONS, ids=lambda p: f"{p[0].value}->{p[1].value}")
def test_every_step_is_for_the_teamleider_and_never_for_the_caseworker_or_beheer(pair):
    permission = a.step_for(*pair).permission
    assert may(Role.TEAMLEIDER, permission)
    assert not may(Role.HULPVERLENER, permission) and not may(Role.BEHEERDER, permission)


def test_deciding_and_recording_police_data_have_their_own_permission():
    assert a.step_for(S.ADVIES_OPGESTELD, S.TOEGEKEND).permission is Permission.AWARE_DECIDE
    assert a.step_for(S.ADVIES_OPGESTELD, S.AFGEWEZEN).permission is Permission.AWARE_DECIDE
    assert a.step_for(S.AANGESLOTEN, S.VERLENGD).permission is Permission.AWARE_DECIDE
    received = a.step_for(S.INFORMATIE_GEVRAAGD, S.INFORMATIE_ONTVANGEN)
    assert received.permission is Permission.RECORD_POLICE_INFO
    assert "politie_informatie" in received.needs
    assert not may(Role.HULPVERLENER, a.START_PERMISSION)


def test_the_advice_rests_on_a_screening_and_the_decision_on_the_committee():
    assert {"risicotaxatie", "veiligheidsadvies"} <= set(
        a.step_for(S.INFORMATIE_ONTVANGEN, S.ADVIES_OPGESTELD).needs)
    for decided in a.DECIDED:
        assert {"indicatiecommissie", "motivering"} <= set(
            a.step_for(S.ADVIES_OPGESTELD, decided).needs)


# -- next_step ------------------------------------------------------------------------------------
@pytest.mark.parametrize("state, target", PAIRS, ids=lambda v: v.value)
def test_next_step_allows_exactly_the_table(state, target):
    assert (a.next_step(state, target) is None) == ((state, target) in a.TRANSITIONS)


@pytest.mark.parametrize("state, target, code", [
    (S.CONCEPT, S.TOEGEKEND, "eerst_informatie_vragen"),
    (S.INFORMATIE_GEVRAAGD, S.ADVIES_OPGESTELD, "eerst_informatie_ontvangen"),
    (S.INFORMATIE_ONTVANGEN, S.TOEGEKEND, "eerst_advies"),
    (S.ADVIES_OPGESTELD, S.AANGESLOTEN, "eerst_toekennen"),
    (S.TOEGEKEND, S.VERLENGD, "eerst_aansluiten"),
    (S.AFGEWEZEN, S.AANGESLOTEN, "afgewezen"),
    (S.AFGEWEZEN, S.TOEGEKEND, "afgewezen"),
    (S.TOEGEKEND, S.AFGEWEZEN, "besluit_genomen"),
    (S.AANGESLOTEN, S.INFORMATIE_GEVRAAGD, "geen_weg_terug"),
    (S.BEEINDIGD, S.AANGESLOTEN, "beeindigd"),
    (S.ADVIES_OPGESTELD, S.ADVIES_OPGESTELD, "al_in_stap"),
])
def test_a_refusal_says_what_must_happen_first_or_why_never(state, target, code):
    refusal = a.next_step(state, target)
    assert refusal.code == code and refusal.message == a.REFUSALS[code]


@given(st.sampled_from(S), st.sampled_from(S))
def test_what_must_happen_first_can_happen_now_and_leads_on_to_the_target(state, target):
    refusal = a.next_step(state, target)
    first = {code: step for step, code in a.FIRST.items()}
    if refusal is not None and refusal.code in first:
        step = first[refusal.code]
        assert a.next_step(state, step) is None
        assert a.next_step(step, target) is None or a.next_step(step, target).code in first


# -- random walks ----------------------------------------------------------------------------------
@given(walks)
def test_no_walk_reaches_a_connection_without_toegekend_or_a_decision_without_advice(path):
    for i, state in enumerate(path):
        if state in a.CONNECTED:
            assert S.TOEGEKEND in path[:i]
        if state in a.DECIDED:
            assert S.ADVIES_OPGESTELD in path[:i] and S.INFORMATIE_ONTVANGEN in path[:i]


def test_every_reachable_connection_has_passed_toegekend():
    """The same as the walks, for every path at once: explore (state, passed toegekend)."""
    seen, todo = set(), [(S.CONCEPT, False)]
    while todo:
        state, granted = todo.pop()
        if (state, granted) in seen:
            continue
        seen.add((state, granted))
        todo += [(t, granted or t is S.TOEGEKEND) for t in a.allowed_targets(state)]
    assert {state for state, granted in seen if not granted} & a.CONNECTED == set()
    assert {state for state, _granted in seen} == set(S)  # and every state can be reached


@given(walks)
def test_a_rejected_walk_is_never_connected_and_nothing_follows_the_end(path):
    if S.AFGEWEZEN in path:
        assert not a.CONNECTED & set(path) and S.TOEGEKEND not in path
    if S.BEEINDIGD in path:
        assert path.index(S.BEEINDIGD) == len(path) - 1


# -- reasons, committee, handover ------------------------------------------------------------------
def test_anders_needs_words_and_unknown_codes_are_refused():
    assert a.choice_problem(a.REASONS, "stalking", "") is None
    assert a.choice_problem(a.REASONS, "anders", "  ") == "explanation_required"
    assert a.choice_problem(a.REASONS, "anders", "Dreiging vanuit schoonfamilie.") is None
    assert a.choice_problem(a.HANDOVER_TARGETS, "anders", "") == "explanation_required"
    assert a.choice_problem(a.HANDOVER_TARGETS, "huisarts", "") == "unknown_choice"
    assert set(a.HANDOVER_TARGETS) == {"wijkteam", "veilig_thuis", "anders"}


def test_the_committee_has_the_police_and_blijf_and_only_known_members():
    assert a.committee_problem({"blijf", "politie", "om"}) is None
    assert a.committee_problem({"blijf", "veilig_thuis"}) == "required_member_missing"
    assert a.committee_problem({"blijf", "politie", "buurtvereniging"}) == "unknown_member"
    assert set(a.COMMITTEE) == {"politie", "veilig_thuis", "reclassering", "blijf", "gemeente",
                                "om"}


# -- terms -----------------------------------------------------------------------------------------
def test_a_connection_runs_six_months_ending_in_a_short_month_on_its_last_day():
    assert a.term_ends(date(2026, 3, 12)) == date(2026, 9, 12)
    assert a.term_ends(date(2026, 8, 31)) == date(2027, 2, 28)
    assert a.term_ends(date(2027, 8, 31)) == date(2028, 2, 29)


def test_reviews_fall_four_weeks_after_the_last_one_or_after_connecting():
    connected = date(2026, 1, 5)
    assert a.review_due(connected, None, date(2026, 1, 10)) == date(2026, 2, 2)
    assert a.review_due(connected, date(2026, 2, 1), date(2026, 2, 10)) == date(2026, 3, 1)
    # a review from before this connection, or one dated in the future, does not count
    assert a.review_due(connected, date(2025, 12, 1), date(2026, 1, 10)) == date(2026, 2, 2)
    assert a.review_due(connected, date(2026, 3, 1), date(2026, 2, 10)) == date(2026, 2, 2)
    assert a.is_overdue(connected, None, date(2026, 2, 3))
    assert not a.is_overdue(connected, None, date(2026, 2, 2))


days = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))


@given(days, st.none() | days, days)
def test_a_review_is_never_due_before_the_connection_nor_more_than_four_weeks_after_a_review(
        connected, last, today):
    due = a.review_due(connected, last, today)
    assert due > connected
    assert due <= max(connected, today) + a.REVIEW_INTERVAL
    assert a.is_overdue(connected, last, today) == (today > due)


@given(days, st.integers(min_value=1, max_value=36))
def test_a_term_ends_that_many_calendar_months_later(start, months):
    end = a.add_months(start, months)
    assert (end.year - start.year) * 12 + end.month - start.month == months
    assert end.day <= start.day and (end.day == start.day or (end + timedelta(days=1)).day == 1)


def test_what_taking_a_traject_to_a_state_needs_is_the_same_from_every_state():
    assert a.permissions_to(S.INFORMATIE_ONTVANGEN) == {Permission.RECORD_POLICE_INFO}
    assert a.permissions_to(S.TOEGEKEND) == {Permission.AWARE_DECIDE}
    assert a.permissions_to(S.VERLENGD) == {Permission.AWARE_DECIDE}
    assert a.permissions_to(S.BEEINDIGD) == {Permission.AWARE_REQUEST}
    assert a.permissions_to(S.CONCEPT) == frozenset()  # no step leads there
