"""AWARE-trajecten through the service: the whole path concept → … → beëindigd, refused
transitions with what must happen first, who may take which step, the step data checked, the
overview with overdue reviews and awaited police answers (an injected clock), audit rows with
ids only."""

import json
from datetime import date, timedelta

import pytest

from blijf_desktop.domain.aware import State
from blijf_desktop.domain.police import PoliceInfoKind
from blijf_desktop.domain.risk import CURRENT_VERSION
from blijf_desktop.services.aware import REVIEW_ACTION, AwareService
from blijf_desktop.services.errors import InvalidInput, PermissionDenied
from blijf_desktop.services.exchanges import ExchangeService, PoliceItem
from blijf_desktop.services.intake import IntakeService
from blijf_desktop.services.risk import RiskService
from blijf_desktop.storage import audit
from tests.conftest import LEAD_PASS
from tests.services.test_intake import CHILDREN, CLIENT, PLEGERS
from tests.services.test_risk import ORANJE
from tests.server.fixtures import trail_of

pytestmark = pytest.mark.engines

TODAY = date(2026, 12, 6)
REASON_TEXT = "Bedreigd met de dood, Traject-Kanarie-5X"


class Clock:
    def __init__(self, day: date):
        self.day = day

    def __call__(self) -> date:
        return self.day


@pytest.fixture
def clock():
    return Clock(TODAY)


@pytest.fixture
def case_id(caseworker):
    return IntakeService(caseworker).save_intake(CLIENT, CHILDREN + PLEGERS)


@pytest.fixture
def teamleider(teamleider, auth):  # noqa: F811 (the conftest's is a user name)
    session = auth.login(teamleider, LEAD_PASS)
    yield session
    session.close()


@pytest.fixture
def lead(teamleider, clock):
    return AwareService(teamleider, today=clock)


def people(session, case_id):
    return [p.id for p in IntakeService(session).case(case_id).people]


def started(lead, teamleider, case_id, screened=True):
    if screened:
        RiskService(teamleider).record(case_id, CURRENT_VERSION, ORANJE)
    return lead.start(case_id, "ernstige_bedreiging", REASON_TEXT, people(teamleider, case_id))


REQUEST = {"unit": "amsterdam", "asked": "Relevante incidenten en gevarenclassificatie.",
           "necessity": "Zij wordt ernstig bedreigd; het alarm vraagt een veiligheidsadvies.",
           "answer_by": TODAY + timedelta(days=7)}
ADVICE = {"measures": {"aware": True, "veilig_adres": True, "alarmtraining": False},
          "advice": "AWARE aansluiten; veilig adres.", "agreements": "Belt dagelijks."}
DECISION = {"committee": ["politie", "blijf", "veilig_thuis"],
            "reasons": "Hoog risico, bedreiging met de dood.", "decided_on": TODAY}
CONNECT = {"connected_on": TODAY, "device": "AW-2026-0042"}


def receive(teamleider, case_id, clock):
    pleger = IntakeService(teamleider).case(case_id).people[-1].id
    ExchangeService(teamleider, today=clock).record_incoming_police_info(
        case_id, "amsterdam", "Brigadier Proef", clock(), "mondeling",
        [PoliceItem(pleger, PoliceInfoKind.FEITEN, "Twee meldingen.")])


def to_connected(lead, teamleider, case_id, clock):
    traject = started(lead, teamleider, case_id)
    lead.step(traject, State.INFORMATIE_GEVRAAGD, REQUEST)
    receive(teamleider, case_id, clock)
    lead.step(traject, State.INFORMATIE_ONTVANGEN)
    lead.step(traject, State.ADVIES_OPGESTELD, ADVICE)
    lead.step(traject, State.TOEGEKEND, DECISION)
    lead.step(traject, State.AANGESLOTEN, CONNECT)
    return traject


def refused(call, field, problem):
    with pytest.raises(InvalidInput) as caught:
        call()
    assert (caught.value.field, caught.value.problem) == (field, problem)


def test_the_whole_path_from_concept_to_beeindigd(lead, teamleider, case_id, clock):
    traject = to_connected(lead, teamleider, case_id, clock)
    clock.day = TODAY + timedelta(weeks=3)
    lead.review(traject, {"reviewed_on": clock.day, "contact": True, "incidents": "",
                          "still_needed": True})
    lead.step(traject, State.VERLENGD, {"reason": "Hij zoekt haar nog.",
                                        "new_end_date": date(2027, 12, 6)})
    lead.step(traject, State.BEEINDIGD, {"reason": "Geen dreiging meer.",
                                         "handover": "wijkteam",
                                         "handover_on": clock.day})
    view = lead.traject(traject)
    assert view.state is State.BEEINDIGD and view.actions == ()
    states = [s.state for s in view.traject.steps]
    assert states == ["concept", "informatie_gevraagd", "informatie_ontvangen",
                      "advies_opgesteld", "toegekend", "aangesloten", "aangesloten", "verlengd",
                      "beeindigd"]
    assert {s.user_name for s in view.traject.steps} == {"Synthetische Teamleider"}
    assert view.traject.screening_id is not None  # the latest screening, attached at start
    advice = view.traject.steps[3].data  # kept for the PDF slice
    assert advice["measures"] == {"aware": True, "veilig_adres": True, "alarmtraining": False}
    assert advice["screening_id"] == view.traject.screening_id
    assert view.traject.steps[5].data["end_date"] == "2027-06-06"  # six months by default
    assert len(view.person_names) == 5


