"""The main window, the lock, the beheer page and the flow from start to main window."""

import pytest
from PySide6.QtCore import QAbstractListModel, QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractItemView, QApplication, QDialog, QLabel, QLineEdit, QMessageBox,
    QWidget,
)

from blijf_desktop.config import AppConfig
from blijf_desktop.domain.roles import Role
from blijf_desktop.services.accounts import AccountService
from blijf_desktop.services.errors import AccountPending
from blijf_desktop.storage.errors import WrongCredentials
from blijf_desktop.ui.application import AppFlow, failed_attempts_notice, install_qt_translator
from blijf_desktop.ui.dialogs.add_user import AddUserDialog
from blijf_desktop.ui.dialogs.reset_passphrase import ResetPassphraseDialog
from blijf_desktop.ui.lock import IdleWatcher
from blijf_desktop.ui.main_window import MainWindow
from blijf_desktop.ui.pages.beheer import BeheerPage
from tests.conftest import ADMIN, ADMIN_PASS, confirm_pending_here

HULP = "hulp1"
HULP_NAME = "Synthetische Hulpverlener"
ONE_TIME = "Eenmalig-Groen-Fietspad-7"
HULP_OWN = "Eigen-Blauwe-Kikker-Zingt-9"
WRONG_LOCK = "Verkeerd-Wachtwoord-Hier-1"


def ready(session):
    AccountService(session).accept_confidentiality()
    return session


def add_hulpverlener(admin_session, username=HULP, name=HULP_NAME):
    """Added, and confirmed by a teamleider (issue 22), so she can log in."""
    user = AccountService(admin_session).add_user(username, name, Role.HULPVERLENER, ONE_TIME)
    confirm_pending_here(admin_session, username)
    return user


def visible_texts(root: QWidget) -> str:
    """Everything a person could read in `root`'s visible widgets, item views included."""
    texts = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible():
            continue
        if isinstance(widget, (QLabel, QAbstractButton, QLineEdit)):
            texts.append(widget.text())
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            root_index = widget.rootIndex()
            for row in range(model.rowCount(root_index)):
                list_model = isinstance(model, QAbstractListModel)
                columns = 1 if list_model else model.columnCount(root_index)
                for column in range(columns):
                    texts.append(str(model.index(row, column).data() or ""))
    return "\n".join(texts)


def show(qtbot, window, before_close=None):
    """Show `window` active; `before_close(window)` runs before qtbot closes it at the end."""
    qtbot.addWidget(window, before_close_func=before_close)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


@pytest.fixture
def admin(created):
    return ready(created[0])


@pytest.fixture
def window(qtbot, admin):
    return show(qtbot, MainWindow(admin))


# -- main window -------------------------------------------------------------------------------
def test_title_status_bar_and_areas(window):
    assert window.windowTitle() == "Blijf Desktop"
    assert "Synthetische Beheerder" in window.user_label.text()
    assert "Functioneel beheerder" in window.user_label.text()
    assert window.lock_button.isVisible() and window.lock_button.text() == "Vergrendelen"
    # a functioneel beheerder manages users and the audit trail, not case files, nor the
    # register of what went to and came from the police, nor AWARE-trajecten, nor the
    # requests of the people recorded (the teamleider handles those, issue 20); she reviews
    # every opening of a case by another team (issue 22)
    assert window.area_keys() == ["bewaartermijnen", "jaarcijfers", "datalekken", "toegang",
                                  "beheer"]
    menus = [a.text() for a in window.menuBar().actions() if a.isVisible()]
    assert menus == ["&Bestand", "&Account", "&Help"]


def test_beheer_hidden_for_hulpverlener(qtbot, auth, admin):
    add_hulpverlener(admin)
    session = auth.login(HULP, ONE_TIME)
    accounts = AccountService(session)
    accounts.change_own_passphrase(ONE_TIME, HULP_OWN)
    accounts.accept_confidentiality()
    try:
        hulp_window = show(qtbot, MainWindow(session))
        assert "beheer" not in hulp_window.area_keys()
        assert hulp_window.area_keys()[0] == "clienten"
        assert "Beheer" not in visible_texts(hulp_window)
        assert "Hulpverlener" in hulp_window.user_label.text()
    finally:
        session.close()


