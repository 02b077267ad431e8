"""The exchange register through the service: police information per person category, the
refusals that keep police data in (Blijf 5.2, 5.8) and outgoing data within its purpose (5.6),
the register's filters, documents kept byte-exact, audit rows with ids only, roles."""

import hashlib
import json
from datetime import date

import pytest

from tests.conftest import confirm_pending

from blijf_desktop.domain.exchanges import Direction, Initiative, Purpose
from blijf_desktop.domain.people import Category
from blijf_desktop.domain.police import UNITS, Channel, DangerFlag, PoliceInfoKind as K
from blijf_desktop.domain.risk import AnswerValue as A
from blijf_desktop.domain.roles import Role
from blijf_desktop.services.accounts import AccountService
from blijf_desktop.services.errors import InvalidInput, PermissionDenied
from blijf_desktop.services.exchanges import ExchangeService, PoliceItem
from blijf_desktop.services.intake import IntakeService
from blijf_desktop.storage import audit
from tests.server.fixtures import trail_of
from tests.services.test_intake import CHILDREN, CLIENT, PLEGERS

pytestmark = pytest.mark.engines

TODAY = date(2026, 11, 23)
LEAD, LEAD_PASS = "leiding", "Blauwe-Reiger-Vist-2026"  # as tests.conftest: it confirms accounts
CONTENT = "Twee meldingen van bedreiging in 2025, Kanarie-Politie-7Q."


@pytest.fixture
def lead(created, auth):
    """A teamleider, logged in and ready: the role designated for police exchanges."""
    admin_session, _ = created
    AccountService(admin_session).accept_confidentiality()
    AccountService(admin_session).add_user(LEAD, "Synthetische Teamleider", Role.TEAMLEIDER,
                                           "Eenmalig-Wachtwoord-9")
    confirm_pending(created, auth, LEAD)  # issue 22
    session = auth.login(LEAD, "Eenmalig-Wachtwoord-9")
    own = AccountService(session)
    own.accept_confidentiality()
    own.change_own_passphrase("Eenmalig-Wachtwoord-9", LEAD_PASS)
    yield session
    session.close()


@pytest.fixture
def service(lead):
    return ExchangeService(lead, today=lambda: TODAY)


@pytest.fixture
def case(lead):
    intake = IntakeService(lead, today=lambda: TODAY)
    return intake.case(intake.save_intake(CLIENT, CHILDREN + PLEGERS))


def person(case, category, index=0):
    return [p for p in case.people if p.data.category is category][index]


def flags(**values):
    return {DangerFlag(name): A(value) for name, value in values.items()}


def record_for_pleger(service, case, **changes):
    pleger = person(case, Category.PLEGER)
    arguments = dict(case_id=case.case_id, unit="amsterdam", contact="Brigadier Proef",
                     received_on=date(2026, 11, 20), oral_or_written=Channel.MONDELING,
                     items=[PoliceItem(pleger.id, K.GEVARENCLASSIFICATIE,
                                       flags=flags(vuurwapengevaarlijk="ja", alcoholist="nee")),
                            PoliceItem(pleger.id, K.GEWELDSINCIDENTEN, CONTENT)])
    arguments.update(changes)
    return service.record_incoming_police_info(**arguments)


def audit_rows(session, action=None):
    return [r for r in audit.recent(trail_of(session), 1000) if action is None or r.action == action]


# -- police information per category ---------------------------------------------------------
def test_police_info_for_a_pleger_is_recorded_with_unit_contact_basis_and_flags(service, case):
    exchange_id = record_for_pleger(service, case)
    entry = service.entry(exchange_id)
    assert (entry.direction, entry.counterparty, entry.channel, entry.contact) == (
        "in", "amsterdam", "mondeling", "Brigadier Proef")
    assert entry.police_info and entry.basis == UNITS["amsterdam"].basis
    assert entry.exchanged_on == date(2026, 11, 20) and entry.recorded_by_name == \
        "Synthetische Teamleider"
    by_kind = {item.kind: item for item in entry.items}
    assert by_kind["gevarenclassificatie"].flags == {
        "vuurwapengevaarlijk": "ja", "alcoholist": "nee", "harddruggebruiker": "onbekend",
        "medische_indicatie": "onbekend", "wapengevaarlijk": "onbekend",
        "geweld_verzetpleger": "onbekend"}
    assert by_kind["geweldsincidenten"].content == CONTENT


@pytest.mark.parametrize("category,kind", [(Category.CLIENT, K.INCIDENTEN),
                                           (Category.CHILD, K.ARTIKEL_8),
                                           (Category.CHILD, K.ARTIKEL_13),
                                           (Category.DERDE, K.VEILIGHEID)])
