"""Consent as a record (issue 18; Mensenhandel 12.17, 14.6, 14.8, 21.5, 21.6, 21.8): the states,
what a scope may hold, what it covers and which step is still missing."""

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given, strategies as st

from blijf_desktop.domain import consent as c
from blijf_desktop.domain import consent_gate as g
from blijf_desktop.domain import sharing as s
from blijf_desktop.domain.people import Category

CLIENT, PLEGER, CHILD = 1, 2, 3
CATEGORIES = {CLIENT: Category.CLIENT, PLEGER: Category.PLEGER, CHILD: Category.CHILD}
FROM, UNTIL = date(2026, 3, 1), date(2026, 6, 30)
INSIDE = date(2026, 4, 15)
SIGNAL_ID, NEXT_SIGNAL = 40, 41
CASE_SIGNALS = frozenset({SIGNAL_ID, NEXT_SIGNAL})
PREPARED = datetime(2026, 3, 1, 9, tzinfo=timezone.utc).isoformat()
WEIGHING = c.Weighing("Advies van het RIEC.", "Zonder advies geen aanpak.", "Alleen het signaal.",
                      "Lichtere middelen zijn geprobeerd.", "Zij wil dat het stopt.")


def scope(**changes) -> c.Scope:
    base = c.Scope(frozenset({s.RIEC}), frozenset({"riec_advies"}), frozenset({CLIENT}),
                   frozenset({"last_name", s.SIGNAL}), FROM, UNTIL,
                   signal_ids=frozenset({SIGNAL_ID}))
    return replace(base, **changes)


def problems(sc: c.Scope, categories=CATEGORIES, grantor=c.Grantor.BLIJF) -> dict[str, str]:
    return c.scope_problems(sc, categories, grantor, CASE_SIGNALS)


def consent(state=c.State.ACTIEF, consent_id=1, grantor=c.Grantor.BLIJF, **scope_changes):
    return c.Consent(consent_id, 7, state, scope(**scope_changes), grantor, True,
                     c.ClientPosition.STEMT_IN, "", WEIGHING, 10, PREPARED,
                     20 if state in (c.State.ACTIEF, c.State.INGETROKKEN) else None)


# -- states -----------------------------------------------------------------------------------
def test_only_the_allowed_transitions():
    assert c.may_move(c.State.ONTWERP, c.State.ACTIEF)
    assert c.may_move(c.State.ONTWERP, c.State.GEWEIGERD)
    assert c.may_move(c.State.ONTWERP, c.State.VERLOPEN)
    assert c.may_move(c.State.ACTIEF, c.State.INGETROKKEN)
    for final in (c.State.INGETROKKEN, c.State.GEWEIGERD, c.State.VERLOPEN):
        assert not any(c.may_move(final, other) for other in c.State)
    assert not c.may_move(c.State.ACTIEF, c.State.ONTWERP)
    assert not c.may_move(c.State.ONTWERP, c.State.INGETROKKEN)


def test_an_unverified_request_expires_after_the_days_in_the_data():
    prepared = datetime(2026, 3, 1, 23, 59, tzinfo=timezone.utc)
    last_day = date(2026, 3, 1) + timedelta(days=c.EXPIRY_DAYS - 1)
    assert c.EXPIRY_DAYS == 14
    assert not c.is_overdue(c.State.ONTWERP, prepared, last_day)
    assert c.is_overdue(c.State.ONTWERP, prepared, last_day + timedelta(days=1))
    assert not c.is_overdue(c.State.ACTIEF, prepared, date(2030, 1, 1))
    old = consent(c.State.ONTWERP)
    assert c.effective_state(old, date(2026, 3, 15)) is c.State.VERLOPEN
    assert c.effective_state(old, date(2026, 3, 14)) is c.State.ONTWERP


# -- what a scope may hold ---------------------------------------------------------------------
def test_a_good_scope_has_no_problems():
    assert problems(scope(), CATEGORIES) == {}
    assert problems(scope(recipients=frozenset({s.RIEC, s.EMM})), CATEGORIES) == {}
    assert problems(scope(valid_until=None), CATEGORIES) == {}


