"""Intake through the service: whole cases, covenant limits, search, secret addresses,
history and drafts, each with its audit trail."""

from datetime import date

import pytest

from blijf_desktop.domain.people import Category, PersonData, ThreatEntry
from blijf_desktop.services.audit_trail import AuditTrailService
from blijf_desktop.services.errors import InvalidInput, PermissionDenied
from blijf_desktop.services.intake import IntakeService
from blijf_desktop.storage import audit
from tests.server.fixtures import trail_of

pytestmark = pytest.mark.engines

CLIENT = PersonData(Category.CLIENT, first_names="Ayşe", last_name="Öztürk-Kanarie",
                    street="Veiligestraat", house_number="12", postcode="9876 ZX",
                    residence="Zaandam", address_secret=True, birth_place="Haarlem",
                    birth_date=date(1985, 3, 12), phone="+31612345678", email="ayse@voorbeeld.nl")
CHILDREN = [
    PersonData(Category.CHILD, first_names="Emre", last_name="Öztürk-Kanarie",
               birth_date=date(2015, 6, 1), relation="kind"),
    PersonData(Category.CHILD, first_names="Elif", last_name="Öztürk-Kanarie",
               birth_date=date(2018, 9, 30), relation="kind"),
]
PLEGERS = [
    PersonData(Category.PLEGER, first_names="Mehmet", last_name="Çelik", residence="Purmerend",
               phone="+31687654321", relation="ex_partner"),
    PersonData(Category.PLEGER, first_names="Kees", last_name="de Vries", relation="familielid"),
]


def _rows(session, action=None):
    return [r for r in audit.recent(trail_of(session), 1000)
            if action is None or r.action == action]


@pytest.fixture
def intake(caseworker):
    return IntakeService(caseworker, today=lambda: date(2026, 11, 23))


@pytest.fixture
def case_id(intake):
    threats = [(None, ThreatEntry(date(2026, 11, 20), "Dreigt haar op te zoeken in Zaandam.")),
               (0, ThreatEntry(date(2026, 11, 21), "Wil het kind meenemen na school."))]
    return intake.save_intake(CLIENT, CHILDREN + PLEGERS, threats)


def test_full_intake_with_two_children_and_two_plegers(intake, case_id):
    case = intake.case(case_id)
    categories = [p.data.category for p in case.people]
    assert categories.count(Category.CHILD) == 2 and categories.count(Category.PLEGER) == 2
    assert case.client.data.full_name() == "Ayşe Öztürk-Kanarie"
    assert [t.entry.description for t in case.threats][0] == "Wil het kind meenemen na school."
    assert case.threats[0].recorded_by == "Synthetische Hulpverlener"


def test_a_child_cannot_hold_phone_or_email(intake, case_id):
    child = PersonData(Category.CHILD, first_names="Noor", phone="+31611111111", relation="kind")
    with pytest.raises(InvalidInput) as refused:
        intake.add_person(case_id, child)
    assert refused.value.field == "phone"


@pytest.mark.parametrize("text", ["ozturk", "Öztürk", "OZTÜRK", "celik", "Çelik", "ayse ozt",
                                  "12-3-1985", "12-03-1985", "1985", "06-12345678", "0612 345",
                                  "+31 6 1234 5678", "Purmerend", "zaandam"])
def test_search_finds_by_partial_name_diacritics_date_phone_and_place(intake, case_id, text):
    assert intake.search(text), text


def test_search_shows_role_and_client(intake, case_id):
    hits = {h.name: h for h in intake.search("celik")}
    assert hits["Mehmet Çelik"].category is Category.PLEGER
    assert hits["Mehmet Çelik"].client_name == "Ayşe Öztürk-Kanarie"
    assert {h.category for h in intake.search("kanarie")} == {Category.CLIENT, Category.CHILD}


def test_search_never_matches_a_secret_address(intake, case_id):
    assert intake.search("Veiligestraat") == []
    assert intake.search("9876 ZX") == []


def test_secret_address_is_masked_until_revealed_and_the_reveal_is_audited(intake, case_id):
    client = intake.case(case_id).client
    assert client.address_masked and client.data.street == "" and client.data.postcode == ""
    assert _rows(intake.session, "view")  # the case view itself is audited
    before = len(_rows(intake.session, "view"))
    revealed = intake.reveal_address(client.id)
    assert revealed.street == "Veiligestraat" and revealed.postcode == "9876 ZX"
    reveals = [r for r in _rows(intake.session, "view") if r.reason == "toon_adres"]
    assert len(_rows(intake.session, "view")) == before + 1 and reveals[0].record_id == str(client.id)


