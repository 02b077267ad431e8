"""Requests of the people recorded, through the service on a real store (issue 20): the term
that applies (chain data or not), an extension only within the first month, consultation
before a decision where police or chain data is involved, a refusal written with reasons and
printed (parsed back), and the decisions carried out: a restricted person is absent from
search, lists and new exchanges until lifted; steps are append-only; audit rows name ids only."""

import io
from dataclasses import replace
from datetime import date, timedelta

import pytest
import sqlcipher3
from pypdf import PdfReader

from blijf_desktop.domain.people import Category, PersonData
from blijf_desktop.domain.police import PoliceInfoKind
from blijf_desktop.domain.rights import Phase, Urgency
from blijf_desktop.services.errors import InvalidInput, PermissionDenied
from blijf_desktop.services.exchanges import ExchangeService, PoliceItem
from blijf_desktop.services.intake import IntakeService
from blijf_desktop.services.rights import RequestService
from blijf_desktop.services.sharing import SharingService
from blijf_desktop.services.signals import SignalService
from blijf_desktop.storage import audit
from tests.services.test_exchanges import lead  # noqa: F401 (a fixture)
from tests.services.test_intake import CHILDREN, CLIENT, PLEGERS
from tests.server.fixtures import store_errors, trail_of

pytestmark = pytest.mark.engines

RECEIVED = date(2026, 1, 31)
SIGNAL_FIELDS = {"signaal.datum_tijd": "01-01-2026 10:00", "signaal.omschrijving": "Proefsignaal.",
                 "signaal.bron_naam": "Proef", "signaal.bron_organisatie": "Blijf Groep",
                 "vermoeden.economisch": "ja"}


class Clock:
    def __init__(self, day: date):
        self.day = day

    def __call__(self) -> date:
        return self.day


@pytest.fixture
def clock():
    return Clock(date(2026, 2, 2))


@pytest.fixture
def service(lead, clock):  # noqa: F811
    return RequestService(lead, today=clock)


@pytest.fixture
def intake(lead, clock):  # noqa: F811
    return IntakeService(lead, today=clock)


@pytest.fixture
def case(intake):
    return intake.case(intake.save_intake(CLIENT, CHILDREN + PLEGERS))


def who(case, category, index=0):
    return [p for p in case.people if p.data.category is category][index]


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def refused(call, *args, **kwargs) -> tuple[str, str]:
    with pytest.raises(InvalidInput) as found:
        call(*args, **kwargs)
    return found.value.field, found.value.problem


# -- the term ----------------------------------------------------------------------------------
def test_one_month_without_chain_data_and_four_weeks_with_a_signal(service, case, lead):  # noqa: F811
    client = who(case, Category.CLIENT)
    plain = service.register(client.id, "inzage", RECEIVED, "schriftelijk")
    assert service.request(plain).row.status.deadline == date(2026, 2, 28)
    SignalService(lead, today=lambda: RECEIVED).save(case.case_id, SIGNAL_FIELDS)
    chain = service.register(client.id, "inzage", RECEIVED, "schriftelijk")
    detail = service.request(chain)
    assert detail.row.chain and detail.row.status.deadline == RECEIVED + timedelta(weeks=4)
    assert detail.coordination_missing == ("ketenpartners",)
    # The first request keeps the term it was registered with.
    assert service.request(plain).row.status.deadline == date(2026, 2, 28)


def test_a_request_received_in_the_future_is_refused(service, case, clock):
    assert refused(service.register, who(case, Category.CLIENT).id, "inzage",
                   clock.day + timedelta(days=1), "email") == ("received_on", "date_future")
    assert service.overview() == []