def test_a_period_that_ends_before_it_starts_is_refused():
    assert problems(scope(valid_until=FROM - timedelta(days=1)), CATEGORIES) == {
        "valid_until": "ends_before_start"}
    assert problems(scope(valid_until=FROM), CATEGORIES) == {}  # one day
    assert problems(scope(valid_from=None), CATEGORIES) == {"valid_from": "required"}


def test_an_incompatible_purpose_is_refused_as_such():
    for purpose in s.INCOMPATIBLE:  # Mensenhandel 14.8
        found = problems(scope(purposes=frozenset({purpose})), CATEGORIES)
        assert found["purposes"] == "incompatible"


def test_every_recipient_and_purpose_pair_must_be_consentable():
    # The OM receives for criminal use, the RIEC never: together they make a pair without a route.
    mixed = scope(recipients=frozenset({s.RIEC, s.OM}),
                  purposes=frozenset({"riec_advies", "strafrechtelijk"}))
    assert problems(mixed, CATEGORIES)["purposes"] == "not_consentable"
    # The signal to the zorgcoördinator needs no consent: nothing to consent to.
    to_zc = scope(recipients=frozenset({s.ZORGCOORDINATOR}),
                  purposes=frozenset({"signaal_mensenhandel"}))
    assert problems(to_zc, CATEGORIES)["purposes"] == "not_consentable"
    assert problems(scope(recipients=frozenset({"interpol"})),
                    CATEGORIES)["recipients"] == "unknown"


def test_kinds_must_be_allowed_for_the_route_and_the_people():
    assert problems(scope(kinds=frozenset({"phone"}), signal_ids=frozenset()), CATEGORIES) == {
        "kinds": "not_allowed"}  # Mensenhandel 9.4: the RIEC does not need her phone
    only_child = scope(person_ids=frozenset({CHILD}), kinds=frozenset({"last_name"}),
                       signal_ids=frozenset())
    assert problems(only_child, CATEGORIES) == {"kinds": "not_allowed"}
    assert problems(scope(person_ids=frozenset({99})), CATEGORIES)["persons"] == "unknown"


def test_empty_parts_are_required():
    empty = c.Scope(frozenset(), frozenset(), frozenset(), frozenset(), None)
    assert problems(empty, CATEGORIES) == {
        "recipients": "required", "purposes": "required", "persons": "required",
        "kinds": "required", "valid_from": "required"}


def test_the_prosecutor_consents_to_criminal_data_only():
    assert problems(scope(kinds=frozenset({s.SIGNAL_ENFORCEMENT})), CATEGORIES,
                            c.Grantor.OFFICIER) == {}
    assert problems(scope(), CATEGORIES, c.Grantor.OFFICIER) == {
        "kinds": "prosecutor_criminal_only"}


def test_the_weighing_needs_all_five_parts():
    assert c.weighing_problems(WEIGHING) == {}
    assert c.weighing_problems(c.Weighing()) == {f"weighing_{p}": "required"
                                                for p in c.WEIGHING_PARTS}
    assert c.weighing_problems(replace(WEIGHING, noodzaak="   ")) == {
        "weighing_noodzaak": "required"}
    assert c.weighing_problems(replace(WEIGHING, doel="met\x00NUL")) == {
        "weighing_doel": "control_characters"}


def test_the_clients_position():
    assert c.position_problems(True, c.ClientPosition.STEMT_IN, "") == {}
    assert c.position_problems(False, c.ClientPosition.STEMT_IN, "") == {
        "client_informed": "not_informed"}
    assert c.position_problems(True, c.ClientPosition.BEZWAAR, "") == {
        "position_reason": "required"}
    assert c.position_problems(False, c.ClientPosition.NIET_TE_VRAGEN, "") == {
        "position_reason": "required"}
    assert c.position_problems(False, c.ClientPosition.NIET_TE_VRAGEN, "Onbereikbaar.") == {}
    assert c.position_problems(True, None, "") == {"client_position": "required"}


