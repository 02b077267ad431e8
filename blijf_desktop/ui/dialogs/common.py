"""Small building blocks shared by the dialogs: headings, calm message boxes inside the
dialog, asking before typed text is thrown away, a busy cursor and the standard spacing."""

from contextlib import contextmanager

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from blijf_desktop.ui import unsaved

MARGIN = 28
FIELD_HEIGHT = 30
SPACING = 14

_BOX_STYLES = {
    "error": "background:#fdecea; color:#6b1a1a; border:1px solid #eab4ae;",
    "info": "background:#eaf2fb; color:#1b3a5c; border:1px solid #b6cde8;",
    "warning": "background:#fdf3e1; color:#5a3b06; border:1px solid #e9c98b;",
    "success": "background:#e8f5ec; color:#1d4d2b; border:1px solid #a9d5b5;",
}


def box_style(kind: str) -> str:
    return f"QLabel {{ {_BOX_STYLES[kind]} border-radius:6px; padding:10px 12px; }}"


def heading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.45)
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)
    label.setAccessibleName(text)
    return label


def explanation(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def boxed(text: str, kind: str) -> QLabel:
    label = explanation(text)
    label.setStyleSheet(box_style(kind))
    return label


class MessageLabel(QLabel):
    """A message shown inside the dialog next to the fields (never a popup); hidden when empty.
    Put it below the fields, with a stretch after it: in a dialog that is too short for it, the
    dialog grows at the bottom, so no field above it moves (a click lands where it was aimed)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.kind = ""
        self.hide()

    def show_message(self, text: str, kind: str = "error") -> None:
        self.kind = kind
        self.setStyleSheet(box_style(kind))
        self.setText(text)
        self.setAccessibleDescription(text)
        self.show()
        self._make_room()

    def show_error(self, text: str) -> None:
        self.show_message(text, "error")

    def clear_message(self) -> None:
        self.kind = ""
        self.setText("")
        self.hide()  # the dialog keeps its height: nothing moves back up either

    def _make_room(self) -> None:
        """Qt would only grow the dialog to its (underestimated) minimum height and squeeze
        the fields together to fit the message; give it the height it needs instead."""
        window = self.window()
        if not isinstance(window, QDialog) or not window.isVisible() or window.layout() is None:
            return
        window.layout().activate()
        needed = max(window.sizeHint().height(), window.heightForWidth(window.width()))
        if window.height() < needed:
            window.resize(window.width(), needed)


class AsksBeforeLeaving:
    """For a dialog that takes text a user would mind losing; put it before QDialog:
    `class AddUserDialog(AsksBeforeLeaving, QDialog)`, and connect Annuleren to
    `reject_by_user`. Esc, Annuleren and closing the window then ask `unsaved.ask()` when
    something was typed: Opslaan submits (`submit_from_question()`; if that fails the dialog
    stays, with its message), Niet opslaan closes, Annuleren stays with the focus where it was.
    A dialog with nothing typed closes at once. Passphrases are never kept as drafts.

    `reject()` itself never asks: the lock (MainWindow._close_other_windows) and the program
    close dialogs with it, and a question must not stop them."""

    def typed_fields(self) -> list:
        """The fields whose text counts (QLineEdit or PassphraseField)."""
        return []

    def leave_question(self) -> str:
        raise NotImplementedError

    def submit_from_question(self) -> None:
        """What the dialog's main button does; it accepts the dialog when it succeeds."""
        raise NotImplementedError

    def asks_before_leaving(self) -> bool:
        return True

    def has_unsaved_changes(self) -> bool:
        if not self.asks_before_leaving():
            return False
        now = [field.text() for field in self.typed_fields()]
        # Text put in before the dialog showed (a user name carried over) was not typed here.
        return now != getattr(self, "_texts_when_shown", [""] * len(now))

    def may_leave(self) -> bool:
        """Ask if needed. True: the dialog may close (nothing typed, Niet opslaan) or has
        closed itself (saved). False: it stays."""
        if not self.has_unsaved_changes():
            return True
        focus = self.focusWidget()
        choice = unsaved.ask(self, self.leave_question())
        if choice is unsaved.Choice.SAVE:
            self.submit_from_question()
            return not self.isVisible()
        if choice is unsaved.Choice.DISCARD:
            return True
        if focus is not None:
            focus.setFocus(Qt.FocusReason.OtherFocusReason)
        return False

    def reject_by_user(self) -> None:
        """Esc or Annuleren: close, after asking when something was typed."""
        if self.may_leave() and self.isVisible():
            self.reject()

    def showEvent(self, event) -> None:  # noqa: N802
        if not hasattr(self, "_texts_when_shown"):
            self._texts_when_shown = [field.text() for field in self.typed_fields()]
            for field in self.typed_fields():  # an error about the text typed before goes
                edit = getattr(field, "edit", field)  # a PassphraseField holds its line edit
                edit.textEdited.connect(self._typed_again)
        super().showEvent(event)

    def _typed_again(self) -> None:
        message = getattr(self, "message", None)
        if isinstance(message, MessageLabel) and message.kind == "error":
            message.clear_message()

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.matches(QKeySequence.StandardKey.Cancel):
            event.accept()
            self.reject_by_user()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event) -> None:  # noqa: N802
        # Only the user's own close (the window's X) asks; a close() from code goes through.
        if event.spontaneous() and self.isVisible() and not self.may_leave():
            event.ignore()
            return
        super().closeEvent(event)


