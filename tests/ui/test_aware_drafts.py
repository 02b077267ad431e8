"""Drafts of the AWARE step forms, driven with real key presses on a real store: what she types
in the advice is kept as an encrypted draft a moment after she stops; after a crash (no
question, no lock, no logout) the form opens with it again, says so in a quiet line and has the
cursor in its first field. Recording the step, or "Niet opslaan", removes the draft; a
colleague's draft is never shown; a draft for an action the traject no longer allows is
dropped; a lock keeps the last key; a draft that cannot be written is logged by its type
only."""

import logging

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from blijf_desktop.domain.aware import State
from blijf_desktop.domain.roles import Role
from blijf_desktop.services.aware import AwareService
from blijf_desktop.ui import unsaved
from blijf_desktop.ui.aware.traject_view import TrajectPanel
from tests.conftest import LEAD, LEAD_PASS, ready_user
from tests.services.test_aware import ADVICE, DECISION, TODAY, Clock
from tests.services.test_aware_drafts import OTHER_LEAD, OTHER_PASS, draft_rows, received
from tests.services.test_intake import CHILDREN, CLIENT, PLEGERS
from blijf_desktop.services.intake import IntakeService

LEFT = Qt.MouseButton.LeftButton
CTRL = Qt.KeyboardModifier.ControlModifier
ADVICE_TEXT = "Veilig adres zoeken; buurt inlichten. Concept-Kanarie-9W"
ADVISE = "advies_opgesteld"


@pytest.fixture
def clock():
    return Clock(TODAY)


@pytest.fixture
def login(auth, teamleider):
    """Log a teamleider in (again); every session made is closed at the end."""
    made = []

    def log_in(username=LEAD, passphrase=LEAD_PASS):
        made.append(auth.login(username, passphrase))
        return made[-1]

    yield log_in
    for session in made:
        session.close()


@pytest.fixture
def traject(login, clock):
    """A traject whose police information came in: the advice is the next step."""
    session = login()
    case_id = IntakeService(session).save_intake(CLIENT, CHILDREN + PLEGERS)
    return received(AwareService(session, today=clock), session, case_id, clock)


@pytest.fixture
def panels(qtbot):
    """Traject views as she opens them; a crash may already have taken one away."""
    made = []

    def panel(session, traject_id, clock):
        widget = TrajectPanel(AwareService(session, today=clock), traject_id, today=clock)
        widget.resize(1000, 700)
        widget.show()
        qtbot.waitExposed(widget)
        widget.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)
        made.append(widget)
        return widget

    yield panel
    for widget in made:
        if shiboken6.isValid(widget):
            widget.close()
            shiboken6.delete(widget)


def crash(panel, session) -> None:
    """As a crash or a power cut: no question, no lock, no logout. The widgets are gone (and
    their timers with them) and the store is closed as it is."""
    shiboken6.delete(panel)
    session._db.close()  # no audit row, nothing kept on the way out
    session._db = None
    session._forget_key()


def open_advice(qtbot, panel):
    qtbot.mouseClick(panel.action_buttons[ADVISE], LEFT)
    assert panel.form is not None and panel.form_action == ADVISE
    return panel.form


def type_advice(qtbot, form, text=ADVICE_TEXT):
    check = form.widgets["measures"]["aware"]
    check.setFocus()
    qtbot.keyClick(check, Qt.Key.Key_Space)
    assert check.isChecked()
    qtbot.keyClicks(form.widgets["advice"], text)


def kept(qtbot, form):
    """The draft timer fired and wrote the draft (a quiet line says so)."""
    qtbot.waitUntil(lambda: form.draft_note.text().startswith("Concept bewaard om"),
                    timeout=form.DRAFT_DELAY_MS + 3000)


def test_a_draft_comes_back_after_a_crash_with_a_quiet_line_and_the_cursor_in_the_first_field(
        qtbot, login, traject, panels, clock):
    first = login()
    panel = panels(first, traject, clock)
    form = open_advice(qtbot, panel)
    type_advice(qtbot, form)
    assert draft_rows(first) == []  # not on every key: after a short pause
    kept(qtbot, form)
    assert [kind for _user, kind, _payload in draft_rows(first)] == [f"aware:{traject}:{ADVISE}"]
    crash(panel, first)

    again = login()
    panel = panels(again, traject, clock)
    assert "concept" in panel.action_buttons[ADVISE].toolTip()
    form = open_advice(qtbot, panel)
    assert form.widgets["advice"].toPlainText() == ADVICE_TEXT
    assert form.widgets["measures"]["aware"].isChecked()
    assert form.draft_note.isVisible()
    assert form.draft_note.text().startswith("Concept van ")
    assert form.draft_note.text().endswith(" teruggezet.")
    assert not form.message.isVisible()  # quiet: no coloured box
    assert QApplication.focusWidget() is form.first_field()
    assert form.has_unsaved_changes()  # leaving still asks


def test_recording_the_step_removes_the_draft(qtbot, login, traject, panels, clock):
    session = login()
    panel = panels(session, traject, clock)
    form = open_advice(qtbot, panel)
    type_advice(qtbot, form)
    kept(qtbot, form)
    qtbot.keyClick(form.widgets["advice"], Qt.Key.Key_S, CTRL)
    assert panel.form is None, form.message.text()
    assert panel.view.state is State.ADVIES_OPGESTELD
    assert draft_rows(session) == []
    qtbot.wait(form.DRAFT_DELAY_MS + 200)  # no late timer writes it back
    assert draft_rows(session) == []


