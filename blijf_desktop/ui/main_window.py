"""The main window: navigation on the left, the work area on the right, the user and the lock
in the status bar. Locking really drops the data: dialogs closed, our clipboard cleared, pages
with data destroyed, the store closed and the key zeroed.

Nothing typed is lost: leaving a page, signing out or quitting asks about unsaved changes
(ui/unsaved.py); a lock, or the computer shutting the app down, keeps where the user was and
what she typed as an encrypted draft in the store, written before the store closes, and puts
her back there after unlocking (or at her next login)."""

import logging

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication, QDialog, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMainWindow,
    QMessageBox, QPushButton, QStackedWidget, QWidget,
)

from blijf_desktop import __version__
from blijf_desktop.domain.roles import Permission, may
from blijf_desktop.i18n import _
from blijf_desktop.services.session import Session
from blijf_desktop.ui.backups import worker as backup_worker
from blijf_desktop.ui.lock import ClipboardWatch, IdleWatcher, LockScreen
from blijf_desktop.ui.pages.areas import Area, areas_for
from blijf_desktop.ui.role_names import role_name
from blijf_desktop.ui.search_index_update import SearchIndexUpdate
from blijf_desktop.ui.settings.values import idle_lock_minutes
from blijf_desktop.ui.work_pages import WorkPages

log = logging.getLogger(__name__)

_AREA_KEY = Qt.ItemDataRole.UserRole
# Window geometry and state only (Qt's own bytes): nothing personal goes into QSettings.
_GEOMETRY_KEY = "main_window/geometry"
_STATE_KEY = "main_window/state"


