"""First run: create the store and its first user (functioneel beheerder), then show the
recovery key once, with a printable sheet."""

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from blijf_desktop.i18n import _
from blijf_desktop.services.accounts import AccountService
from blijf_desktop.services.auth import AuthService
from blijf_desktop.services.errors import InvalidInput, WeakPassphrase
from blijf_desktop.services.session import Session
from blijf_desktop.ui.dialogs import common
from blijf_desktop.ui.dialogs.recovery_key import RecoveryKeyPanel
from blijf_desktop.ui.messages import error_message
from blijf_desktop.ui.widgets.passphrase_field import PassphraseField, new_passphrase_ready


class SetupDialog(common.AsksBeforeLeaving, QDialog):
    """Esc, Annuleren and the window's close button ask before typed text is thrown away.
    Once the store exists, leaving before the recovery key is put away is not possible."""

    def __init__(self, auth: AuthService, parent: QWidget | None = None):
        super().__init__(parent)
        self.auth = auth
        self.session: Session | None = None
        self.recovery_panel: RecoveryKeyPanel | None = None
        self.setWindowTitle(_("Blijf Desktop inrichten"))
        self.setMinimumWidth(640)

        self.pages = QStackedWidget()
        self.pages.addWidget(self._account_page())
        self.pages.addWidget(self._recovery_page())
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.pages)
        QWidget.setTabOrder(self.username, self.display_name)
        QWidget.setTabOrder(self.display_name, self.passphrase.edit)
        QWidget.setTabOrder(self.passphrase.edit, self.repeat.edit)
        QWidget.setTabOrder(self.repeat.edit, self.passphrase_only)
        QWidget.setTabOrder(self.passphrase_only, self.create_button)
        self.username.setFocus()

    # -- page 1: the first account ---------------------------------------------------------
    def _account_page(self) -> QWidget:
        page = QWidget()
        layout = common.page_layout(page)
        layout.addWidget(common.heading(_("Blijf Desktop inrichten")))
        layout.addWidget(common.explanation(_(
            "U maakt nu de versleutelde gegevensopslag aan, met het eerste account. Dit account "
            "wordt functioneel beheerder: daarmee maakt u straks de accounts van uw collega's aan.")))

        form = common.form_layout()
        self.username = common.line_edit(64)
        self.display_name = common.line_edit(200)
        self.passphrase = PassphraseField(show_meter=True)
        self.repeat = PassphraseField(show_meter=False)
        for field in (self.username, self.display_name):  # her own name is guessed first
            field.textChanged.connect(lambda _text: self.passphrase.set_owner(
                self.username.text(), self.display_name.text()))
        common.add_row(form, _("&Gebruikersnaam:"), self.username)
        common.add_row(form, _("&Naam:"), self.display_name)
        common.add_row(form, _("&Wachtwoord:"), self.passphrase)
        common.add_row(form, _("&Herhaal wachtwoord:"), self.repeat)
        self.username.setPlaceholderText(_("bijvoorbeeld: jdevries"))
        self.display_name.setPlaceholderText(_("zoals collega's u kennen"))
        layout.addLayout(form)

        self.passphrase_only = QCheckBox(
            _("Ik kies bewust voor 'alleen wachtwoord': de opslag is niet aan deze pc gekoppeld."))
        self.keyring_warning = common.boxed(_(
            "Op deze pc werkt de sleutelbos van het besturingssysteem niet. Normaal koppelt "
            "Blijf Desktop de opslag daarmee aan deze pc, zodat een gekopieerde opslag met een "
            "bekend wachtwoord elders niet opengaat. U kunt doorgaan met 'alleen wachtwoord': dan "
            "beschermt alleen het wachtwoord de opslag. Deze keuze wordt vastgelegd in de "
            "audittrail."), "warning")
        layout.addWidget(self.keyring_warning)
        layout.addWidget(self.passphrase_only)
        if self.auth.keyring_available():
            self.keyring_warning.hide()
            self.passphrase_only.hide()
        self.passphrase_only.toggled.connect(self._update_create_button)

        self.message = common.MessageLabel()
        layout.addWidget(self.message)
        layout.addStretch(1)

        self.cancel_button = common.leave_button(_("Annuleren"))
        self.create_button = common.primary_button(_("Opslag aanmaken"))
        self.cancel_button.clicked.connect(self.reject_by_user)
        self.create_button.clicked.connect(self.create_store)
        # A PC whose store was lost: a backup and the recovery sheet bring it back (issue 20).
        self.restore_button = common.secondary_button(_("Back-up terugzetten…"))
        self.restore_button.setFlat(True)
        self.restore_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.restore_button.clicked.connect(self.open_restore)
        layout.addLayout(common.button_row(self.cancel_button, self.create_button,
                                           left=(self.restore_button,)))
        self._update_create_button()
        return page

    def _needs_passphrase_only(self) -> bool:
        return not self.auth.keyring_available()

    def _update_create_button(self) -> None:
        allowed = not self._needs_passphrase_only() or self.passphrase_only.isChecked()
        self.create_button.setEnabled(allowed)

    # -- leaving ---------------------------------------------------------------------------
    def asks_before_leaving(self) -> bool:
        return not self.on_recovery_page()

    def typed_fields(self) -> list:
        return [self.username, self.display_name, self.passphrase, self.repeat]

    def leave_question(self) -> str:
        return _("De gegevensopslag is nog niet aangemaakt. Wilt u hem nu aanmaken met wat u "
                 "hebt ingevuld?")

    def submit_from_question(self) -> None:
        self.create_store()

    def create_store(self) -> None:
        self.message.clear_message()
        passphrase_only = self._needs_passphrase_only()
        if passphrase_only and not self.passphrase_only.isChecked():
            self.message.show_error(_("Kies eerst bewust voor 'alleen wachtwoord' of vraag uw "
                                      "beheerder om de sleutelbos werkend te maken."))
            return
        if not new_passphrase_ready(self.message, self.passphrase, self.repeat, _(
                "De twee wachtwoorden zijn niet gelijk. Typ het wachtwoord nog eens bij "
                "'Herhaal wachtwoord'.")):
            return
        try:
            with common.busy_cursor():
                session, recovery_key = self.auth.create_store(
                    self.username.text(), self.display_name.text(), self.passphrase.text(),
                    passphrase_only=passphrase_only)
        except Exception as error:  # shown inline; nothing typed is lost
            self.message.show_error(error_message(error))
            self._focus_for(error)
            return
        self.session = session
        self.passphrase.clear()
        self.repeat.clear()
        self._show_recovery_page(recovery_key)

    def _focus_for(self, error: Exception) -> None:
        if isinstance(error, InvalidInput) and error.field == "display_name":
            self.display_name.setFocus()
        elif isinstance(error, InvalidInput):
            self.username.setFocus()
        elif isinstance(error, WeakPassphrase):
            self.passphrase.setFocus()

    # -- page 2: the recovery key, shown once ------------------------------------------------
    def _recovery_page(self) -> QWidget:
        """The page's frame; the key panel goes in once the store (and so the key) exists."""
        page = QWidget()
        self.recovery_layout = common.page_layout(page)
        self.recovery_layout.addWidget(common.heading(_("Uw herstelsleutel")))
        self.recovery_layout.addStretch(1)
        self.continue_button = common.primary_button(_("Verder"))
        self.continue_button.setDefault(False)
        self.continue_button.setEnabled(False)
        self.continue_button.clicked.connect(self.accept)
        self.recovery_layout.addLayout(common.button_row(self.continue_button))
        return page

    def _show_recovery_page(self, recovery_key: str) -> None:
        self.recovery_panel = RecoveryKeyPanel(
            recovery_key, self.auth.vault.store_id(), AccountService(self.session),
            created=datetime.now().astimezone())
        self.recovery_layout.insertWidget(1, self.recovery_panel)
        self.recovery_panel.confirmed_changed.connect(self.continue_button.setEnabled)
        QWidget.setTabOrder(self.stored_check, self.continue_button)
        self.create_button.setDefault(False)
        self.continue_button.setDefault(True)
        self.pages.setCurrentIndex(1)
        self.setWindowTitle(_("Blijf Desktop inrichten: herstelsleutel"))
        self.print_button.setFocus()

    # The panel's parts, under the names the rest of the program and the tests use.
    @property
    def recovery_label(self) -> QLabel:
        return self.recovery_panel.key_label

    @property
    def print_button(self) -> QPushButton:
        return self.recovery_panel.print_button

    @property
    def stored_check(self) -> QCheckBox:
        return self.recovery_panel.stored_check

    @property
    def sheet_message(self) -> common.MessageLabel:
        return self.recovery_panel.sheet_message

    def on_recovery_page(self) -> bool:
        return self.pages.currentIndex() == 1

    def choose_recovery_sheet_path(self) -> None:
        self.recovery_panel.choose_sheet_path()

    def save_recovery_sheet(self, path: Path) -> bool:
        """Write the recovery sheet to `path` (readable by this user only) and record it."""
        return self.recovery_panel.save_sheet(path)

    def open_restore(self) -> None:
        from blijf_desktop.ui.backups.restore_dialog import StartRestoreDialog

        dialog = StartRestoreDialog(self.auth, self)
        dialog.finished.connect(dialog.deleteLater)
        dialog.accepted.connect(lambda: self._restored(dialog.session))
        self.restore_dialog = dialog
        dialog.open()

    def _restored(self, session) -> None:
        """Restored with the recovery key: her recovery sheet is the one she used."""
        if session is not None:
            self.session = session
            QDialog.accept(self)

    # -- closing ---------------------------------------------------------------------------
    def accept(self) -> None:
        if self.session is None or self.recovery_panel is None or not self.recovery_panel.confirmed:
            return
        self.recovery_panel.forget()
        super().accept()

    def reject(self) -> None:
        # Once the store exists, leaving without seeing the recovery key through is not possible.
        if self.on_recovery_page():
            return
        super().reject()
