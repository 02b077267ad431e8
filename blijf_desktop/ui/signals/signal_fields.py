"""One annex field on screen: its label above it (the annex's questions are long), the control
that fits its kind, and a message under it. Every control has an accessible name that says
which section it belongs to ("Personalia slachtoffer: Naam"): the annex repeats its labels."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget,
)

from blijf_desktop.domain.signal_annex import (
    CHECK, DATE, DATETIME, MAX_LINE, SUMMARY, TEXT, YESNO, YESNO_LABELS, YESNO_VALUES, Field,
)
from blijf_desktop.i18n import _
from blijf_desktop.ui.dialogs.common import MessageLabel, line_edit

TEXT_HEIGHT = 64


def section_title(heading: str) -> str:
    """A heading without its trailing colon or its "(indien bekend)"."""
    return _(heading).split(": (")[0].rstrip(":")


class FieldRow(QWidget):
    """API: value(), set_value(), set_read_only(), connect(), focus(), error (a MessageLabel)."""

    def __init__(self, spec: Field, section: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.spec = spec
        self.control = self._control(spec)
        name = "%s: %s" % (section, _(spec.label))
        self.control.setAccessibleName(name)
        self.error = MessageLabel()
        self.note = QLabel()  # the live line counter of the summary
        self.note.setStyleSheet("QLabel { color:#555555; }")
        self.note.hide()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(3)
        if spec.kind != CHECK:
            label = QLabel(_(spec.label))
            label.setWordWrap(True)
            label.setBuddy(self.control)
            column.addWidget(label)
        column.addWidget(self.control)
        column.addWidget(self.note)
        column.addWidget(self.error)
        self.setFocusProxy(self.control)

    @staticmethod
    def _control(spec: Field):
        if spec.kind == CHECK:
            return QCheckBox(_(spec.label))
        if spec.kind == YESNO:
            combo = QComboBox()
            for value in YESNO_VALUES:
                combo.addItem(_(YESNO_LABELS[value]), value)
            combo.setMaximumWidth(220)
            return combo
        if spec.kind == TEXT:
            edit = QPlainTextEdit()
            edit.setTabChangesFocus(True)  # Tab moves on: keyboard-only works
            edit.setFixedHeight(TEXT_HEIGHT * 2 if spec.code == SUMMARY else TEXT_HEIGHT)
            return edit
        edit = line_edit(MAX_LINE)
        if spec.kind in (DATE, DATETIME):
            edit.setPlaceholderText(_("dd-mm-jjjj") if spec.kind == DATE
                                    else _("dd-mm-jjjj uu:mm"))
            edit.setMaximumWidth(180)
        return edit

    # -- the value --------------------------------------------------------------------------
    def value(self) -> str:
        control = self.control
        if isinstance(control, QCheckBox):
            return "ja" if control.isChecked() else ""
        if isinstance(control, QComboBox):
            return str(control.currentData() or "")
        if isinstance(control, QPlainTextEdit):
            return control.toPlainText()
        return control.text()

    def set_value(self, value: str) -> None:
        control = self.control
        value = value if isinstance(value, str) else ""
        if isinstance(control, QCheckBox):
            control.setChecked(value == "ja")
        elif isinstance(control, QComboBox):
            control.setCurrentIndex(max(control.findData(value), 0))
        elif isinstance(control, QPlainTextEdit):
            if control.toPlainText() != value:
                control.setPlainText(value)
        elif control.text() != value:
            control.setText(value)

    def set_read_only(self) -> None:
        control = self.control
        if isinstance(control, (QLineEdit, QPlainTextEdit)):
            control.setReadOnly(True)  # still readable and selectable
        else:
            control.setEnabled(False)

    def connect(self, slot) -> None:
        control = self.control
        if isinstance(control, QCheckBox):
            control.toggled.connect(slot)
        elif isinstance(control, QComboBox):
            control.currentIndexChanged.connect(slot)
        else:
            control.textChanged.connect(slot)

    def focus(self) -> None:
        self.control.setFocus(Qt.FocusReason.OtherFocusReason)