def test_an_extension_after_the_first_month_is_refused(service, case, clock):
    request_id = service.register(who(case, Category.CLIENT).id, "wissing", RECEIVED, "email")
    clock.day = date(2026, 3, 1)  # the first month ended on 28 February
    assert refused(service.extend, request_id, 2, "Veel gegevens bij drie partijen.") == (
        "recorded_on", "after_first_month")
    clock.day = date(2026, 2, 28)
    service.extend(request_id, 2, "Veel gegevens bij drie partijen.")
    row = service.request(request_id).row
    assert row.status.deadline == date(2026, 4, 30)
    assert refused(service.extend, request_id, 1, "Nog eens.") == ("months", "already_extended")


def test_near_and_past_deadlines_in_the_overview_most_urgent_first(service, case, clock):
    client = who(case, Category.CLIENT).id
    late = service.register(client, "inzage", date(2026, 1, 1), "email")
    near = service.register(client, "bezwaar", date(2026, 1, 5), "email")
    calm = service.register(client, "inzage", date(2026, 2, 1), "email")
    clock.day = date(2026, 2, 2)
    rows = service.overview()
    assert [r.request_id for r in rows] == [late, near, calm]
    assert [r.status.urgency for r in rows] == [Urgency.PAST, Urgency.NEAR, Urgency.OPEN]


# -- consulting the police and the chain (Blijf 11.5) ------------------------------------------
def test_police_data_about_the_person_needs_consultation_before_the_decision(service, case,
                                                                            lead, clock):  # noqa: F811
    pleger = who(case, Category.PLEGER)
    ExchangeService(lead, today=clock).record_incoming_police_info(
        case.case_id, "amsterdam", "Brigadier Proef", RECEIVED, "mondeling",
        [PoliceItem(pleger.id, PoliceInfoKind.FEITEN, "Twee meldingen.")])
    request_id = service.register(pleger.id, "inzage", RECEIVED, "schriftelijk")
    assert refused(service.decide, request_id, "afgewezen", "Gevaar voor de cliënt.",
                   ["bescherming_anderen"]) == ("coordination", "required")
    service.coordinate(request_id, ["politie"], date(2026, 2, 1), "Afgestemd met wijkagent.")
    service.decide(request_id, "afgewezen", "Gevaar voor de cliënt.", ["bescherming_anderen"])
    assert service.request(request_id).row.status.phase is Phase.TE_BEANTWOORDEN


# -- a refusal, written and printed --------------------------------------------------------------
def test_a_refusal_needs_grounds_and_reasons_and_a_decision_is_taken_once(service, case):
    request_id = service.register(who(case, Category.CLIENT).id, "inzage", RECEIVED, "email")
    assert refused(service.decide, request_id, "deels_afgewezen", "", ["opsporing"]) == (
        "reasons", "required")
    assert refused(service.decide, request_id, "afgewezen", "Want.", []) == ("grounds",
                                                                             "required")
    service.decide(request_id, "toegewezen")
    assert refused(service.decide, request_id, "toegewezen") == ("decision", "already_decided")
    assert refused(service.refusal_letter, request_id) == ("decision", "not_refused")


def test_the_refusal_letter_to_a_pleger_holds_his_address_and_nothing_of_hers(service, case,
                                                                              lead):  # noqa: F811
    pleger = who(case, Category.PLEGER)  # Mehmet Çelik, Purmerend
    request_id = service.register(pleger.id, "inzage", RECEIVED, "schriftelijk")
    service.decide(request_id, "deels_afgewezen", "Een deel gaat over anderen.",
                   ["bescherming_anderen"])
    text = pdf_text(service.refusal_letter(request_id))
    assert "Mehmet Çelik" in text and "Purmerend" in text
    assert "gedeeltelijk af te wijzen" in text and "Een deel gaat over anderen." in text
    assert "art. 41 lid 1 onder i UAVG" in text and f"V-{request_id:05d}" in text
    for hers in ("Ayşe", "Öztürk", "Veiligestraat", "9876", "Zaandam", "Emre", "Elif",
                 f"BG-{case.case_id:05d}"):
        assert hers not in text
    printed = [r for r in audit.recent(trail_of(lead)) if r.action == "print"]
    assert printed[0].record_type == "refusal_letter" and printed[0].record_id == str(request_id)