class MainWindow(QMainWindow):
    """`closed(logout)` is emitted when the window closes: logout is True when the user chose
    Afmelden (someone may sign in next), False to quit. The caller closes the session."""

    closed = Signal(bool)

    def __init__(self, session: Session, idle_minutes: float | None = None,
                 parent: QWidget | None = None):
        """`idle_minutes`: from the command line; it may only shorten the store's idle lock
        (Beheer → Instellingen)."""
        super().__init__(parent)
        self.session = session
        self._idle_asked = idle_minutes
        self.setWindowTitle(_("Blijf Desktop"))
        self.resize(1100, 720)
        self.lock_screen: LockScreen | None = None
        self._current_area: str | None = None
        self._logout = False
        self._closing = False
        self._ask_on_close = True  # False when the app must end now (the OS shuts it down)

        self.clipboard = ClipboardWatch(self)
        self.idle_watcher = IdleWatcher(idle_lock_minutes(session, idle_minutes), self)
        self.idle_watcher.idle.connect(self.lock)

        self.nav = QListWidget()
        self.nav.setAccessibleName(_("Onderdelen"))
        self.nav.setFixedWidth(250)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.setWordWrap(True)
        self.nav.setStyleSheet(
            "QListWidget { border: none; border-right: 1px solid #c9ccd1; outline: 0;"
            " background: palette(window); padding-top: 12px; font-size: 11pt; }"
            " QListWidget::item { padding: 9px 14px; border-left: 4px solid transparent; }"
            " QListWidget::item:selected { background: #dce8f5; color: #102a43;"
            " border-left: 4px solid #2f6fa7; }")
        self.nav.currentItemChanged.connect(self._nav_changed)
        self.work_area = QStackedWidget()
        self.pages = WorkPages(session, self.work_area, lambda: self.locked)
        self.workspace = QWidget()
        row = QHBoxLayout(self.workspace)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.nav)
        row.addWidget(self.work_area, 1)
        self.central = QStackedWidget()
        self.central.addWidget(self.workspace)
        self.setCentralWidget(self.central)

        self._build_menus()
        self._build_status_bar()
        self._fill_navigation()
        self._restore_geometry()
        self._restore_workspace()  # work kept when the app was shut down under her
        self.idle_watcher.start()
        from blijf_desktop.ui.backups.auto import AutoBackup

        self.auto_backup = AutoBackup(session, self.statusBar(), lambda: self.locked, self)
        self.search_index = SearchIndexUpdate(session, self.statusBar(), lambda: self.locked,
                                              self)

    def _restore_geometry(self) -> None:
        settings = QSettings()
        geometry, state = settings.value(_GEOMETRY_KEY), settings.value(_STATE_KEY)
        if isinstance(geometry, QByteArray):  # anything else (a damaged file): the default size
            self.restoreGeometry(geometry)
        if isinstance(state, QByteArray):
            self.restoreState(state)

    def _save_geometry(self) -> None:
        settings = QSettings()
        settings.setValue(_GEOMETRY_KEY, self.saveGeometry())
        settings.setValue(_STATE_KEY, self.saveState())

    # -- building ------------------------------------------------------------------------
    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(_("&Bestand"))
        self.lock_action = QAction(_("&Vergrendelen"), self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.lock_action.triggered.connect(self.lock)
        self.logout_action = QAction(_("&Afmelden"), self)
        self.logout_action.triggered.connect(self.logout)
        self.quit_action = QAction(_("A&fsluiten"), self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.triggered.connect(self.close)
        file_menu.addAction(self.lock_action)
        file_menu.addSeparator()
        file_menu.addAction(self.logout_action)
        file_menu.addAction(self.quit_action)

        self.clients_menu = bar.addMenu(_("&Cliënten"))
        search = self.clients_menu.addAction(_("&Zoeken"), lambda: self._in_clients("focus_search"))
        search.setShortcut(QKeySequence.StandardKey.Find)
        new = self.clients_menu.addAction(_("&Nieuwe intake"), lambda: self._in_clients("new_intake"))
        new.setShortcut(QKeySequence.StandardKey.New)
        self.clients_menu.menuAction().setVisible("clienten" in self.area_keys_for_role())

        self.account_menu = bar.addMenu(_("&Account"))
        self.account_menu.addAction(_("&Wachtwoord wijzigen…"), self.change_passphrase)
        if may(self.session.user.role, Permission.CONFIRM_ACCOUNTS):  # issue 22
            self.account_menu.addAction(_("Accounts &bevestigen…"), self.confirm_accounts)

        help_menu = bar.addMenu(_("&Help"))
        help_menu.addAction(_("&Over Blijf Desktop"), self.show_about)
        # Menus and actions that reach data: hidden or disabled while locked.
        self._data_actions = (self.account_menu.menuAction(), self.clients_menu.menuAction())

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        self.user_label = QLabel()
        self.user_label.setContentsMargins(8, 0, 8, 0)
        self.lock_button = QPushButton(_("Vergrendelen"))
        self.lock_button.setToolTip(_("Vergrendelen (Ctrl+L): uw werk blijft staan, de gegevens "
                                      "gaan op slot tot u uw wachtwoord invult."))
        self.lock_button.setAccessibleName(_("Vergrendelen"))
        self.lock_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.lock_button.clicked.connect(self.lock)
        status.addWidget(self.user_label, 1)
        status.addPermanentWidget(self.lock_button)
        self._update_user_label()

    def _update_user_label(self) -> None:
        user = self.session.user
        self.user_label.setText(_("Aangemeld: {name} ({role})").format(
            name=user.display_name, role=role_name(user.role)))

    def _fill_navigation(self) -> None:
        wanted = self._current_area
        self.nav.blockSignals(True)
        self.nav.clear()
        for area in areas_for(self.session.user.role):
            item = QListWidgetItem(_(area.title))
            item.setData(_AREA_KEY, area)
            self.nav.addItem(item)
        self.nav.blockSignals(False)
        keys = [self.nav.item(i).data(_AREA_KEY).key for i in range(self.nav.count())]
        self.nav.setCurrentRow(keys.index(wanted) if wanted in keys else 0)

    # -- areas ---------------------------------------------------------------------------
    def area_keys_for_role(self) -> list[str]:
        return [area.key for area in areas_for(self.session.user.role)]

    def _in_clients(self, method: str) -> None:
        if self.locked or "clienten" not in self.area_keys():
            return
        self.show_area("clienten")
        getattr(self.pages.pages["clienten"], method)()

    def area_keys(self) -> list[str]:
        return [self.nav.item(i).data(_AREA_KEY).key for i in range(self.nav.count())]

    @property
    def current_area(self) -> str | None:
        return self._current_area

    def show_area(self, key: str) -> None:
        self.nav.setCurrentRow(self.area_keys().index(key))

    def _nav_changed(self, item: QListWidgetItem | None,
                     previous: QListWidgetItem | None = None) -> None:
        if item is None:
            return
        if previous is not None and not self.pages.may_leave(previous.data(_AREA_KEY).key):
            if not self.locked:  # a lock meanwhile has rebuilt the navigation itself
                self.nav.blockSignals(True)
                self.nav.setCurrentItem(previous)
                self.nav.blockSignals(False)
            return
        area: Area = item.data(_AREA_KEY)
        self.work_area.setCurrentWidget(self.pages.page(area))
        self._current_area = area.key

    def has_unsaved_changes(self) -> bool:
        return self.pages.has_unsaved_changes()

    def may_close(self) -> bool:
        return self.pages.may_close(self._current_area)

    def _restore_workspace(self) -> None:
        area = self.pages.restore_workspace()
        if area is not None:
            self.show_area(area)

    # -- lock ----------------------------------------------------------------------------
    @property
    def locked(self) -> bool:
        return self.lock_screen is not None

    def lock(self) -> None:
        if self.locked:
            return
        self.idle_watcher.stop()
        self._close_other_windows()
        backup_worker.stop_all()  # a backup's own connection and key copy end with the lock
        self.clipboard.clear_if_ours()
        self.pages.keep_workspace(self._current_area)
        self.pages.drop()
        for action in self._data_actions:
            action.setVisible(False)
        self.lock_action.setEnabled(False)
        self.lock_button.hide()
        try:
            self.session.lock()
        except Exception as error:
            log.error("session lock failed: %s", type(error).__name__)
        if not self.session.locked:
            # A lock screen over an open store would unlock with any passphrase: sign out.
            self.logout()
            return
        self.setWindowTitle(_("Blijf Desktop (vergrendeld)"))
        self.lock_screen = LockScreen(self.session)
        self.lock_screen.unlocked.connect(self._unlocked)
        self.lock_screen.logout_requested.connect(self.logout)
        self.central.addWidget(self.lock_screen)
        self.central.setCurrentWidget(self.lock_screen)
        self.lock_screen.setFocus()

    def apply_settings(self) -> None:
        """A setting came into force (Beheer → Instellingen): the idle lock from now on."""
        self.idle_watcher.set_minutes(idle_lock_minutes(self.session, self._idle_asked))

    def _unlocked(self) -> None:
        screen, self.lock_screen = self.lock_screen, None
        self.central.setCurrentWidget(self.workspace)
        self.central.removeWidget(screen)
        screen.deleteLater()
        self.setWindowTitle(_("Blijf Desktop"))
        for action in self._data_actions:
            action.setVisible(True)
        self.clients_menu.menuAction().setVisible("clienten" in self.area_keys_for_role())
        self.lock_action.setEnabled(True)
        self.lock_button.show()
        self._update_user_label()
        self._fill_navigation()  # the role may have changed meanwhile
        self.nav.setFocus()
        self.idle_watcher.start()
        if self.session.user.must_change_passphrase:  # reset by a beheerder while locked
            self._change_passphrase(forced=True)  # her work comes back once that is done
        else:
            self._restore_workspace()
        self._tell_failed_attempts()
        self.search_index.start()  # stopped by the lock: goes on where it was

    def _tell_failed_attempts(self) -> None:
        """Someone tried passphrases at this lock screen (or a login) while she was away:
        she hears it at once (Blijf 9.1: break-in attempts signalled)."""
        from blijf_desktop.ui.application import failed_attempts_advice, failed_attempts_notice

        count, self.session.failed_attempts_seen = self.session.failed_attempts_seen, 0
        if count <= 0:
            return
        box = QMessageBox(QMessageBox.Icon.Warning, _("Mislukte inlogpogingen"),
                          failed_attempts_notice(count), QMessageBox.StandardButton.Ok, self)
        box.setInformativeText(failed_attempts_advice(self.session.user.role))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def _close_other_windows(self) -> None:
        """Close our dialogs and child windows, open menus and popups included."""
        for _attempt in range(10):
            popup = QApplication.activePopupWidget()
            if popup is None:
                break
            popup.close()
        windows = [w for w in self.findChildren(QWidget) if w.isWindow()]
        windows += [w for w in QApplication.topLevelWidgets()
                    if w is not self and isinstance(w, QDialog) and w not in windows]
        for window in windows:
            if not window.isVisible():
                continue
            if isinstance(window, QDialog):
                window.reject()
            if window.isVisible():  # a dialog that will not be rejected (a forced one)
                window.hide()
            window.deleteLater()

    # -- menu actions --------------------------------------------------------------------
    def logout(self) -> None:
        self._logout = True
        self.close()

    def leave_after_restore(self) -> None:
        """A restore replaced the store (its session is closed): nothing of the old one is
        kept or asked about; everyone logs in again."""
        self.pages.drop()
        self._ask_on_close = False
        self.logout()

    def change_passphrase(self) -> None:
        self._change_passphrase(forced=False)

    def _change_passphrase(self, forced: bool) -> None:
        from blijf_desktop.services.accounts import AccountService
        from blijf_desktop.ui.dialogs.change_passphrase import ChangePassphraseDialog

        dialog = ChangePassphraseDialog(AccountService(self.session), forced=forced, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if forced:  # no own passphrase, no work: declining signs out
            dialog.rejected.connect(self._forced_change_declined)
            dialog.accepted.connect(self._restore_workspace)
        dialog.open()

    def _forced_change_declined(self) -> None:
        if not self.locked and not self._closing:  # not when the lock or close rejected it
            QTimer.singleShot(0, self.logout)

    def confirm_accounts(self) -> None:
        from blijf_desktop.services.account_requests import AccountRequestService
        from blijf_desktop.ui.dialogs.confirm_accounts import ConfirmAccountsDialog

        dialog = ConfirmAccountsDialog(AccountRequestService(self.session), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def show_about(self) -> None:
        text = "\n".join((
            _("Blijf Desktop {version}").format(version=__version__),
            _("Versleutelde dossiers, AWARE en verstrekkingen voor Blijf Groep."),
            "",
            _("Licentie: EUPL-1.2"),
            "",
            _("Volgt de afspraken uit:"),
            _("• Convenant Gegevensverstrekking Blijf Groep – politie (2022)"),
            _("• Model convenant Ketensamenwerking Mensenhandel"),
            _("• Convenant Expertisecentrum Mensenhandel en Mensensmokkel (2025–2030)"),
        ))
        box = QMessageBox(QMessageBox.Icon.Information, _("Over Blijf Desktop"), text,
                          QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def close_now(self) -> None:
        """End without asking (the app is being shut down): what she was doing is kept, to
        be put back at her next login."""
        self._ask_on_close = False
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt naming)
        if not self.locked:
            if self._ask_on_close and not self.may_close():
                self._logout = False
                event.ignore()
                return
            if self._ask_on_close:
                self.pages.keep_drafts()
            else:
                self.pages.keep_workspace(self._current_area)
        self._closing = True
        backup_worker.stop_all()
        self._save_geometry()
        self.idle_watcher.stop()
        self._close_other_windows()
        self.clipboard.clear_if_ours()
        super().closeEvent(event)
        self.closed.emit(self._logout)
