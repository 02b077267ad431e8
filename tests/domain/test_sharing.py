"""Who may receive what from Blijf Groep through the chain (Mensenhandel 6.2, 9.4, 9.5, 12.17,
13.4, 14.5-14.8, 15.4, 21.4-21.8; Blijf 5.2, 5.8)."""

from dataclasses import replace

import pytest
from hypothesis import given, strategies as st

from blijf_desktop.domain import sharing as s
from blijf_desktop.domain.people import (
    ADDRESS_FIELDS, ALLOWED_FIELDS, BIRTH_FIELDS, CONTACT_FIELDS, NAME_FIELDS, THREAT_INFO,
    Category,
)
from blijf_desktop.domain.police import POLICE_DERIVED_KINDS

EVERY_PURPOSE = sorted(s.PURPOSE_LABELS)
EVERY_CASE = [(r, p, c) for r in s.RECIPIENTS for p in EVERY_PURPOSE for c in Category]


def test_every_recipient_purpose_and_kind_has_a_label_and_an_article():
    for recipient in s.RECIPIENTS.values():
        assert recipient.label and recipient.article
    for route in s.ROUTES:
        assert route.purpose in s.PURPOSE_LABELS and route.article
    assert set(s.KIND_LABELS) == s.SIGNAL_KINDS


@pytest.mark.parametrize("recipient, purpose, category", EVERY_CASE,
                         ids=lambda v: getattr(v, "value", v))
def test_police_data_never_goes_to_anyone(recipient, purpose, category):
    assert s.allowed_kinds(recipient, purpose, category) & POLICE_DERIVED_KINDS == set()


@pytest.mark.parametrize("recipient, purpose, category", EVERY_CASE,
                         ids=lambda v: getattr(v, "value", v))
def test_nothing_goes_that_the_category_does_not_have(recipient, purpose, category):
    ceiling = set(ALLOWED_FIELDS[category]) | {THREAT_INFO}
    if category is Category.CLIENT:
        ceiling |= s.SIGNAL_KINDS  # the signal is kept with the client
    assert s.allowed_kinds(recipient, purpose, category) <= ceiling


@given(st.sampled_from(sorted(s.RECIPIENTS)), st.text(max_size=30), st.sampled_from(list(Category)))
def test_an_unknown_purpose_gives_nothing(recipient, purpose, category):
    if purpose not in s.PURPOSE_LABELS:
        assert s.allowed_kinds(recipient, purpose, category) == set()


@pytest.mark.parametrize("purpose", sorted(s.INCOMPATIBLE))
def test_an_incompatible_purpose_is_refused_for_everyone_and_cannot_be_consented(purpose):
    for recipient in s.RECIPIENTS:  # Mensenhandel 14.8
        assert s.purpose_problem(recipient, purpose) == "incompatible"
        assert not s.consentable(recipient, purpose)
        assert s.allowed_kinds(recipient, purpose, Category.CLIENT) == set()


def test_a_signal_goes_to_the_zorgcoordinator_without_consent_and_onward_only_with_it():
    assert s.purposes_for(s.ZORGCOORDINATOR) == (s.ChainPurpose.SIGNAAL.value,)  # 14.5
    assert not s.needs_consent(s.ZORGCOORDINATOR, s.ChainPurpose.SIGNAAL.value)
    assert s.needs_consent(s.RIEC, s.ChainPurpose.RIEC_ADVIES.value)  # 12.17
    for recipient, purpose in ((s.RIEC, s.ChainPurpose.BESTUURSRECHTELIJK.value),
                               (s.OM, s.ChainPurpose.STRAFRECHTELIJK.value)):
        assert s.needs_consent(recipient, purpose) and s.needs_weighing(recipient, purpose)  # 21.5
    assert s.RECIPIENTS[s.RIEC].route == (s.ZORGCOORDINATOR,)


def test_the_emm_is_never_chosen_but_a_consent_may_name_it():
    emm = s.RECIPIENTS[s.EMM]
    assert not s.choosable(emm) and s.recipient_problem(s.EMM) == "not_direct"  # 13.4
    assert emm.route[-1] == s.RIEC
    assert s.consentable(s.EMM, s.ChainPurpose.RIEC_ADVIES.value)  # 14.6