# -- covers: property tests ----------------------------------------------------------------------
RECIPIENTS = sorted(s.RECIPIENTS) + ["onbekend"]
PURPOSES = sorted(s.PURPOSE_LABELS)
KINDS = ["last_name", "first_names", "birth_date", "phone", s.SIGNAL, s.SIGNAL_ENFORCEMENT]
SIGNAL_IDS = [SIGNAL_ID, NEXT_SIGNAL]
days = st.dates(date(2025, 1, 1), date(2027, 12, 31))


@st.composite
def scopes(draw):
    start = draw(days)
    until = draw(st.one_of(st.none(), days.filter(lambda d: d >= start)))
    return c.Scope(draw(st.frozensets(st.sampled_from(RECIPIENTS), max_size=3)),
                   draw(st.frozensets(st.sampled_from(PURPOSES), max_size=3)),
                   draw(st.frozensets(st.integers(1, 5), max_size=3)),
                   draw(st.frozensets(st.sampled_from(KINDS), max_size=3)), start, until,
                   draw(st.booleans()), draw(st.frozensets(st.sampled_from(SIGNAL_IDS),
                                                            max_size=2)))


def stored(state: c.State, sc: c.Scope) -> c.Consent:
    return c.Consent(1, 7, state, sc, c.Grantor.BLIJF, True, c.ClientPosition.STEMT_IN, "",
                     WEIGHING, 10, PREPARED)


@given(scopes(), st.sampled_from(list(c.State)), st.sampled_from(RECIPIENTS),
       st.sampled_from(PURPOSES), st.integers(1, 5), st.sampled_from(KINDS), days,
       st.booleans(), st.sampled_from([None, *SIGNAL_IDS]))
def test_nothing_outside_the_scope_period_or_active_state_is_covered(
        sc, state, recipient, purpose, person, kind, on, identifiable, signal_id):
    covered = c.covers(stored(state, sc), recipient, purpose, person, kind, on,
                       identifiable=identifiable, signal_id=signal_id)
    inside = (recipient in sc.recipients and purpose in sc.purposes and person in sc.person_ids
              and kind in sc.kinds)
    in_period = sc.valid_from <= on and (sc.valid_until is None or on <= sc.valid_until)
    # Mensenhandel 6.2, 9.5: identifiable only under a consent that says so; 14.6: a signal
    # only under a consent that names it.
    as_consented = ((sc.identifiable or not identifiable)
                    and (signal_id is None or kind not in s.SIGNAL_KINDS
                         or signal_id in sc.signal_ids))
    assert covered == (state is c.State.ACTIEF and inside and in_period and as_consented)


@given(scopes(), st.sampled_from(RECIPIENTS), st.sampled_from(PURPOSES),
       st.dictionaries(st.integers(1, 5), st.frozensets(st.sampled_from(KINDS), min_size=1),
                       min_size=1, max_size=3), days)
def test_no_step_is_missing_only_when_every_needed_consent_covers(sc, recipient, purpose,
                                                                   people, on):
    active = stored(c.State.ACTIEF, sc)
    steps = g.missing_steps([active], recipient, purpose, people, on)
    if s.purpose_problem(recipient, purpose):
        assert [st_.missing for st_ in steps] == [g.Missing.ROUTE_NIET_TOEGESTAAN]
        return
    for person, kinds in people.items():
        for kind in kinds:
            needs = g.needed_grantors(recipient, purpose, kind)
            blocked = [st_ for st_ in steps if (st_.person_id, st_.kind) == (person, kind)]
            if c.Grantor.OFFICIER in needs:  # this list has no prosecutor's consent
                assert g.Missing.OFFICIER_NODIG in {b.missing for b in blocked}
            if c.Grantor.BLIJF in needs and not c.covers(active, recipient, purpose, person,
                                                         kind, on):
                assert any(b.grantor is c.Grantor.BLIJF for b in blocked)
            if not needs:
                assert blocked == []


