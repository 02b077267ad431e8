"""Small building blocks of the intake screens: the outline and note that mark a field with a
problem (and the fixed space the notes appear in), framed cards, section headings and the one
confirmation question."""

from datetime import date

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from blijf_desktop.domain import validation
from blijf_desktop.i18n import _
from blijf_desktop.ui.dialogs import common
from blijf_desktop.ui.widgets.fixed_lines import FixedLinesLabel

NOTE_COLOURS = {"error": "#8b1e1e", "warning": "#7a4a00"}

# Set on the widget that holds the fields: a field with a problem gets a coloured outline.
PROBLEM_STYLE = """
QLineEdit[problem="error"], QPlainTextEdit[problem="error"] {
    border: 2px solid #b03a2e; border-radius: 4px; background: #fffafa; padding: 1px 4px; }
QComboBox[problem="error"] { border: 2px solid #b03a2e; border-radius: 4px; padding: 1px 6px; }
QLineEdit[problem="warning"], QPlainTextEdit[problem="warning"] {
    border: 2px solid #c27c0e; border-radius: 4px; background: #fffbf2; padding: 1px 4px; }
"""

CARD_STYLE = ("QFrame#intakeCard { background:#f7f8fa; border:1px solid #d5d9df; "
              "border-radius:8px; }")


def set_problem(widget: QWidget, kind: str) -> None:
    """Outline a field: "error", "warning" or "" for none."""
    if (widget.property("problem") or "") == kind:
        return
    widget.setProperty("problem", kind)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
    widget.update()


class ProblemNote(FixedLinesLabel):
    """A short Dutch note under a field: red for an error, amber for a warning. Where several
    fields share a row, `field` names the one it is about. It lives in a NoteArea, which keeps
    its space whether it shows or not."""

    def __init__(self, field: str = "", parent: QWidget | None = None):
        super().__init__(1, parent)
        self.field = field
        self.kind = ""
        self.area: "NoteArea | None" = None
        self.hide()

    def show_note(self, text: str, kind: str) -> None:
        self.kind = kind
        self.setText(_("{field}: {message}").format(field=self.field, message=text)
                     if self.field else text)
        self.set_colour(NOTE_COLOURS[kind])
        self.show()
        if self.area is not None:
            self.area.arrange()

    def clear_note(self) -> None:
        self.kind = ""
        self.setText("")
        self.hide()
        if self.area is not None:
            self.area.arrange()


