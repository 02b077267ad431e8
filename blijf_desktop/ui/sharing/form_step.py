"""Step 3, Vorm (chain recipients only): anonymised by default; identifiable only when the user
states why it is strictly needed (Mensenhandel 6.2, 9.5). The statement is part of the record."""

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QPlainTextEdit, QVBoxLayout, QWidget

from blijf_desktop.i18n import _
from blijf_desktop.ui.dialogs.common import explanation
from blijf_desktop.ui.sharing import labels
from blijf_desktop.ui.sharing.choice_step import LineMessage, RadioChoice, caption, quiet

ANONYMISED, IDENTIFIABLE = "geanonimiseerd", "herleidbaar"


class FormStep(QWidget):
    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.form = RadioChoice(_("Vorm"))
        self.form.add(ANONYMISED, _("&Geanonimiseerd (standaard)"))
        self.form.add(IDENTIFIABLE, _("H&erleidbaar — alleen als het strikt nodig is"))
        self.form.buttons[ANONYMISED].setAccessibleName(_("Vorm: geanonimiseerd (standaard)"))
        self.form.buttons[IDENTIFIABLE].setAccessibleName(
            _("Vorm: herleidbaar, alleen als het strikt nodig is"))
        self.form.set_value(ANONYMISED)
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)  # Tab moves on: keyboard-only works
        self.reason.setFixedHeight(96)
        self.reason.setAccessibleName(_("Waarom herleidbare gegevens strikt nodig zijn"))
        self.reason.setPlaceholderText(_("Bijvoorbeeld: de zorgcoördinator moet haar kunnen "
                                         "plaatsen in een beschermde opvang."))
        self.message = LineMessage()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(explanation(_(
            "De keten krijgt gegevens geanonimiseerd, tenzij herleidbare gegevens strikt nodig "
            "zijn (Mensenhandel 6.2, 9.5). Geanonimiseerd worden namen initialen, een "
            "geboortedatum alleen het jaar en een adres alleen de woonplaats; telefoon, e-mail, "
            "geboorteplaats en vrije tekst gaan niet mee.")))
        column.addWidget(self.form)
        column.addSpacing(8)
        column.addWidget(caption(_("&Reden waarom herleidbare gegevens strikt nodig zijn"),
                                 self.reason))
        column.addWidget(self.reason)
        column.addWidget(self.message)
        column.addWidget(quiet(_("De reden komt in het register en op het document.")))
        column.addStretch(1)
        self.form.changed.connect(self._form_changed)
        self.reason.textChanged.connect(self._typed)
        self._form_changed()

    def _form_changed(self) -> None:
        self.reason.setEnabled(self.identifiable())
        if not self.identifiable():
            self.message.clear_message()
        self.changed.emit()

    def _typed(self) -> None:
        if self.message.kind == "error" and self.reason.toPlainText().strip():
            self.message.clear_message()
        self.changed.emit()

    def identifiable(self) -> bool:
        return self.form.value() == IDENTIFIABLE

    def reason_text(self) -> str:
        """The stated reason; only when identifiable was chosen (the text typed stays)."""
        return self.reason.toPlainText() if self.identifiable() else ""

    def state(self) -> dict:
        return {"identifiable": self.identifiable(), "reason": self.reason.toPlainText()}

    def restore(self, state: dict) -> None:
        self.reason.setPlainText(str(state.get("reason", "")))
        self.form.set_value(IDENTIFIABLE if state.get("identifiable") else ANONYMISED)

    def check(self) -> bool:
        if self.identifiable() and not self.reason.toPlainText().strip():
            self.show_problem(labels.problem("identifiable_reason", "required"))
            return False
        return True

    def show_problem(self, text: str) -> None:
        self.message.show_error(text)
        self.reason.setFocus(Qt.FocusReason.OtherFocusReason)

    def first_field(self) -> QWidget:
        return self.form.focus_target()
