"""The whole AWARE path through the real main window as a teamleider, every step by its real
widgets: a screening on the Risico tab saved with Ctrl+S, "AWARE-traject starten" on the case,
the request, the police information through the register's form, informatie ontvangen, the
advice, the decision, the connection, a review, an extension and the end with a handover. The
request and the advice are opened through their buttons and recorded as sent from the preview.
The AWARE overview shows where the traject stands after the key steps, and the register lists
every exchange the path made."""

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QApplication

from blijf_desktop.domain.exchanges import Direction
from blijf_desktop.domain.validation import date_text
from blijf_desktop.services.aware_documents import ADVICE, REQUEST
from blijf_desktop.services.intake import IntakeService
from blijf_desktop.ui.aware.document_preview import DocumentPreviewDialog
from tests.services.test_exchanges import lead  # noqa: F401 (a fixture)
from tests.services.test_intake import CHILDREN, CLIENT, PLEGERS
from tests.ui.test_nothing_lost import open_case, shown
from tests.ui.test_risk_tab import answer_all_by_keyboard

LEFT = Qt.MouseButton.LeftButton
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def case_id(lead):  # noqa: F811
    return IntakeService(lead).save_intake(CLIENT, CHILDREN + PLEGERS)


@pytest.fixture
def window(qtbot, lead, case_id):  # noqa: F811
    return shown(qtbot, lead)


def choose(combo, data) -> None:
    combo.setFocus()
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


def case_view(window, case_id):
    window.show_area("clienten")
    case = window.work_area.currentWidget().case_widget
    return case if case is not None else open_case(window, case_id)


def aware_tab(window, case_id):
    case = case_view(window, case_id)
    case.tabs.setCurrentWidget(case.aware)
    return case.aware


def act(qtbot, window, case_id, action, fill):
    """The action's button on the traject, its form filled like a user, recorded."""
    panel = aware_tab(window, case_id).panel
    assert panel is not None, "no open traject"
    panel.reload()
    assert action in panel.action_buttons, (action, list(panel.action_buttons))
    qtbot.mouseClick(panel.action_buttons[action], LEFT)
    form = panel.form
    assert form is not None
    fill(form)
    qtbot.mouseClick(form.save_button, LEFT)
    assert panel.form is None, (form.message.text(), {k: e.text() for k, e in form.errors.items()})
    assert not panel.message.text()
    return panel


def overview(window):
    """The AWARE page's rows as the user reads them: (client, step, attention)."""
    window.show_area("aware")
    page = window.work_area.currentWidget()
    page.show_list()
    page.refresh()
    return [tuple(page.model.item(row, column).text() for column in (1, 2, 6))
            for row in range(page.model.rowCount())], page


def record_sent_from_preview(qtbot, panel, kind) -> list:
    """Open the document through its button (a modal dialog), see it in the QPdfView, and
    click "Vastleggen als verstuurd"; then close it."""
    seen = []

    def in_the_dialog():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, DocumentPreviewDialog):
            QTimer.singleShot(20, in_the_dialog)
            return
        try:
            seen.append((dialog.kind, dialog.document.status(), dialog.document.pageCount(),
                         dialog.view.document() is dialog.document))
            qtbot.mouseClick(dialog.sent_button, LEFT)
            seen.append(dialog.message.text())
        finally:
            dialog.reject()

    QTimer.singleShot(20, in_the_dialog)
    qtbot.mouseClick(panel.document_buttons[kind], LEFT)  # exec(): back when it is closed
    qtbot.waitUntil(lambda: len(seen) == 2)
    (shown_kind, status, pages, in_view), message = seen
    assert shown_kind == kind and status == QPdfDocument.Status.Ready and pages >= 1 and in_view
    assert message == "Vastgelegd in het register van verstrekkingen."


