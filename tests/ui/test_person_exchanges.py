"""Per person in the case: what was received about her and from whom, what was given to whom
(the register read for one person). Police information is marked; a role that may not see
the register does not see this either."""

from PySide6.QtWidgets import QLabel

from blijf_desktop.domain.people import Category
from blijf_desktop.services.intake import IntakeService
from blijf_desktop.ui.intake.person_detail import PersonDetail
from tests.services.test_exchanges import (  # noqa: F401 (fixtures)
    TODAY, audit_rows, case, lead, outgoing, person, record_for_pleger, service,
)


def texts(widget) -> str:
    return "\n".join(label.text() for label in widget.findChildren(QLabel))


def test_the_client_shows_what_was_given_and_the_pleger_what_was_received(
        qtbot, service, case, lead):
    record_for_pleger(service, case)
    outgoing(service, case, {case.client.id: {"last_name", "birth_date"}})
    intake = IntakeService(lead, today=lambda: TODAY)
    client = PersonDetail(intake, intake.person(case.client.id), today=lambda: TODAY)
    qtbot.addWidget(client)
    shown = texts(client.exchanges)
    assert "Verstrekt aan" in shown and "Politie eenheid Noord-Holland" in shown
    assert "Achternaam" in shown and "Geboortedatum" in shown
    pleger = PersonDetail(intake, intake.person(person(case, Category.PLEGER).id),
                          today=lambda: TODAY)
    qtbot.addWidget(pleger)
    assert "Politie-informatie" in texts(pleger.exchanges)
    seen = [r.record_id for r in audit_rows(lead, "view") if r.record_type == "person_exchanges"]
    assert sorted(seen) == sorted([str(case.client.id), str(person(case, Category.PLEGER).id)])


def test_a_hulpverlener_sees_no_register_in_the_case(qtbot, caseworker):
    from tests.services.test_intake import CLIENT

    intake = IntakeService(caseworker)
    case_id = intake.save_intake(CLIENT, [])
    detail = PersonDetail(intake, intake.case(case_id).client)
    qtbot.addWidget(detail)
    assert not hasattr(detail, "exchanges") and "Verstrekt aan" not in texts(detail)
