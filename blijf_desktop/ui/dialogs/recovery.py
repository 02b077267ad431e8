"""Recover with the recovery key: a lost passphrase, or the store moved to a new PC."""

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QCheckBox, QDialog, QLineEdit, QWidget

from blijf_desktop.i18n import _
from blijf_desktop.services.auth import AuthService
from blijf_desktop.services.errors import InvalidInput, WeakPassphrase, WrongRecoveryKey
from blijf_desktop.services.session import Session
from blijf_desktop.ui.dialogs import common
from blijf_desktop.ui.messages import error_message
from blijf_desktop.ui.widgets.passphrase_field import PassphraseField, new_passphrase_ready


class RecoveryDialog(common.AsksBeforeLeaving, QDialog):
    """Esc, Annuleren and the window's close button ask before typed text (a recovery key is
    long) is thrown away; reject() closes without asking."""

    def __init__(self, auth: AuthService, parent: QWidget | None = None):
        super().__init__(parent)
        self.auth = auth
        self.session: Session | None = None
        self.setWindowTitle(_("Blijf Desktop: herstellen"))
        self.setMinimumWidth(600)

        layout = common.page_layout(self)
        layout.addWidget(common.heading(_("Herstellen met de herstelsleutel")))
        layout.addWidget(common.explanation(_(
            "Gebruik dit als u uw wachtwoord kwijt bent, of als de opslag naar een nieuwe pc is "
            "verhuisd. U hebt de herstelsleutel nodig van het herstelblad uit de kluis. Daarna "
            "kiest u een nieuw wachtwoord; dat werkt op deze pc.")))

        form = common.form_layout()
        self.recovery_key = QLineEdit()
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(max(font.pointSizeF(), 10) * 1.15)
        self.recovery_key.setFont(font)
        self.recovery_key.setMinimumHeight(32)
        self.recovery_key.setMaxLength(80)
        self.recovery_key.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        self.username = common.line_edit(64)
        self.passphrase = PassphraseField(show_meter=True)
        self.repeat = PassphraseField(show_meter=False)
        self.username.textChanged.connect(self.passphrase.set_owner)
        common.add_row(form, _("&Herstelsleutel:"), common.with_note(self.recovery_key, _(
            "Streepjes, spaties en hoofd- of kleine letters maken niet uit.")))
        common.add_row(form, _("&Gebruikersnaam:"), self.username)
        common.add_row(form, _("&Nieuw wachtwoord:"), self.passphrase)
        common.add_row(form, _("H&erhaal nieuw wachtwoord:"), self.repeat)
        layout.addLayout(form)

        # Where no keyring works, the new passphrase can only be kept without binding it to
        # this PC: an explicit, audited choice, as at set-up (never taken from the key file).
        self.keyring_warning = common.boxed(_(
            "Op deze pc werkt de sleutelbos van het besturingssysteem niet. Normaal koppelt "
            "Blijf Desktop uw nieuwe wachtwoord daarmee aan deze pc, zodat een gekopieerde "
            "opslag met een bekend wachtwoord elders niet opengaat. U kunt doorgaan met 'alleen "
            "wachtwoord': dan beschermt alleen het wachtwoord de opslag, ook voor de accounts "
            "die hierna worden aangemaakt. Deze keuze wordt vastgelegd in de audittrail."),
            "warning")
        self.passphrase_only = QCheckBox(
            _("Ik kies bewust voor 'alleen wachtwoord': de opslag is niet aan deze pc gekoppeld."))
        layout.addWidget(self.keyring_warning)
        layout.addWidget(self.passphrase_only)
        if self.auth.keyring_available():
            self.keyring_warning.hide()
            self.passphrase_only.hide()
        self.passphrase_only.toggled.connect(self._update_recover_button)

        self.message = common.MessageLabel()
        layout.addWidget(self.message)
        layout.addStretch(1)

        self.cancel_button = common.leave_button(_("Annuleren"))
        self.recover_button = common.primary_button(_("Herstellen"))
        self.cancel_button.clicked.connect(self.reject_by_user)
        self.recover_button.clicked.connect(self.try_recover)
        layout.addLayout(common.button_row(self.cancel_button, self.recover_button))

        QWidget.setTabOrder(self.recovery_key, self.username)
        QWidget.setTabOrder(self.username, self.passphrase.edit)
        QWidget.setTabOrder(self.passphrase.edit, self.repeat.edit)
        QWidget.setTabOrder(self.repeat.edit, self.passphrase_only)
        QWidget.setTabOrder(self.passphrase_only, self.recover_button)
        self.recovery_key.setFocus()
        self._update_recover_button()

    def _needs_passphrase_only(self) -> bool:
        return not self.auth.keyring_available()

    def _update_recover_button(self) -> None:
        allowed = not self._needs_passphrase_only() or self.passphrase_only.isChecked()
        self.recover_button.setEnabled(allowed)

    # -- leaving ---------------------------------------------------------------------------
    def typed_fields(self) -> list:
        return [self.recovery_key, self.username, self.passphrase, self.repeat]

    def leave_question(self) -> str:
        return _("Het herstel is nog niet uitgevoerd. Wilt u nu herstellen met wat u hebt "
                 "ingevuld?")

    def submit_from_question(self) -> None:
        self.try_recover()

    def try_recover(self) -> None:
        self.message.clear_message()
        if not self.recovery_key.text().strip():
            self.message.show_error(_("Vul de herstelsleutel in."))
            self.recovery_key.setFocus()
            return
        if not self.username.text().strip():
            self.message.show_error(_("Vul uw gebruikersnaam in."))
            self.username.setFocus()
            return
        passphrase_only = self._needs_passphrase_only()
        if passphrase_only and not self.passphrase_only.isChecked():
            self.message.show_error(_("Kies eerst bewust voor 'alleen wachtwoord' of vraag uw "
                                      "beheerder om de sleutelbos werkend te maken."))
            return
        if not new_passphrase_ready(self.message, self.passphrase, self.repeat, _(
                "De twee nieuwe wachtwoorden zijn niet gelijk. Typ het nieuwe wachtwoord nog "
                "eens bij 'Herhaal nieuw wachtwoord'.")):
            return
        try:
            with common.busy_cursor():
                session = self.auth.recover(self.recovery_key.text(), self.username.text(),
                                            self.passphrase.text(),
                                            passphrase_only=passphrase_only)
        except Exception as error:  # shown inline; everything typed stays in the fields
            self.message.show_error(error_message(error))
            self._focus_for(error)
            return
        self.session = session
        self.passphrase.clear()
        self.repeat.clear()
        self.recovery_key.clear()
        self.accept()

    def _focus_for(self, error: Exception) -> None:
        if isinstance(error, WrongRecoveryKey):
            self.recovery_key.setFocus()
        elif isinstance(error, InvalidInput):
            self.username.setFocus()
        elif isinstance(error, WeakPassphrase):
            self.passphrase.setFocus()
