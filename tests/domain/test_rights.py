"""Deadlines of requests of the people recorded (issue 20), with the clock handed in: four
weeks for chain data (Mensenhandel 25.2, 26.2, 27.2), otherwise one month (AVG art. 12(3)),
extended by at most two months only within the first month; carrying out within four weeks
of the decision (26.3); near and past as states."""

from datetime import date, timedelta

import pytest
from hypothesis import given, strategies as st

from blijf_desktop.domain.rights import (
    NEAR_DAYS, Decision, Phase, RequestFacts, RequestKind, Urgency, add_months, answer_deadline,
    carry_out_deadline, coordination_missing, decision_problems, extension_problems,
    first_deadline, received_problems, status, term, Partner,
)

K = RequestKind


@pytest.mark.parametrize("start, months, expected", [
    (date(2026, 1, 31), 1, date(2026, 2, 28)),
    (date(2028, 1, 31), 1, date(2028, 2, 29)),  # a leap year
    (date(2026, 1, 15), 1, date(2026, 2, 15)),
    (date(2026, 12, 31), 1, date(2027, 1, 31)),  # over the year's end
    (date(2026, 3, 31), 1, date(2026, 4, 30)),
    (date(2026, 11, 30), 3, date(2027, 2, 28)),
    (date(2028, 2, 29), 12, date(2029, 2, 28)),
])
def test_a_month_ends_on_the_same_day_or_the_last_day_of_a_shorter_month(start, months, expected):
    assert add_months(start, months) == expected


@given(st.dates(date(1990, 1, 1), date(2200, 12, 31)), st.integers(0, 36))
def test_adding_months_never_gives_a_later_day_of_the_month_and_lands_in_the_right_month(
        start, months):
    found = add_months(start, months)
    assert (found.year * 12 + found.month) - (start.year * 12 + start.month) == months
    assert found.day <= start.day
    assert found.day == start.day or (found + timedelta(days=1)).month != found.month


@given(st.dates(date(2000, 1, 1), date(2100, 1, 1)), st.sampled_from(list(RequestKind)))
def test_chain_data_is_four_weeks_and_otherwise_one_month(received, kind):
    assert first_deadline(kind, True, received) == received + timedelta(days=28)
    assert first_deadline(kind, False, received) == add_months(received, 1)
    assert answer_deadline(kind, True, received, 2) == received + timedelta(days=28)  # no extension
    assert answer_deadline(kind, False, received, 2) == add_months(received, 3)


def test_each_term_names_its_article():
    assert term(K.INZAGE, True).article.startswith("Mensenhandel 25.2")
    assert term(K.RECTIFICATIE, True).article.startswith("Mensenhandel 26.2")
    assert term(K.BEZWAAR, True).article == "Mensenhandel 27.2"
    assert "12 lid 3" in term(K.WISSING, False).article


def test_31_january_plus_one_month_in_a_leap_year_and_not():
    assert first_deadline(K.INZAGE, False, date(2027, 1, 31)) == date(2027, 2, 28)
    assert first_deadline(K.INZAGE, False, date(2028, 1, 31)) == date(2028, 2, 29)
    assert answer_deadline(K.INZAGE, False, date(2028, 1, 31), 2) == date(2028, 4, 30)


def facts(**kw):
    base = dict(kind=K.INZAGE, chain=False, received_on=date(2026, 1, 31))
    base.update(kw)
    return RequestFacts(**base)


def test_an_extension_is_refused_after_the_first_month():
    f = facts()
    first = date(2026, 2, 28)
    assert extension_problems(f, first, 2, "Veel gegevens.", today=first) == {}
    assert extension_problems(f, first + timedelta(days=1), 2, "Reden.",
                              today=first + timedelta(days=1)) == {"recorded_on":
                                                                   "after_first_month"}
    # Dated back into the first month while today is past it: refused too.
    assert extension_problems(f, first, 2, "Reden.", today=first + timedelta(days=1)) == {
        "recorded_on": "after_first_month"}