def test_beheer_page_refuses_a_hulpverlener(qtbot, auth, admin):
    """The services enforce beheer too; the page shows their refusal in Dutch."""
    add_hulpverlener(admin)
    session = auth.login(HULP, ONE_TIME)
    AccountService(session).change_own_passphrase(ONE_TIME, HULP_OWN)
    AccountService(session).accept_confidentiality()
    try:
        page = BeheerPage(session)
        qtbot.addWidget(page)
        assert page.message.text() == "U hebt geen toestemming voor deze handeling."
        assert page.table.rowCount() == 0
    finally:
        session.close()


# -- the lock ----------------------------------------------------------------------------------
def assert_locked(window, session, db):
    assert session.locked
    assert db.closed
    assert window.locked
    assert not window.work_area.isVisible() and not window.nav.isVisible()
    assert window.lock_screen.isVisible()
    assert not window.account_menu.menuAction().isVisible()
    texts = visible_texts(window)
    assert HULP_NAME not in texts and HULP not in texts
    assert "Cliënten" not in texts and "Hier ko" not in texts


def test_ctrl_l_locks_and_drops_the_work_area(qtbot, window, admin):
    add_hulpverlener(admin)
    window.show_area("beheer")
    assert HULP_NAME in visible_texts(window)
    db = admin.db
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert_locked(window, admin, db)
    assert window.work_area.count() == 0  # pages with data are destroyed, not hidden


def test_lock_button_closes_dialogs_and_our_clipboard(qtbot, window, admin):
    add_hulpverlener(admin)
    window.show_area("beheer")
    page = window.work_area.currentWidget()
    page.add_user()
    page.select_user(HULP)
    page.ask_disable()  # a confirmation left open must not go through by the lock
    window.show_about()
    window.change_passphrase()
    dialogs = [w for w in window.findChildren(QDialog) if w.isVisible()]
    assert len(dialogs) == 4
    QGuiApplication.clipboard().setText("gekopieerd uit Blijf Desktop")
    db = admin.db
    qtbot.mouseClick(window.lock_button, Qt.MouseButton.LeftButton)
    assert_locked(window, admin, db)
    assert not [w for w in window.findChildren(QDialog) if w.isVisible()]
    assert QGuiApplication.clipboard().text() == ""
    window.lock_screen.passphrase.setText(ADMIN_PASS)
    window.lock_screen.try_unlock()
    assert all(u.active for u in AccountService(admin).list_users())


def test_wrong_passphrase_on_lock_screen(qtbot, window, admin):
    window.lock()
    screen = window.lock_screen
    screen.passphrase.setText(WRONG_LOCK)
    qtbot.mouseClick(screen.unlock_button, Qt.MouseButton.LeftButton)
    assert screen.message.isVisible()
    assert screen.message.text().startswith("Dit wachtwoord klopt niet.")
    assert screen.passphrase.text() == WRONG_LOCK  # kept, selected for retyping
    assert admin.locked and window.locked


def test_back_off_on_lock_screen(qtbot, window, admin):
    now = [1_000_000.0]
    admin.guard.clock = lambda: now[0]
    window.lock()
    screen = window.lock_screen
    for _attempt in range(3):
        screen.passphrase.setText(WRONG_LOCK)
        screen.try_unlock()
    assert not screen.unlock_button.isEnabled()
    assert not screen.passphrase.isEnabled()
    assert screen.countdown.text().startswith("Te veel mislukte pogingen. Probeer het over")
    now[0] += 60
    screen.update_countdown()
    assert screen.unlock_button.isEnabled()
    assert screen.countdown.text() == "U kunt het nu opnieuw proberen."
    screen.passphrase.setText(ADMIN_PASS)
    screen.try_unlock()
    assert not admin.locked


def test_correct_passphrase_unlocks_and_restores_the_area(qtbot, window, admin):
    add_hulpverlener(admin)
    window.show_area("beheer")
    window.lock()
    screen = window.lock_screen
    screen.passphrase.setText(ADMIN_PASS)
    qtbot.keyClick(screen.passphrase.edit, Qt.Key.Key_Return)
    assert not admin.locked and not window.locked
    assert window.current_area == "beheer"
    assert window.work_area.isVisible()
    assert window.account_menu.menuAction().isVisible()
    assert HULP_NAME in visible_texts(window)
    assert not screen.isVisible()