def test_each_category_receives_what_4_2_allows(service, case, category, kind, lead):
    if category is Category.DERDE:
        IntakeService(lead).add_person(case.case_id, __import__(
            "blijf_desktop.domain.people", fromlist=["PersonData"]).PersonData(
            Category.DERDE, first_names="Ruud", last_name="Derde-Proef", relation="buur"))
        case = IntakeService(lead).case(case.case_id)
    who = person(case, category)
    exchange_id = record_for_pleger(service, case, items=[PoliceItem(who.id, kind, CONTENT)])
    assert [i.kind for i in service.entry(exchange_id).items] == [kind.value]


def test_a_danger_flag_for_a_child_is_refused_and_nothing_is_stored(service, case, lead):
    child = person(case, Category.CHILD)
    before = len(service.register())
    for kind in (K.ARTIKEL_8, K.GEVARENCLASSIFICATIE):
        with pytest.raises(InvalidInput) as refused:
            record_for_pleger(service, case, items=[
                PoliceItem(child.id, kind, CONTENT, flags=flags(wapengevaarlijk="ja"))])
        assert (refused.value.field, refused.value.problem) == ("flags", "not_allowed")
    assert len(service.register()) == before


@pytest.mark.parametrize("category,kind", [(Category.CHILD, K.INCIDENTEN),
                                           (Category.CLIENT, K.GEVARENCLASSIFICATIE),
                                           (Category.CLIENT, K.TIJDELIJK_HUISVERBOD),
                                           (Category.PLEGER, K.ARTIKEL_8),
                                           (Category.PLEGER, K.INCIDENTEN)])
def test_a_kind_the_category_may_not_receive_is_refused(service, case, category, kind):
    with pytest.raises(InvalidInput) as refused:
        record_for_pleger(service, case, items=[PoliceItem(person(case, category).id, kind,
                                                           CONTENT)])
    assert (refused.value.field, refused.value.problem) == ("kind", "not_allowed")


@pytest.mark.parametrize("changes,field,problem", [
    ({"unit": ""}, "unit", "required"),
    ({"unit": "rotterdam"}, "unit", "unknown_unit"),
    ({"contact": "  "}, "contact", "required"),
    ({"received_on": date(2026, 11, 24)}, "received_on", "date_future"),
    ({"oral_or_written": "per duif"}, "channel", "unknown"),
    ({"items": []}, "items", "required"),
])
def test_a_receipt_without_what_it_must_say_is_refused(service, case, changes, field, problem):
    with pytest.raises(InvalidInput) as refused:
        record_for_pleger(service, case, **changes)
    assert (refused.value.field, refused.value.problem) == (field, problem)


def test_a_person_of_another_case_and_empty_content_are_refused(service, case, lead):
    other = IntakeService(lead).save_intake(CLIENT, [])
    stranger = IntakeService(lead).case(other).client.id
    with pytest.raises(InvalidInput) as refused:
        record_for_pleger(service, case, items=[PoliceItem(stranger, K.FEITEN, CONTENT)])
    assert refused.value.field == "person"
    with pytest.raises(InvalidInput) as refused:
        record_for_pleger(service, case, items=[PoliceItem(case.client.id, K.FEITEN, "")])
    assert (refused.value.field, refused.value.problem) == ("content", "required")


def test_rows_are_never_changed_a_correction_is_a_new_row(service, case, lead):
    first = record_for_pleger(service, case)
    with pytest.raises(Exception, match="never changed"):
        with lead.db.transaction() as conn:
            conn.execute("UPDATE exchange_items SET content = 'anders'")
    second = record_for_pleger(service, case, corrects=first, contact="Agent Tweede")
    assert service.entry(first).corrected_by == (second,)
    assert service.entry(second).corrects_id == first
    with pytest.raises(InvalidInput):
        record_for_pleger(service, case, corrects=999)


# -- outgoing: purpose binding ---------------------------------------------------------------------
def outgoing(service, case, kinds_by_person, **changes):
    arguments = dict(case_id=case.case_id, counterparty="noord_holland",
                     purpose=Purpose.INFOCHECK, asked=Initiative.GEVRAAGD,
                     oral_or_written=Channel.SCHRIFTELIJK, persons_and_kinds=kinds_by_person)
    arguments.update(changes)
    return service.record_outgoing(**arguments)


@pytest.mark.parametrize("kind", ["gevarenclassificatie", "vuurwapengevaarlijk",
                                  "geweldsincidenten", "relevante_incidenten"])
def test_police_data_never_goes_out(service, case, kind):
    pleger = person(case, Category.PLEGER)
    record_for_pleger(service, case)
    for purpose in Purpose:
        with pytest.raises(InvalidInput) as refused:
            outgoing(service, case, {pleger.id: {"last_name", kind}}, purpose=purpose)
        assert (refused.value.field, refused.value.problem) == ("kinds", "police_data")
    assert [r.direction for r in service.register()] == ["in"]


