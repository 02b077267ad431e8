"""The exchange register's vocabulary and what may go out to whom (Blijf 4.2, 5.2, 5.3, 5.6,
5.8, 6.2, 6.3)."""

import pytest
from hypothesis import given, strategies as st

from blijf_desktop.domain import exchanges as x
from blijf_desktop.domain.exchanges import Direction, Purpose
from blijf_desktop.domain.people import (
    ADDRESS_FIELDS, ALLOWED_FIELDS, BIRTH_FIELDS, CONTACT_FIELDS, NAME_FIELDS, THREAT_INFO,
    Category,
)
from blijf_desktop.domain.police import POLICE_DERIVED_KINDS, UNITS

NAW_BIRTH = set(NAME_FIELDS + ADDRESS_FIELDS + BIRTH_FIELDS)
EVERY_KIND = sorted({k for fields in ALLOWED_FIELDS.values() for k in fields}
                    | {THREAT_INFO} | POLICE_DERIVED_KINDS)
CASES = [(c, p, cat) for c in x.COUNTERPARTIES for p in Purpose for cat in Category]


# -- the vocabulary --------------------------------------------------------------------------------
def test_every_code_has_a_label():
    assert set(x.DIRECTION_LABELS) == set(Direction)
    assert set(x.INITIATIVE_LABELS) == set(x.Initiative)  # Blijf 5.3: asked and unasked
    assert set(x.PURPOSE_LABELS) == set(Purpose)
    assert {"direction", "counterparty", "purpose", "persons", "kinds", "basis", "at",
            "by"} <= set(x.REGISTER_FIELDS)


def test_the_counterparties_are_the_three_police_units():
    assert x.COUNTERPARTIES == {code: x.POLICE for code in UNITS}
    assert len(x.COUNTERPARTIES) == 3


def test_every_purpose_has_a_row_for_every_category():
    for purpose in Purpose:
        assert set(x.OUT_TO_POLICE[purpose]) == set(Category)


# -- what may go out -------------------------------------------------------------------------------
@pytest.mark.parametrize("counterparty, purpose, category", CASES,
                         ids=lambda v: getattr(v, "value", v))
def test_police_data_is_never_allowed_out(counterparty, purpose, category):
    assert x.allowed_out(counterparty, purpose, category) & POLICE_DERIVED_KINDS == set()


@pytest.mark.parametrize("counterparty, purpose, category", CASES,
                         ids=lambda v: getattr(v, "value", v))
def test_nothing_goes_out_that_4_2_does_not_list_for_the_category(counterparty, purpose, category):
    allowed = x.allowed_out(counterparty, purpose, category)
    ceiling = set(ALLOWED_FIELDS[category])
    if category in (Category.CLIENT, Category.CHILD):
        ceiling.add(THREAT_INFO)  # 4.2 cat. 1 e, cat. 2 d: what the client tells
    assert allowed <= ceiling


def test_an_aware_request_gives_the_police_what_4_2_lists():
    give = {cat: x.allowed_out("amsterdam", Purpose.AWARE_AANVRAAG, cat) for cat in Category}
    contact = set(CONTACT_FIELDS)
    assert give == {
        Category.CLIENT: NAW_BIRTH | contact | {THREAT_INFO},  # cat. 1 a-c, e
        Category.CHILD: NAW_BIRTH | {THREAT_INFO},  # cat. 2 a, b, d
        Category.DERDE: NAW_BIRTH | contact,  # cat. 3 a-c
        Category.PLEGER: NAW_BIRTH | contact,  # cat. 4 a-c
    }


def test_a_check_gives_less_than_a_request():
    for purpose in set(Purpose) - {Purpose.AWARE_AANVRAAG}:
        for category in Category:
            assert x.allowed_out("noord_holland", purpose, category) <= x.allowed_out(
                "noord_holland", Purpose.AWARE_AANVRAAG, category)
    assert x.allowed_out("noord_holland", Purpose.INFOCHECK, Category.PLEGER) == NAW_BIRTH
    assert x.allowed_out("noord_holland", Purpose.AANSLUITINGSCHECK, Category.PLEGER) == set()


def test_an_unknown_counterparty_gets_nothing():
    for purpose in Purpose:
        assert x.allowed_out("riec", purpose, Category.CLIENT) == set()
    assert x.allowed_in("riec", Category.CLIENT) == set()


def test_the_filter_holds_even_when_the_table_is_wrong(monkeypatch):
    """A row that lists police data or a field the category lacks still lets neither out."""
    wrong = {**x.OUT_TO_POLICE[Purpose.INFOCHECK],
             Category.CHILD: frozenset({"phone", "gevarenclassificatie", "wapengevaarlijk",
                                        "first_names", "bsn"})}
    monkeypatch.setitem(x.OUT_TO_POLICE, Purpose.INFOCHECK, wrong)
    assert x.allowed_out("amsterdam", Purpose.INFOCHECK, Category.CHILD) == {"first_names"}
    # and were a police kind ever added to a category's fields, it would still stay in
    monkeypatch.setitem(x.ALLOWED_FIELDS, Category.CHILD,
                        ALLOWED_FIELDS[Category.CHILD] + ("gevarenclassificatie",))
    assert x.allowed_out("amsterdam", Purpose.INFOCHECK, Category.CHILD) == {"first_names"}


# -- what may come in ------------------------------------------------------------------------------
def test_the_police_give_a_child_only_its_personalia_and_article_8_and_13_data():
    assert x.allowed_in("midden_nederland", Category.CHILD) == NAW_BIRTH | {
        "artikel_8_wpg", "artikel_13_wpg"}
    assert not {"phone", "email", THREAT_INFO} & x.allowed_in("amsterdam", Category.CHILD)


@given(st.sampled_from(list(x.COUNTERPARTIES)), st.sampled_from(Purpose),
       st.sampled_from(Category), st.sets(st.sampled_from(EVERY_KIND)))
def test_every_police_kind_offered_for_an_outgoing_exchange_is_refused(counterparty, purpose,
                                                                       category, kinds):
    refused = x.refused_kinds(Direction.UIT, counterparty, purpose, category, kinds)
    assert kinds & POLICE_DERIVED_KINDS <= refused
    assert refused == kinds - x.allowed_out(counterparty, purpose, category)


@given(st.sampled_from(Category), st.sets(st.sampled_from(EVERY_KIND)))
def test_incoming_kinds_are_checked_against_4_2(category, kinds):
    refused = x.refused_kinds(Direction.IN, "amsterdam", Purpose.INFOCHECK, category, kinds)
    assert refused == kinds - x.allowed_in("amsterdam", category)
    assert THREAT_INFO not in kinds or THREAT_INFO in refused  # what the client tells Blijf
    if category is not Category.PLEGER:
        assert kinds & {"gevarenclassificatie", "tijdelijk_huisverbod"} <= refused
