"""Beheer: add a user with a one-time passphrase. The new user chooses their own at first login."""

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QDialog, QLineEdit, QWidget

from blijf_desktop.domain.roles import Role
from blijf_desktop.i18n import _
from blijf_desktop.services.accounts import AccountService
from blijf_desktop.services.errors import InvalidInput, WeakPassphrase
from blijf_desktop.ui.dialogs.common import (
    AsksBeforeLeaving, MessageLabel, add_row, boxed, button_row, form_layout, heading,
    leave_button, page_layout, primary_button,
)
from blijf_desktop.ui.messages import error_message
from blijf_desktop.ui.role_names import role_name
from blijf_desktop.ui.settings.values import store_min_length
from blijf_desktop.ui.widgets.passphrase_field import PassphraseField

if TYPE_CHECKING:  # the account as the service returns it
    from blijf_desktop.services.accounts import User

# Least privilege first: the usual new colleague is a hulpverlener.
_ROLE_ORDER = (Role.HULPVERLENER, Role.TEAMLEIDER, Role.BEHEERDER)


class AddUserDialog(AsksBeforeLeaving, QDialog):
    """After accept, `user` is the new account. Esc, Annuleren and the window's close button
    ask before typed text is thrown away; reject() closes without asking (the lock uses it)."""

    def __init__(self, accounts: AccountService, parent: QWidget | None = None):
        super().__init__(parent)
        self.accounts = accounts
        self.user: "User | None" = None
        self.setWindowTitle(_("Gebruiker toevoegen"))
        self.setMinimumWidth(520)

        self.username = QLineEdit()
        self.username.setMaxLength(64)
        self.display_name = QLineEdit()
        self.role = QComboBox()
        for role in _ROLE_ORDER:
            self.role.addItem(role_name(role), role)
        self.passphrase = PassphraseField(show_meter=True,
                                          min_length=store_min_length(accounts.session))
        for field in (self.username, self.display_name):  # the user's own name: guessed first
            field.textChanged.connect(lambda _text: self.passphrase.set_owner(
                self.username.text(), self.display_name.text()))
        self.message = MessageLabel()
        self.add_button = primary_button(_("Toevoegen"))
        self.add_button.clicked.connect(self.submit)
        self.cancel_button = cancel = leave_button(_("Annuleren"))
        cancel.clicked.connect(self.reject_by_user)

        layout = page_layout(self)
        layout.addWidget(heading(_("Gebruiker toevoegen")))
        form = form_layout()
        add_row(form, _("&Gebruikersnaam:"), self.username)
        add_row(form, _("&Naam:"), self.display_name)
        add_row(form, _("&Rol:"), self.role)
        add_row(form, _("&Eenmalig wachtwoord:"), self.passphrase)
        layout.addLayout(form)
        layout.addWidget(boxed(_("Geef het eenmalige wachtwoord persoonlijk door. Bij de eerste "
                                 "aanmelding kiest de nieuwe gebruiker een eigen wachtwoord en "
                                 "accepteert de geheimhoudingsverklaring."), "info"))
        layout.addWidget(self.message)
        layout.addStretch(1)  # a message only changes the space below the fields
        layout.addLayout(button_row(cancel, self.add_button))
        self.setTabOrder(self.username, self.display_name)
        self.setTabOrder(self.display_name, self.role)
        self.setTabOrder(self.role, self.passphrase.edit)
        self.setTabOrder(self.passphrase.edit, self.add_button)
        self.setTabOrder(self.add_button, cancel)
        self.username.setFocus()

    # -- leaving ---------------------------------------------------------------------------
    def typed_fields(self) -> list:
        return [self.username, self.display_name, self.passphrase]

    def leave_question(self) -> str:
        return _("De nieuwe gebruiker is nog niet opgeslagen. Wilt u deze nu toevoegen met wat u "
                 "hebt ingevuld?")

    def submit_from_question(self) -> None:
        self.submit()

    def submit(self) -> None:
        try:
            self.user = self.accounts.add_user(self.username.text(), self.display_name.text(),
                                               self.role.currentData(), self.passphrase.text())
        except Exception as error:  # shown inline; what was typed stays
            self.message.show_error(error_message(error))
            self._focus_on(error)
            return
        self.accept()

    def _focus_on(self, error: Exception) -> None:
        if isinstance(error, WeakPassphrase):
            self.passphrase.setFocus()
        elif isinstance(error, InvalidInput):
            field = {"username": self.username, "display_name": self.display_name}.get(error.field)
            if field is not None:
                field.setFocus()
                field.selectAll()