class NoteArea(QWidget):
    """The space under a row of fields where their notes appear. It is always `lines` lines
    high, shown or empty, so a note that comes or goes never moves a field. The notes take the
    whole width of the row (a narrow field such as Postcode has a long note), one note a line
    in the order of the fields; a single note may use every line. More notes than lines (three
    in the name row) share the last line side by side. A note that does not fit is cut with
    "…"; its tooltip and the field's accessible description hold the whole text."""

    GAP = 18

    def __init__(self, notes: list[ProblemNote], lines: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.notes = list(notes)
        self.lines = max(1, lines)
        for note in self.notes:
            note.setParent(self)
            note.area = self
            note.hide()
        height = self.notes[0].line_height() if self.notes else 16
        self.setFixedHeight(self.lines * height)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(0, self.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(0, self.height())

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.arrange()

    def arrange(self) -> None:
        shown = [note for note in self.notes if note.kind]
        if not shown:
            return
        line = shown[0].line_height()
        width = self.width()
        if len(shown) <= self.lines:
            each = self.lines // len(shown)
            for index, note in enumerate(shown):
                note.set_lines(each)
                note.setGeometry(0, index * each * line, width, each * line)
            return
        for index, note in enumerate(shown[:self.lines - 1]):
            note.set_lines(1)
            note.setGeometry(0, index * line, width, line)
        sharing = shown[self.lines - 1:]
        part = (width - self.GAP * (len(sharing) - 1)) // len(sharing)
        for index, note in enumerate(sharing):
            note.set_lines(1)
            note.setGeometry(index * (part + self.GAP), (self.lines - 1) * line, part, line)


def with_notes(fields: QLayout, notes: list[ProblemNote]) -> QVBoxLayout:
    """A row (or column) of fields with the space for their notes right under it: one line
    for one field, two where fields share a row."""
    block = QVBoxLayout()
    block.setSpacing(3)
    block.addLayout(fields)
    block.addWidget(NoteArea(notes, lines=min(len(notes), 2)))
    return block


def labelled(text: str, field: QWidget) -> tuple[QVBoxLayout, QLabel]:
    """A label above its field; the label is the field's buddy and names it for screen readers."""
    column = QVBoxLayout()
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(4)
    label = QLabel(text)
    label.setBuddy(field)
    field.setAccessibleName(text.rstrip(" *"))
    column.addWidget(label)
    column.addWidget(field)
    return column, label


def section_heading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.2)
    font.setBold(True)
    label.setFont(font)
    label.setAccessibleName(text)
    return label


def grey_note(text: str) -> QLabel:
    label = common.explanation(text)
    label.setStyleSheet("QLabel { color:#555555; }")
    return label


class HeaderButton(QPushButton):
    """A button in a card's header ("Verwijderen"). In the tab order it comes before the card's
    fields, where it is seen; but Tab from the field above passes it by, so Tab after the last
    field of one card goes to the next card's first field, never onto a destructive action.
    Shift+Tab from the card's first field (moving up) reaches it, and so does a click."""

    def focusInEvent(self, event) -> None:  # noqa: N802
        super().focusInEvent(event)
        if event.reason() == Qt.FocusReason.TabFocusReason:
            self.focusNextChild()


class Card(QFrame):
    """A framed card with a title and, where it can go, a "Verwijderen" button; the body goes
    in `body`. The button belongs first in the card's focus chain (see HeaderButton)."""

    def __init__(self, remove_text: str | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("intakeCard")
        self.setStyleSheet(CARD_STYLE)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(18, 12, 18, 18)
        outer.setSpacing(10)
        self.header = QWidget()
        header = QHBoxLayout(self.header)
        header.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel()
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        header.addWidget(self.title)
        header.addStretch(1)
        self.remove_button: QPushButton | None = None
        if remove_text:
            self.remove_button = HeaderButton(remove_text)
            self.remove_button.setAutoDefault(False)
            self.remove_button.setMinimumHeight(30)
            header.addWidget(self.remove_button)
        else:
            self.header.hide()  # until it gets a title
        outer.addWidget(self.header)
        self.body = QVBoxLayout()
        self.body.setSpacing(10)
        outer.addLayout(self.body)

    def set_title(self, text: str) -> None:
        self.title.setText(text)
        self.header.setVisible(bool(text) or self.remove_button is not None)
        if self.remove_button is not None:
            self.remove_button.setAccessibleName(_("{card} verwijderen").format(card=text))


def confirm(parent: QWidget, title: str, text: str, yes: str, no: str) -> bool:
    """Ask one short question with plain Dutch buttons; True when the user says yes."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton,
                      parent)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    no_button = box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no_button)
    box.exec()
    return box.clickedButton() is yes_button


def date_text(value: date) -> str:
    """A date the way the form asks for it: dd-mm-jjjj."""
    return validation.date_text(value)


# PySide reads a leading U+FEFF or U+FFFE in a Python string as a byte-order mark: it drops
# the first and byte-swaps the whole text after the second. Such text goes in behind a
# placeholder that is then deleted inside Qt, so a field shows exactly what was kept.
_BYTE_ORDER_MARKS = ("\ufeff", "\ufffe")


def put_text(field: QLineEdit | QPlainTextEdit, text: str) -> None:
    """Put text in a field exactly (a draft coming back, a stored value to edit)."""
    guarded = text.startswith(_BYTE_ORDER_MARKS)
    if isinstance(field, QPlainTextEdit):
        field.setPlainText("x" + text if guarded else text)
        if guarded:
            cursor = QTextCursor(field.document())
            cursor.setPosition(1, QTextCursor.MoveMode.KeepAnchor)
            cursor.removeSelectedText()
        return
    field.setText("x" + text if guarded else text)
    if guarded:
        field.setSelection(0, 1)
        field.del_()
        field.setCursorPosition(len(field.text()))


def plain_text(field: QPlainTextEdit) -> str:
    """The text of a multi-line field as typed. toPlainText() would turn a no-break space into
    a plain one; line and paragraph separators (Shift+Enter, Enter) become line breaks."""
    raw = field.document().toRawText()
    return raw.replace("\u2029", "\n").replace("\u2028", "\n")
