"""Driving real widgets like a user: typing key by key, clicking, and letting the event loop
run until something has happened. No pytest here: the scripted session runs in a child."""

import re
import time
from typing import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QCheckBox, QRadioButton, QWidget

LEFT = Qt.MouseButton.LeftButton


def settle(seconds: float = 0.05) -> None:
    """Run the event loop a moment, deferred deletes included (as the app's loop would)."""
    end = time.monotonic() + seconds
    while True:
        QApplication.processEvents()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        if time.monotonic() >= end:
            return
        time.sleep(0.005)


def wait_until(condition: Callable[[], object], what: str, timeout: float = 10.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        settle(0.01)
        value = condition()
        if value:
            return value
    raise AssertionError(f"timed out waiting for: {what}")


def type_text(widget: QWidget, text: str) -> None:
    """Key by key. QTest types ASCII only; a letter like "ä" arrives the way a keyboard with a
    compose key sends it (a key event carrying the text); a line break is the Return key."""
    for run in re.findall(r"\n|[\x20-\x7f]+|[^\x00-\x7f]", text):
        if run == "\n":
            QTest.keyClick(widget, Qt.Key.Key_Return)
        elif run.isascii():
            QTest.keyClicks(widget, run)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown,
                                                         Qt.KeyboardModifier.NoModifier, run))


def click(button: QAbstractButton) -> None:
    if not button.isEnabled():
        raise AssertionError(f"button not enabled: {button.objectName() or type(button).__name__}")
    if isinstance(button, (QCheckBox, QRadioButton)):  # on the box, not beside its text
        QTest.mouseClick(button, LEFT, pos=QPoint(8, button.height() // 2))
    else:
        QTest.mouseClick(button, LEFT)
    settle(0.01)


def answer_next_question(button_text: str) -> None:
    """Click `button_text` in the next modal question (a box run with exec(), such as the
    unsaved-changes question), as a user would, once it is on screen."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    def click_when_shown() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, click_when_shown)
            return
        button = next(b for b in box.buttons() if b.text() == button_text)
        QTest.mouseClick(button, LEFT)

    QTimer.singleShot(20, click_when_shown)


def in_next_dialog(kind: str, steps: Callable[[QWidget], None]) -> None:
    """Run `steps(dialog)` in the next modal dialog of class `kind` (one run with exec()),
    once it is on screen, as a user would fill it."""
    from PySide6.QtCore import QTimer

    def when_shown() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or type(dialog).__name__ != kind:
            QTimer.singleShot(20, when_shown)
            return
        steps(dialog)

    QTimer.singleShot(20, when_shown)


def choose(combo, data: str) -> None:
    index = combo.findData(data)
    if index < 0:
        raise AssertionError("no such choice")
    combo.setCurrentIndex(index)