def test_niet_opslaan_removes_the_draft_and_annuleren_keeps_it(qtbot, login, traject, panels,
                                                               clock, monkeypatch):
    session = login()
    panel = panels(session, traject, clock)
    form = open_advice(qtbot, panel)
    type_advice(qtbot, form)
    kept(qtbot, form)
    replies = [unsaved.Choice.CANCEL, unsaved.Choice.DISCARD]
    monkeypatch.setattr(unsaved, "ask", lambda parent, text, title=None: replies.pop(0))
    qtbot.mouseClick(form.cancel_button, LEFT)  # Annuleren in the question: she stays
    assert panel.form is form and len(draft_rows(session)) == 1
    qtbot.mouseClick(form.cancel_button, LEFT)  # Niet opslaan: she discards it
    assert panel.form is None and draft_rows(session) == []
    form = open_advice(qtbot, panel)
    assert form.widgets["advice"].toPlainText() == "" and not form.draft_note.isVisible()


def test_a_form_emptied_again_leaves_no_draft(qtbot, login, traject, panels, clock):
    session = login()
    panel = panels(session, traject, clock)
    form = open_advice(qtbot, panel)
    qtbot.keyClicks(form.widgets["advice"], "Kort")
    kept(qtbot, form)
    for _letter in "Kort":
        qtbot.keyClick(form.widgets["advice"], Qt.Key.Key_Backspace)
    qtbot.waitUntil(lambda: draft_rows(session) == [], timeout=form.DRAFT_DELAY_MS + 3000)


def test_a_colleagues_draft_is_not_shown(qtbot, created, auth, login, traject, panels, clock):
    ready_user(created, auth, OTHER_LEAD, "Synthetische Collega", Role.TEAMLEIDER, OTHER_PASS)
    colleague = login(OTHER_LEAD, OTHER_PASS)
    theirs = panels(colleague, traject, clock)
    form = open_advice(qtbot, theirs)
    type_advice(qtbot, form, "Haar eigen advies, Collega-Kanarie-3P")
    kept(qtbot, form)
    crash(theirs, colleague)

    mine = panels(login(), traject, clock)
    assert not mine.action_buttons[ADVISE].toolTip()
    form = open_advice(qtbot, mine)
    assert form.widgets["advice"].toPlainText() == "" and not form.draft_note.isVisible()


def test_a_draft_for_an_action_no_longer_allowed_is_dropped(qtbot, login, traject, panels,
                                                            clock):
    first = login()
    service = AwareService(first, today=clock)
    service.step(traject, State.ADVIES_OPGESTELD, ADVICE)
    panel = panels(first, traject, clock)
    qtbot.mouseClick(panel.action_buttons["afgewezen"], LEFT)
    qtbot.keyClicks(panel.form.widgets["reasons"], "Geen hoog risico meer.")
    kept(qtbot, panel.form)
    crash(panel, first)

    again = login()
    AwareService(again, today=clock).step(traject, State.TOEGEKEND, DECISION)  # meanwhile
    assert len(draft_rows(again)) == 1
    panel = panels(again, traject, clock)
    assert "afgewezen" not in panel.action_buttons
    assert draft_rows(again) == []  # the traject view saw it, and dropped it


def traject_in(window, where: str, traject: int):
    """The traject opened on the AWARE page, or on the AWARE tab of its case."""
    if where == "aware":
        window.show_area("aware")
        page = window.work_area.currentWidget()
        assert page.open_traject(traject)
        return page.panel
    window.show_area("clienten")
    case_id = AwareService(window.session).traject(traject).traject.case_id
    page = window.work_area.currentWidget()
    page.open_case(case_id)
    tab = page.case_widget.aware
    page.case_widget.tabs.setCurrentWidget(tab)
    assert tab.open_traject(traject)
    return tab.panel


@pytest.mark.parametrize("where", ["aware", "case"])
def test_a_lock_keeps_the_last_key_as_the_draft(qtbot, login, traject, clock, where):
    from blijf_desktop.ui.main_window import MainWindow
    from tests.ui.test_main_window import show

    session = login()
    window = show(qtbot, MainWindow(session), before_close=lambda w: w.close_now())
    form = open_advice(qtbot, traject_in(window, where, traject))
    type_advice(qtbot, form)
    window.lock()  # before the timer: the draft is written on the way to the lock
    assert window.locked
    window.lock_screen.passphrase.setText(LEAD_PASS)
    qtbot.keyClick(window.lock_screen.passphrase.edit, Qt.Key.Key_Return)
    assert not window.locked
    draft = AwareService(session, today=clock).step_draft(traject, ADVISE)
    assert draft is not None and draft.payload["fields"]["advice"] == ADVICE_TEXT
    page = window.work_area.currentWidget()  # and the form itself is back
    panel = page.panel if where == "aware" else page.case_widget.aware.panel
    assert panel.form is not None and panel.form.widgets["advice"].toPlainText() == ADVICE_TEXT


def test_a_draft_that_cannot_be_written_is_logged_by_its_type_only(qtbot, login, traject,
                                                                   panels, clock, caplog):
    session = login()
    panel = panels(session, traject, clock)

    def full_disk(*_args):
        raise OSError(f"schijf vol bij {ADVICE_TEXT}")

    panel.service.save_step_draft = full_disk
    form = open_advice(qtbot, panel)
    with caplog.at_level(logging.WARNING):
        type_advice(qtbot, form)
        assert not form.save_draft_now()
    assert "aware draft not kept: OSError" in caplog.text
    assert ADVICE_TEXT not in caplog.text and "schijf vol" not in caplog.text
    assert form.widgets["advice"].toPlainText() == ADVICE_TEXT  # the form still holds it
    assert draft_rows(session) == []
