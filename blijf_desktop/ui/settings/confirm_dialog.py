"""A change that weakens security, confirmed by a second user at the same desk (Blijf 9.1):
a functioneel beheerder or teamleider who did not ask for it types her user name and
passphrase. A refusal is said beside the field and the dialog stays open; the passphrase is
never kept, the user name stays as typed."""

from PySide6.QtWidgets import QDialog, QVBoxLayout

from blijf_desktop.domain import settings as rules
from blijf_desktop.i18n import _
from blijf_desktop.services.errors import InvalidInput
from blijf_desktop.services.settings import Pending, SettingsService
from blijf_desktop.ui.dialogs.common import (
    MessageLabel, add_row, button_row, explanation, form_layout, heading, line_edit, page_layout,
    primary_button, secondary_button,
)
from blijf_desktop.ui.messages import error_message
from blijf_desktop.ui.settings.labels import approver_problem, setting_label, value_text, when_text
from blijf_desktop.ui.widgets.passphrase_field import PassphraseField


class ConfirmDialog(QDialog):
    def __init__(self, service: SettingsService, code: str, in_force, pending: Pending,
                 parent=None):
        super().__init__(parent)
        self.service = service
        self.pending = pending
        self.setWindowTitle(_("Wijziging bevestigen"))
        self.setModal(True)
        self.username = line_edit(64)
        self.username_message = MessageLabel()
        self.passphrase = PassphraseField(show_meter=False)
        self.message = MessageLabel()
        self.confirm_button = primary_button(_("Bevestigen"))
        self.confirm_button.setDefault(True)
        self.confirm_button.clicked.connect(self.confirm)
        cancel = secondary_button(_("Annuleren"))
        cancel.clicked.connect(self.reject)
        layout: QVBoxLayout = page_layout(self)
        layout.addWidget(heading(_("Wijziging bevestigen")))
        if rules.RULES[code].weaker is rules.Weaker.ANY_CHANGE:
            why = _("Deze wijziging verandert waar verzoeken aan de politie heen gaan.")
        else:
            why = _("Deze wijziging maakt de beveiliging zwakker.")
        layout.addWidget(explanation(_(
            "{setting}: nu {old}, gevraagd {new} door {name} op {when}. {why} Een tweede "
            "functioneel beheerder of teamleider, niet wie het vroeg, bevestigt haar met de "
            "eigen gebruikersnaam en het eigen wachtwoord (convenant Blijf, artikel 9.1).").format(
            why=why,
            setting=setting_label(code), old=value_text(code, in_force),
            new=value_text(code, pending.value), name=pending.requested_by_name,
            when=when_text(pending.requested_at))))
        form = form_layout()
        add_row(form, _("Gebruikersnaam"), self.username)
        form.addRow("", self.username_message)
        add_row(form, _("Wachtwoord"), self.passphrase)
        layout.addLayout(form)
        self.username.setAccessibleName(_("Gebruikersnaam van wie bevestigt"))
        self.passphrase.edit.setAccessibleName(_("Wachtwoord van wie bevestigt"))
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addLayout(button_row(cancel, self.confirm_button))
        self.setTabOrder(self.username, self.passphrase.edit)
        self.resize(540, self.sizeHint().height())

    def confirm(self) -> None:
        self.username_message.clear_message()
        self.message.clear_message()
        try:
            self.service.confirm(self.pending.request_id, self.username.text(),
                                 self.passphrase.text())
        except InvalidInput as error:
            self.passphrase.clear()
            text = approver_problem(error.problem) or error_message(error)
            if error.field == "approver":
                self.username_message.show_error(text)
                self.username.setFocus()
                self.username.selectAll()
            else:
                self.message.show_error(text)
            return
        except Exception as error:  # not succeeded, the back-off, a lock: said calmly here
            self.passphrase.clear()
            self.message.show_error(error_message(error))
            self.passphrase.edit.setFocus()
            return
        self.passphrase.clear()
        self.accept()
