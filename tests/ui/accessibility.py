"""What a screen reader hears: the accessible name Qt gives each interactive control (its own
name, a button's text, the text of the label whose buddy it is). A control without one is a
control a blind user cannot find."""

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractItemView, QAbstractSpinBox, QComboBox, QLineEdit, QPlainTextEdit,
    QTextEdit, QWidget,
)

INTERACTIVE = (QAbstractButton, QLineEdit, QPlainTextEdit, QTextEdit, QComboBox,
               QAbstractItemView, QAbstractSpinBox)


def spoken_name(widget: QWidget) -> str:
    face = QAccessible.queryAccessibleInterface(widget)
    return (face.text(QAccessible.Text.Name) if face is not None else "").strip()


def _inside_a_combo(widget: QWidget, root: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, QComboBox):  # the combo's own popup list
            return True
        parent = parent.parentWidget()
    return False


def unnamed_controls(root: QWidget) -> list[str]:
    """The interactive controls shown under `root` that have no accessible name."""
    return [f"{type(w).__name__} '{getattr(w, 'text', lambda: '')()}'"
            for w in root.findChildren(QWidget)
            if isinstance(w, INTERACTIVE) and w.isVisibleTo(root)
            and not _inside_a_combo(w, root) and not spoken_name(w)]
