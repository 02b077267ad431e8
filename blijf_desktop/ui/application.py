"""The GUI entry point and the flow from start to main window:

setup (no store yet) or login → confidentiality declaration (once) → own passphrase (after a
one-time passphrase) → main window. Afmelden goes back to login; quitting closes the session.
Every step is a window-modal dialog without a nested event loop, so tests can drive it."""

from __future__ import annotations

import logging
import os
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QLibraryInfo, QObject, Qt, QTimer, QTranslator, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from blijf_desktop import __version__, assets, crash, i18n
from blijf_desktop.config import AppConfig
from blijf_desktop.domain.roles import Role
from blijf_desktop.i18n import _, ngettext
from blijf_desktop.services.errors import StoreError
from blijf_desktop.ui import wheel_guard

if TYPE_CHECKING:  # loaded at login, after the first window is shown
    from blijf_desktop.services.session import Session

log = logging.getLogger(__name__)

ORGANISATION = "Blijf Groep"
APP_NAME = "Blijf Desktop"
DESKTOP_FILE = "blijf-desktop"  # packaging/linux/blijf-desktop.desktop; the Wayland app id
# A measuring aid for bench/startup.py, not a feature: with BLIJF_EXIT_WHEN_SHOWN=1 the app
# writes the line "shown" to stdout as soon as the first dialog (setup or login) has been painted,
# then quits (status 0) the normal way. It skips nothing: no session exists yet at that point,
# and quitting runs the normal shutdown.
EXIT_WHEN_SHOWN_ENV = "BLIJF_EXIT_WHEN_SHOWN"


def app_icon() -> QIcon:
    icon = QIcon()
    folder = assets.resources_dir() / "icons"
    for name in ("blijf-desktop.svg", "blijf-desktop.png"):
        if (folder / name).exists():
            icon.addFile(str(folder / name))
    return icon


class _ExitWhenShown(QObject):
    """Event filter for the first dialog: quit the app once it has painted (see above)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt naming)
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            if sys.stdout is not None:  # None in a windowed (GUI) Windows build
                print("shown", flush=True)
            QTimer.singleShot(0, lambda: QApplication.instance().exit(0))
        return False


def install_qt_translator(app: QApplication, language: str) -> QTranslator | None:
    """Qt's own strings (standard buttons, context menus) in the UI language."""
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(f"qtbase_{language}", folder):
        log.warning("no Qt translation for %s", language)
        return None
    app.installTranslator(translator)
    return translator


def failed_attempts_notice(count: int) -> str:
    """`count`: failed logins and unlocks with this store since the last successful one by
    anyone. The counter belongs to the store, not to a user name (a failure names nobody), so
    the sentence does not say they were attempts on this user's account."""
    return ngettext(
        "Sinds de vorige aanmelding op deze pc is er {n} mislukte inlogpoging geweest.",
        "Sinds de vorige aanmelding op deze pc zijn er {n} mislukte inlogpogingen geweest.",
        count).format(n=count)


def failed_attempts_advice(role: Role) -> str:
    """What to do about failed logins. A functioneel beheerder is the one others report to, so
    she is told what she can check and whom she tells."""
    if role is Role.BEHEERDER:
        return _("Weet u niet wie dat was? Controleer dan de audittrail (Beheer → Audittrail "
                 "controleren), kies een nieuw wachtwoord (Account → Wachtwoord wijzigen) en "
                 "meld het bij de privacy officer of een andere functioneel beheerder.")
    return _("Was u dat niet zelf? Meld het dan meteen bij uw functioneel beheerder.")


def journal_damage_notice(lost: int) -> str:
    """`lost`: saved transactions SQLite dropped (0: the count could not be read back)."""
    opening = _("Blijf Desktop is de vorige keer niet goed afgesloten, en het journaal van de "
                "opslag bleek beschadigd.")
    if lost <= 0:
        return opening + " " + _("Een deel van wat vlak daarvoor werd opgeslagen, kon niet "
                                 "worden teruggelezen.")
    return opening + " " + ngettext(
        "Wat vlak daarvoor het laatst werd opgeslagen, kon niet worden teruggelezen.",
        "Wat vlak daarvoor de laatste {n} keer werd opgeslagen, kon niet worden teruggelezen.",
        lost).format(n=lost)


def journal_damage_advice(copy_names: list[str], role: Role | None = None) -> str:
    """`role`: the user's; a functioneel beheerder is not sent to herself but to IT support."""
    check = _("Kijk de laatste intakes en wijzigingen van vóór het afsluiten na en vul aan wat "
              "ontbreekt.")
    if role is Role.BEHEERDER:
        if not copy_names:
            return check + " " + _("Schakel ook de IT-ondersteuning in.")
        return check + " " + _("Schakel ook de IT-ondersteuning in: een versleutelde kopie van "
                               "het journaal is bewaard in de map van de opslag, als "
                               "{file}.").format(file=", ".join(copy_names))
    if not copy_names:
        return check + " " + _("Meld het ook bij uw functioneel beheerder.")
    return check + " " + _("Meld het ook bij uw functioneel beheerder: een versleutelde kopie "
                           "van het journaal is bewaard in de map van de opslag, als "
                           "{file}.").format(file=", ".join(copy_names))