def test_a_recipient_outside_the_eu_cannot_be_chosen():
    abroad = replace(s.RECIPIENTS[s.RIEC], code="abroad", in_eu=False)
    assert not s.choosable(abroad)  # Mensenhandel 15.4
    assert s.recipient_problem("abroad", {"abroad": abroad}) == "outside_eu"
    assert all(r.in_eu for r in s.RECIPIENTS.values())
    assert s.recipient_problem("nobody") == "unknown"


def test_the_chain_receives_nothing_about_children_or_derden_and_no_contact_details():
    for recipient in (s.ZORGCOORDINATOR, s.RIEC, s.OM):
        for purpose in s.purposes_for(recipient):
            for category in (Category.CHILD, Category.DERDE):
                assert s.allowed_kinds(recipient, purpose, category) == set()  # 9.4
            for category in Category:
                kinds = s.allowed_kinds(recipient, purpose, category)
                assert kinds & set(CONTACT_FIELDS + (THREAT_INFO, "birth_place")) == set()


def test_the_police_table_is_the_blijf_covenants_own():
    from blijf_desktop.domain import exchanges

    for unit in exchanges.COUNTERPARTIES:
        assert not s.anonymised_by_default(unit)
        for purpose in exchanges.Purpose:
            for category in Category:
                assert s.allowed_kinds(unit, purpose.value, category) == \
                    exchanges.allowed_out(unit, purpose, category)
        assert s.allowed_kinds(unit, s.ChainPurpose.SIGNAAL.value, Category.CLIENT) == set()


def test_criminal_data_to_a_non_party_needs_the_prosecutor():
    assert s.criminal_needs_prosecutor(s.RIEC, s.SIGNAL_ENFORCEMENT)  # 21.8
    assert not s.criminal_needs_prosecutor(s.OM, s.SIGNAL_ENFORCEMENT)
    assert not s.criminal_needs_prosecutor(s.RIEC, s.SIGNAL)


# -- anonymised by default ------------------------------------------------------------------------
def test_chain_recipients_get_anonymised_data_by_default():
    for code in (s.ZORGCOORDINATOR, s.RIEC, s.OM, s.EMM):
        assert s.anonymised_by_default(code)  # Mensenhandel 6.2, 9.5


def test_anonymising_keeps_initials_the_year_and_the_municipality():
    assert s.anonymise("first_names", "Anna Maria") == "A.M."
    assert s.anonymise("last_name", "Berg-Smit") == "B.S."
    assert s.anonymise("prefix", "van der") is None
    assert s.anonymise("birth_date", "1990-04-12") == "1990"
    assert s.anonymise("residence", "Almere") == "Almere"
    for kind in ADDRESS_FIELDS[:3] + CONTACT_FIELDS + ("birth_place", THREAT_INFO):
        assert s.anonymise(kind, "Vondelstraat 12") is None
    assert s.anonymise("unknown_kind", "x") is None


@given(st.sampled_from(sorted(s.ANONYMISED_KINDS)), st.text(min_size=1, max_size=60))
def test_no_anonymised_value_holds_a_whole_name_address_or_birth_date(kind, value):
    out = s.anonymise(kind, value)
    if kind == "residence" or out is None:
        return
    if kind in NAME_FIELDS:
        assert set(out) <= set(".ABCDEFGHIJKLMNOPQRSTUVWXYZ") | {c.upper() for c in value}
        assert len(out) <= 2 * len(value.split()) + 2 * value.count("-")
    if kind in BIRTH_FIELDS:
        assert len(out) == 4 and out.isdigit()


def test_names_of_known_people_become_initials_in_free_text():
    text = "Mehmet Çelik belt haar; mehmet wacht bij Öztürk-Kanarie. Zijn neef Ali niet."
    masked = s.mask_names(text, ["Mehmet Çelik", "Ayşe Öztürk-Kanarie", "Al"])
    assert masked == "M. Ç. belt haar; M. wacht bij Ö.-K.. Zijn neef Ali niet."
    assert s.mask_names("Almere", ["Al"]) == "Almere"  # whole words only
    assert s.mask_names("Mehmets broer; Celik; van school", ["Mehmet Çelik", "Jan van Dam"]) \
        == "M. broer; C.; van school"  # a genitive, no accent; a tussenvoegsel is no name


@given(st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyzçöë", min_size=3, max_size=9),
                min_size=1, max_size=3), st.text(max_size=40))
def test_no_known_name_word_survives_masking(words, filler):
    name = " ".join(w.capitalize() for w in words)
    masked = s.mask_names(f"{filler} {name.upper()} {filler}", [name])
    for word in words:
        assert word.upper() not in masked.split() and word not in masked.lower().split()