def test_an_extension_is_at_most_two_months_with_a_reason_once_and_never_for_chain_data():
    f, on = facts(), date(2026, 2, 2)
    assert extension_problems(f, on, 3, "Reden.", on) == {"months": "too_long"}
    assert extension_problems(f, on, 0, "Reden.", on) == {"months": "required"}
    assert extension_problems(f, on, 1, "", on) == {"reason": "required"}
    assert extension_problems(facts(extension_months=1), on, 1, "R.", on) == {
        "months": "already_extended"}
    assert extension_problems(facts(chain=True), on, 1, "R.", on) == {
        "months": "chain_no_extension"}
    assert extension_problems(f, date(2026, 1, 30), 1, "R.", on) == {
        "recorded_on": "before_received"}


def test_near_and_past_deadlines_are_states():
    received = date(2026, 3, 2)  # deadline 2 April
    deadline = date(2026, 4, 2)
    assert status(facts(received_on=received), deadline - timedelta(days=NEAR_DAYS + 1)
                  ).urgency is Urgency.OPEN
    near = status(facts(received_on=received), deadline - timedelta(days=NEAR_DAYS))
    assert near.urgency is Urgency.NEAR and near.days_left == NEAR_DAYS
    assert status(facts(received_on=received), deadline).urgency is Urgency.NEAR
    past = status(facts(received_on=received), deadline + timedelta(days=1))
    assert past.urgency is Urgency.PAST and past.days_left == -1 and past.late


def test_a_decision_to_erase_is_carried_out_within_four_weeks_after_it():
    decided = date(2026, 2, 10)
    found = status(facts(kind=K.WISSING, decision=Decision.TOEGEWEZEN, decided_on=decided,
                         answered_on=date(2026, 2, 11)), date(2026, 2, 12))
    assert found.phase is Phase.UIT_TE_VOEREN and found.deadline == carry_out_deadline(decided)
    assert found.deadline == date(2026, 3, 10)
    done = status(facts(kind=K.WISSING, decision=Decision.TOEGEWEZEN, decided_on=decided,
                        carried_out_on=date(2026, 3, 1), answered_on=date(2026, 2, 11)),
                  date(2026, 5, 1))
    assert done.phase is Phase.AFGEROND and done.urgency is Urgency.DONE and not done.late


def test_a_refused_request_needs_no_carrying_out_only_an_answer():
    found = status(facts(kind=K.WISSING, decision=Decision.AFGEWEZEN,
                         decided_on=date(2026, 2, 1)), date(2026, 2, 2))
    assert found.phase is Phase.TE_BEANTWOORDEN and found.deadline == date(2026, 2, 28)


def test_a_late_answer_stays_marked_late():
    found = status(facts(decision=Decision.TOEGEWEZEN, decided_on=date(2026, 3, 1),
                         answered_on=date(2026, 3, 5)), date(2026, 6, 1))
    assert found.phase is Phase.AFGEROND and found.late


def test_a_request_received_in_the_future_is_refused():
    today = date(2026, 11, 23)
    assert received_problems(today + timedelta(days=1), today) == {"received_on": "date_future"}
    assert received_problems(None, today) == {"received_on": "required"}
    assert received_problems(today, today) == {}


def test_a_refusal_names_its_grounds_and_reasons():
    assert decision_problems("afgewezen", "", ["bescherming_anderen"]) == {"reasons": "required"}
    assert decision_problems("deels_afgewezen", "Want.", []) == {"grounds": "required"}
    assert decision_problems("afgewezen", "Want.", ["verzonnen"]) == {"grounds": "unknown"}
    assert decision_problems("toegewezen", "", []) == {}
    assert decision_problems("", "", []) == {"decision": "required"}


def test_coordination_is_missing_for_each_involved_party_not_consulted():
    assert coordination_missing({Partner.POLITIE, Partner.KETEN}, {Partner.POLITIE}) == [
        Partner.KETEN]
    assert coordination_missing(set(), set()) == []