def test_refused_transitions_say_what_must_happen_first(lead, teamleider, case_id):
    traject = started(lead, teamleider, case_id)
    refused(lambda: lead.step(traject, State.TOEGEKEND, DECISION), "state",
            "eerst_informatie_vragen")
    lead.step(traject, State.INFORMATIE_GEVRAAGD, REQUEST)
    refused(lambda: lead.step(traject, State.TOEGEKEND, DECISION), "state",
            "eerst_informatie_ontvangen")
    # no police information recorded yet: the step needs it
    refused(lambda: lead.step(traject, State.INFORMATIE_ONTVANGEN), "needs",
            "politie_informatie")
    refused(lambda: lead.step(traject, State.CONCEPT), "state", "geen_weg_terug")


def test_a_decision_before_the_advice_is_refused(lead, teamleider, case_id, clock):
    traject = started(lead, teamleider, case_id)
    lead.step(traject, State.INFORMATIE_GEVRAAGD, REQUEST)
    receive(teamleider, case_id, clock)
    lead.step(traject, State.INFORMATIE_ONTVANGEN)
    refused(lambda: lead.step(traject, State.TOEGEKEND, DECISION), "state", "eerst_advies")


def test_a_rejected_traject_cannot_be_connected(lead, teamleider, case_id, clock):
    traject = started(lead, teamleider, case_id)
    lead.step(traject, State.INFORMATIE_GEVRAAGD, REQUEST)
    receive(teamleider, case_id, clock)
    lead.step(traject, State.INFORMATIE_ONTVANGEN)
    lead.step(traject, State.ADVIES_OPGESTELD, ADVICE)
    lead.step(traject, State.AFGEWEZEN, DECISION)
    refused(lambda: lead.step(traject, State.AANGESLOTEN, CONNECT), "state", "afgewezen")
    assert lead.traject(traject).actions == ("beeindigd",)


def test_a_hulpverlener_may_see_but_not_start_decide_or_step(lead, teamleider, caseworker,
                                                              case_id, clock):
    traject = started(lead, teamleider, case_id)
    worker = AwareService(caseworker, today=clock)
    with pytest.raises(PermissionDenied):
        worker.start(case_id, "stalking", "", people(caseworker, case_id))
    with pytest.raises(PermissionDenied):
        worker.step(traject, State.TOEGEKEND, DECISION)
    with pytest.raises(PermissionDenied):
        worker.review(traject, {})
    view = worker.traject(traject)
    assert view.state is State.CONCEPT and view.actions == ()  # no buttons for her
    assert [r.traject_id for r in worker.overview()] == [traject]


def test_a_beheerder_sees_no_trajects(created, case_id):
    admin, _recovery = created
    with pytest.raises(PermissionDenied):
        AwareService(admin).overview()


def test_step_data_is_checked(lead, teamleider, case_id, clock):
    traject = started(lead, teamleider, case_id)
    refused(lambda: lead.step(traject, State.INFORMATIE_GEVRAAGD, {**REQUEST, "necessity": " "}),
            "necessity", "required")
    refused(lambda: lead.step(traject, State.INFORMATIE_GEVRAAGD,
                              {**REQUEST, "answer_by": TODAY - timedelta(days=1)}),
            "answer_by", "date_past")
    lead.step(traject, State.INFORMATIE_GEVRAAGD, REQUEST)
    receive(teamleider, case_id, clock)
    lead.step(traject, State.INFORMATIE_ONTVANGEN)
    refused(lambda: lead.step(traject, State.ADVIES_OPGESTELD, {**ADVICE, "advice": ""}),
            "advice", "required")
    lead.step(traject, State.ADVIES_OPGESTELD, ADVICE)
    refused(lambda: lead.step(traject, State.TOEGEKEND, {**DECISION, "committee": []}),
            "committee", "required")
    refused(lambda: lead.step(traject, State.TOEGEKEND, {**DECISION, "committee": ["blijf"]}),
            "committee", "required_member_missing")
    refused(lambda: lead.step(traject, State.TOEGEKEND, {**DECISION, "reasons": ""}),
            "reasons", "required")
    lead.step(traject, State.TOEGEKEND, DECISION)
    refused(lambda: lead.step(traject, State.AANGESLOTEN,
                              {**CONNECT, "end_date": TODAY - timedelta(days=1)}),
            "end_date", "end_before_connection")
    lead.step(traject, State.AANGESLOTEN, CONNECT)
    refused(lambda: lead.review(traject, {"reviewed_on": TODAY - timedelta(days=1),
                                          "contact": True, "still_needed": True}),
            "reviewed_on", "review_before_connection")
    refused(lambda: lead.step(traject, State.VERLENGD, {"reason": "Nog nodig."}),
            "needs", "evaluatie")
    refused(lambda: lead.step(traject, State.BEEINDIGD, {"reason": "Klaar.",
                                                         "handover": "anders",
                                                         "handover_on": TODAY}),
            "handover_text", "explanation_required")


