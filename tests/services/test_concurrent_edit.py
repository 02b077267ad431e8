"""Two desks saving the same person (issue 23, optimistic versions): two sessions on one store
file, each with its own connection, as two windows or a second desk on a shared store. The
second save is refused with ConcurrentEdit; the first one's data stays as she saved it; the
second one's draft stays; the refusal leaves nothing in the store, the trail included."""

from dataclasses import replace
from datetime import date

import pytest

from blijf_desktop.domain.people import Category, PersonData
from blijf_desktop.services.errors import ConcurrentEdit, InvalidInput
from blijf_desktop.services.intake import IntakeService
from blijf_desktop.storage import audit
from tests.conftest import CASEWORKER, CASEWORKER_PASS
from tests.server.fixtures import trail_of

pytestmark = pytest.mark.engines

TODAY = date(2026, 11, 23)
CLIENT = PersonData(Category.CLIENT, first_names="Roosmarijn", last_name="Proefvogel",
                    street="Schuilhof", house_number="7", postcode="1234 AB",
                    residence="Zaandam", address_secret=True, phone="+31611111111")
PLEGER = PersonData(Category.PLEGER, first_names="Gijsbert", last_name="Proefdreiger",
                    residence="Purmerend", relation="ex_partner")


@pytest.fixture
def desks(caseworker, auth):
    """Desk one (the fixture's session) and desk two (a second login, its own connection)."""
    second = auth.login(CASEWORKER, CASEWORKER_PASS)
    yield (IntakeService(caseworker, today=lambda: TODAY),
           IntakeService(second, today=lambda: TODAY))
    second.close()


@pytest.fixture
def case_id(desks):
    return desks[0].save_intake(CLIENT, [PLEGER])


def _pleger(service, case_id):
    return next(p for p in service.case(case_id).people if p.data.category is Category.PLEGER)


def _store_state(session):
    conn = session.db.conn
    return (conn.execute("SELECT count(*) FROM person_history").fetchone()[0],
            conn.execute("SELECT max(seq) FROM audit_log").fetchone()[0])


def test_the_second_save_of_what_both_read_is_refused_and_the_first_stays(desks, case_id):
    one, two = desks
    read_by_one, read_by_two = _pleger(one, case_id), _pleger(two, case_id)
    assert read_by_one.version == read_by_two.version == 1
    one.update_person(read_by_one.id, replace(read_by_one.data, residence="Hoorn"),
                      version=read_by_one.version)
    before = _store_state(two.session)
    with pytest.raises(ConcurrentEdit) as refused:
        two.update_person(read_by_two.id, replace(read_by_two.data, phone="+31622222222"),
                          version=read_by_two.version)
    assert (refused.value.kind, refused.value.record_id, refused.value.version) == \
        ("person", read_by_two.id, 1)
    now = _pleger(two, case_id)
    assert now.data == replace(PLEGER, residence="Hoorn") and now.version == 2
    assert _store_state(two.session)[0] == before[0]  # no history row for the refused save
    # Nothing of what either typed in the refusal, nor in the trail.
    assert "Hoorn" not in str(refused.value) and "2222" not in str(refused.value)


def test_the_refused_save_is_not_audited(desks, case_id):
    one, two = desks
    read = _pleger(two, case_id)
    one.update_person(read.id, replace(read.data, residence="Hoorn"), version=read.version)
    last = _store_state(two.session)[1]
    with pytest.raises(ConcurrentEdit):
        two.update_person(read.id, replace(read.data, last_name="Anders"), version=read.version)
    assert _store_state(two.session)[1] == last


def test_saving_again_on_the_version_read_after_reloading_succeeds(desks, case_id):
    one, two = desks
    read = _pleger(two, case_id)
    one.update_person(read.id, replace(read.data, residence="Hoorn"), version=read.version)
    with pytest.raises(ConcurrentEdit):
        two.update_person(read.id, replace(read.data, phone="+31622222222"), version=1)
    again = _pleger(two, case_id)
    assert two.update_person(again.id, replace(again.data, phone="+31622222222"),
                             version=again.version) == ["phone"]
    assert _pleger(one, case_id).data == replace(PLEGER, residence="Hoorn", phone="+31622222222")
    assert _pleger(one, case_id).version == 3


