"""The informatieplicht (issue 20; Blijf 10.2, Mensenhandel 23): the overview lists exactly the
people the duty applies to who are neither informed nor excepted, with how long they have
waited (past four weeks marked); recording informed or an exception takes them off; bad input
is refused with the field; audit rows; who may record."""

from datetime import date, timedelta

import pytest

from blijf_desktop.domain.information_duty import Outcome
from blijf_desktop.domain.people import Category, PersonData
from blijf_desktop.services.errors import InvalidInput, PermissionDenied
from blijf_desktop.services.information_duty import InformationDutyService
from blijf_desktop.services.intake import IntakeService
from blijf_desktop.storage import audit
from tests.services.rights_fixtures import CHILD, CLIENT, DERDE, PLEGER
from tests.server.fixtures import trail_of

pytestmark = pytest.mark.engines

TODAY = date.today()
TEEN = PersonData(Category.CHILD, first_names="Tijn", last_name="Tiener", relation="kind",
                  birth_date=TODAY - timedelta(days=17 * 365))
NO_BIRTH = PersonData(Category.CHILD, first_names="Onbekend", last_name="Kind", relation="kind")


@pytest.fixture
def people(caseworker):
    intake = IntakeService(caseworker)
    case_id = intake.save_intake(CLIENT, [CHILD, TEEN, NO_BIRTH, DERDE, PLEGER])
    return {p.data.first_names: p.id for p in intake.case(case_id).people}


def duty(session, days_later=0):
    return InformationDutyService(session, today=lambda: TODAY + timedelta(days=days_later))


def test_the_overview_lists_exactly_those_neither_informed_nor_excepted(caseworker, people):
    waiting = duty(caseworker).overview()
    # Not the client (her own data), not a child under 16 (the client, her parent, gave it).
    assert {w.person_id for w in waiting} == {people[n] for n in
                                              ("Tijn", "Onbekend", "Roos", "Brutus")}
    service = duty(caseworker)
    service.record_informed(people["Roos"], TODAY, "telefonisch")
    service.record_exception(people["Brutus"], "gevaar_client",
                             "Hij zoekt haar; informeren verraadt dat zij hulp zoekt.")
    assert {w.person_id for w in duty(caseworker).overview()} == {people["Tijn"],
                                                                 people["Onbekend"]}


def test_past_four_weeks_is_marked_overdue(caseworker, people):
    assert not any(w.overdue for w in duty(caseworker, 28).overview())
    late = duty(caseworker, 29).overview()
    assert all(w.overdue and w.days_waiting == 29 for w in late)


def test_a_later_record_replaces_the_earlier_and_history_stays(caseworker, people):
    service = duty(caseworker, 40)
    service.record_exception(people["Brutus"], "gevaar_client", "Zij is nog in gevaar.")
    service.record_informed(people["Brutus"], TODAY + timedelta(days=40), "brief")
    status = service.status(people["Brutus"])
    assert status.current.outcome is Outcome.INFORMED and status.current.how == "brief"
    assert [r.outcome for r in status.history] == [Outcome.INFORMED, Outcome.EXCEPTION]
    assert status.current.recorded_role == "hulpverlener"


@pytest.mark.parametrize("call, field, code", [
    (lambda s, p: s.record_informed(p["Roos"], TODAY + timedelta(days=1), "brief"),
     "informed_on", "date_future"),
    (lambda s, p: s.record_informed(p["Roos"], TODAY - timedelta(days=1), "brief"),
     "informed_on", "before_recorded"),
    (lambda s, p: s.record_informed(p["Roos"], None, "brief"), "informed_on", "required"),
    (lambda s, p: s.record_informed(p["Roos"], TODAY, "duif"), "how", "required"),
    (lambda s, p: s.record_exception(p["Brutus"], "gevaar_client", "   "), "reason", "required"),
    (lambda s, p: s.record_exception(p["Brutus"], "geen_zin", "Reden."), "exception",
     "required"),
    (lambda s, p: s.record_exception(p["Brutus"], "gevaar_client", "x\x00y"), "reason",
     "control_characters"),
    (lambda s, p: s.record_informed(p["Fenna"], TODAY, "brief"), "person",
     "no_information_duty"),
    (lambda s, p: s.record_informed(p["Pimkind"], TODAY, "brief"), "person",
     "no_information_duty"),
])
def test_bad_input_is_refused_and_nothing_is_recorded(caseworker, people, call, field, code):
    service = duty(caseworker)
    with pytest.raises(InvalidInput) as refused:
        call(service, people)
    assert (refused.value.field, refused.value.problem) == (field, code)
    assert len(service.overview()) == 4


def test_records_are_audited_with_codes_only(caseworker, people):
    service = duty(caseworker)
    service.record_exception(people["Brutus"], "gevaar_client", "Reden-kanarie over haar.")
    service.overview()
    rows = audit.recent(trail_of(caseworker), 2)
    assert [(r.action, r.record_type) for r in rows] == [
        ("view", "information_duty_overview"), ("change", "information_duty")]
    assert "Reden-kanarie" not in (rows[1].detail or "") and "gevaar_client" in rows[1].detail


def test_the_beheerder_may_neither_record_nor_list(created, people):
    admin = InformationDutyService(created[0])
    with pytest.raises(PermissionDenied):
        admin.record_informed(people["Roos"], TODAY, "brief")
    with pytest.raises(PermissionDenied):
        admin.overview()