def test_history_keeps_the_old_value_who_and_when(intake, case_id):
    pleger = next(p for p in intake.case(case_id).people if p.data.last_name == "Çelik")
    from dataclasses import replace

    changed = intake.update_person(pleger.id, replace(pleger.data, residence="Hoorn"))
    assert changed == ["residence"]
    rows = intake.history(pleger.id)
    assert (rows[0].field, rows[0].old_value, rows[0].new_value) == ("residence", "Purmerend", "Hoorn")
    assert rows[0].changed_by == "Synthetische Hulpverlener"
    assert intake.search("purmerend") == [] and intake.search("hoorn")


def test_editing_a_masked_person_keeps_the_secret_address(intake, case_id):
    from dataclasses import replace

    client = intake.case(case_id).client
    intake.update_person(client.id, replace(client.data, phone="+31611112222"))
    assert intake.reveal_address(client.id).street == "Veiligestraat"


def test_draft_is_kept_per_user_and_cleared_by_saving(intake):
    intake.save_draft({"client": {"last_name": "Half-Ingevuld"}})
    assert intake.load_draft() == {"client": {"last_name": "Half-Ingevuld"}}
    intake.save_intake(CLIENT, [])
    assert intake.load_draft() is None


def test_draft_survives_lock_and_restart(intake, auth):
    from tests.conftest import CASEWORKER, CASEWORKER_PASS

    intake.save_draft({"client": {"first_names": "Nog Niet Klaar"}})
    intake.session.lock()
    intake.session.unlock(CASEWORKER_PASS)
    assert intake.load_draft()["client"]["first_names"] == "Nog Niet Klaar"
    intake.session.close()
    again = IntakeService(auth.login(CASEWORKER, CASEWORKER_PASS))
    assert again.load_draft()["client"]["first_names"] == "Nog Niet Klaar"
    again.session.close()


def test_beheerder_cannot_read_case_data(created, case_id):
    admin, _ = created
    with pytest.raises(PermissionDenied):
        IntakeService(admin).search("ozturk")


def test_audit_chain_still_verifies_after_intake_work(intake, case_id, created):
    intake.person(intake.search("celik")[0].person_id)
    result = AuditTrailService(created[0]).verify()
    assert result.ok


@pytest.mark.parametrize("text", ['"', '""ozt', "ozt*", "NEAR(a b)", "o'brien", "x OR y",
                                  "'; DROP TABLE persons; --", "name : abc", "\u200fozt\u202e",
                                  "🙂🙂🙂", "a\x00bc", "-- ---", "((( )))", "^abc"])
def test_search_takes_any_text_without_error(intake, case_id, text):
    assert isinstance(intake.search(text), list)
    assert intake.search("ozturk")  # and the store is still fine


@pytest.mark.parametrize("category", [Category.DERDE, Category.PLEGER])
def test_no_threat_information_about_a_derde_or_pleger_at_intake(intake, caseworker, category):
    """Covenant art. 4: threat information is about the client, a child or a location."""
    other = PersonData(category, first_names="Rik", last_name="Veldmuis", relation="overig")
    threat = ThreatEntry(date(2026, 11, 20), "Dreigt met wraak.")
    before = _rows(caseworker)
    with pytest.raises(InvalidInput) as refused:
        intake.save_intake(CLIENT, [other], [(0, threat)])
    assert (refused.value.field, refused.value.problem) == ("about", "threat_subject")
    assert _rows(caseworker) == before  # nothing saved, nothing audited
    assert intake.search("Veldmuis") == []


def test_no_threat_information_about_a_pleger_added_later(intake, case_id):
    case = intake.case(case_id)
    pleger = next(p for p in case.people if p.data.category is Category.PLEGER)
    child = next(p for p in case.people if p.data.category is Category.CHILD)
    with pytest.raises(InvalidInput) as refused:
        intake.add_threat(case_id, ThreatEntry(date(2026, 11, 22), "Dreigt met wraak.",
                                               about_person_id=pleger.id))
    assert refused.value.problem == "threat_subject"
    intake.add_threat(case_id, ThreatEntry(date(2026, 11, 22), "Volgt het kind naar school.",
                                           about_person_id=child.id))
    assert len(intake.case(case_id).threats) == 3


# -- a record that stays whole (issue 19) --------------------------------------------------------
def _became_public(intake, case_id):
    """The client moves from the secret address to a new one, and it is no longer secret."""
    from dataclasses import replace

    client = intake.case(case_id).client
    seen = intake.reveal_address(client.id)
    intake.update_person(client.id, replace(seen, street="Nieuwe Laan", house_number="3"),
                         address_seen=True)
    seen = intake.reveal_address(client.id)
    intake.update_person(client.id, replace(seen, address_secret=False), address_seen=True)
    return client.id


def test_a_former_secret_address_stays_masked_in_the_history(intake, case_id):
    client_id = _became_public(intake, case_id)
    assert intake.person(client_id).data.street == "Nieuwe Laan"  # public now, shown
    rows = intake.history(client_id)
    street = next(r for r in rows if r.field == "street")
    assert street.masked and street.old_value == "•••"
    shown = " ".join(f"{r.old_value} {r.new_value}" for r in rows)
    assert "Veiligestraat" not in shown and "12" not in shown


