"""The Risico tab of a case, driven through the real main window with real key presses: answer
signals with the keyboard, watch the proposed level, save, see the history with what changed,
lower the level through the real approval dialog, and lose nothing by leaving or locking."""

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel

from blijf_desktop.domain.risk import Level
from blijf_desktop.services.risk import RiskService
from blijf_desktop.storage import audit
from blijf_desktop.ui import unsaved
from blijf_desktop.ui.risk.answer_choice import AnswerChoice
from blijf_desktop.ui.risk.approval_dialog import ApprovalDialog
from tests.conftest import LEAD_PASS
from tests.ui.test_nothing_lost import answers, case_id, open_case, shown, unlock  # noqa: F401

CTRL = Qt.KeyboardModifier.ControlModifier
NOTE = "Wacht haar op bij de bakker"


@pytest.fixture
def window(qtbot, caseworker, case_id):  # noqa: F811
    return shown(qtbot, caseworker)


def risk_tab(window, case_id):  # noqa: F811
    case = open_case(window, case_id)
    case.tabs.setCurrentWidget(case.risk)
    return case, case.risk


def answer_all_by_keyboard(qtbot, tab, key=Qt.Key.Key_2, except_for=()):
    """Answer every signal with one key, moving on with Tab as a user would."""
    first = next(iter(tab.form.choices.values()))
    first.setFocus()
    qtbot.waitUntil(first.hasFocus)
    for code, choice in tab.form.choices.items():
        assert QApplication.focusWidget() is choice, code
        if code not in except_for:
            qtbot.keyClick(choice, key)
        qtbot.keyClick(choice, Qt.Key.Key_Tab)  # to the note
        assert QApplication.focusWidget() is tab.form.notes[code]
        qtbot.keyClick(tab.form.notes[code], Qt.Key.Key_Tab)  # to the next signal


def test_signals_are_answered_with_the_keyboard_and_the_level_follows(qtbot, window, case_id):  # noqa: F811
    _case, tab = risk_tab(window, case_id)
    answer_all_by_keyboard(qtbot, tab)
    assert not tab.form.unanswered()
    assert "groen" in tab.panel.badge.text()
    stalking = tab.form.choices["stalking"]
    qtbot.keyClick(stalking, Qt.Key.Key_1)  # ja: one hoog signal
    assert "oranje" in tab.panel.badge.text()
    qtbot.keyClick(stalking, Qt.Key.Key_Right)  # ja -> nee
    assert stalking.value().value == "nee" and "groen" in tab.panel.badge.text()
    qtbot.keyClick(tab.form.choices["doodsbedreiging"], Qt.Key.Key_1)
    assert "rood" in tab.panel.badge.text()
    assert "AWARE" in tab.panel.measures.text()  # the measures rood suggests
    assert isinstance(stalking, AnswerChoice) and stalking.accessibleName()


def test_save_with_ctrl_s_and_the_history_shows_what_changed(qtbot, window, case_id):  # noqa: F811
    _case, tab = risk_tab(window, case_id)
    answer_all_by_keyboard(qtbot, tab)
    qtbot.keyClick(tab.form.notes["angst"], Qt.Key.Key_S, CTRL)
    assert tab.inner.currentIndex() == 1 and len(tab.history.entries) == 1
    assert "Eerste taxatie" in tab.history.entries[0].text()
    assert "Synthetische Hulpverlener" in tab.history.entries[0].text()
    assert tab.form.is_empty()  # ready for the next one
    tab.inner.setCurrentIndex(0)
    answer_all_by_keyboard(qtbot, tab, except_for=("stalking",))
    qtbot.keyClick(tab.form.choices["stalking"], Qt.Key.Key_1)
    qtbot.keyClicks(tab.form.notes["stalking"], NOTE)
    qtbot.keyClick(tab.form.notes["stalking"], Qt.Key.Key_S, CTRL)
    newest = tab.history.entries[0].text()
    assert len(tab.history.entries) == 2
    assert "Niveau: groen → oranje" in newest and "nee → ja" in newest
    assert "Eerste taxatie" not in newest


def test_an_unanswered_signal_or_a_missing_reason_is_said_and_nothing_is_lost(qtbot, window,
                                                                            case_id):  # noqa: F811
    _case, tab = risk_tab(window, case_id)
    answer_all_by_keyboard(qtbot, tab, except_for=("wapen",))
    qtbot.keyClicks(tab.form.notes["angst"], NOTE)
    assert not tab.save()
    assert "1 signaal zonder antwoord" in tab.panel.message.text()
    assert tab.form.choices["wapen"].hasFocus() and tab.form.notes["angst"].text() == NOTE
    qtbot.keyClick(tab.form.choices["wapen"], Qt.Key.Key_3)
    tab.panel.override.setChecked(True)
    tab.panel.level.setCurrentIndex(tab.panel.level.findData("rood"))
    assert not tab.save()
    assert "Schrijf op waarom" in tab.panel.reason_message.text()
    assert len(tab.history.entries) == 0  # nothing was recorded
    qtbot.keyClicks(tab.panel.reason, "Hij kent haar nieuwe adres.")
    assert tab.save()
    assert "Reden: Hij kent haar nieuwe adres." in tab.history.entries[0].text()


