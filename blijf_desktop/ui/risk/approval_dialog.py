"""A lower level than proposed, or than the level in force from the previous screening: a
second teamleider confirms at the same desk with her user name, her passphrase and her own
reason. The dialog stays open with a Dutch message beside the field when that does not
succeed; nothing typed is lost except the passphrase, which is never kept."""

from typing import Callable

from PySide6.QtWidgets import QDialog, QPlainTextEdit, QVBoxLayout

from blijf_desktop.i18n import _
from blijf_desktop.services.errors import InvalidInput
from blijf_desktop.services.risk import Approval
from blijf_desktop.ui.dialogs.common import (
    MessageLabel,
    add_row,
    button_row,
    explanation,
    form_layout,
    heading,
    line_edit,
    page_layout,
    primary_button,
    secondary_button,
)
from blijf_desktop.ui.intake.parts import plain_text
from blijf_desktop.ui.messages import error_message
from blijf_desktop.ui.widgets.passphrase_field import PassphraseField


class ApprovalDialog(QDialog):
    """`submit(approval)` records the screening; it raises what the service refuses."""

    def __init__(self, proposed: str, chosen: str, submit: Callable[[Approval], object],
                 parent=None, in_force: str | None = None):
        super().__init__(parent)
        self.submit = submit
        self.result_value = None
        self.form_error: InvalidInput | None = None  # a refusal about the form: it says it
        self.setWindowTitle(_("Lager niveau bevestigen"))
        self.setModal(True)
        self.username = line_edit(64)
        self.username_message = MessageLabel()
        self.passphrase = PassphraseField(show_meter=False)
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(70)
        self.reason_message = MessageLabel()
        self.message = MessageLabel()
        self.confirm_button = primary_button(_("Bevestigen"))
        self.confirm_button.setDefault(True)
        self.confirm_button.clicked.connect(self.confirm)
        cancel = secondary_button(_("Annuleren"))
        cancel.clicked.connect(self.reject)
        layout: QVBoxLayout = page_layout(self)
        layout.addWidget(heading(_("Lager niveau bevestigen")))
        if in_force is None:
            why = _("Voorgesteld is {proposed}; gekozen is {chosen}. Een tweede teamleider, "
                    "niet de auteur, bevestigt dit met haar eigen gebruikersnaam en "
                    "wachtwoord.").format(proposed=proposed, chosen=chosen)
        else:  # lower than the level the previous screening left in force
            why = _("Geldend is {in_force} (vorige taxatie); deze taxatie komt uit op {chosen}. "
                    "Een tweede teamleider, niet de auteur, bevestigt dit met haar eigen "
                    "gebruikersnaam en wachtwoord.").format(in_force=in_force, chosen=chosen)
        layout.addWidget(explanation(why))
        form = form_layout()
        add_row(form, _("Gebruikersnaam"), self.username)
        form.addRow("", self.username_message)
        add_row(form, _("Wachtwoord"), self.passphrase)
        add_row(form, _("Haar reden"), self.reason)
        form.addRow("", self.reason_message)
        layout.addLayout(form)
        self.username.setAccessibleName(_("Gebruikersnaam van de tweede teamleider"))
        self.passphrase.edit.setAccessibleName(_("Wachtwoord van de tweede teamleider"))
        self.reason.setAccessibleName(_("Reden van de tweede teamleider"))
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addLayout(button_row(cancel, self.confirm_button))
        self.setTabOrder(self.username, self.passphrase.edit)
        self.setTabOrder(self.passphrase.edit, self.reason)
        self.resize(520, self.sizeHint().height())

    def confirm(self) -> None:
        for label in (self.username_message, self.reason_message, self.message):
            label.clear_message()
        approval = Approval(self.username.text(), self.passphrase.text(),
                            plain_text(self.reason))
        try:
            self.result_value = self.submit(approval)
        except InvalidInput as error:
            text = error_message(error)
            if error.field == "approver_reason":
                self.reason_message.show_error(text)
                self.reason.setFocus()
            elif error.field == "approver":
                self.username_message.show_error(text)
                self.passphrase.clear()
                self.username.setFocus()
                self.username.selectAll()
            else:  # about the form itself (a reason, an answer): the form says it
                self.form_error = error
                self.passphrase.clear()
                self.reject()
            return
        except Exception as error:  # not succeeded, a back-off, a lock: said here, calmly
            self.message.show_error(error_message(error))
            self.passphrase.clear()
            self.passphrase.edit.setFocus()
            return
        self.passphrase.clear()
        self.accept()