def leave_button(text: str) -> QPushButton:
    """Annuleren in a dialog that asks before leaving: a click leaves the focus in the field,
    so after "Annuleren" in the question the user types on where they were."""
    button = secondary_button(text)
    button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    return button


@contextmanager
def busy_cursor():
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


def page_layout(widget: QWidget) -> QVBoxLayout:
    layout = QVBoxLayout(widget)
    layout.setContentsMargins(MARGIN, MARGIN, MARGIN, MARGIN)
    layout.setSpacing(SPACING)
    return layout


def scrolling_page_layout(widget: QWidget) -> QVBoxLayout:
    """A page's layout inside a scroll area: a page taller or wider than a small screen
    scrolls instead of stretching the window past it, and Tab scrolls to the field it
    reaches (QScrollArea does)."""
    from PySide6.QtWidgets import QFrame, QScrollArea

    content = QWidget()
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(content)
    outer = QVBoxLayout(widget)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(scroll)
    return page_layout(content)


def form_layout() -> QFormLayout:
    form = QFormLayout()
    form.setVerticalSpacing(12)
    form.setHorizontalSpacing(16)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
    return form


def line_edit(max_length: int = 200) -> QLineEdit:
    edit = QLineEdit()
    edit.setMaxLength(max_length)
    edit.setMinimumHeight(FIELD_HEIGHT)
    return edit


def with_note(field: QWidget, note: str) -> QWidget:
    """A field with a small grey note right under it; focus goes to the field."""
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(4)
    column.addWidget(field)
    label = explanation(note)
    # One line: a wrapped note in a form row was measured a line short and cut, then got its
    # second line when a message grew the dialog, moving every field below it.
    label.setWordWrap(False)
    label.setStyleSheet("QLabel { color:#555555; }")
    column.addWidget(label)
    box.setFocusProxy(field)
    return box


def add_row(form: QFormLayout, text: str, field: QWidget) -> QLabel:
    """A form row whose label is the field's buddy (Alt+letter jumps to the field)."""
    label = QLabel(text)
    label.setBuddy(field)
    # Top of the row, centred on the height of one input line (fields may grow below it).
    label.setFixedHeight(FIELD_HEIGHT)
    label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    name = text.replace("&", "").rstrip(":")
    field.setAccessibleName(name)
    if field.focusProxy() is not None:  # e.g. the line edit inside a PassphraseField
        field.focusProxy().setAccessibleName(name)
    form.addRow(label, field)
    return label


def button_row(*buttons: QPushButton, left: tuple[QPushButton, ...] = ()) -> QLayout:
    row = QHBoxLayout()
    row.setSpacing(10)
    for button in left:
        row.addWidget(button)
    row.addStretch(1)
    for button in buttons:
        row.addWidget(button)
    return row


def primary_button(text: str) -> QPushButton:
    button = QPushButton(text)
    button.setDefault(True)
    button.setAutoDefault(True)
    button.setMinimumHeight(34)
    return button


def secondary_button(text: str) -> QPushButton:
    button = QPushButton(text)
    button.setAutoDefault(False)
    button.setMinimumHeight(34)
    return button


def confirm_default_no(parent: QWidget, title: str, text: str, yes: str, no: str) -> bool:
    """A warning that needs a deliberate yes (a secret address going somewhere): No is the
    default and Esc; True only when the yes button was clicked."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.NoButton,
                      parent)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    no_button = box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no_button)
    box.setEscapeButton(no_button)
    box.exec()
    return box.clickedButton() is yes_button