def _in_dialog(qtbot, steps):
    """Run `steps(dialog)` once the approval dialog is on screen (it runs with exec())."""
    done = []

    def act():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ApprovalDialog):
            QTimer.singleShot(20, act)
            return
        steps(dialog)
        done.append(True)

    QTimer.singleShot(20, act)
    return done


def test_a_lower_level_goes_through_the_real_approval_dialog(qtbot, window, case_id,  # noqa: F811
                                                          caseworker, teamleider):
    _case, tab = risk_tab(window, case_id)
    answer_all_by_keyboard(qtbot, tab)
    qtbot.keyClick(tab.form.choices["wapen"], Qt.Key.Key_1)  # rood
    tab.panel.override.setChecked(True)
    tab.panel.level.setCurrentIndex(tab.panel.level.findData("oranje"))
    assert tab.panel.lower_note.isVisible()
    qtbot.keyClicks(tab.panel.reason, "Wapen ingeleverd bij de politie.")
    seen = {}

    def wrong_then_right(dialog):
        qtbot.keyClicks(dialog.username, teamleider)
        qtbot.keyClicks(dialog.passphrase.edit, "Verkeerd-Wachtwoord-3")
        qtbot.keyClicks(dialog.reason, "Met de wijkagent besproken.")
        qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
        seen["message"] = dialog.message.text()
        seen["open"] = dialog.isVisible()
        seen["kept"] = (dialog.username.text(), dialog.reason.toPlainText())
        qtbot.keyClicks(dialog.passphrase.edit, LEAD_PASS)
        qtbot.keyClick(dialog.passphrase.edit, Qt.Key.Key_Return)

    done = _in_dialog(qtbot, wrong_then_right)
    assert tab.save()
    assert done and seen["open"] and "niet gelukt" in seen["message"]
    assert seen["kept"] == (teamleider, "Met de wijkagent besproken.")
    latest = RiskService(caseworker).latest(case_id)
    assert (latest.proposed, latest.chosen) == (Level.ROOD, Level.ORANJE)
    assert latest.approver_name == "Synthetische Teamleider"
    assert "Bevestigd door Synthetische Teamleider" in tab.history.entries[0].text()
    failed = [r for r in audit.recent(caseworker.db.conn, 500) if r.action == "approval_failed"]
    assert len(failed) == 1


def test_the_author_as_approver_is_told_beside_the_name_and_nothing_is_saved(
        qtbot, window, case_id, caseworker):  # noqa: F811
    _case, tab = risk_tab(window, case_id)
    answer_all_by_keyboard(qtbot, tab)
    qtbot.keyClick(tab.form.choices["wapen"], Qt.Key.Key_1)
    tab.panel.override.setChecked(True)
    tab.panel.level.setCurrentIndex(tab.panel.level.findData("groen"))
    qtbot.keyClicks(tab.panel.reason, "Reden.")
    seen = {}

    def as_author(dialog):
        qtbot.keyClicks(dialog.username, caseworker.user.username)
        qtbot.keyClicks(dialog.passphrase.edit, "wat-dan-ook-123")
        qtbot.keyClicks(dialog.reason, "Zelf.")
        qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
        seen["message"] = dialog.username_message.text()
        dialog.reject()

    _in_dialog(qtbot, as_author)
    assert not tab.save()
    assert "eigen keuze" in seen["message"]
    assert "nog niets opgeslagen" in tab.panel.message.text()
    assert tab.panel.reason_text() == "Reden." and tab.form.choices["wapen"].value().value == "ja"
    assert RiskService(caseworker).latest(case_id) is None


def test_leaving_with_unsaved_answers_asks(qtbot, window, case_id, caseworker, answers):  # noqa: F811
    asked, replies = answers
    case, tab = risk_tab(window, case_id)
    qtbot.keyClick(tab.form.choices["stalking"], Qt.Key.Key_1)
    replies.append(unsaved.Choice.CANCEL)
    case.go_back()
    assert asked and "risicotaxatie" in asked[0]
    assert window.pages.pages["clienten"].case_widget is case
    assert case.tabs.currentWidget() is tab
    replies.append(unsaved.Choice.DISCARD)
    case.go_back()
    assert window.pages.pages["clienten"].case_widget is None
    assert RiskService(caseworker).load_draft(case_id) is None


