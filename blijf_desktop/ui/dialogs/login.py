"""Log in: user name and passphrase, with back-off after failures and a way to recover."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialog, QWidget

from blijf_desktop.i18n import _
from blijf_desktop.services.errors import ServerLoginRefused, TooManyAttempts, WrongCredentials
from blijf_desktop.ui.dialogs import common
from blijf_desktop.ui.messages import error_message
from blijf_desktop.ui.widgets.passphrase_field import PassphraseField

if TYPE_CHECKING:  # the session and recovery modules load after the window is shown
    from blijf_desktop.services.auth import AuthService
    from blijf_desktop.services.session import Session
    from blijf_desktop.ui.dialogs.recovery import RecoveryDialog


class LoginDialog(QDialog):
    def __init__(self, auth: AuthService, demo_hint: tuple[str, str] | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.auth = auth
        self.session: Session | None = None
        self.recovery_dialog: RecoveryDialog | None = None
        self.setWindowTitle(_("Blijf Desktop: inloggen"))
        self.setMinimumWidth(500)

        layout = common.page_layout(self)
        layout.addWidget(common.heading(_("Inloggen bij Blijf Desktop")))

        # Server mode (issue 23): which server she logs in to; a lost passphrase is reset by
        # the beheerder on the server, not recovered at this desk.
        self.server_mode = bool(getattr(auth, "server_mode", False))
        self.server_box = None
        if self.server_mode:
            self.server_box = common.boxed(
                _("U meldt zich aan bij de server {host}, met uw eigen gebruikersnaam en "
                  "wachtwoord. Wat u typt en nog niet hebt opgeslagen, blijft versleuteld op "
                  "deze pc.").format(host=auth.address.host), "info")
            layout.addWidget(self.server_box)

        self.demo_box = None
        if demo_hint is not None:
            self.demo_box = common.boxed(
                _("Demo: gebruiker {user}, wachtwoord {passphrase}. Voor Beheer: gebruiker "
                  "'beheer', hetzelfde wachtwoord. Een tweede teamleider die een toestemming "
                  "verifieert: 'collega', hetzelfde wachtwoord. Dit is een oefenomgeving met "
                  "verzonnen gegevens; alles verdwijnt bij afsluiten.").format(
                    user=demo_hint[0], passphrase=demo_hint[1]), "info")
            self.demo_box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(self.demo_box)

        form = common.form_layout()
        self.username = common.line_edit(64)
        self.passphrase = PassphraseField(show_meter=False)
        common.add_row(form, _("&Gebruikersnaam:"), self.username)
        common.add_row(form, _("&Wachtwoord:"), self.passphrase)
        layout.addLayout(form)

        self.message = common.MessageLabel()
        self.countdown = common.MessageLabel()
        layout.addWidget(self.message)
        layout.addWidget(self.countdown)
        layout.addStretch(1)

        self.recover_button = common.secondary_button(_("Wachtwoord vergeten / nieuwe pc"))
        self.recover_button.setFlat(True)
        self.recover_button.setStyleSheet(
            "QPushButton { color:#1a5296; text-decoration:underline; border:none; padding:4px; }")
        self.recover_button.clicked.connect(self.open_recovery)
        self.login_button = common.primary_button(_("Inloggen"))
        self.login_button.clicked.connect(self.try_login)
        layout.addLayout(common.button_row(self.login_button, left=(self.recover_button,)))
        self.recover_button.setVisible(not self.server_mode)

        QWidget.setTabOrder(self.username, self.passphrase.edit)
        QWidget.setTabOrder(self.passphrase.edit, self.login_button)
        QWidget.setTabOrder(self.login_button, self.recover_button)

        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.update_countdown)

        if demo_hint is not None:
            self.username.setText(demo_hint[0])
            self.passphrase.setFocus()
        else:
            self.username.setFocus()
        # A back-off may still run from before a restart. The file alone before the window
        # is shown (loading the keyring takes a while); the login button checks both.
        self.update_countdown(thorough=False)

    # -- logging in ------------------------------------------------------------------------
    def try_login(self) -> None:
        if not self.login_button.isEnabled():
            return
        self.message.clear_message()
        if not self.username.text().strip():
            self._tell(_("Vul uw gebruikersnaam in."))
            self.username.setFocus()
            return
        if not self.passphrase.text():
            self._tell(_("Vul uw wachtwoord in."))
            self.passphrase.setFocus()
            return
        try:
            with common.busy_cursor():
                session = self.auth.login(self.username.text(), self.passphrase.text())
        except (WrongCredentials, ServerLoginRefused) as error:
            # The same sentence whether or not the user exists.
            self._tell(error_message(error))
            self.passphrase.clear()
            self.passphrase.setFocus()
            self.update_countdown()
            return
        except TooManyAttempts:
            self.update_countdown()
            return
        except Exception as error:  # shown inline; what was typed stays
            self._tell(error_message(error))
            return
        self._finish(session)

    def _tell(self, text: str) -> None:
        self.message.show_error(text)
        self._fit_messages()

    def _fit_messages(self) -> None:
        """Qt sizes a dialog without asking how tall its word-wrapped messages become, so a
        long one was cut off: make the dialog at least that tall at its narrowest."""
        self.setMinimumHeight(self.layout().totalHeightForWidth(self.minimumWidth()))

    def _finish(self, session: Session) -> None:
        self.session = session
        self.passphrase.clear()
        self.timer.stop()
        self.accept()

    # -- back-off ----------------------------------------------------------------------------
    def update_countdown(self, thorough: bool = True) -> None:
        """Disable logging in while the back-off runs; called each second by the timer."""
        try:
            wait = self.auth.wait_seconds(thorough)
        except Exception as error:
            self._tell(error_message(error))
            wait = 0.0
        if wait > 0:
            self.login_button.setEnabled(False)
            self.countdown.show_message(error_message(TooManyAttempts(wait)), "warning")
            self._fit_messages()
            if not self.timer.isActive():
                self.timer.start()
            return
        was_waiting = self.timer.isActive()
        self.timer.stop()
        self.login_button.setEnabled(True)
        if was_waiting:
            self.countdown.show_message(_("U kunt het nu opnieuw proberen."), "info")
            self._fit_messages()
            self.passphrase.setFocus()
        else:
            self.countdown.clear_message()

    # -- recovery ----------------------------------------------------------------------------
    def open_recovery(self) -> None:
        """Open the recovery dialog (window-modal, without a nested event loop)."""
        from blijf_desktop.ui.dialogs.recovery import RecoveryDialog

        dialog = RecoveryDialog(self.auth, parent=self)
        dialog.username.setText(self.username.text())
        dialog.accepted.connect(lambda: self._recovered(dialog))
        dialog.finished.connect(dialog.deleteLater)
        self.recovery_dialog = dialog
        dialog.open()

    def _recovered(self, dialog: RecoveryDialog) -> None:
        if dialog.session is not None:
            self._finish(dialog.session)
