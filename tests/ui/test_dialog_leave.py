"""Dialogs that take text ask before they throw it away: Esc, Annuleren or the window's close
button, with something typed, ask Opslaan / Niet opslaan / Annuleren. An empty dialog closes at
once, and reject() (what the lock calls) never asks."""

from dataclasses import dataclass
from typing import Callable

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from blijf_desktop.domain.roles import Role
from blijf_desktop.services.accounts import AccountService
from blijf_desktop.ui import unsaved
from blijf_desktop.ui.dialogs.add_user import AddUserDialog
from blijf_desktop.ui.dialogs.change_passphrase import ChangePassphraseDialog
from blijf_desktop.ui.dialogs.recovery import RecoveryDialog
from blijf_desktop.ui.dialogs.reset_passphrase import ResetPassphraseDialog
from blijf_desktop.ui.dialogs.setup import SetupDialog
from blijf_desktop.ui.widgets.passphrase_field import PassphraseField
from tests.conftest import ADMIN, ADMIN_PASS

NEW_PASS = "Groene-Fiets-Op-Het-Dak-7"
LEFT = Qt.MouseButton.LeftButton


def type_into(qtbot, field, text):
    """Click in the field and type, as a user does."""
    edit = field.edit if isinstance(field, PassphraseField) else field
    qtbot.mouseClick(edit, LEFT)
    qtbot.keyClicks(edit, text)


@dataclass
class Case:
    dialog: QDialog
    fill: Callable[[object, bool], None]  # (qtbot, valid): type what a user would
    saved: Callable[[], bool]  # the submit really happened
    submit_button: object


# -- the dialogs, each with a way to fill it and to see that it was saved -----------------------
def add_user_case(request) -> Case:
    accounts = admin(request)
    dialog = AddUserDialog(accounts)

    def fill(qtbot, valid):
        type_into(qtbot, dialog.username, "collega" if valid else "met spatie")
        type_into(qtbot, dialog.display_name, "Synthetische Collega")
        type_into(qtbot, dialog.passphrase, "Eenmalig-Wachtwoord-1")

    return Case(dialog, fill, lambda: any(u.username == "collega" for u in accounts.list_users()),
                dialog.add_button)


def change_case(request) -> Case:
    session, _key = request.getfixturevalue("created")
    auth = request.getfixturevalue("auth")
    dialog = ChangePassphraseDialog(AccountService(session))

    def fill(qtbot, valid):
        type_into(qtbot, dialog.current, ADMIN_PASS)
        type_into(qtbot, dialog.new, NEW_PASS)
        type_into(qtbot, dialog.repeat, NEW_PASS if valid else NEW_PASS + "!")

    def saved():
        try:
            auth.login(ADMIN, NEW_PASS).close()
        except Exception:
            return False
        return True

    return Case(dialog, fill, saved, dialog.change_button)


def reset_case(request) -> Case:
    accounts = admin(request)
    auth = request.getfixturevalue("auth")
    user = accounts.add_user("collega", "Synthetische Collega", Role.HULPVERLENER,
                             "Eenmalig-Wachtwoord-1")
    dialog = ResetPassphraseDialog(accounts, user)

    def fill(qtbot, valid):
        type_into(qtbot, dialog.passphrase, NEW_PASS if valid else "kort")

    def saved():  # the slot is set; logging in waits for a teamleider (issue 22)
        try:
            auth.vault.open_with_passphrase("collega", NEW_PASS)
        except Exception:
            return False
        return True

    return Case(dialog, fill, saved, dialog.reset_button)


def setup_case(request) -> Case:
    auth = request.getfixturevalue("auth")
    dialog = SetupDialog(auth)

    def fill(qtbot, valid):
        type_into(qtbot, dialog.username, ADMIN)
        type_into(qtbot, dialog.display_name, "Synthetische Beheerder")
        type_into(qtbot, dialog.passphrase, ADMIN_PASS)
        type_into(qtbot, dialog.repeat, ADMIN_PASS if valid else "anders")

    return Case(dialog, fill, auth.store_exists, dialog.create_button)


def recovery_case(request) -> Case:
    auth = request.getfixturevalue("auth")
    _session, key = request.getfixturevalue("created")
    dialog = RecoveryDialog(auth)

    def fill(qtbot, valid):
        type_into(qtbot, dialog.recovery_key, key if valid else "AAAA-BBBB-CCCC-DDDD")
        type_into(qtbot, dialog.username, ADMIN)
        type_into(qtbot, dialog.passphrase, NEW_PASS)
        type_into(qtbot, dialog.repeat, NEW_PASS)

    return Case(dialog, fill, lambda: dialog.session is not None, dialog.recover_button)


