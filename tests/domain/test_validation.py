"""Validation rules: normalise documented forms, name every problem, never crash, never
change a value silently."""

from datetime import date, timedelta

import pytest
from hypothesis import given, strategies as st

from blijf_desktop.domain import validation as v
from blijf_desktop.domain.people import Category

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize("raw, expected", [
    ("1234AB", "1234 AB"), ("1234 ab", "1234 AB"), (" 9999zz ", "9999 ZZ"), ("", ""),
])
def test_postcode_is_normalised(raw, expected):
    assert v.postcode(raw).value == expected


@pytest.mark.parametrize("raw", ["0123 AB", "1234 SS", "1234", "12345 AB", "ABCD 12", "1234 A"])
def test_bad_postcodes_are_named(raw):
    assert v.postcode(raw).error == "postcode"


@pytest.mark.parametrize("raw, expected", [
    ("06-12345678", "+31612345678"), ("020 123 4567", "+31201234567"),
    ("0031 6 12345678", "+31612345678"), ("+44 20 7946 0958", "+442079460958"),
])
def test_phone_numbers_become_e164(raw, expected):
    assert v.phone(raw).value == expected


@pytest.mark.parametrize("raw", ["12345", "06-123", "bel me", "+31 6 1234 5678 9999"])
def test_bad_phone_numbers_are_named(raw):
    assert v.phone(raw).error == "phone"


def test_email():
    assert v.email("Iemand@Voorbeeld.NL").value == "Iemand@voorbeeld.nl"
    for bad in ("iemand", "iemand@", "@voorbeeld.nl", "a b@c.nl", "a@b"):
        assert v.email(bad).error == "email"


@pytest.mark.parametrize("raw, expected", [
    ("12-3-1985", date(1985, 3, 12)), ("12/03/1985", date(1985, 3, 12)),
    ("12.3.1985", date(1985, 3, 12)), ("1985-03-12", date(1985, 3, 12)),
])
def test_dutch_and_iso_dates(raw, expected):
    assert v.past_date(raw, TODAY).value == expected


@pytest.mark.parametrize("raw, error", [
    ("31-2-1990", "date_format"), ("12-3-85", "date_format"), ("morgen", "date_format"),
    ("24-11-2026", "date_future"), ("31-12-1899", "date_too_early"),
])
def test_bad_dates_are_named(raw, error):
    assert v.past_date(raw, TODAY).error == error


def test_implausible_child_birth_is_a_warning_not_a_block():
    check = v.check_person(Category.CHILD, {"first_names": "Kim", "relation": "kind",
                                            "birth_date": "1-1-1990"}, TODAY, date(1985, 3, 12))
    assert check.ok and check.warnings == {"birth_date": "child_birth_implausible"}


def test_a_child_form_with_a_phone_number_is_refused():
    check = v.check_person(Category.CHILD, {"first_names": "Kim", "relation": "kind",
                                            "phone": "0612345678"}, TODAY)
    assert check.errors == {"phone": "not_allowed"}


def test_a_client_needs_a_last_name_and_others_a_relation():
    assert v.check_person(Category.CLIENT, {"first_names": "Anna"}, TODAY).errors == {
        "last_name": "required"}
    assert v.check_person(Category.PLEGER, {"last_name": "X"}, TODAY).errors == {
        "relation": "required"}


FIELDS = ["first_names", "prefix", "last_name", "street", "house_number", "postcode",
          "residence", "birth_place", "birth_date", "phone", "email"]


@given(st.dictionaries(st.sampled_from(FIELDS), st.text(max_size=300)),
       st.sampled_from(list(Category)))
def test_any_input_gets_an_answer_and_free_text_is_kept_as_typed(raw, category):
    check = v.check_person(category, raw, TODAY, date(1985, 1, 1))
    if check.ok:
        for name in ("first_names", "last_name", "street", "residence", "birth_place"):
            if name in raw:
                assert getattr(check.person, name) == raw[name].strip()
    else:
        assert all(isinstance(code, str) for code in check.errors.values())


@given(st.dates(min_value=date(1900, 1, 1), max_value=TODAY))
def test_every_past_date_typed_the_dutch_way_round_trips(day):
    assert v.past_date(f"{day.day}-{day.month}-{day.year}", TODAY).value == day


@given(st.dates(min_value=TODAY + timedelta(days=1)))
def test_future_dates_are_refused(day):
    assert v.past_date(day.strftime("%d-%m-%Y"), TODAY).error == "date_future"


@pytest.mark.parametrize("typed", ["1234ab", "1234 AB", "1234-ab", "1234 - Ab", "1234\tAB"])
def test_a_postcode_is_stored_as_four_digits_a_space_and_two_capitals(typed):
    assert v.postcode(typed).value == "1234 AB"