def test_a_client_with_a_secret_address_gets_a_letter_without_it(service, case):
    client = who(case, Category.CLIENT)
    request_id = service.register(client.id, "wissing", RECEIVED, "schriftelijk")
    service.decide(request_id, "afgewezen", "Nodig voor uw veiligheid.", ["bescherming_anderen"])
    text = pdf_text(service.refusal_letter(request_id))
    assert "Ayşe Öztürk-Kanarie" in text and "Veiligestraat" not in text and "9876" not in text


# -- restriction and objection ---------------------------------------------------------------
def test_a_restricted_person_leaves_search_lists_and_new_exchanges_until_lifted(
        service, case, intake, lead, clock):  # noqa: F811
    client = who(case, Category.CLIENT)
    exchanges = ExchangeService(lead, today=clock)
    sharing = SharingService(lead, today=clock)
    request_id = service.register(client.id, "beperking", RECEIVED, "mondeling")
    assert any(h.person_id == client.id for h in intake.search("Ayşe"))
    service.decide(request_id, "toegewezen")
    assert not any(h.person_id == client.id for h in intake.search("Ayşe"))
    assert not any(h.person_id == client.id for h in intake.recent_clients())
    assert not any(h.person_id == client.id for h in intake.find(""))
    assert intake.case(case.case_id).client.restricted  # the marker for those who open it
    assert refused(intake.update_person, client.id, PersonData(
        Category.CLIENT, first_names="Anders", last_name="Öztürk-Kanarie")) == (
        "person", "restricted")
    assert refused(exchanges.record_outgoing, case.case_id, "amsterdam", "infocheck",
                   "gevraagd", "mondeling", {client.id: {"last_name"}}) == ("person",
                                                                            "restricted")
    offer = {o.person_id: o for o in sharing.offer(case.case_id, "amsterdam", "infocheck")}
    assert offer[client.id].allowed == () and {e.reason for e in offer[client.id].excluded} == {
        "restricted"}
    assert refused(sharing.preview, case.case_id, "amsterdam", "infocheck",
                   {client.id: {"last_name"}}) == ("person", "restricted")
    assert [c.restricted for c in service.find_person("Ayşe")] == [True]
    assert service.request(request_id).row.status.phase is Phase.TE_BEANTWOORDEN

    assert refused(service.lift_restriction, client.id, "") == ("lift_reason", "required")
    service.lift_restriction(client.id, "Juistheid vastgesteld; cliënt vooraf geïnformeerd.")
    assert any(h.person_id == client.id for h in intake.search("Ayşe"))
    assert any(h.person_id == client.id for h in intake.recent_clients())
    assert not intake.case(case.case_id).client.restricted
    exchanges.record_outgoing(case.case_id, "amsterdam", "infocheck", "gevraagd", "mondeling",
                              {client.id: {"last_name"}})


def test_a_granted_objection_stops_processing_at_once_and_opens_the_recipients_task(
        service, case, lead, clock):  # noqa: F811
    pleger = who(case, Category.PLEGER)
    ExchangeService(lead, today=clock).record_outgoing(
        case.case_id, "amsterdam", "infocheck", "gevraagd", "mondeling", {pleger.id: {"last_name"}})
    request_id = service.register(pleger.id, "bezwaar", RECEIVED, "schriftelijk")
    service.coordinate(request_id, ["politie"], clock.day)
    service.decide(request_id, "toegewezen", "Bijzondere omstandigheden aangetoond.")
    detail = service.request(request_id)
    assert detail.restriction.reason == "bezwaar" and detail.row.restricted
    carried = [s for s in detail.steps if s.step == "uitgevoerd"]
    assert carried and carried[0].on_date == clock.day  # terstond, Mensenhandel 27.2
    task_id = carried[0].links["task"]
    row = lead.db.conn.execute("SELECT kind, person_id FROM follow_up_tasks WHERE id = ?",
                               (task_id,)).fetchone()
    assert tuple(row) == ("beperking", pleger.id)


