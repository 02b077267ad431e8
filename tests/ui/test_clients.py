"""The client list and a case, driven through the real widgets and a real store."""

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from blijf_desktop.services.intake import IntakeService
from blijf_desktop.storage import audit
from blijf_desktop.ui.pages.clients import ClientsPage
from blijf_desktop.ui.search_model import TERMS_ROLE
from tests.services.test_intake import CHILDREN, CLIENT, PLEGERS

TODAY = date(2026, 11, 23)


@pytest.fixture
def page(qtbot, caseworker):
    IntakeService(caseworker, today=lambda: TODAY).save_intake(CLIENT, CHILDREN + PLEGERS)
    widget = ClientsPage(caseworker, today=lambda: TODAY)
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    return widget


def type_search(qtbot, page, text):
    page.search.clear()
    if text.isascii():
        qtbot.keyClicks(page.search, text)
    else:  # QTest aborts on keys outside ASCII; insert() goes through the same signals
        page.search.insert(text)
    qtbot.waitUntil(lambda: not page.timer.isActive())


def names(page):
    return [page.model.hit(r).name for r in range(page.model.rowCount())]


def test_the_list_shows_the_newest_clients_before_typing(page):
    assert names(page) == ["Ayşe Öztürk-Kanarie"]


@pytest.mark.parametrize("text, expected", [
    ("ozturk", "Ayşe Öztürk-Kanarie"), ("çeli", "Mehmet Çelik"), ("celik", "Mehmet Çelik"),
    ("12-3-1985", "Ayşe Öztürk-Kanarie"), ("06-1234", "Ayşe Öztürk-Kanarie"),
    ("purmerend", "Mehmet Çelik"), ("emre", "Emre Öztürk-Kanarie"),
])
def test_search_as_you_type_finds_clients_and_linked_people(qtbot, page, text, expected):
    type_search(qtbot, page, text)
    assert expected in names(page)


def test_results_show_the_role_and_the_client(qtbot, page):
    type_search(qtbot, page, "celik")
    model = page.model
    assert model.index(0, 1).data() == "pleger"
    assert model.index(0, 4).data() == "Ayşe Öztürk-Kanarie"
    assert model.index(0, 0).data(TERMS_ROLE) == ("celik",)


def test_a_long_paste_is_cut_with_a_quiet_note_and_still_finds(qtbot, page):
    page.search.insert("ozturk " + "x" * 30_000)  # a paste: the box keeps what a query may hold
    qtbot.waitUntil(lambda: not page.timer.isActive())
    assert len(page.search.text()) == 100
    assert "ingekort tot 100 tekens" in page.status.text()


def test_short_input_asks_for_three_characters(qtbot, page):
    type_search(qtbot, page, "ay")
    assert "minstens 3 tekens" in page.status.text()


def test_enter_opens_the_case_and_the_secret_address_stays_hidden_until_revealed(qtbot, page, caseworker):
    type_search(qtbot, page, "kanarie")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    case = page.case_widget
    assert case is not None and case.isVisible()
    detail = case.tabs.widget(0)
    assert "Veiligestraat" not in detail.shown_text() and "9876 ZX" not in detail.shown_text()
    reveals_before = [r for r in audit.recent(caseworker.db.conn, 500) if r.reason == "toon_adres"]
    qtbot.mouseClick(detail.reveal_button, Qt.MouseButton.LeftButton)
    assert "Veiligestraat" in detail.shown_text() and "9876 ZX" in detail.shown_text()
    reveals = [r for r in audit.recent(caseworker.db.conn, 500) if r.reason == "toon_adres"]
    assert len(reveals) == len(reveals_before) + 1


def test_lock_forgets_every_row_on_screen(qtbot, page):
    type_search(qtbot, page, "ozturk")
    assert page.model.rowCount()
    page.before_lock()
    assert page.model.rowCount() == 0 and page.search.text() == ""
    visible = " ".join(l.text() for l in page.findChildren(QLabel) if l.isVisible())
    assert "Öztürk" not in visible


def test_edit_keeps_the_old_value_in_the_history_tab(qtbot, page, caseworker):
    type_search(qtbot, page, "kanarie")
    page.open_row(names(page).index("Ayşe Öztürk-Kanarie"))
    case = page.case_widget
    detail = case.tabs.widget(0)
    qtbot.mouseClick(detail.edit_button, Qt.MouseButton.LeftButton)
    # editing a secret address shows it, and that reveal is audited like a click on "Toon adres"
    assert [r for r in audit.recent(caseworker.db.conn, 500) if r.reason == "toon_adres"]
    residence = detail.editor.fields["residence"]
    residence.clear()
    qtbot.keyClicks(residence, "Hoorn")
    detail.save_edit()
    assert "Hoorn" in detail.shown_text()
    case.tabs.setCurrentIndex(case.tabs.count() - 1)  # Historie is the last tab
    table = case.history
    qtbot.waitUntil(lambda: table.rowCount() > 0)
    row = [table.item(0, c).text() for c in range(5)]
    assert row[1:] == ["Woonplaats", "Zaandam", "Hoorn", "Synthetische Hulpverlener"]


def test_invalid_edit_keeps_the_text_and_saves_nothing(qtbot, page, caseworker):
    type_search(qtbot, page, "celik")
    page.open_row(0)
    detail = page.case_widget.person_area.findChild(type(page.case_widget.tabs.widget(0)))
    qtbot.mouseClick(detail.edit_button, Qt.MouseButton.LeftButton)
    phone = detail.editor.fields["phone"]
    phone.clear()
    qtbot.keyClicks(phone, "12345")
    detail.save_edit()
    assert phone.text() == "12345" and detail.editor.isVisible()
    assert "nog niets opgeslagen" in detail.message.text()
    assert IntakeService(caseworker).person(detail.view.id).data.phone == "+31687654321"


def test_an_opened_case_takes_ctrl_tab_at_once(qtbot, page):
    """Opened by Enter from the search, the case has the keyboard: Ctrl+Tab goes to the next
    tab without first hunting for the tab bar with Tab."""
    page.activateWindow()
    type_search(qtbot, page, "kanarie")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    tabs = page.case_widget.tabs
    first = tabs.currentIndex()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert tabs.currentIndex() == first + 1