def test_a_failed_lock_signs_out_instead_of_pretending(qtbot, window, admin, monkeypatch):
    def broken_lock():
        raise OSError("disk full")

    monkeypatch.setattr(admin, "lock", broken_lock)
    with qtbot.waitSignal(window.closed) as closed:
        window.lock()
    assert closed.args == [True]  # logout: the flow closes the session and shows the login
    assert window.lock_screen is None and not window.isVisible()


def test_a_reset_while_locked_asks_for_an_own_passphrase(qtbot, auth, admin):
    add_hulpverlener(admin)
    session = auth.login(HULP, ONE_TIME)
    AccountService(session).change_own_passphrase(ONE_TIME, HULP_OWN)
    AccountService(session).accept_confidentiality()
    try:
        hulp_window = show(qtbot, MainWindow(session))
        hulp_window.lock()
        hulp = next(u for u in AccountService(admin).list_users() if u.username == HULP)
        AccountService(admin).reset_passphrase(hulp.id, ONE_TIME)
        confirm_pending_here(admin, HULP)  # issue 22: a teamleider confirms the reset
        hulp_window.lock_screen.passphrase.setText(ONE_TIME)
        hulp_window.lock_screen.try_unlock()
        [dialog] = [d for d in hulp_window.findChildren(QDialog) if d.isVisible()]
        assert dialog.forced
        with qtbot.waitSignal(hulp_window.closed) as closed:
            dialog.reject()
        assert closed.args == [True]
    finally:
        session.close()


def test_idle_timer_locks(qtbot, admin):
    idle_window = show(qtbot, MainWindow(admin, idle_minutes=0.002))
    qtbot.waitUntil(lambda: admin.locked, timeout=3000)
    assert idle_window.locked and not idle_window.work_area.isVisible()


def test_user_input_restarts_the_idle_timer(qtbot, window):
    watcher = IdleWatcher(1.0, window)
    watcher.start()
    qtbot.wait(300)
    before = watcher._timer.remainingTime()
    qtbot.keyClick(window.nav, Qt.Key.Key_Down)
    assert watcher._timer.remainingTime() > before
    watcher.stop()
    assert not watcher.active


# -- beheer ------------------------------------------------------------------------------------
@pytest.fixture
def page(qtbot, admin):
    beheer = BeheerPage(admin)
    qtbot.addWidget(beheer)
    beheer.show()
    return beheer


def open_dialog(qtbot, page, button, kind):
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    [dialog] = [d for d in page.findChildren(kind) if d.isVisible()]
    return dialog


def add_via_page(qtbot, page, username=HULP, name=HULP_NAME, passphrase=ONE_TIME):
    dialog = open_dialog(qtbot, page, page.add_button, AddUserDialog)
    dialog.username.setText(username)
    dialog.display_name.setText(name)
    dialog.role.setCurrentIndex(dialog.role.findData(Role.HULPVERLENER))
    dialog.passphrase.setText(passphrase)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    return dialog


def test_beheer_adds_a_user_with_a_one_time_passphrase(qtbot, auth, page):
    dialog = add_via_page(qtbot, page)
    assert not dialog.isVisible()
    assert HULP in visible_texts(page) and "Hulpverlener" in visible_texts(page)
    assert "eigen wachtwoord" in page.message.text()
    assert "Wacht op een teamleider" in visible_texts(page)  # issue 22
    assert "pas als een teamleider het bevestigt" in page.message.text()
    confirm_pending_here(page.session, HULP)
    session = auth.login(HULP, ONE_TIME)
    try:
        assert session.user.must_change_passphrase
        assert session.user.role is Role.HULPVERLENER
    finally:
        session.close()


