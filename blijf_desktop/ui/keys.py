"""Shortcuts that belong to one part of a window (an open form), not to the whole window."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget


def local_shortcut(key: QKeySequence.StandardKey | str, owner: QWidget, slot) -> QShortcut:
    """`key` works only while the focus is inside `owner`. (PySide6 ignores a `context`
    argument given to QShortcut's constructor together with a callable: set it after.)"""
    shortcut = QShortcut(QKeySequence(key), owner)
    shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    shortcut.activated.connect(slot)
    return shortcut
