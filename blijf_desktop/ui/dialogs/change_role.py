"""Beheer: give a user another role. A role with case access waits for a teamleider, as a new
account does (services/accounts.py change_role; Blijf 6.1, 9.1): the dialog says so before
the change, so the beheerder is not surprised that the account cannot log in meanwhile."""

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QDialog, QWidget

from blijf_desktop.domain.roles import Role
from blijf_desktop.i18n import _
from blijf_desktop.services.accounts import AccountService
from blijf_desktop.ui.dialogs.common import (
    MessageLabel, add_row, boxed, button_row, explanation, form_layout, heading, page_layout,
    primary_button, secondary_button,
)
from blijf_desktop.ui.messages import error_message
from blijf_desktop.ui.role_names import role_name

if TYPE_CHECKING:  # the account as the service returns it
    from blijf_desktop.services.accounts import User

ROLE_ORDER = (Role.HULPVERLENER, Role.TEAMLEIDER, Role.BEHEERDER)


class ChangeRoleDialog(QDialog):
    def __init__(self, accounts: AccountService, user: "User", parent: QWidget | None = None):
        super().__init__(parent)
        self.accounts = accounts
        self.user = user
        self.setWindowTitle(_("Rol wijzigen"))
        self.setMinimumWidth(520)

        self.role = QComboBox()
        for role in ROLE_ORDER:
            self.role.addItem(role_name(role), role)
        self.role.setCurrentIndex(ROLE_ORDER.index(user.role))
        self.message = MessageLabel()
        self.change_button = primary_button(_("Wijzigen"))
        self.change_button.clicked.connect(self.submit)
        cancel = secondary_button(_("Annuleren"))
        cancel.clicked.connect(self.reject)

        layout = page_layout(self)
        layout.addWidget(heading(_("Rol wijzigen")))
        layout.addWidget(explanation(_("Voor {name} ({username}), nu {role}.").format(
            name=user.display_name, username=user.username, role=role_name(user.role))))
        form = form_layout()
        add_row(form, _("&Nieuwe rol:"), self.role)
        layout.addLayout(form)
        layout.addWidget(boxed(_(
            "Een rol met toegang tot dossiers (hulpverlener, teamleider) werkt pas als een "
            "teamleider haar bevestigt; tot dan kan het account niet aanmelden. Minder toegang "
            "geldt meteen."), "info"))
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addLayout(button_row(cancel, self.change_button))
        self.setTabOrder(self.role, self.change_button)
        self.setTabOrder(self.change_button, cancel)
        self.role.setFocus()

    def chosen_role(self) -> Role:
        return self.role.currentData()

    def submit(self) -> None:
        try:
            self.accounts.change_role(self.user.id, self.chosen_role())
        except Exception as error:  # shown inline; the choice stays
            self.message.show_error(error_message(error))
            self.role.setFocus()
            return
        self.accept()
