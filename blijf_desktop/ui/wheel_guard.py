"""The mouse wheel scrolls the page, never the choice under the pointer. Qt gives a combo box or
a spin box focus by a wheel turn (Qt.WheelFocus) and lets it take the turn: scrolling down
Beheer with the pointer passing over "Gebruiker" changed whose teams "Teams van gebruiker
opslaan" would save (seen under Xvfb). Here such a field takes focus by click or Tab only
(Qt.StrongFocus), and the wheel only once it has focus; otherwise the turn goes to the
scroll area around it."""

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QAbstractSpinBox, QApplication, QComboBox

_FIELDS = (QComboBox, QAbstractSpinBox)


class WheelGuard(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt naming)
        kind = event.type()
        if kind not in (QEvent.Type.Polish, QEvent.Type.Wheel) or not isinstance(watched, _FIELDS):
            return False
        if kind == QEvent.Type.Polish:  # once, before the field is first shown
            if watched.focusPolicy() == Qt.FocusPolicy.WheelFocus:
                watched.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            return False
        if watched.hasFocus():
            return False
        area = watched.parentWidget()
        while area is not None and not isinstance(area, QAbstractScrollArea):
            area = area.parentWidget()
        if area is not None:
            QApplication.sendEvent(area.viewport(), event)
        event.accept()  # handled here: Qt offers it to no other widget
        return True


def install(app: QApplication) -> WheelGuard:
    guard = WheelGuard(app)
    app.installEventFilter(guard)
    return guard