def test_a_kind_outside_the_purpose_is_refused(service, case):
    # An infocheck identifies people: a phone number or the threat information is not needed.
    for kind in ("phone", "dreigingsinformatie", "bsn"):
        with pytest.raises(InvalidInput) as refused:
            outgoing(service, case, {case.client.id: {"last_name", kind}})
        assert (refused.value.field, refused.value.problem) == ("kinds",
                                                                "not_allowed_for_purpose")
    assert service.allowed_out(case.case_id, "noord_holland", Purpose.INFOCHECK)[
        case.client.id] == frozenset({"first_names", "prefix", "last_name", "street",
                                      "house_number", "postcode", "residence", "birth_place",
                                      "birth_date"})


def test_an_outgoing_document_is_kept_byte_exact_with_its_sha256(service, case, lead):
    document = bytes(range(256)) * 40 + b"%PDF-1.7 Kanarie"
    exchange_id = outgoing(service, case, {case.client.id: {"last_name", "birth_date"}},
                           document=document, summary="Infocheck na melding.")
    entry = service.entry(exchange_id)
    assert entry.document_sha256 == hashlib.sha256(document).hexdigest()
    assert entry.document_size == len(document) and entry.basis.startswith("Artikel 6")
    assert service.document(exchange_id) == document
    assert audit_rows(lead, "view")[0].record_type == "exchange_document"
    no_document = outgoing(service, case, {case.client.id: {"last_name"}})
    with pytest.raises(InvalidInput):
        service.document(no_document)


def test_a_saved_document_is_private_whole_and_audited_without_its_path(service, case, lead,
                                                                        tmp_path):
    """Found in review: the page wrote it with open(), so it got the default mode (0644)."""
    import os
    import stat

    document = b"%PDF-1.7 verstrekt " * 100
    exchange_id = outgoing(service, case, {case.client.id: {"last_name"}}, document=document)
    target = tmp_path / "map met naam" / "verstrekking.pdf"
    target.parent.mkdir()
    target.write_bytes(b"ouder bestand")
    os.chmod(target, 0o644)  # an older file's mode must not be kept
    service.save_document(exchange_id, target)
    assert target.read_bytes() == document
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    row = audit_rows(lead, "export")[0]
    assert row.record_id == str(exchange_id) and "map met naam" not in str(row.detail)


# -- the register --------------------------------------------------------------------------------
def test_the_register_filters_by_person_counterparty_period_and_direction(service, case):
    police_in = record_for_pleger(service, case)
    check_out = outgoing(service, case, {case.client.id: {"last_name"}},
                         exchanged_on=date(2026, 10, 1))
    assert [r.id for r in service.register()] == [police_in, check_out]
    assert [r.id for r in service.register(direction=Direction.UIT)] == [check_out]
    assert [r.id for r in service.register(counterparty="amsterdam")] == [police_in]
    assert [r.id for r in service.register(date_from=date(2026, 11, 1))] == [police_in]
    assert [r.id for r in service.register(date_to=date(2026, 10, 31))] == [check_out]
    assert [r.id for r in service.register(person="Mehmet")] == [police_in]
    assert [r.id for r in service.register(person="Öztürk")] == [check_out]
    assert service.register(person="Niemandsland") == []
    with pytest.raises(InvalidInput):
        service.register(person="Ay")
    pleger = person(case, Category.PLEGER)
    mine = service.for_person(pleger.id)
    assert [r.id for r in mine.received] == [police_in] and mine.given == []
    assert [r.id for r in service.for_person(case.client.id).given] == [check_out]


def test_audit_rows_name_ids_and_codes_only(service, case, lead):
    exchange_id = record_for_pleger(service, case)
    service.register(person="Mehmet")
    service.entry(exchange_id)
    out = outgoing(service, case, {case.client.id: {"last_name"}}, summary="Kanarie-Samenvatting")
    rows = [r for r in audit_rows(lead) if r.record_type and "exchange" in r.record_type]
    assert {(r.action, r.record_type) for r in rows} == {
        ("change", "exchange"), ("view", "exchange_register"), ("view", "exchange"),
        ("disclose", "exchange")}
    change = next(r for r in rows if r.action == "change")
    assert json.loads(change.detail)["persons"] == [person(case, Category.PLEGER).id]
    disclose = next(r for r in rows if r.action == "disclose")
    assert disclose.record_id == str(out)
    text = json.dumps([r.__dict__ for r in audit_rows(lead)], ensure_ascii=False)
    for personal in ("Brigadier", "Kanarie", "Mehmet", "Öztürk", "Çelik"):
        assert personal not in text


# -- roles ---------------------------------------------------------------------------------------
def test_a_caseworker_may_neither_record_nor_see_the_register(caseworker, service, case):
    theirs = ExchangeService(caseworker, today=lambda: TODAY)
    with pytest.raises(PermissionDenied):
        record_for_pleger(theirs, case)
    for call in (lambda: theirs.register(), lambda: theirs.entry(1),
                 lambda: theirs.for_person(case.client.id),
                 lambda: outgoing(theirs, case, {case.client.id: {"last_name"}})):
        with pytest.raises(PermissionDenied):
            call()
