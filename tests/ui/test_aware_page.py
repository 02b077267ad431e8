"""The AWARE page and the AWARE tab of a case, driven with real key presses on a real store:
the overview highlights an overdue review in words and colour and filters by step; Enter opens
a traject; a review form refuses a date before the connection beside the field with nothing
lost, then records it; leaving a form with typed text asks; a teamleider starts a traject from
a case with the betrokkenen picked from it."""

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from blijf_desktop.domain.aware import State
from blijf_desktop.domain.validation import date_text
from blijf_desktop.services.aware import REVIEW_ACTION, AwareService
from blijf_desktop.services.intake import IntakeService
from blijf_desktop.ui import unsaved
from blijf_desktop.ui.aware.case_tab import AwareCaseTab
from blijf_desktop.ui.aware.labels import OVERDUE_BACKGROUND
from blijf_desktop.ui.pages.aware import AwarePage
from tests.services.test_aware import TODAY, Clock, to_connected
from tests.services.test_exchanges import LEAD_PASS, lead  # noqa: F401 (a fixture)
from tests.services.test_intake import CHILDREN, CLIENT, PLEGERS

LEFT = Qt.MouseButton.LeftButton
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def clock():
    return Clock(TODAY)


@pytest.fixture
def case_id(lead):  # noqa: F811
    return IntakeService(lead).save_intake(CLIENT, CHILDREN + PLEGERS)


@pytest.fixture
def running(lead, case_id, clock):  # noqa: F811
    """A connected traject whose first review is a day overdue, and one still in concept."""
    service = AwareService(lead, today=clock)
    traject = to_connected(service, lead, case_id, clock)
    people = [p.id for p in IntakeService(lead).case(case_id).people]
    concept = service.start(case_id, "stalking", "", people[:1])
    clock.day = TODAY + timedelta(weeks=4, days=1)
    return traject, concept


@pytest.fixture
def page(qtbot, lead, running, clock):  # noqa: F811
    widget = AwarePage(lead, today=clock)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    return widget


def cell(page, row, column):
    return page.model.item(row, column)


def test_the_overview_highlights_an_overdue_review_in_words_and_colour(qtbot, page, running):
    traject, concept = running
    assert [r.traject_id for r in page.rows] == [traject, concept]  # what is late comes first
    assert "evaluatie te laat" in cell(page, 0, 6).text()  # words, not colour alone
    assert cell(page, 0, 0).background().color().name() == OVERDUE_BACKGROUND
    assert cell(page, 0, 1).text() == "Ayşe Öztürk-Kanarie"
    assert cell(page, 0, 2).text() == "aangesloten"
    assert cell(page, 1, 6).text() == ""
    assert "1 met iets te laat" in page.status.text()
    page.state_filter.setFocus()
    page.state_filter.setCurrentIndex(page.state_filter.findData("concept"))
    assert [r.traject_id for r in page.rows] == [concept]
    page.state_filter.setCurrentIndex(0)
    page.overdue_only.setChecked(True)
    assert [r.traject_id for r in page.rows] == [traject]


def test_a_review_before_the_connection_is_told_beside_the_field_and_nothing_is_lost(
        qtbot, page, running, clock):
    traject, _concept = running
    page.table.setFocus()
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    panel = page.panel
    assert panel is not None and panel.traject_id == traject
    assert "evaluatie te laat" in panel.late.text()
    assert set(panel.action_buttons) == {REVIEW_ACTION, "verlengd", "beeindigd"}
    qtbot.mouseClick(panel.action_buttons[REVIEW_ACTION], LEFT)
    form = panel.form
    date_field = form.widgets["reviewed_on"]
    assert QApplication.focusWidget() is date_field and date_field.accessibleName() == "Datum"
    date_field.selectAll()
    qtbot.keyClicks(date_field, date_text(TODAY - timedelta(days=2)))
    form.widgets["contact"].setCurrentIndex(form.widgets["contact"].findData(True))
    qtbot.keyClicks(form.widgets["incidents"], "Hij stond voor de deur.")
    form.widgets["still_needed"].setCurrentIndex(form.widgets["still_needed"].findData(True))
    qtbot.keyClick(date_field, Qt.Key.Key_S, CTRL)
    error = form.errors["reviewed_on"]
    assert error.isVisible() and "vóór de datum van aansluiten" in error.text()
    assert form.widgets["incidents"].toPlainText() == "Hij stond voor de deur."  # kept
    assert panel.form is form  # still open
    date_field.selectAll()
    qtbot.keyClicks(date_field, date_text(clock()))
    qtbot.keyClick(date_field, Qt.Key.Key_S, CTRL)
    assert panel.form is None and not panel.late.isVisible()
    assert "Evaluatie" in panel.steps.item(panel.steps.count() - 1).text()
    qtbot.keyClick(panel, Qt.Key.Key_Escape)
    panel.back.emit()
    assert page.panel is None and not page.rows[0].overdue


