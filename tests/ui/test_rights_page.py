"""The Verzoeken page, driven with real key presses on a real store (issue 20): near and past
deadlines highlighted in colour and in words; a request registered with the keyboard alone
(person by search, Enter picks); a date received in the future, an extension after the first
month and a refusal without reasons are told in Dutch beside the field, nothing typed lost."""

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from blijf_desktop.domain.people import Category
from blijf_desktop.services.intake import IntakeService
from blijf_desktop.services.rights import RequestService
from blijf_desktop.ui.aware.labels import OVERDUE_BACKGROUND
from blijf_desktop.ui.rights.labels import NEAR_BACKGROUND
from blijf_desktop.ui.rights.page import RightsPage
from tests.services.test_exchanges import lead  # noqa: F401 (a fixture)
from tests.services.test_intake import CHILDREN, CLIENT, PLEGERS
from tests.services.test_rights import Clock

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def clock():
    return Clock(date(2026, 2, 2))


@pytest.fixture
def requests(lead, clock):  # noqa: F811
    intake = IntakeService(lead, today=clock)
    case = intake.case(intake.save_intake(CLIENT, CHILDREN + PLEGERS))
    client = case.client.id
    service = RequestService(lead, today=clock)
    late = service.register(client, "inzage", date(2026, 1, 1), "email")
    near = service.register(client, "bezwaar", date(2026, 1, 5), "schriftelijk")
    calm = service.register(client, "wissing", date(2026, 1, 31), "mondeling")
    return {"late": late, "near": near, "calm": calm, "case": case}


@pytest.fixture
def page(qtbot, lead, requests, clock):  # noqa: F811
    widget = RightsPage(lead, today=clock)
    qtbot.addWidget(widget)
    widget.resize(1200, 720)
    widget.show()
    return widget


def row_texts(tab, row):
    return [tab.model.item(row, c).text() for c in range(tab.model.columnCount())]


def test_near_and_past_deadlines_in_colour_and_in_words(page, requests):
    tab = page.requests
    assert page.tabs.tabText(0) == "&Verzoeken"
    first, second, third = (row_texts(tab, r) for r in range(3))
    assert first[0] == f"V-{requests['late']:05d}" and "termijn verstreken (1 dag te laat)" in \
        first[5]
    assert "termijn bijna verstreken (nog 3 dagen)" in second[5]
    assert third[5] == "loopt" and third[4] == "28-02-2026"
    assert tab.model.item(0, 0).background().color().name() == OVERDUE_BACKGROUND
    assert tab.model.item(1, 0).background().color().name() == NEAR_BACKGROUND
    assert tab.model.item(2, 0).background().style() == Qt.BrushStyle.NoBrush


def test_a_request_registered_with_the_keyboard_alone(qtbot, page, clock):
    tab = page.requests
    tab.new_button.setFocus()
    qtbot.keyClick(tab.new_button, Qt.Key.Key_Space)
    panel = tab.panel
    search = panel.picker.search
    assert search.hasFocus()
    qtbot.keyClicks(search, "Kees")
    qtbot.keyClick(search, Qt.Key.Key_Return)  # Enter picks the first found
    assert panel.picker.person_id is not None and "Kees de Vries" in panel.picker.chosen.text()
    form = panel.form
    kind = form.widgets["kind"]
    assert QApplication.focusWidget() is kind
    qtbot.keyClick(kind, Qt.Key.Key_Down)
    assert kind.currentData() == "inzage"
    received = form.widgets["received_on"]
    received.setFocus()
    received.selectAll()
    qtbot.keyClicks(received, "03-02-2026")  # tomorrow
    how = form.widgets["received_how"]
    how.setFocus()
    qtbot.keyClick(how, Qt.Key.Key_Down)
    qtbot.keyClicks(form.widgets["asked"], "Wil weten wat er over hem staat.")
    qtbot.keyClick(form.widgets["asked"], Qt.Key.Key_S, CTRL)
    assert form.errors["received_on"].text().startswith("Een verzoek kan niet in de toekomst")
    assert received.text() == "03-02-2026"
    assert form.widgets["asked"].toPlainText() == "Wil weten wat er over hem staat."
    received.selectAll()
    qtbot.keyClicks(received, "02-02-2026")
    qtbot.keyClick(received, Qt.Key.Key_S, CTRL)
    view = tab.panel
    assert view.detail.row.person_name == "Kees de Vries"
    assert view.detail.row.status.deadline == date(2026, 3, 2)


def test_an_extension_after_the_first_month_is_told_beside_the_field(qtbot, page, requests,
                                                                      clock):
    tab = page.requests
    tab.open_request(requests["late"])  # received 1 January; the first month is over
    form = tab.panel.open_extension()
    months = form.widgets["months"]
    qtbot.keyClick(months, Qt.Key.Key_Down)
    qtbot.keyClicks(form.widgets["reason"], "Veel gegevens.")
    qtbot.keyClick(months, Qt.Key.Key_S, CTRL)
    assert "eerste maand" in form.errors["recorded_on"].text()
    assert form.widgets["reason"].toPlainText() == "Veel gegevens."
    assert form.isVisible()


def test_a_refusal_without_reasons_is_told_beside_the_field(qtbot, page, requests):
    tab = page.requests
    tab.open_request(requests["calm"])
    form = tab.panel.open_decision()
    decision = form.widgets["decision"]
    decision.setCurrentIndex(decision.findData("afgewezen"))
    form.widgets["grounds"]["bescherming_anderen"].setChecked(True)
    qtbot.keyClick(decision, Qt.Key.Key_S, CTRL)
    assert "gemotiveerd" in form.errors["reasons"].text()
    assert decision.currentData() == "afgewezen"
    qtbot.keyClicks(form.widgets["reasons"], "Nodig voor de veiligheid van anderen.")
    qtbot.keyClick(decision, Qt.Key.Key_S, CTRL)
    view = tab.panel
    assert view.form is None and view.detail.row.status.phase.value == "te_beantwoorden"


def test_a_restricted_person_carries_the_marker_in_the_list(qtbot, lead, page, requests):  # noqa: F811
    service = RequestService(lead, today=lambda: date(2026, 2, 2))
    service.decide(requests["near"], "toegewezen")  # a granted objection: processing stops
    page.requests.refresh()
    people = [page.requests.model.item(r, 2).text() for r in range(3)]
    assert all("Verwerking beperkt" in p for p in people)  # all three are about her
    assert IntakeService(lead).case(requests["case"].case_id).client.restricted


def test_who_opens_the_case_sees_the_marker_and_cannot_edit_her(qtbot, lead, requests):  # noqa: F811
    from blijf_desktop.ui.intake.case_view import CaseWidget

    service = RequestService(lead, today=lambda: date(2026, 2, 2))
    service.decide(requests["near"], "toegewezen")
    case = CaseWidget(IntakeService(lead), requests["case"].case_id)
    qtbot.addWidget(case)
    case.show()
    detail = case.client_detail
    assert detail.restricted_note.isVisible() and "Verwerking beperkt" in detail.shown_text()
    assert not detail.edit_button.isEnabled()
    service.lift_restriction(requests["case"].client.id, "Bezwaar ingetrokken.")
    again = CaseWidget(IntakeService(lead), requests["case"].case_id)
    qtbot.addWidget(again)
    again.show()
    assert not again.client_detail.restricted_note.isVisible()
    assert again.client_detail.edit_button.isEnabled()