def test_beheer_add_user_refusals_are_inline_and_keep_the_text(qtbot, page):
    dialog = add_via_page(qtbot, page, passphrase="kort")
    assert dialog.isVisible()
    assert dialog.message.text() == "Kies een wachtwoord van minstens 12 tekens."
    assert dialog.username.text() == HULP and dialog.display_name.text() == HULP_NAME
    dialog.username.setText(ADMIN)
    dialog.passphrase.setText(ONE_TIME)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "Deze gebruikersnaam bestaat al."
    assert dialog.passphrase.text() == ONE_TIME
    dialog.reject()


def test_beheer_resets_a_passphrase(qtbot, auth, admin, page):
    add_hulpverlener(admin)
    page.refresh()
    page.select_user(HULP)
    dialog = open_dialog(qtbot, page, page.reset_button, ResetPassphraseDialog)
    new_one_time = "Nieuw-Eenmalig-Regenpak-3"
    dialog.passphrase.setText(new_one_time)
    qtbot.mouseClick(dialog.reset_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert "opnieuw ingesteld" in page.message.text()
    with pytest.raises(WrongCredentials):
        auth.login(HULP, ONE_TIME)
    with pytest.raises(AccountPending):  # issue 22: the beheerder knows it; a teamleider first
        auth.login(HULP, new_one_time)
    confirm_pending_here(admin, HULP)
    session = auth.login(HULP, new_one_time)
    try:
        assert session.user.must_change_passphrase
    finally:
        session.close()


def confirm_disable(qtbot, page, answer="Uitschakelen"):
    qtbot.mouseClick(page.disable_button, Qt.MouseButton.LeftButton)
    [box] = [b for b in page.findChildren(QMessageBox) if b.isVisible()]
    button = next(b for b in box.buttons() if b.text() == answer)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_beheer_disables_a_user_after_confirmation(qtbot, auth, admin, page):
    add_hulpverlener(admin)
    page.refresh()
    page.select_user(HULP)
    confirm_disable(qtbot, page, "Annuleren")
    assert auth.login(HULP, ONE_TIME).close() is None  # still active
    page.select_user(HULP)
    confirm_disable(qtbot, page)
    qtbot.waitUntil(lambda: "uitgeschakeld" in page.message.text())  # off the UI thread
    assert "nieuwe sleutel" in page.message.text()  # issue 22: a new data key
    assert not page.disable_button.isEnabled()
    with pytest.raises(WrongCredentials):
        auth.login(HULP, ONE_TIME)


def test_beheer_refuses_to_disable_the_last_beheerder(qtbot, admin, page):
    page.select_user(ADMIN)
    confirm_disable(qtbot, page)
    qtbot.waitUntil(lambda: page.message.text().startswith(
        "Dit is de laatste actieve functioneel beheerder."))
    assert not admin.locked


def test_beheer_audit_check(qtbot, admin, page):
    qtbot.mouseClick(page.verify_button, Qt.MouseButton.LeftButton)
    assert page.audit_result.text().startswith("Audittrail in orde:")
    assert page.audit_result.kind == "success"
    admin.db.conn.execute("UPDATE audit_log SET action = 'gewist' WHERE seq = 2")
    qtbot.mouseClick(page.verify_button, Qt.MouseButton.LeftButton)
    assert page.audit_result.kind == "error"
    assert "regel 2 is gewijzigd" in page.audit_result.text()


def test_qt_own_strings_are_translated(qapp):
    translator = install_qt_translator(qapp, "nl")
    try:
        assert translator is not None
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Annuleren"
    finally:
        qapp.removeTranslator(translator)


# -- the flow ----------------------------------------------------------------------------------
@pytest.fixture
def flow(qtbot):
    flows = []

    def make(auth):
        app_flow = AppFlow(AppConfig(auth=auth, idle_minutes=5.0))
        flows.append(app_flow)
        return app_flow

    yield make
    for app_flow in flows:
        app_flow.shutdown()


def wait_for_dialog(qtbot, app_flow, name):
    qtbot.waitUntil(lambda: type(app_flow.dialog).__name__ == name)
    return app_flow.dialog


def accept_declaration(qtbot, app_flow):
    dialog = wait_for_dialog(qtbot, app_flow, "ConfidentialityDialog")
    dialog.agree.setChecked(True)
    qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)


