"""The Datalekken page with a given clock: the running 72-hour clock per incident in words and
colour, a new incident typed with the keyboard alone (bad input told beside its field, nothing
lost), leaving with typed text asks, every control named; break-in signals shown to the
functioneel beheerder (at login and on the page, with "Registreren als incident") and to no
other role."""

from datetime import datetime, timedelta, timezone

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from blijf_desktop.domain.roles import Role
from blijf_desktop.services.accounts import AccountService
from blijf_desktop.services.errors import WrongCredentials
from blijf_desktop.services.incidents import IncidentInput, IncidentService
from blijf_desktop.ui import unsaved
from blijf_desktop.ui.incidents.break_ins import login_notice
from blijf_desktop.ui.incidents.form import IncidentEditor
from blijf_desktop.ui.incidents.labels import moment_text
from blijf_desktop.ui.incidents.page import IncidentsPage
from blijf_desktop.ui.pages.areas import areas_for
from tests.conftest import ADMIN, ADMIN_PASS
from tests.ui.accessibility import unnamed_controls

NOW = datetime(2026, 3, 5, 12, 0, tzinfo=timezone.utc)
H = timedelta(hours=1)
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def admin(created):
    session, _recovery = created
    AccountService(session).accept_confidentiality()
    return session


@pytest.fixture
def page(qtbot, admin):
    shown = IncidentsPage(admin, now=lambda: NOW)
    qtbot.addWidget(shown)
    shown.resize(1000, 800)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def clock_cells(page) -> dict[str, tuple[str, str]]:
    model = page.model
    return {model.item(r, 0).text(): (model.item(r, 4).text(),
                                      model.item(r, 4).background().color().name())
            for r in range(model.rowCount())}


def test_the_list_shows_the_running_clock_in_words_and_colour(page, admin):
    service = IncidentService(admin, now=lambda: NOW)
    near = service.register(IncidentInput("verlies", NOW - 67 * H, "Laptop kwijt."))
    late = service.register(IncidentInput("malware", NOW - 95 * H, "Virus.", risk="risico"))
    calm = service.register(IncidentInput("anders", NOW - 2 * H, "Kast open.", risk="risico"))
    none = service.register(IncidentInput("anders", NOW - 2 * H, "Niets weg.", risk="geen"))
    page.refresh()
    cells = clock_cells(page)
    assert cells[str(near)][0] == "nog 5 uur"
    assert cells[str(late)][0] == "23 uur te laat"
    assert cells[str(calm)][0] == "nog 70 uur"
    assert cells[str(none)][0] == "geen melding nodig (geen risico)"
    colours = {cells[str(i)][1] for i in (near, late, calm, none)}
    assert len(colours) == 4  # urgent, late, calm, quiet: each its own, beside the words
    page.now = lambda: NOW + 6 * H  # the clock runs without reading the store again
    page.tick()
    assert clock_cells(page)[str(near)][0] == "1 uur te laat"


def test_a_new_incident_with_the_keyboard_alone(qtbot, page, admin):
    qtbot.keyClick(page.table, Qt.Key.Key_N, CTRL | Qt.KeyboardModifier.ShiftModifier)
    editor = page.editor
    assert isinstance(editor, IncidentEditor)
    form = editor.form
    kind = QApplication.focusWidget()
    assert kind is form.widgets["kind"]
    qtbot.keyClick(kind, Qt.Key.Key_Down)  # the first kind
    qtbot.keyClick(kind, Qt.Key.Key_Tab)
    found = QApplication.focusWidget()
    assert found is form.widgets["found_at"]
    qtbot.keyClicks(found, moment_text(NOW + H))  # in the future
    qtbot.keyClick(found, Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "Usb-stick met lijst kwijt.")
    qtbot.keyClick(found, Qt.Key.Key_S, CTRL)
    assert form.errors["found_at"].isVisible()
    assert "toekomst" in form.errors["found_at"].text()
    assert form.widgets["what_happened"].toPlainText() == "Usb-stick met lijst kwijt."
    assert "72 uur" in editor.clock_label.text()
    found.setFocus()
    found.selectAll()
    qtbot.keyClicks(found, moment_text(NOW - 70 * H))
    assert editor.clock_label.text() == "Melding AP (72 uur): nog 2 uur"
    qtbot.keyClick(found, Qt.Key.Key_S, CTRL)
    assert page.editor is None
    (view,) = IncidentService(admin, now=lambda: NOW).incidents()
    assert view.incident.what_happened == "Usb-stick met lijst kwijt."
    assert view.incident.kind == "inbraakpoging"


def test_leaving_with_typed_text_asks_and_stays(qtbot, page, monkeypatch):
    page.new_incident()
    page.editor.form.widgets["what_happened"].setPlainText("Half getypt.")
    asked = []
    monkeypatch.setattr(unsaved, "ask", lambda *a, **k: asked.append(1) or unsaved.Choice.CANCEL)
    assert page.has_unsaved_changes() and not page.may_leave()
    assert asked and page.editor.form.widgets["what_happened"].toPlainText() == "Half getypt."
    state = page.workspace_state()
    assert state["editor"]["fields"]["what_happened"] == "Half getypt."


def test_every_control_has_a_name(page):
    assert unnamed_controls(page) == []
    page.new_incident()
    assert unnamed_controls(page) == []


def test_break_ins_shown_to_the_beheerder_and_not_to_others(qtbot, auth, admin, caseworker):
    auth.guard.clock = lambda: 1.0e9  # the failures, long before the back-off check below
    for name in (ADMIN, "niemand-bekend"):
        with pytest.raises(WrongCredentials):
            auth.login(name, "Verkeerd-Wachtwoord-1")
    auth.guard.clock = lambda: 2.0e9
    again = auth.login(ADMIN, ADMIN_PASS)
    try:
        text, advice = login_notice(again)
        assert "2 mislukte aanmeldingen" in text and f"account {again.user.id} (1×)" in text
        assert "1× een onbekende gebruikersnaam" in text and "niemand" not in text
        assert "Datalekken" in advice
        shown = IncidentsPage(again, now=lambda: NOW)
        qtbot.addWidget(shown)
        assert "2 mislukte aanmeldingen" in shown.break_ins.lines.text()
        shown.break_ins.register_button.click()
        form = shown.editor.form
        assert form.widgets["kind"].currentData() == "inbraakpoging"
        assert form.widgets["user_ids"].text() == str(again.user.id)
        assert "2 mislukte aanmeldingen" in form.widgets["what_happened"].toPlainText()
        form.discard()
    finally:
        again.close()
    assert login_notice(caseworker) is None
    for role in (Role.HULPVERLENER, Role.TEAMLEIDER):
        assert "datalekken" not in [a.key for a in areas_for(role)]
    assert "datalekken" in [a.key for a in areas_for(Role.BEHEERDER)]
