"""Beheer: give a user a new one-time passphrase (they choose their own at the next login)."""

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QWidget

from blijf_desktop.i18n import _
from blijf_desktop.services.accounts import AccountService
from blijf_desktop.ui.dialogs.common import (
    AsksBeforeLeaving, MessageLabel, add_row, boxed, button_row, explanation, form_layout,
    heading, leave_button, page_layout, primary_button,
)
from blijf_desktop.ui.messages import error_message
from blijf_desktop.ui.settings.values import store_min_length
from blijf_desktop.ui.widgets.passphrase_field import PassphraseField

if TYPE_CHECKING:  # the account as the service returns it
    from blijf_desktop.services.accounts import User


class ResetPassphraseDialog(AsksBeforeLeaving, QDialog):
    """Esc, Annuleren and the window's close button ask before a typed passphrase is thrown
    away; reject() closes without asking (the lock uses it)."""

    def __init__(self, accounts: AccountService, user: "User", parent: QWidget | None = None):
        super().__init__(parent)
        self.accounts = accounts
        self.user = user
        self.setWindowTitle(_("Wachtwoord opnieuw instellen"))
        self.setMinimumWidth(520)

        self.passphrase = PassphraseField(show_meter=True,
                                          min_length=store_min_length(accounts.session))
        self.passphrase.set_owner(user.username, user.display_name)
        self.message = MessageLabel()
        self.reset_button = primary_button(_("Instellen"))
        self.reset_button.clicked.connect(self.submit)
        self.cancel_button = cancel = leave_button(_("Annuleren"))
        cancel.clicked.connect(self.reject_by_user)

        layout = page_layout(self)
        layout.addWidget(heading(_("Wachtwoord opnieuw instellen")))
        layout.addWidget(explanation(_("Voor {name} ({username}).").format(
            name=user.display_name, username=user.username)))
        form = form_layout()
        add_row(form, _("&Eenmalig wachtwoord:"), self.passphrase)
        layout.addLayout(form)
        layout.addWidget(boxed(_("Het oude wachtwoord werkt hierna niet meer. Geef het eenmalige "
                                 "wachtwoord persoonlijk door; bij de volgende aanmelding kiest "
                                 "de gebruiker een eigen wachtwoord."), "info"))
        layout.addWidget(self.message)
        layout.addStretch(1)  # a message only changes the space below the fields
        layout.addLayout(button_row(cancel, self.reset_button))
        self.setTabOrder(self.passphrase.edit, self.reset_button)
        self.setTabOrder(self.reset_button, cancel)
        self.passphrase.setFocus()

    # -- leaving ---------------------------------------------------------------------------
    def typed_fields(self) -> list:
        return [self.passphrase]

    def leave_question(self) -> str:
        return _("Het eenmalige wachtwoord is nog niet opgeslagen. Wilt u het nu instellen?")

    def submit_from_question(self) -> None:
        self.submit()

    def submit(self) -> None:
        try:
            self.accounts.reset_passphrase(self.user.id, self.passphrase.text())
        except Exception as error:  # shown inline; what was typed stays
            self.message.show_error(error_message(error))
            self.passphrase.setFocus()
            return
        self.accept()
