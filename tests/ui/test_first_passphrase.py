"""First login with a one-time passphrase (issue #16): the forced change right after the login
or unlock does not ask for the one-time passphrase again; the Account menu's change does."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel

from blijf_desktop.services import session as session_module
from blijf_desktop.services.accounts import AccountService
from blijf_desktop.storage.errors import WrongCredentials
from blijf_desktop.ui.dialogs.change_passphrase import ChangePassphraseDialog
from blijf_desktop.ui.main_window import MainWindow
from tests.conftest import confirm_pending_here
from tests.ui.test_main_window import (  # noqa: F401 (flow is a fixture)
    HULP, HULP_OWN, ONE_TIME, accept_declaration, add_hulpverlener, flow, log_in, show,
    wait_for_dialog,
)

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def admin(created):
    AccountService(created[0]).accept_confidentiality()
    return created[0]


def row_label(dialog, field) -> QLabel:
    return next(label for label in dialog.findChildren(QLabel) if label.buddy() is field)


def asks_for_current(dialog) -> bool:
    return dialog.current.isVisible() and row_label(dialog, dialog.current).isVisible()


def choose(qtbot, dialog, passphrase):
    qtbot.keyClicks(dialog.new.edit, passphrase)
    qtbot.keyClicks(dialog.repeat.edit, passphrase)
    qtbot.mouseClick(dialog.change_button, LEFT)


def test_first_login_does_not_ask_for_the_one_time_passphrase_again(qtbot, auth, admin, flow):
    add_hulpverlener(admin)
    app_flow = flow(auth)
    app_flow.start()
    log_in(qtbot, app_flow, HULP, ONE_TIME)
    accept_declaration(qtbot, app_flow)
    change = wait_for_dialog(qtbot, app_flow, "ChangePassphraseDialog")
    qtbot.waitExposed(change)
    assert change.forced and not asks_for_current(change)
    assert QApplication.focusWidget() is change.new.edit  # typing starts in the new field
    choose(qtbot, change, HULP_OWN)
    qtbot.waitUntil(lambda: app_flow.window is not None)
    session = app_flow.session
    assert session.ready
    app_flow.window.logout_action.trigger()
    login = wait_for_dialog(qtbot, app_flow, "LoginDialog")
    login.username.setText(HULP)
    login.passphrase.setText(ONE_TIME)  # the one-time passphrase no longer opens anything
    qtbot.mouseClick(login.login_button, LEFT)
    assert login.message.text() == "Gebruikersnaam of wachtwoord onjuist."
    log_in(qtbot, app_flow, HULP, HULP_OWN)  # her own does
    qtbot.waitUntil(lambda: app_flow.window is not None)
    assert app_flow.session.user.username == HULP


def test_a_reset_while_locked_is_not_asked_again_after_the_unlock(qtbot, auth, admin):
    add_hulpverlener(admin)
    session = auth.login(HULP, ONE_TIME)
    AccountService(session).change_own_passphrase(ONE_TIME, HULP_OWN)
    AccountService(session).accept_confidentiality()
    try:
        window = show(qtbot, MainWindow(session))
        window.lock()
        hulp = next(u for u in AccountService(admin).list_users() if u.username == HULP)
        new_one_time = "Nieuw-Eenmalig-Regenpak-3"
        AccountService(admin).reset_passphrase(hulp.id, new_one_time)
        confirm_pending_here(admin, HULP)  # issue 22: a teamleider confirms the reset
        window.lock_screen.passphrase.setText(new_one_time)
        window.lock_screen.try_unlock()  # proves the passphrase the beheerder set
        [dialog] = [d for d in window.findChildren(QDialog) if d.isVisible()]
        assert dialog.forced and not asks_for_current(dialog)
        with qtbot.waitSignal(dialog.accepted):
            choose(qtbot, dialog, "Eigen-Nieuw-Wachtwoord-Zomer-4")
        assert session.ready
        with pytest.raises(WrongCredentials):
            auth.vault.open_with_passphrase(HULP, new_one_time)
    finally:
        session.close()


def test_a_dialog_left_open_too_long_asks_after_all_and_keeps_what_was_typed(qtbot, auth,
                                                                            admin):
    add_hulpverlener(admin)
    session = auth.login(HULP, ONE_TIME)
    try:
        dialog = show(qtbot, ChangePassphraseDialog(AccountService(session), forced=True))
        assert not asks_for_current(dialog)
        clock = session.clock
        session.clock = lambda: clock() + session_module.ONE_TIME_PROOF_SECONDS + 1
        choose(qtbot, dialog, HULP_OWN)
        assert dialog.isVisible() and asks_for_current(dialog)
        assert dialog.message.text().startswith("Het eenmalige wachtwoord is al even geleden")
        assert dialog.new.text() == HULP_OWN and dialog.repeat.text() == HULP_OWN
        assert QApplication.focusWidget() is dialog.current.edit
        qtbot.keyClicks(dialog.current.edit, ONE_TIME)
        with qtbot.waitSignal(dialog.accepted):
            qtbot.mouseClick(dialog.change_button, LEFT)
        assert not session.user.must_change_passphrase
    finally:
        session.close()


def test_the_account_menu_change_still_asks_for_the_current_passphrase(qtbot, created):
    session, _recovery = created
    dialog = show(qtbot, ChangePassphraseDialog(AccountService(session)))
    assert asks_for_current(dialog)
    assert row_label(dialog, dialog.current).text() == "&Huidig wachtwoord:"
