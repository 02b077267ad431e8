"""The small dialogs of the Toestemming panel: a second teamleider verifies (her user name and
passphrase, typed at that moment, the passphrase masked and never kept); a reason to refuse or
withdraw; when and how a recipient was told. Each stays open with a Dutch message beside the
field when the service refuses; nothing typed is lost except the passphrase."""

from datetime import date
from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QFrame, QPlainTextEdit, QScrollArea, QWidget

from blijf_desktop.domain.follow_up import TOLD_HOW
from blijf_desktop.domain.validation import date_text, parse_date
from blijf_desktop.i18n import _
from blijf_desktop.services.errors import InvalidInput
from blijf_desktop.ui.consent.labels import consent_problem
from blijf_desktop.ui.dialogs.common import (
    MessageLabel, add_row, button_row, explanation, form_layout, heading, line_edit,
    page_layout, primary_button, secondary_button,
)
from blijf_desktop.ui.intake.parts import plain_text
from blijf_desktop.ui.messages import error_message, field_problem
from blijf_desktop.ui.widgets.passphrase_field import PassphraseField


class _Dialog(QDialog):
    """Title, intro, a form with a message under each field, a general message, buttons."""

    def __init__(self, title: str, intro: str, confirm_text: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.notes: dict[str, MessageLabel] = {}
        self.fields: dict[str, QWidget] = {}
        self.message = MessageLabel()
        self.confirm_button = primary_button(confirm_text)
        self.confirm_button.clicked.connect(self.confirm)
        cancel = secondary_button(_("Annuleren"))
        cancel.clicked.connect(self.reject)
        self._layout = page_layout(self)
        self._layout.addWidget(heading(title))
        self._layout.addWidget(explanation(intro))
        self.form = form_layout()
        self._layout.addLayout(self.form)
        self._buttons = button_row(cancel, self.confirm_button)

    def add_field(self, name: str, label: str, widget: QWidget) -> None:
        self.fields[name] = widget
        add_row(self.form, label, widget)
        self.notes[name] = MessageLabel()
        self.form.addRow("", self.notes[name])

    def finish(self) -> None:
        self._layout.addWidget(self.message)
        self._layout.addStretch(1)
        self._layout.addLayout(self._buttons)
        self.resize(540, self.sizeHint().height())

    def show_refusal(self, error: Exception) -> None:
        for note in (*self.notes.values(), self.message):
            note.clear_message()
        if isinstance(error, InvalidInput) and error.field in self.notes:
            self.notes[error.field].show_error(consent_problem(error.field, error.problem))
            target = self.fields[error.field]
            (target.focusProxy() or target).setFocus()
        elif isinstance(error, InvalidInput):
            self.message.show_error(consent_problem(error.field, error.problem))
        else:
            self.message.show_error(error_message(error))

    def confirm(self) -> None:  # each dialog its own
        raise NotImplementedError


class VerifyDialog(_Dialog):
    """`submit(username, passphrase)` verifies; it raises what the service refuses.
    `summary`: the consent as the panel shows it, which is what is verified."""

    def __init__(self, submit: Callable[[str, str], None], parent=None, summary: str = ""):
        super().__init__(_("Toestemming verifiëren"), _(
            "Een tweede teamleider, die de toestemming niet voorbereidde of wijzigde, "
            "verifieert haar met haar eigen gebruikersnaam en wachtwoord. Zij verifieert "
            "precies wat hieronder staat."), _("&Verifiëren"), parent)
        self.submit = submit
        self.summary = explanation(summary)  # scope, position, weighing: all that is verified
        self.summary.setAccessibleName(_("De toestemming die u verifieert"))
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard
                                             | Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        scroll = QScrollArea()  # a long weighing scrolls; the fields stay in sight
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.StyledPanel)
        scroll.setWidget(self.summary)
        scroll.setMaximumHeight(340)
        scroll.setMinimumHeight(min(340, self.summary.sizeHint().height() + 8))
        self._layout.insertWidget(2, scroll)
        scroll.setVisible(bool(summary))
        self.username = line_edit(64)
        self.passphrase = PassphraseField(show_meter=False)
        self.add_field("approver", _("&Gebruikersnaam"), self.username)
        self.add_field("passphrase", _("&Wachtwoord"), self.passphrase)
        self.username.setAccessibleName(_("Gebruikersnaam van de tweede teamleider"))
        self.passphrase.edit.setAccessibleName(_("Wachtwoord van de tweede teamleider"))
        self.setTabOrder(self.username, self.passphrase.edit)
        self.finish()

    def confirm(self) -> None:
        try:
            self.submit(self.username.text(), self.passphrase.text())
        except Exception as error:  # refused, not succeeded, a back-off: said here
            self.passphrase.clear()
            self.show_refusal(error)
            if isinstance(error, InvalidInput) and error.field == "approver":
                self.username.selectAll()
            else:
                self.passphrase.edit.setFocus()
            return
        self.passphrase.clear()
        self.accept()


class ReasonDialog(_Dialog):
    """A reason (and, to withdraw, the date): `submit(reason, on)`."""

    def __init__(self, title: str, intro: str, confirm_text: str,
                 submit: Callable[[str, date | None], None], today: date | None = None,
                 parent=None):
        super().__init__(title, intro, confirm_text, parent)
        self.submit = submit
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(80)
        self.add_field("reason", _("&Reden"), self.reason)
        self.on = None
        if today is not None:
            self.on = line_edit(10)
            self.on.setPlaceholderText(_("dd-mm-jjjj"))
            self.on.setText(date_text(today))
            self.add_field("withdrawn_on", _("&Datum"), self.on)
        self.finish()

    def confirm(self) -> None:
        on = None
        if self.on is not None:
            on = parse_date(self.on.text().strip()) if self.on.text().strip() else None
            if self.on.text().strip() and on is None:
                self.notes["withdrawn_on"].show_error(field_problem("date_format"))
                return
        try:
            self.submit(plain_text(self.reason), on)
        except Exception as error:
            self.show_refusal(error)
            return
        self.accept()


class TellDialog(_Dialog):
    """Record that a recipient was told: `submit(told_on, told_how)`."""

    def __init__(self, who: str, submit: Callable[[date | None, str], None], today: date,
                 parent=None):
        super().__init__(_("Vastleggen dat geïnformeerd"), _(
            "Leg vast wanneer en hoe {who} is geïnformeerd.").format(who=who),
            _("&Vastleggen"), parent)
        self.submit = submit
        self.told_on = line_edit(10)
        self.told_on.setPlaceholderText(_("dd-mm-jjjj"))
        self.told_on.setText(date_text(today))
        self.how = QComboBox()
        self.how.addItem(_("— kies —"), "")
        for code, label in TOLD_HOW.items():
            self.how.addItem(_(label), code)
        self.add_field("told_on", _("&Wanneer"), self.told_on)
        self.add_field("told_how", _("&Hoe"), self.how)
        self.finish()

    def confirm(self) -> None:
        text = self.told_on.text().strip()
        told_on = parse_date(text) if text else None
        if text and told_on is None:
            self.notes["told_on"].show_error(field_problem("date_format"))
            return
        try:
            self.submit(told_on, self.how.currentData() or "")
        except Exception as error:
            self.show_refusal(error)
            return
        self.accept()