# -- which signal, and whether identifiable -------------------------------------------------------
def test_a_scope_with_a_signal_kind_names_signals_of_this_case():
    assert problems(scope(signal_ids=frozenset())) == {"signals": "required"}  # 14.6
    assert problems(scope(signal_ids=frozenset({99}))) == {"signals": "unknown"}
    assert problems(scope(signal_ids=CASE_SIGNALS)) == {}
    assert problems(scope(kinds=frozenset({"last_name"}))) == {"signals": "without_signal_kind"}
    assert problems(scope(kinds=frozenset({"last_name"}), signal_ids=frozenset())) == {}
    assert problems(scope(identifiable=True)) == {}
    assert problems(scope(identifiable="ja")) == {"identifiable": "required"}


def steps(consent_, **export):
    return [x.missing for x in g.missing_steps([consent_], s.RIEC, "riec_advies",
                                               {CLIENT: {"last_name", s.SIGNAL}}, INSIDE,
                                               **export)]


def test_a_consent_for_one_signal_does_not_cover_the_next():
    assert steps(consent(), signal_id=SIGNAL_ID) == []
    assert steps(consent(), signal_id=NEXT_SIGNAL) == [g.Missing.ANDER_SIGNAAL]
    assert steps(consent(signal_ids=CASE_SIGNALS), signal_id=NEXT_SIGNAL) == []
    # Only the signal kinds are tied to a signal: her name under this consent still goes.
    found = g.missing_steps([consent()], s.RIEC, "riec_advies", {CLIENT: {"last_name"}}, INSIDE,
                            signal_id=NEXT_SIGNAL)
    assert found == []


def test_identifiable_data_needs_a_consent_that_says_so():
    assert steps(consent(), identifiable=False, signal_id=SIGNAL_ID) == []
    assert steps(consent(), identifiable=True, signal_id=SIGNAL_ID) == [
        g.Missing.ALLEEN_GEANONIMISEERD] * 2  # her name and the signal, each
    assert steps(consent(identifiable=True), identifiable=True, signal_id=SIGNAL_ID) == []
    assert steps(consent(identifiable=True), identifiable=False) == []  # less than consented


def test_a_consent_that_fits_except_for_the_signal_says_so_before_its_state():
    waiting_for_this = consent(c.State.ONTWERP, consent_id=2)
    active_for_another = consent(consent_id=1, signal_ids=frozenset({NEXT_SIGNAL}))
    found = g.missing_steps([active_for_another, waiting_for_this], s.RIEC, "riec_advies",
                            {CLIENT: {s.SIGNAL}}, date(2026, 3, 5), signal_id=SIGNAL_ID)
    assert [(x.missing, x.consent_id) for x in found] == [(g.Missing.WACHT_OP_VERIFICATIE, 2)]


# -- what the verifier was shown --------------------------------------------------------------------
@pytest.mark.parametrize("change", [
    {"kinds": frozenset({"last_name", "first_names", s.SIGNAL})}, {"valid_until": None},
    {"identifiable": True}, {"signal_ids": CASE_SIGNALS}, {"person_ids": frozenset({1, 2})},
])
def test_the_fingerprint_changes_with_every_part_of_the_scope(change):
    assert c.fingerprint(consent()) == c.fingerprint(consent())
    assert c.fingerprint(consent(**change)) != c.fingerprint(consent())


def test_the_fingerprint_changes_with_the_weighing_position_and_grantor():
    base = consent()
    for other in (replace(base, weighing=replace(WEIGHING, noodzaak="Anders.")),
                  replace(base, client_position=c.ClientPosition.BEZWAAR),
                  replace(base, grantor=c.Grantor.OFFICIER), replace(base, id=2)):
        assert c.fingerprint(other) != c.fingerprint(base)
    # Who verified and when is not what she was shown: the state's own fields do not count.
    assert c.fingerprint(replace(base, verified_by=None)) == c.fingerprint(base)