def test_the_second_desks_draft_survives_the_refusal(desks, case_id):
    one, two = desks
    read = _pleger(two, case_id)
    two.save_draft({"version": 1, "client": {"last_name": "Nog-Bezig"}})
    one.update_person(read.id, replace(read.data, residence="Hoorn"), version=read.version)
    with pytest.raises(ConcurrentEdit):
        two.update_person(read.id, replace(read.data, residence="Edam"), version=read.version)
    assert two.load_draft() == {"version": 1, "client": {"last_name": "Nog-Bezig"}}


def test_the_same_form_as_stored_is_no_conflict(desks, case_id):
    """Nothing she would write differs from what is stored: nothing is overwritten."""
    one, two = desks
    read = _pleger(two, case_id)
    one.update_person(read.id, replace(read.data, residence="Hoorn"), version=read.version)
    assert two.update_person(read.id, replace(read.data, residence="Hoorn"),
                             version=read.version) == []


def test_a_save_without_a_version_still_bumps_it(desks, case_id):
    """A rectification or a script saves without a version read; an open editor is still
    told, because every save bumps the version."""
    one, two = desks
    read = _pleger(two, case_id)
    one.update_person(read.id, replace(read.data, residence="Hoorn"))
    with pytest.raises(ConcurrentEdit):
        two.update_person(read.id, replace(read.data, residence="Edam"), version=read.version)


def test_the_comparison_shows_hers_and_the_stored_value_and_masks_the_secret_address(
        desks, case_id):
    one, two = desks
    client_id = two.case(case_id).client.id
    started = two.reveal_address(client_id)
    read_version = two.person(client_id).version
    mine = replace(started, phone="+31633333333", street="Eigen Schuilstraat")
    colleague = one.reveal_address(client_id)
    one.update_person(client_id, replace(colleague, residence="Hoorn", postcode="4321 BA"),
                      address_seen=True, version=read_version)
    with pytest.raises(ConcurrentEdit):
        two.update_person(client_id, mine, address_seen=True, version=read_version)
    compared = two.compare_with_stored(client_id, started, mine)
    fields = {f.field: f for f in compared.fields}
    assert set(fields) == {"street", "postcode", "residence", "phone"}
    assert (fields["phone"].mine, fields["phone"].stored) == ("+31633333333", "+31611111111")
    assert fields["phone"].by_me and not fields["phone"].by_other
    assert (fields["residence"].mine, fields["residence"].stored) == ("Zaandam", "Hoorn")
    assert fields["residence"].by_other and not fields["residence"].by_me
    for name in ("street", "postcode"):
        assert fields[name].masked and fields[name].mine is None and fields[name].stored is None
    assert fields["street"].by_me and fields["postcode"].by_other
    assert compared.person.version == 2 and compared.person.address_masked
    assert compared.person.data.street == "" and compared.person.data.postcode == ""
    everything = repr(compared)
    for secret in ("Schuilhof", "Eigen Schuilstraat", "4321", "1234"):
        assert secret not in everything
    # Whether two secret addresses differ tells something of the stored one: a reveal.
    row = audit.recent(trail_of(two.session), 1)[0]
    assert (row.action, row.record_type, row.record_id, row.reason) == \
        ("view", "person", str(client_id), "toon_adres")


def test_the_comparison_of_an_open_address_is_an_ordinary_view(desks, case_id):
    one, two = desks
    read = _pleger(two, case_id)
    one.update_person(read.id, replace(read.data, residence="Hoorn"), version=read.version)
    compared = two.compare_with_stored(read.id, read.data, replace(read.data, phone="+31644444444"))
    assert {f.field: (f.mine, f.stored) for f in compared.fields} == {
        "residence": ("Purmerend", "Hoorn"), "phone": ("+31644444444", "")}
    row = audit.recent(trail_of(two.session), 1)[0]
    assert (row.action, row.record_id, row.reason) == ("view", str(read.id), None)
    assert "Hoorn" not in str(row.detail) and "4444" not in str(row.detail)


def test_the_comparison_refuses_what_is_not_a_person(desks, case_id):
    two = desks[1]
    read = _pleger(two, case_id)
    with pytest.raises(InvalidInput):
        two.compare_with_stored(read.id, read.data, {"residence": "Hoorn"})


def test_closing_and_reopening_a_case_bump_its_version(desks, case_id, caseworker):
    from blijf_desktop.services.case_closing import CaseClosingService

    one = desks[0]
    assert one.case(case_id).version == 1
    closing = CaseClosingService(caseworker, today=lambda: TODAY)
    closing.close_case(case_id)
    assert one.case(case_id).version == 2
    closing.reopen_case(case_id)
    assert one.case(case_id).version == 3
