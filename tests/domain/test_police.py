"""What the police may give per person category (Blijf 4.2), where it comes from, and that it
never leaves Blijf Groep (Blijf 5.2, 5.8)."""

from datetime import date

import pytest
from hypothesis import given, strategies as st

from blijf_desktop.domain import police as p
from blijf_desktop.domain.people import ALLOWED_FIELDS, THREAT_INFO, Category
from blijf_desktop.domain.police import DangerFlag, PoliceInfoKind as K

TODAY = date(2026, 11, 23)


def receipt(category=Category.PLEGER, kind=K.FEITEN, **changes) -> p.PoliceReceipt:
    values = dict(category=category, kind=kind, unit="amsterdam", channel=p.Channel.MONDELING,
                  received_on=TODAY, officer="Brigadier Proef", basis=p.UNITS["amsterdam"].basis,
                  content="Twee meldingen van bedreiging in 2025.")
    values.update(changes)
    return p.PoliceReceipt(**values)


# -- the table, read against the covenant's text ---------------------------------------------------
def test_each_category_gets_exactly_what_its_paragraph_of_4_2_lists():
    assert {c: set(p.police_info_kinds(c)) for c in Category} == {
        Category.CLIENT: {K.INCIDENTEN, K.FEITEN, K.VEILIGHEID},  # cat. 1 d
        Category.CHILD: {K.ARTIKEL_8, K.ARTIKEL_13},  # cat. 2 c
        Category.DERDE: {K.INCIDENTEN, K.FEITEN, K.VEILIGHEID},  # cat. 3 d
        Category.PLEGER: {K.FEITEN, K.VEILIGHEID, K.GEVARENCLASSIFICATIE, K.GEWELDSINCIDENTEN,
                          K.TIJDELIJK_HUISVERBOD},  # cat. 4 d
    }


@pytest.mark.parametrize("category", [Category.CLIENT, Category.CHILD, Category.DERDE])
def test_danger_flags_violent_incidents_and_the_huisverbod_are_about_the_pleger_only(category):
    assert p.danger_flags_allowed(category) == frozenset()
    kinds = set(p.police_info_kinds(category))
    assert kinds & {K.GEVARENCLASSIFICATIE, K.GEWELDSINCIDENTEN, K.TIJDELIJK_HUISVERBOD} == set()


def test_the_pleger_may_carry_the_six_flags_of_the_gevarenclassificatie():
    assert p.danger_flags_allowed(Category.PLEGER) == set(DangerFlag)
    assert sorted(p.FLAG_LABELS[f] for f in DangerFlag) == sorted([
        "alcoholist", "harddruggebruiker", "medische indicatie", "vuurwapengevaarlijk",
        "wapengevaarlijk", "geweld-/verzetpleger"])


def test_every_kind_flag_and_channel_has_a_label():
    assert set(p.KIND_LABELS) == set(K)
    assert set(p.FLAG_LABELS) == set(DangerFlag)
    assert set(p.CHANNEL_LABELS) == set(p.Channel) == {p.Channel.MONDELING, p.Channel.SCHRIFTELIJK}


def test_the_three_units_each_with_the_basis_of_its_own_besluit():
    assert set(p.UNITS) == {"amsterdam", "noord_holland", "midden_nederland"}
    assert "Flevoland" in p.UNITS["midden_nederland"].label
    for code, unit in p.UNITS.items():
        assert unit.code == code
        assert unit.basis.startswith("Artikel 20 Wpg-besluit")
        others = set(p.UNITS) - {code}
        assert all(p.UNITS[o].basis != unit.basis for o in others)
    assert "Amsterdam" in p.UNITS["amsterdam"].basis
    assert "Noord-Holland" in p.UNITS["noord_holland"].basis
    assert "Midden-Nederland" in p.UNITS["midden_nederland"].basis


# -- purpose binding -------------------------------------------------------------------------------
def test_police_data_never_leaves_blijf():
    for kind in K:
        assert not p.may_leave_blijf(kind.value)
    for flag in DangerFlag:
        assert not p.may_leave_blijf(flag.value)


def test_blijf_s_own_data_may_leave_and_is_never_mistaken_for_police_data():
    own = {name for fields in ALLOWED_FIELDS.values() for name in fields} | {THREAT_INFO}
    assert all(p.may_leave_blijf(kind) for kind in own)
    assert own & p.POLICE_DERIVED_KINDS == set()


@given(st.text(max_size=30))
def test_a_kind_nobody_listed_may_not_leave(kind):
    own = {name for fields in ALLOWED_FIELDS.values() for name in fields} | {THREAT_INFO}
    assert p.may_leave_blijf(kind) == (kind in own)


# -- a receipt -------------------------------------------------------------------------------------
def test_a_complete_receipt_has_no_problems():
    assert p.receipt_problems(receipt(), TODAY) == {}
    flags = receipt(kind=K.GEVARENCLASSIFICATIE, content="",
                    flags=frozenset({DangerFlag.WAPENGEVAARLIJK}))
    assert p.receipt_problems(flags, TODAY) == {}


def test_a_receipt_names_what_is_missing_or_not_allowed():
    problems = p.receipt_problems(receipt(
        category=Category.CHILD, kind=K.TIJDELIJK_HUISVERBOD, unit="utrecht", officer=" ",
        basis="", content="", received_on=date(2026, 11, 24)), TODAY)
    assert problems == {"kind": "not_allowed", "unit": "unknown_unit", "officer": "required",
                        "basis": "required", "content": "required", "received_on": "date_future"}


def test_flags_belong_in_a_gevarenclassificatie_only():
    wrong_kind = receipt(flags=frozenset({DangerFlag.ALCOHOLIST}))
    assert p.receipt_problems(wrong_kind, TODAY) == {"flags": "not_allowed"}


@given(st.sampled_from(Category), st.sets(st.sampled_from(DangerFlag)))
def test_flags_are_accepted_about_a_pleger_and_nobody_else(category, flags):
    problems = p.receipt_problems(receipt(category, K.GEVARENCLASSIFICATIE, flags=frozenset(flags),
                                          content=""), TODAY)
    assert ("flags" in problems) == (bool(flags) and category is not Category.PLEGER)
