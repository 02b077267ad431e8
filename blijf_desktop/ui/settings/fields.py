"""One editor per setting, built from its rule (domain/settings.py): the field, a note with
the change that waits, and the Dutch message beside it. `typed()` gives what the service
takes, or raises ValueError for a number that is none."""

from PySide6.QtWidgets import QComboBox, QPlainTextEdit, QVBoxLayout, QWidget

from blijf_desktop.domain import settings as rules
from blijf_desktop.domain.validation import display_phone
from blijf_desktop.i18n import _
from blijf_desktop.ui.dialogs.common import FIELD_HEIGHT, MessageLabel, explanation, line_edit

_CHOICE_LABELS = {rules.LANGUAGE: rules.LANGUAGE_LABELS,
                  rules.BACKUP_SCHEDULE: rules.SCHEDULE_LABELS}


class SettingField(QWidget):
    def __init__(self, code: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.code = code
        self.rule = rules.RULES[code]
        kind = self.rule.kind
        if kind is rules.Kind.CHOICE:
            self.editor = QComboBox()
            for choice in self.rule.choices:
                self.editor.addItem(_(_CHOICE_LABELS[code][choice]), choice)
        elif kind is rules.Kind.LINES:
            self.editor = QPlainTextEdit()
            self.editor.setTabChangesFocus(True)
            self.editor.setFixedHeight(FIELD_HEIGHT * 2 + 10)
        elif kind is rules.Kind.NUMBER:
            self.editor = line_edit(6)
            self.editor.setMaximumWidth(90)
        else:
            self.editor = line_edit(self.rule.max_length or 254)
        self.editor.setMinimumHeight(FIELD_HEIGHT)
        self.pending_note = explanation("")
        self.pending_note.hide()
        self.message = MessageLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.editor)
        layout.addWidget(self.pending_note)
        layout.addWidget(self.message)
        self.setFocusProxy(self.editor)
        self.shown = None  # the value put in the field: only a field changed from it is saved

    def show_value(self, value) -> None:
        self.shown = value
        if isinstance(self.editor, QComboBox):
            self.editor.setCurrentIndex(self.editor.findData(value))
        elif isinstance(self.editor, QPlainTextEdit):
            self.editor.setPlainText(value or "")
        elif self.rule.kind is rules.Kind.PHONE:
            self.editor.setText(display_phone(value) if value else "")
        else:
            self.editor.setText("" if value is None else str(value))

    def text(self) -> str:
        if isinstance(self.editor, QComboBox):
            return self.editor.currentData()
        if isinstance(self.editor, QPlainTextEdit):
            return self.editor.toPlainText()
        return self.editor.text()

    def changed(self) -> bool:
        shown = self.shown
        if self.rule.kind is rules.Kind.PHONE and shown:
            shown = display_phone(shown)
        return self.text().strip() != ("" if shown is None else str(shown))

    def typed(self):
        if self.rule.kind is rules.Kind.NUMBER:
            text = self.text().strip()
            if not (text.isascii() and text.isdigit()):
                raise ValueError("not_a_number")
            return int(text)
        return self.text()