def admin(request) -> AccountService:
    session, _key = request.getfixturevalue("created")
    accounts = AccountService(session)
    accounts.accept_confidentiality()
    return accounts


CASES = {"add_user": add_user_case, "change_passphrase": change_case, "reset": reset_case,
         "setup": setup_case, "recovery": recovery_case}


@pytest.fixture(params=list(CASES))
def case(request, qtbot):
    made = CASES[request.param](request)
    qtbot.addWidget(made.dialog)
    with qtbot.waitActive(made.dialog):
        made.dialog.show()
        made.dialog.activateWindow()
    yield made
    if getattr(made.dialog, "session", None) is not None:
        made.dialog.session.close()


@pytest.fixture
def answers(monkeypatch):
    """unsaved.ask answered from this list, the questions recorded."""
    asked, replies = [], []

    def ask(parent, text, title=None):
        asked.append(text)
        return replies.pop(0)

    monkeypatch.setattr(unsaved, "ask", ask)
    return asked, replies


# -- the three ways out ---------------------------------------------------------------------------
def press_escape(qtbot, dialog):
    qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Escape)


def click_annuleren(qtbot, dialog):
    qtbot.mouseClick(dialog.cancel_button, LEFT)


def close_window(qtbot, dialog):
    """As the window's X does: a close event from the window system."""
    QApplication.sendEvent(dialog.windowHandle(), QCloseEvent())


WAYS_OUT = {"esc": press_escape, "annuleren": click_annuleren, "window": close_window}


@pytest.mark.parametrize("way", list(WAYS_OUT))
def test_only_a_dialog_with_something_typed_asks(qtbot, case, answers, way):
    asked, replies = answers
    with qtbot.waitSignal(case.dialog.rejected):  # empty: closes at once
        WAYS_OUT[way](qtbot, case.dialog)
    assert asked == [] and not case.dialog.isVisible()
    case.dialog.show()
    case.fill(qtbot, True)
    replies.append(unsaved.Choice.CANCEL)
    WAYS_OUT[way](qtbot, case.dialog)
    assert asked == [case.dialog.leave_question()] and case.dialog.isVisible()


@pytest.mark.parametrize("way", list(WAYS_OUT))
def test_niet_opslaan_closes_and_saves_nothing(qtbot, case, answers, way):
    asked, replies = answers
    case.fill(qtbot, True)
    replies.append(unsaved.Choice.DISCARD)
    with qtbot.waitSignal(case.dialog.rejected):
        WAYS_OUT[way](qtbot, case.dialog)
    assert len(asked) == 1 and asked[0] == case.dialog.leave_question()
    assert not case.dialog.isVisible() and not case.saved()


@pytest.mark.parametrize("way", list(WAYS_OUT))
def test_annuleren_in_the_question_stays_with_the_focus_where_it_was(qtbot, case, answers, way):
    asked, replies = answers
    case.fill(qtbot, True)
    focus = case.dialog.focusWidget()
    texts = [field.text() for field in case.dialog.typed_fields()]
    replies.append(unsaved.Choice.CANCEL)
    with qtbot.assertNotEmitted(case.dialog.finished):
        WAYS_OUT[way](qtbot, case.dialog)
    assert len(asked) == 1 and case.dialog.isVisible()
    assert case.dialog.focusWidget() is focus
    assert [field.text() for field in case.dialog.typed_fields()] == texts
    assert not case.saved()


def test_opslaan_submits(qtbot, case, answers):
    _asked, replies = answers
    case.fill(qtbot, True)
    replies.append(unsaved.Choice.SAVE)
    press_escape(qtbot, case.dialog)
    assert case.saved()
    if isinstance(case.dialog, SetupDialog):  # the recovery key is shown before it closes
        assert case.dialog.on_recovery_page() and case.dialog.isVisible()
    else:
        assert case.dialog.result() == QDialog.DialogCode.Accepted
        assert not case.dialog.isVisible()


def test_opslaan_that_fails_stays_with_its_message(qtbot, case, answers):
    _asked, replies = answers
    case.fill(qtbot, False)
    replies.append(unsaved.Choice.SAVE)
    with qtbot.assertNotEmitted(case.dialog.finished):
        close_window(qtbot, case.dialog)
    assert case.dialog.isVisible() and case.dialog.message.isVisible()
    assert case.dialog.message.text() and not case.saved()


def test_reject_closes_without_asking_so_the_lock_is_never_stopped(qtbot, case, answers):
    asked, replies = answers
    case.fill(qtbot, True)
    replies.append(unsaved.Choice.CANCEL)
    press_escape(qtbot, case.dialog)
    assert len(asked) == 1 and case.dialog.isVisible()
    with qtbot.waitSignal(case.dialog.rejected):
        case.dialog.reject()  # what MainWindow._close_other_windows() calls when locking
    assert len(asked) == 1 and not case.dialog.isVisible() and not case.saved()