def test_a_review_before_the_connection_or_of_an_unconnected_traject_is_refused(
        lead, teamleider, case_id):
    traject = started(lead, teamleider, case_id)
    refused(lambda: lead.review(traject, {"reviewed_on": TODAY, "contact": True,
                                          "still_needed": True}), "state", "eerst_aansluiten")


def test_the_advice_needs_a_screening(lead, teamleider, case_id, clock):
    traject = started(lead, teamleider, case_id, screened=False)
    lead.step(traject, State.INFORMATIE_GEVRAAGD, REQUEST)
    receive(teamleider, case_id, clock)
    lead.step(traject, State.INFORMATIE_ONTVANGEN)
    refused(lambda: lead.step(traject, State.ADVIES_OPGESTELD, ADVICE), "needs", "risicotaxatie")


def test_start_checks_reason_and_people(lead, teamleider, case_id):
    refused(lambda: lead.start(case_id, "anders", " ", people(teamleider, case_id)),
            "reason_text", "explanation_required")
    refused(lambda: lead.start(case_id, "", "", people(teamleider, case_id)), "reason", "required")
    refused(lambda: lead.start(case_id, "stalking", "", []), "persons", "required")
    refused(lambda: lead.start(case_id, "stalking", "", [999999]), "persons", "not_in_case")
    refused(lambda: lead.start(424242, "stalking", "", [1]), "case", "unknown")


def test_overdue_reviews_are_flagged_with_an_injected_clock(lead, teamleider, case_id, clock):
    traject = to_connected(lead, teamleider, case_id, clock)
    row = lead.overview()[0]
    assert row.next_review == TODAY + timedelta(weeks=4) and not row.overdue
    assert row.end_date == date(2027, 6, 6)
    clock.day = TODAY + timedelta(weeks=4, days=1)
    row = lead.overview()[0]
    assert row.review_overdue and row.overdue
    lead.review(traject, {"reviewed_on": clock.day, "contact": False,
                          "incidents": "Hij stond voor de deur.", "still_needed": True})
    row = lead.overview()[0]
    assert not row.review_overdue and row.next_review == clock.day + timedelta(weeks=4)
    assert REVIEW_ACTION in lead.traject(traject).actions


def test_the_overview_shows_awaited_police_answers_and_filters(lead, teamleider, case_id, clock):
    waiting = started(lead, teamleider, case_id)
    lead.step(waiting, State.INFORMATIE_GEVRAAGD, REQUEST)
    other = started(lead, teamleider, case_id, screened=False)
    rows = {r.traject_id: r for r in lead.overview()}
    assert rows[waiting].awaiting_police and rows[waiting].answer_by == REQUEST["answer_by"]
    assert not rows[other].awaiting_police and rows[other].state is State.CONCEPT
    assert rows[waiting].client_name == "Ayşe Öztürk-Kanarie"
    clock.day = REQUEST["answer_by"] + timedelta(days=1)
    first = lead.overview()[0]
    assert first.traject_id == waiting and first.answer_overdue  # overdue first
    assert [r.traject_id for r in lead.overview(state="concept")] == [other]
    assert [r.traject_id for r in lead.overview(unit="amsterdam")] == [waiting]
    assert lead.overview(unit="noord_holland") == []
    assert [v.id for v in lead.for_case(case_id)] == [waiting, other]


def test_audit_rows_name_ids_and_codes_only(lead, teamleider, case_id, clock):
    traject = to_connected(lead, teamleider, case_id, clock)
    lead.traject(traject)
    lead.overview()
    rows = [r for r in audit.recent(trail_of(teamleider), 1000)
            if r.record_type in ("aware_traject", "aware_overview")]
    assert {r.action for r in rows} == {"change", "view"}
    changes = [r for r in rows if r.action == "change"]
    assert len(changes) == 6  # start and five steps
    text = json.dumps([r.__dict__ for r in rows], default=str)
    for secret in ("Kanarie", "AW-2026-0042", "Öztürk", "bedreiging", "veilig adres",
                   "Brigadier"):
        assert secret not in text


def test_steps_are_never_changed_in_the_store(lead, teamleider, case_id):
    traject = started(lead, teamleider, case_id)
    with pytest.raises(Exception, match="never changed"):
        with teamleider.db.transaction() as conn:
            conn.execute("UPDATE traject_steps SET state = 'toegekend' WHERE traject_id = ?",
                         (traject,))