# -- missing steps -------------------------------------------------------------------------------
def step(consents, people=None, on=INSIDE, recipient=s.RIEC, purpose="riec_advies"):
    found = g.missing_steps(consents, recipient, purpose, people or {CLIENT: {"last_name"}}, on)
    return [x.missing for x in found]


def test_each_missing_step_is_named():
    assert step([]) == [g.Missing.GEEN_TOESTEMMING]
    assert step([consent(c.State.ONTWERP)], on=date(2026, 3, 5)) == [
        g.Missing.WACHT_OP_VERIFICATIE]
    assert step([consent(c.State.ONTWERP)], on=date(2026, 3, 20)) == [g.Missing.VERLOPEN]
    assert step([consent(c.State.GEWEIGERD)]) == [g.Missing.GEWEIGERD]
    assert step([consent(c.State.VERLOPEN)]) == [g.Missing.VERLOPEN]
    assert step([consent(c.State.INGETROKKEN)]) == [g.Missing.INGETROKKEN]
    assert step([consent()], on=FROM - timedelta(days=1)) == [g.Missing.PERIODE_NIET_BEGONNEN]
    assert step([consent()], on=UNTIL + timedelta(days=1)) == [g.Missing.PERIODE_VOORBIJ]
    assert step([consent()], {PLEGER: {"last_name"}}) == [g.Missing.PERSOON_BUITEN_SCOPE]
    assert step([consent()], {CLIENT: {"birth_date"}}) == [g.Missing.GEGEVEN_BUITEN_SCOPE]
    assert step([consent()], recipient=s.EMM) == [g.Missing.BUITEN_ONTVANGER_DOEL]
    assert step([consent()]) == []


def test_criminal_data_to_the_riec_needs_the_prosecutor_as_well():
    people = {CLIENT: {s.SIGNAL_ENFORCEMENT}}
    blijf = consent(kinds=frozenset({s.SIGNAL_ENFORCEMENT}))
    assert step([blijf], people) == [g.Missing.OFFICIER_NODIG]
    officier = consent(consent_id=2, grantor=c.Grantor.OFFICIER,
                       kinds=frozenset({s.SIGNAL_ENFORCEMENT}))
    assert step([blijf, officier], people) == []
    assert step([officier], people) == [g.Missing.GEEN_TOESTEMMING]
    # The prosecutor is a party (21.8): to the OM itself criminal data needs only Blijf's consent.
    assert g.needed_grantors(s.OM, "strafrechtelijk", s.SIGNAL_ENFORCEMENT) == (c.Grantor.BLIJF,)


def test_a_new_request_speaks_louder_than_an_old_withdrawn_one():
    withdrawn = consent(c.State.INGETROKKEN)
    waiting = consent(c.State.ONTWERP, consent_id=2)
    found = g.missing_steps([withdrawn, waiting], s.RIEC, "riec_advies",
                            {CLIENT: {"last_name"}}, date(2026, 3, 5))
    assert [(x.missing, x.consent_id) for x in found] == [(g.Missing.WACHT_OP_VERIFICATIE, 2)]


def test_each_person_and_kind_gets_its_own_step():
    found = g.missing_steps([consent()], s.RIEC, "riec_advies",
                            {CLIENT: {"last_name", "birth_date"}, PLEGER: {"last_name"}}, INSIDE)
    assert [(x.person_id, x.kind, x.missing) for x in found] == [
        (CLIENT, "birth_date", g.Missing.GEGEVEN_BUITEN_SCOPE),
        (PLEGER, "last_name", g.Missing.PERSOON_BUITEN_SCOPE)]


def test_an_incompatible_purpose_is_closed_whatever_the_consents():
    assert step([consent()], purpose="commercieel") == [g.Missing.ROUTE_NIET_TOEGESTAAN]


def test_every_code_has_a_label():
    assert set(g.MISSING_LABELS) == set(g.Missing)
    assert set(c.STATE_LABELS) == set(c.State)
    assert set(c.CHANGE_LABELS) == set(c.Change)
    assert set(c.WEIGHING_LABELS) == set(c.WEIGHING_PARTS)