def log_in(qtbot, app_flow, username, passphrase):
    dialog = wait_for_dialog(qtbot, app_flow, "LoginDialog")
    dialog.username.setText(username)
    dialog.passphrase.setText(passphrase)
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)


def test_flow_setup_to_main_window_and_logout(qtbot, auth, flow):
    app_flow = flow(auth)
    app_flow.start()
    setup = wait_for_dialog(qtbot, app_flow, "SetupDialog")
    setup.username.setText(ADMIN)
    setup.display_name.setText("Synthetische Beheerder")
    setup.passphrase.setText(ADMIN_PASS)
    setup.repeat.setText(ADMIN_PASS)
    qtbot.mouseClick(setup.create_button, Qt.MouseButton.LeftButton)
    setup.stored_check.setChecked(True)
    qtbot.mouseClick(setup.continue_button, Qt.MouseButton.LeftButton)
    accept_declaration(qtbot, app_flow)
    qtbot.waitUntil(lambda: app_flow.window is not None)
    session = app_flow.session
    assert app_flow.window.isVisible() and app_flow.notice is None
    app_flow.window.logout_action.trigger()
    wait_for_dialog(qtbot, app_flow, "LoginDialog")
    assert app_flow.session is None and session.locked


def test_flow_login_tells_failed_attempts_then_declaration(qtbot, auth, created, flow):
    created[0].close()
    with pytest.raises(WrongCredentials):
        auth.login(ADMIN, WRONG_LOCK)
    app_flow = flow(auth)
    app_flow.start()
    log_in(qtbot, app_flow, ADMIN, ADMIN_PASS)
    accept_declaration(qtbot, app_flow)
    qtbot.waitUntil(lambda: app_flow.window is not None)
    assert app_flow.notice is not None and app_flow.notice.isVisible()
    # A functioneel beheerder hears more (issue 21, Blijf 9.1): when, and which account.
    assert app_flow.notice.windowTitle() == "Inbraakpogingen"
    text = app_flow.notice.text()
    assert text.startswith("Sinds uw vorige aanmelding:\n1 mislukte aanmelding, tussen ")
    assert text.endswith(f"; account {app_flow.session.user.id} (1×).")
    assert "Datalekken" in app_flow.notice.informativeText()
    assert failed_attempts_notice(1) == ("Sinds de vorige aanmelding op deze pc is er 1 "
                                         "mislukte inlogpoging geweest.")
    assert failed_attempts_notice(3) == ("Sinds de vorige aanmelding op deze pc zijn er 3 "
                                         "mislukte inlogpogingen geweest.")
    with qtbot.waitSignal(app_flow.finished) as finished:
        app_flow.window.quit_action.trigger()
    assert finished.args == [0] and app_flow.session is None


def test_flow_one_time_passphrase_must_be_changed(qtbot, auth, admin, flow):
    add_hulpverlener(admin)
    app_flow = flow(auth)
    app_flow.start()
    log_in(qtbot, app_flow, HULP, ONE_TIME)
    accept_declaration(qtbot, app_flow)
    change = wait_for_dialog(qtbot, app_flow, "ChangePassphraseDialog")
    assert change.forced
    change.current.setText(ONE_TIME)
    change.new.setText(HULP_OWN)
    change.repeat.setText(HULP_OWN)
    qtbot.mouseClick(change.change_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: app_flow.window is not None)
    assert "beheer" not in app_flow.window.area_keys()
    assert app_flow.notice is None
    session = app_flow.session
    app_flow.window.lock()
    qtbot.mouseClick(app_flow.window.lock_screen.logout_button, Qt.MouseButton.LeftButton)
    wait_for_dialog(qtbot, app_flow, "LoginDialog")
    assert app_flow.window is None and app_flow.session is None and session.locked


def test_flow_declining_the_declaration_logs_out_and_quits(qtbot, auth, created, flow):
    created[0].close()
    app_flow = flow(auth)
    app_flow.start()
    log_in(qtbot, app_flow, ADMIN, ADMIN_PASS)
    dialog = wait_for_dialog(qtbot, app_flow, "ConfidentialityDialog")
    session = app_flow.session
    with qtbot.waitSignal(app_flow.finished):
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert session.locked and app_flow.session is None and app_flow.window is None