def test_a_lock_keeps_the_unfinished_screening_and_unlocking_puts_it_back(qtbot, window,
                                                                         case_id):  # noqa: F811
    _case, tab = risk_tab(window, case_id)
    qtbot.keyClick(tab.form.choices["verwurging"], Qt.Key.Key_1)
    qtbot.keyClicks(tab.form.notes["verwurging"], NOTE)
    window.lock()
    assert window.locked
    unlock(qtbot, window)
    case = window.pages.pages["clienten"].case_widget
    assert case is not None and case.tabs.currentWidget() is case.risk
    back = case.risk
    assert back.form.choices["verwurging"].value().value == "ja"
    assert back.form.notes["verwurging"].text() == NOTE
    assert "rood" in back.panel.badge.text()


def test_a_lock_writes_the_screening_draft_up_to_the_last_key(qtbot, window, caseworker,
                                                              case_id):  # noqa: F811
    _case, tab = risk_tab(window, case_id)
    qtbot.keyClick(tab.form.choices["angst"], Qt.Key.Key_1)
    qtbot.keyClicks(tab.form.notes["angst"], NOTE)
    window.lock()  # before the draft timer fired: a crash while locked loses nothing
    assert window.locked
    unlock(qtbot, window)
    assert RiskService(caseworker).load_draft(case_id)["notes"]["angst"] == NOTE


def test_typing_keeps_an_encrypted_draft_that_comes_back_in_a_new_window(qtbot, caseworker,
                                                                        case_id):  # noqa: F811
    first = shown(qtbot, caseworker)
    _case, tab = risk_tab(first, case_id)
    qtbot.keyClick(tab.form.choices["angst"], Qt.Key.Key_1)
    qtbot.keyClicks(tab.form.notes["angst"], NOTE)
    assert tab.save_draft_now()
    assert RiskService(caseworker).load_draft(case_id)["notes"]["angst"] == NOTE
    first.close_now()
    from blijf_desktop.services.workspace import WorkspaceService

    WorkspaceService(caseworker).take()  # not the place kept at close: the draft itself
    second = shown(qtbot, caseworker)
    _case, again = risk_tab(second, case_id)
    assert again.form.notes["angst"].text() == NOTE
    assert "weer klaar" in again.message.text()


# -- the level in force from the previous screening ------------------------------------------------
def _raised_before(caseworker, case_id):  # noqa: F811
    from tests.services.test_risk import ORANJE

    RiskService(caseworker).record(case_id, 1, ORANJE, Level.ROOD, "Hij kent haar nieuwe adres.")


def test_the_tab_shows_the_level_in_force_beside_the_proposal(qtbot, caseworker,
                                                              case_id):  # noqa: F811
    window = shown(qtbot, caseworker)
    _case, tab = risk_tab(window, case_id)
    assert not tab.panel.in_force_label.isVisible()  # the first screening: nothing in force
    _raised_before(caseworker, case_id)
    tab.load_history()
    assert tab.panel.in_force_label.isVisible()
    assert tab.panel.in_force_label.text().startswith("Geldend niveau: rood (vorige taxatie van ")


def test_saving_lower_than_the_level_in_force_asks_a_reason_and_the_approval(
        qtbot, caseworker, case_id, teamleider):  # noqa: F811
    _raised_before(caseworker, case_id)
    window = shown(qtbot, caseworker)
    _case, tab = risk_tab(window, case_id)
    answer_all_by_keyboard(qtbot, tab)
    qtbot.keyClick(tab.form.choices["stalking"], Qt.Key.Key_1)  # the same answers: oranje
    assert "oranje" in tab.panel.badge.text()
    assert tab.panel.lower_note.isVisible() and tab.panel.reason.isVisible()
    assert "geldende niveau (rood)" in tab.panel.lower_note.text()
    assert not tab.save()  # no reason: asked for, nothing stored
    assert "Schrijf op waarom" in tab.panel.reason_message.text()
    assert len(RiskService(caseworker).history(case_id)) == 1
    qtbot.keyClicks(tab.panel.reason, "Pleger zit vast.")
    seen = {}

    def cancel(dialog):
        seen["text"] = " ".join(label.text() for label in dialog.findChildren(QLabel))
        dialog.reject()

    _in_dialog(qtbot, cancel)
    assert not tab.save()  # not confirmed: nothing stored, everything kept
    assert "Geldend is rood" in seen["text"]
    assert "nog niets opgeslagen" in tab.panel.message.text()
    assert len(RiskService(caseworker).history(case_id)) == 1

    def approve(dialog):
        qtbot.keyClicks(dialog.username, teamleider)
        qtbot.keyClicks(dialog.passphrase.edit, LEAD_PASS)
        qtbot.keyClicks(dialog.reason, "Met het OM besproken.")
        qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)

    done = _in_dialog(qtbot, approve)
    assert tab.save() and done
    latest = RiskService(caseworker).latest(case_id)
    assert (latest.proposed, latest.chosen) == (Level.ORANJE, None)
    assert latest.override_reason == "Pleger zit vast."
    assert latest.approver_name == "Synthetische Teamleider"
    newest = tab.history.entries[0].text()
    assert "Lager dan het geldende niveau" in newest and "Bevestigd door" in newest
    assert tab.panel.in_force_label.text().startswith("Geldend niveau: oranje")