def test_an_erasure_is_decided_and_stays_open_until_carried_out(service, case, clock):
    request_id = service.register(who(case, Category.CHILD).id,
                                  "wissing", RECEIVED, "schriftelijk")
    service.decide(request_id, "toegewezen")
    status = service.request(request_id).row.status
    assert status.phase is Phase.UIT_TE_VOEREN
    assert status.deadline == clock.day + timedelta(weeks=4)  # Mensenhandel 26.3
    clock.day += timedelta(weeks=4, days=1)
    assert service.request(request_id).row.status.urgency is Urgency.PAST


def test_a_granted_rectification_goes_through_the_history_and_is_linked(service, case, intake,
                                                                         clock):
    pleger = who(case, Category.PLEGER, 1)  # Kees de Vries
    request_id = service.register(pleger.id, "rectificatie", RECEIVED, "email",
                                  "Mijn woonplaats klopt niet.")
    assert refused(service.carry_out_rectification, request_id, pleger.data) == (
        "decision", "not_granted")
    service.decide(request_id, "toegewezen")
    new = replace(pleger.data, residence="Hoorn")
    assert service.carry_out_rectification(request_id, new) == ["residence"]
    history = intake.history(pleger.id)
    step = [s for s in service.request(request_id).steps if s.step == "uitgevoerd"][0]
    assert history[0].field == "residence" and history[0].new_value == "Hoorn"
    assert step.links["fields"] == ["residence"] and len(step.links["history"]) == 1
    service.record_answer(request_id, clock.day, "email")
    assert service.request(request_id).row.status.phase is Phase.AFGEROND
    assert refused(service.coordinate, request_id, ["politie"], clock.day) == (
        "request", "answered")


# -- the record stays whole ----------------------------------------------------------------------
def test_steps_and_requests_are_never_changed_or_deleted(service, case, lead):  # noqa: F811
    request_id = service.register(who(case, Category.CLIENT).id, "inzage", RECEIVED, "email")
    service.decide(request_id, "toegewezen")
    for sql in ("UPDATE rights_request_steps SET decision = 'afgewezen'",
                "DELETE FROM rights_request_steps", "UPDATE rights_requests SET kind = 'wissing'",
                "DELETE FROM rights_requests"):
        # locally the 0013/0023 triggers; on a server the triggers, and no role has DELETE
        with pytest.raises((sqlcipher3.IntegrityError, *store_errors()),
                           match="never|only by an approved destruction|permission denied"):
            with lead.db.transaction() as conn:
                conn.execute(sql)


def test_audit_rows_name_ids_and_codes_only(service, case, lead):  # noqa: F811
    pleger = who(case, Category.PLEGER)
    request_id = service.register(pleger.id, "rectificatie", RECEIVED, "email",
                                  "Mijn naam is verkeerd gespeld: Çelik.")
    service.decide(request_id, "afgewezen", "De naam Çelik staat goed.", ["geen_grond_verzoek"])
    service.refusal_letter(request_id)
    service.overview()
    rows = [r for r in audit.recent(trail_of(lead), 500) if r.record_type and (
        r.record_type.startswith("rights") or r.record_type == "refusal_letter")]
    assert [r.action for r in rows] == ["view", "print", "change", "change"]
    for row in rows:
        for word in ("Çelik", "Mehmet", "verkeerd", "staat goed"):
            assert word not in (row.detail or "") and word not in (row.reason or "")


def test_a_caseworker_may_not_handle_requests(caseworker, case):
    with pytest.raises(PermissionDenied):
        RequestService(caseworker).register(who(case, Category.CLIENT).id, "inzage",
                                            RECEIVED, "email")