def notice_texts(parts: list[tuple[str, str]]) -> tuple[str, str]:
    """The box's text and informative text from (what happened, what to do) pairs. Several
    pairs: each one's advice right under its own news, so "Was u dat niet zelf?" is never
    read as being about the accounts that wait."""
    if len(parts) == 1:
        return parts[0]
    return "\n\n".join(f"{news}\n{advice}" if advice else news for news, advice in parts), ""


class AppFlow(QObject):
    """Drives the dialogs and the main window. `finished(exit_code)` when the app should end.
    `dialog` and `window` are the step on screen now (for tests and for the lock)."""

    finished = Signal(int)

    def __init__(self, config: AppConfig, parent: QObject | None = None):
        super().__init__(parent)
        self.config = config
        self.session: Session | None = None
        self.dialog: QDialog | None = None
        self.window = None  # MainWindow, imported lazily
        self.notice: QMessageBox | None = None
        self.qt_translator: QTranslator | None = None
        self._exit_filter = (_ExitWhenShown(self)
                             if os.environ.get(EXIT_WHEN_SHOWN_ENV) == "1" else None)
        self._exit_filter_used = False

    # -- steps ---------------------------------------------------------------------------
    def start(self) -> None:
        try:
            self.config.auth.claim()  # one instance per store, before anything reads it
        except (StoreError, OSError) as error:
            self._refuse_to_start(error)
            return
        if not self.config.auth.store_exists():
            from blijf_desktop.ui.dialogs.setup import SetupDialog

            self._step(SetupDialog(self.config.auth), self._signed_in, self._quit)
        else:
            self._login()

    def _login(self) -> None:
        from blijf_desktop.ui.dialogs.login import LoginDialog

        self._step(LoginDialog(self.config.auth, demo_hint=self.config.demo_hint),
                   self._signed_in, self._quit)

    def _signed_in(self, dialog: QDialog) -> None:
        self.session = dialog.session
        self._apply_store_settings()
        self._next()

    def _apply_store_settings(self) -> None:
        """The letterhead for printed documents, and the store's default language (unless
        --lang chose one) from the next window on (Beheer → Instellingen)."""
        from blijf_desktop.services.settings import SettingsService
        from blijf_desktop.ui.settings import language

        settings = SettingsService(self.session)
        settings.apply_letterhead()
        if self.config.language is not None:
            return
        wanted = settings.default_language()
        language.remember(wanted)
        if wanted != i18n.language():
            i18n.set_language(wanted)
            app = QApplication.instance()
            if self.qt_translator is not None:
                app.removeTranslator(self.qt_translator)
            self.qt_translator = install_qt_translator(app, wanted)

    def _next(self) -> None:
        """The next step this session still needs; the main window when none is left."""
        from blijf_desktop.services.accounts import AccountService

        user = self.session.user
        accounts = AccountService(self.session)
        if user.confidentiality_accepted_at is None:
            from blijf_desktop.ui.dialogs.confidentiality import ConfidentialityDialog

            self._step(ConfidentialityDialog(accounts), self._step_done, self._log_out_and_quit)
        elif user.must_change_passphrase:
            from blijf_desktop.ui.dialogs.change_passphrase import ChangePassphraseDialog

            self._step(ChangePassphraseDialog(accounts, forced=True), self._step_done,
                       self._log_out_and_quit)
        else:
            self._show_main_window()

    def _step_done(self, _dialog: QDialog) -> None:
        self._next()

    def _step(self, dialog: QDialog, on_accept, on_reject) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._after(dialog, on_accept, dialog))
        dialog.rejected.connect(lambda: self._after(dialog, on_reject))
        self.dialog = dialog
        if self._exit_filter is not None and not self._exit_filter_used:
            dialog.installEventFilter(self._exit_filter)
            self._exit_filter_used = True  # the first dialog only
        dialog.open()

    def _after(self, dialog: QDialog, then, *args) -> None:
        if self.dialog is dialog:
            self.dialog = None
        # Let the dialog close before the next window opens (no flash of two windows).
        QTimer.singleShot(0, lambda: then(*args))

    def _show_main_window(self) -> None:
        from blijf_desktop.ui.main_window import MainWindow

        window = MainWindow(self.session, idle_minutes=self.config.idle_minutes)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.closed.connect(self._window_closed)
        self.window = window
        window.show()
        self._tell_after_login(window)

    def _tell_after_login(self, window) -> None:
        from blijf_desktop.ui.dialogs.confirm_accounts import login_notices as account_notices
        from blijf_desktop.ui.incidents.break_ins import login_notice

        """What the user must hear once after logging in, in one message box: lost work from
        a damaged journal, failed login attempts. One box, so the lock (which closes it) never
        finds a second one waiting to open over the lock screen. The lost-work part is shown
        again at the next login until the user has clicked OK."""
        damage = self.session.journal_damage
        count, self.session.failed_attempts_seen = self.session.failed_attempts_seen, 0
        role = self.session.user.role
        parts = []
        if damage:
            parts.append((journal_damage_notice(sum(event.lost_commits for event in damage)),
                          journal_damage_advice([e.copy_name for e in damage if e.copy_name],
                                                role)))
        break_ins = login_notice(self.session)  # the beheerder: what, when, which accounts
        if break_ins:
            parts.append(break_ins)
        elif count > 0:
            parts.append((failed_attempts_notice(count), failed_attempts_advice(role)))
        failed = bool(parts)
        parts.extend(account_notices(self.session))  # issue 22: a teamleider's confirmations
        if not parts:
            return
        title = (_("Laatste wijzigingen mogelijk verloren") if damage
                 else _("Inbraakpogingen") if break_ins
                 else _("Mislukte inlogpogingen") if failed else _("Accounts"))
        text, advice = notice_texts(parts)
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok,
                          window)
        box.setInformativeText(advice)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.notice = box
        box.finished.connect(lambda _result: self._notice_closed(box, bool(damage)))
        box.open()

    def _notice_closed(self, box: QMessageBox, had_damage: bool) -> None:
        """OK (or Esc, which Qt counts as OK here) confirms; closed by the lock it does not."""
        clicked = box.clickedButton()
        ok = QMessageBox.StandardButton.Ok
        confirmed = clicked is not None and box.standardButton(clicked) == ok
        if had_damage and confirmed and self.session is not None:
            try:
                self.session.journal_damage_told()
            except OSError as error:  # shown again next time; nothing else depends on it
                log.warning("could not clear the journal notice: %s", type(error).__name__)
        self.notice = None

    def _window_closed(self, logout: bool) -> None:
        self.window = None
        self.notice = None
        self._close_session()
        if logout:
            QTimer.singleShot(0, self._login)
        else:
            self.finished.emit(0)

    # -- ending --------------------------------------------------------------------------
    def _log_out_and_quit(self) -> None:
        self._close_session()
        self.finished.emit(0)

    def _quit(self) -> None:
        self.finished.emit(0)

    def _refuse_to_start(self, error: Exception) -> None:
        """E.g. another window has the store open, or the folder is read-only: say so, then
        end (status 1)."""
        from blijf_desktop.ui.messages import start_message

        text = start_message(error, str(self.config.auth.paths.folder))
        box = QMessageBox(QMessageBox.Icon.Warning, _("Blijf Desktop"), text,
                          QMessageBox.StandardButton.Ok)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.notice = box
        box.finished.connect(lambda _result: self.finished.emit(1))
        box.open()

    def _close_session(self) -> None:
        session, self.session = self.session, None
        if session is None:
            return
        try:
            session.close()
        except Exception as error:  # the key is dropped regardless; the log says why
            log.error("closing the session failed: %s", type(error).__name__)

    def shutdown(self) -> None:
        """Last chance at quit (also when the OS ends the session): drop the key."""
        if self.window is not None:
            self.window.closed.disconnect(self._window_closed)
            self.window.close_now()  # no questions now; what she was doing is kept
            self.window = None
        self._close_session()
        self.config.auth.release()


def install_excepthook() -> None:
    """An unexpected error: logged without personal data, a calm message, the app goes on."""

    def hook(kind, value, tb):
        crash.log_unexpected(kind, value, tb)
        from blijf_desktop.ui.messages import unexpected_message

        box = QMessageBox(QMessageBox.Icon.Warning, _("Blijf Desktop"), unexpected_message())
        box.setWindowModality(Qt.WindowModality.ApplicationModal)
        box.open()

    sys.excepthook = hook


def run_gui(config: AppConfig) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    install_excepthook()
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(DESKTOP_FILE)
    app.setWindowIcon(app_icon())
    app.setQuitOnLastWindowClosed(False)  # the flow decides; between steps no window is shown
    wheel_guard.install(app)
    from blijf_desktop.ui.settings import language

    chosen = config.language or language.remembered()
    i18n.set_language(chosen)
    translator = install_qt_translator(app, chosen)
    flow = AppFlow(config)
    flow.qt_translator = translator
    flow.finished.connect(app.exit)
    app.aboutToQuit.connect(flow.shutdown)
    QTimer.singleShot(0, flow.start)
    return app.exec()