def test_text_put_in_before_the_dialog_showed_was_not_typed(qtbot, auth, created, answers):
    asked, replies = answers
    dialog = RecoveryDialog(auth)
    qtbot.addWidget(dialog)
    dialog.username.setText(ADMIN)  # the login dialog carries the user name over
    dialog.show()
    with qtbot.waitSignal(dialog.rejected):
        press_escape(qtbot, dialog)
    assert asked == []
    dialog.show()
    type_into(qtbot, dialog.username, "x")  # typed here: that counts
    replies.append(unsaved.Choice.CANCEL)
    press_escape(qtbot, dialog)
    assert len(asked) == 1 and dialog.isVisible()


def test_a_forced_change_is_declined_at_once_an_ordinary_one_asks(qtbot, created, answers):
    """Declining a forced change means signing out: no question in between."""
    asked, replies = answers
    session, _key = created
    for forced in (False, True):
        dialog = ChangePassphraseDialog(AccountService(session), forced=forced)
        qtbot.addWidget(dialog)
        dialog.show()
        type_into(qtbot, dialog.current, ADMIN_PASS)
        replies.append(unsaved.Choice.DISCARD)
        with qtbot.waitSignal(dialog.rejected):
            press_escape(qtbot, dialog)
        assert len(asked) == 1  # the ordinary one asked; the forced one did not


def test_the_lock_closes_dialogs_with_typed_text_without_a_question(qtbot, created, answers):
    """MainWindow.lock() rejects every open dialog; a question must not stop the lock."""
    from blijf_desktop.ui.main_window import MainWindow

    asked, replies = answers
    session, _key = created
    AccountService(session).accept_confidentiality()
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    window.show_area("beheer")
    window.work_area.currentWidget().add_user()
    window.change_passphrase()
    dialogs = [w for w in window.findChildren(QDialog) if w.isVisible()]
    assert {type(d) for d in dialogs} == {AddUserDialog, ChangePassphraseDialog}
    for dialog in dialogs:
        field = dialog.username if isinstance(dialog, AddUserDialog) else dialog.current
        type_into(qtbot, field, "getypt")
        replies.append(unsaved.Choice.CANCEL)
        press_escape(qtbot, dialog)  # the user is asked ...
        assert dialog.isVisible()
    assert len(asked) == 2
    window.lock()  # ... the lock is not
    assert window.locked and len(asked) == 2
    assert not [w for w in window.findChildren(QDialog) if w.isVisible()]


# -- the real question, answered with the keyboard -----------------------------------------------
def answer_with(qtbot, key, seen: list) -> None:
    """When the question is up, press `key` in it."""

    def press():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, press)
            return
        seen.append(box.text())
        qtbot.keyClick(box, key)

    QTimer.singleShot(0, press)


def test_the_real_question_enter_saves_and_escape_stays(qtbot, created):
    session, _key = created
    accounts = AccountService(session)
    accounts.accept_confidentiality()
    dialog = AddUserDialog(accounts)
    qtbot.addWidget(dialog)
    dialog.show()
    type_into(qtbot, dialog.username, "collega")
    type_into(qtbot, dialog.display_name, "Synthetische Collega")
    type_into(qtbot, dialog.passphrase, "Eenmalig-Wachtwoord-1")
    seen: list[str] = []

    answer_with(qtbot, Qt.Key.Key_Escape, seen)  # Esc in the question: stay
    press_escape(qtbot, dialog)
    assert seen == [dialog.leave_question()]
    assert dialog.isVisible() and dialog.username.text() == "collega"
    assert dialog.focusWidget() is dialog.passphrase.edit

    answer_with(qtbot, Qt.Key.Key_Return, seen)  # Enter in the question: Opslaan
    with qtbot.waitSignal(dialog.accepted):
        press_escape(qtbot, dialog)
    assert len(seen) == 2 and dialog.user.username == "collega"


def test_an_error_goes_when_the_user_types_again(qtbot, created):
    """'Kies een wachtwoord van minstens 12 tekens' must not stay beside a strong one."""
    from blijf_desktop.services.accounts import AccountService
    from blijf_desktop.ui.dialogs.change_passphrase import ChangePassphraseDialog

    dialog = ChangePassphraseDialog(AccountService(created[0]))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.current.edit, "iets")
    qtbot.keyClicks(dialog.new.edit, "kort")
    dialog.try_change()
    assert dialog.message.isVisible() and dialog.message.kind == "error"
    qtbot.keyClicks(dialog.new.edit, "-en-nu-veel-langer-7")
    assert not dialog.message.isVisible() and dialog.message.text() == ""