def test_leaving_a_step_form_with_typed_text_asks(qtbot, page, running, monkeypatch):
    traject, _concept = running
    assert page.open_traject(traject)
    page.panel.open_form("beeindigd")
    qtbot.keyClicks(page.panel.form.widgets["reason"], "Verhuisd naar elders.")
    asked = []
    monkeypatch.setattr(unsaved, "ask", lambda parent, text, title=None:
                        asked.append(text) or unsaved.Choice.CANCEL)
    assert page.has_unsaved_changes() and not page.may_leave()
    assert asked and page.panel.form.widgets["reason"].toPlainText() == "Verhuisd naar elders."
    state = page.workspace_state()
    assert state["traject"]["action"] == "beeindigd"
    monkeypatch.setattr(unsaved, "ask", lambda *a, **k: unsaved.Choice.DISCARD)
    assert page.may_leave()
    page.restore_workspace(state)  # as after a lock
    assert page.panel.form.widgets["reason"].toPlainText() == "Verhuisd naar elders."


def test_a_teamleider_starts_a_traject_from_the_case(qtbot, lead, case_id, clock):  # noqa: F811
    intake = IntakeService(lead, today=clock)
    case = intake.case(case_id)
    tab = AwareCaseTab(AwareService(lead, today=clock), intake, case, today=clock)
    qtbot.addWidget(tab)
    tab.show()
    tab.activateWindow()
    qtbot.waitActive(tab)
    assert tab.start_button.isVisible()
    qtbot.mouseClick(tab.start_button, LEFT)
    form = tab.form
    # everyone in the case is offered, all ticked; untick one
    people = form.widgets["person_ids"]
    assert set(people) == {p.id for p in case.people}
    people[case.people[-1].id].setChecked(False)
    form.widgets["reason"].setCurrentIndex(form.widgets["reason"].findData("anders"))
    form.save_button.setFocus()
    qtbot.keyClick(form.save_button, Qt.Key.Key_Space)
    assert "bij 'anders'" in form.errors["reason_text"].text(), form.message.text()
    qtbot.waitUntil(form.widgets["reason_text"].hasFocus)  # the field the message is beside
    qtbot.keyClicks(form.widgets["reason_text"], "Dreiging via familie.")
    qtbot.keyClick(form.widgets["reason_text"], Qt.Key.Key_S, CTRL)
    assert tab.form is None and tab.panel is not None, (form.message.text(), {k: e.text() for k, e in form.errors.items()})
    view = tab.panel.view
    assert view.state is State.CONCEPT
    assert set(view.traject.person_ids) == {p.id for p in case.people[:-1]}
    assert "informatie_gevraagd" in tab.panel.action_buttons


def test_a_hulpverlener_sees_the_tab_without_the_start_button(qtbot, caseworker, lead, case_id):  # noqa: F811
    intake = IntakeService(caseworker)
    tab = AwareCaseTab(AwareService(caseworker), intake, intake.case(case_id))
    qtbot.addWidget(tab)
    tab.show()
    assert not tab.start_button.isVisible()
    assert tab.trajects.item(0).text() == "Nog geen AWARE-traject."