def test_the_whole_path_from_screening_to_beeindigd(qtbot, window, case_id):
    today = date.today()
    # -- a screening on the Risico tab, saved with Ctrl+S -------------------------------------
    case = open_case(window, case_id)
    case.tabs.setCurrentWidget(case.risk)
    tab = case.risk
    answer_all_by_keyboard(qtbot, tab, except_for=("stalking", "doodsbedreiging"))
    qtbot.keyClick(tab.form.choices["stalking"], Qt.Key.Key_1)
    qtbot.keyClick(tab.form.choices["doodsbedreiging"], Qt.Key.Key_1)
    assert "rood" in tab.panel.badge.text()
    qtbot.keyClick(tab.form.notes["stalking"], Qt.Key.Key_S, CTRL)
    assert len(tab.history.entries) == 1

    # -- "AWARE-traject starten" on the case ----------------------------------------------------
    aware = aware_tab(window, case_id)
    qtbot.mouseClick(aware.start_button, LEFT)
    form = aware.form
    choose(form.widgets["reason"], "stalking")
    qtbot.keyClicks(form.widgets["reason_text"], "Volgt haar naar het werk.")
    qtbot.keyClick(form.widgets["reason_text"], Qt.Key.Key_S, CTRL)
    assert aware.form is None and aware.panel is not None
    assert aware.panel.view.state.value == "concept"
    assert aware.panel.view.traject.screening_id is not None  # the screening, not retyped
    rows, _page = overview(window)
    assert rows == [("Ayşe Öztürk-Kanarie", "concept", "")]

    # -- the request to the police ------------------------------------------------------------
    def request(form):
        choose(form.widgets["unit"], "amsterdam")
        qtbot.keyClicks(form.widgets["asked"], "Wapenbezit en eerdere meldingen.")
        qtbot.keyClicks(form.widgets["necessity"], "Hij kent haar nieuwe route naar school.")
        qtbot.keyClicks(form.widgets["answer_by"], date_text(today + timedelta(days=14)))

    panel = act(qtbot, window, case_id, "informatie_gevraagd", request)
    record_sent_from_preview(qtbot, panel, REQUEST)
    rows, page = overview(window)
    assert rows[0][:2] == ("Ayşe Öztürk-Kanarie", "informatie gevraagd")
    assert page.model.item(0, 5).text().startswith("verwacht vóór")  # the answer awaited

    # -- police information, through the register's form --------------------------------------
    window.show_area("verstrekkingen")
    register = window.work_area.currentWidget()
    qtbot.mouseClick(register.police_button, LEFT)
    qtbot.keyClicks(register.picker.search, "Mehmet")
    qtbot.keyClick(register.picker.search, Qt.Key.Key_Return)
    police = register.form
    assert police is not None and police.case.case_id == case_id
    choose(police.unit, "amsterdam")
    qtbot.keyClicks(police.contact, "Brigadier Proef")
    pleger = next(iter(police.flags)).split(":")[0]
    choose(police.flags[f"{pleger}:wapengevaarlijk"], "ja")
    qtbot.keyClicks(police.texts[f"{pleger}:geweldsincidenten"], "Met een mes bedreigd.")
    qtbot.mouseClick(police.save_button, LEFT)
    assert register.form is None and register.entry_view is not None
    register.show_list()

    # -- informatie ontvangen, the advice, recorded as sent --------------------------------------
    act(qtbot, window, case_id, "informatie_ontvangen",
        lambda form: qtbot.keyClicks(form.widgets["note"], "Telefonisch bevestigd."))

    def advice(form):
        for code in ("aware", "politie_aandacht", "veiligheidsplan"):
            form.widgets["measures"][code].setChecked(True)
        qtbot.keyClicks(form.widgets["advice"], "Alarm en een vaste route.")
        qtbot.keyClicks(form.widgets["agreements"], "Belt elke maandag.")

    panel = act(qtbot, window, case_id, "advies_opgesteld", advice)
    assert set(panel.document_buttons) == {REQUEST, ADVICE}
    record_sent_from_preview(qtbot, panel, ADVICE)
    rows, page = overview(window)
    assert rows[0][:2] == ("Ayşe Öztürk-Kanarie", "advies opgesteld")
    assert page.model.item(0, 5).text() == ""  # no police answer awaited any more

    # -- the decision, the connection, a review, an extension ------------------------------------
    def decision(form):
        form.widgets["committee"]["veilig_thuis"].setChecked(True)
        qtbot.keyClicks(form.widgets["reasons"], "Ernstige dreiging, alarm nodig.")

    act(qtbot, window, case_id, "toegekend", decision)
    panel = act(qtbot, window, case_id, "aangesloten",
                lambda form: qtbot.keyClicks(form.widgets["device"], "ALARM-0042"))
    end_date = panel.view.facts.end_date
    assert panel.view.state.value == "aangesloten" and end_date > today
    rows, page = overview(window)
    assert rows == [("Ayşe Öztürk-Kanarie", "aangesloten", "")]
    assert page.model.item(0, 3).text() and page.model.item(0, 4).text()  # review, end date

    def review(form):
        choose(form.widgets["contact"], True)
        qtbot.keyClicks(form.widgets["incidents"], "Geen.")
        choose(form.widgets["still_needed"], True)

    panel = act(qtbot, window, case_id, "evaluatie", review)
    assert panel.view.facts.last_review

    def extend(form):
        qtbot.keyClicks(form.widgets["reason"], "Dreiging houdt aan.")
        assert form.widgets["new_end_date"].text()  # the proposal: one more term

    panel = act(qtbot, window, case_id, "verlengd", extend)
    assert panel.view.state.value == "verlengd" and panel.view.facts.end_date > end_date
    rows, _page = overview(window)
    assert rows[0][:2] == ("Ayşe Öztürk-Kanarie", "verlengd")

    # -- the end, with a handover ------------------------------------------------------------
    def end(form):
        qtbot.keyClicks(form.widgets["reason"], "Verhuisd naar een andere regio.")
        choose(form.widgets["handover"], "wijkteam")

    panel = act(qtbot, window, case_id, "beeindigd", end)
    assert panel.view.state.value == "beeindigd" and not panel.view.actions
    steps = [s.state for s in panel.view.traject.steps if s.state]
    assert steps[-1] == "beeindigd" and "verlengd" in steps
    rows, _page = overview(window)
    assert rows[0][:2] == ("Ayşe Öztürk-Kanarie", "beëindigd")

    # -- the register lists every exchange the path made ---------------------------------------
    window.show_area("verstrekkingen")
    register = window.work_area.currentWidget()
    register.show_list()
    register.refresh()
    made = sorted((r.direction, r.police_info, r.counterparty, bool(r.document_sha256))
                  for r in register.records)
    assert made == [(Direction.IN.value, True, "amsterdam", False),
                    (Direction.UIT.value, False, "amsterdam", True),
                    (Direction.UIT.value, False, "amsterdam", True)], made
    assert register.model.rowCount() == 3
    shown_directions = sorted(register.model.item(row, 1).text() for row in range(3))
    assert len(set(shown_directions)) == 2  # in and out, in words
