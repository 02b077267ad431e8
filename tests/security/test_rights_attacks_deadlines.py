"""Adversarial review of the request deadlines (issue 20): month ends, leap years, the chain's
four weeks across February, an extension recorded exactly on the first term's last day and
one day late, and a step dated back to slip under a deadline."""

from datetime import date

import pytest

from blijf_desktop.domain import rights as r

AVG = dict(kind=r.RequestKind.INZAGE, chain=False)


@pytest.mark.parametrize("received, first", [
    (date(2024, 1, 31), date(2024, 2, 29)),  # leap year: the last day of February
    (date(2025, 1, 31), date(2025, 2, 28)),
    (date(2024, 2, 29), date(2024, 3, 29)),
    (date(2024, 12, 31), date(2025, 1, 31)),  # over the year's end
    (date(2025, 3, 31), date(2025, 4, 30)),
])
def test_one_month_ends_on_the_same_day_or_the_months_last(received, first):
    assert r.first_deadline(received_on=received, **AVG) == first


@pytest.mark.parametrize("received, last", [
    (date(2024, 2, 1), date(2024, 2, 29)), (date(2023, 2, 1), date(2023, 3, 1)),
    (date(2024, 12, 20), date(2025, 1, 17)),
])
def test_four_weeks_for_chain_data_are_28_days_also_across_february(received, last):
    assert r.first_deadline(r.RequestKind.WISSING, True, received) == last
    assert r.answer_deadline(r.RequestKind.WISSING, True, received, 2) == last  # no extension


def test_an_extension_on_the_last_day_holds_and_one_day_later_does_not():
    facts = r.RequestFacts(r.RequestKind.INZAGE, False, date(2025, 1, 31))
    last = date(2025, 2, 28)
    assert r.extension_problems(facts, last, 2, "Veel gegevens.", last) == {}
    assert r.answer_deadline(received_on=date(2025, 1, 31), extension_months=2, **AVG) == \
        date(2025, 4, 30)
    late = date(2025, 3, 1)
    assert r.extension_problems(facts, late, 2, "Veel gegevens.", late) == \
        {"recorded_on": "after_first_month"}
    # Dated back into the first month, typed after it: still refused.
    assert r.extension_problems(facts, last, 2, "Veel gegevens.", late) == \
        {"recorded_on": "after_first_month"}
    assert r.extension_problems(facts, last, 3, "Veel gegevens.", last) == \
        {"months": "too_long"}


def test_on_the_deadline_day_it_is_near_and_the_day_after_past():
    facts = r.RequestFacts(r.RequestKind.INZAGE, False, date(2024, 1, 31))
    assert r.status(facts, date(2024, 2, 29)).urgency is r.Urgency.NEAR
    assert r.status(facts, date(2024, 3, 1)).urgency is r.Urgency.PAST