def test_revealing_the_history_is_audited_like_toon_adres(intake, case_id):
    client_id = _became_public(intake, case_id)
    before = [r for r in _rows(intake.session, "view") if r.reason == "toon_adres"]
    rows = intake.reveal_history(client_id)
    street = next(r for r in rows if r.field == "street")
    assert (street.old_value, street.new_value, street.masked) == ("Veiligestraat", "Nieuwe Laan", False)
    reveals = [r for r in _rows(intake.session, "view") if r.reason == "toon_adres"]
    assert len(reveals) == len(before) + 1
    assert (reveals[0].record_type, reveals[0].record_id) == ("person_history", str(client_id))
    assert "Veiligestraat" not in str(reveals[0].detail)


def test_an_address_that_was_never_secret_is_not_masked(intake, case_id):
    from dataclasses import replace

    pleger = next(p for p in intake.case(case_id).people if p.data.last_name == "Çelik")
    intake.update_person(pleger.id, replace(pleger.data, street="Open Straat"))
    row = intake.history(pleger.id)[0]
    assert (row.new_value, row.masked) == ("Open Straat", False)


def test_an_address_made_secret_masks_the_value_it_got_then(intake):
    from dataclasses import replace

    public = replace(CLIENT, address_secret=False)
    case_id = intake.save_intake(public, [])
    client = intake.case(case_id).client
    intake.update_person(client.id, replace(client.data, street="Opvanglaan", address_secret=True))
    street = next(r for r in intake.history(client.id) if r.field == "street")
    assert (street.old_value, street.new_value) == ("Veiligestraat", "•••")


def test_editing_a_masked_person_with_only_a_new_postcode_keeps_street_and_number(intake, case_id):
    from dataclasses import replace

    client = intake.case(case_id).client  # masked: street, number and postcode empty
    changed = intake.update_person(client.id, replace(client.data, postcode="1011 AB"))
    assert changed == ["postcode"]
    stored = intake.reveal_address(client.id)
    assert (stored.street, stored.house_number, stored.postcode) == ("Veiligestraat", "12", "1011 AB")


def test_a_revealed_address_can_be_emptied_on_purpose(intake, case_id):
    from dataclasses import replace

    client = intake.case(case_id).client
    seen = intake.reveal_address(client.id)
    intake.update_person(client.id, replace(seen, house_number=""), address_seen=True)
    assert intake.reveal_address(client.id).house_number == ""


def test_a_huge_threat_source_is_refused_and_nothing_stored(intake, case_id):
    from blijf_desktop.ui.messages import error_message

    before = len(intake.case(case_id).threats)
    for source, problem in [("\x00" + "\u202e" * 999_999, "control_characters"),
                            ("x" * 201, "too_long"), ("", "required")]:
        with pytest.raises(InvalidInput) as refused:
            intake.add_threat(case_id, ThreatEntry(date(2026, 11, 22), "Belt steeds.", source=source))
        assert (refused.value.field, refused.value.problem) == ("source", problem)
    assert error_message(InvalidInput("source", "too_long")) == "De bron is te lang: hoogstens 200 tekens."
    assert len(intake.case(case_id).threats) == before
    intake.add_threat(case_id, ThreatEntry(date(2026, 11, 22), "Belt steeds.", source="x" * 200))


def test_a_draft_above_the_limit_is_refused_and_the_old_one_kept(intake):
    from blijf_desktop.domain.limits import MAX_DRAFT_BYTES
    from blijf_desktop.ui.messages import error_message

    intake.save_draft({"client": {"last_name": "Half-Ingevuld"}})
    with pytest.raises(InvalidInput) as refused:
        intake.save_draft({"client": {"last_name": "x" * MAX_DRAFT_BYTES}})
    assert (refused.value.field, refused.value.problem) == ("draft", "too_large")
    assert "te groot" in error_message(refused.value)
    assert intake.load_draft() == {"client": {"last_name": "Half-Ingevuld"}}


def test_a_case_takes_at_most_fifty_people(intake):
    from blijf_desktop.domain.limits import MAX_PEOPLE_PER_CASE
    from blijf_desktop.ui.messages import error_message

    assert MAX_PEOPLE_PER_CASE == 50
    derde = PersonData(Category.DERDE, first_names="Rik", last_name="Veldmuis", relation="overig")
    with pytest.raises(InvalidInput) as refused:
        intake.save_intake(CLIENT, [derde] * 50)
    assert (refused.value.field, refused.value.problem) == ("people", "too_many")
    assert error_message(refused.value).startswith("Een casus heeft hoogstens 50 personen.")
    case_id = intake.save_intake(CLIENT, [derde] * 48)
    intake.add_person(case_id, derde)  # the 50th
    with pytest.raises(InvalidInput) as refused:
        intake.add_person(case_id, derde)
    assert refused.value.problem == "too_many"
    assert len(intake.case(case_id).people) == 50
