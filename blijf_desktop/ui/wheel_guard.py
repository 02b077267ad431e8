"""The mouse wheel scrolls the page, never the choice under the pointer. Qt lets a combo box or
a spin box take a wheel turn without focus: scrolling down Beheer with the pointer passing over
"Gebruiker" changed whose teams "Teams van gebruiker opslaan" would save (seen under Xvfb).
A field takes the wheel only once it has focus (clicked or tabbed into); otherwise the turn
goes to the scroll area around it."""

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QAbstractScrollArea, QAbstractSpinBox, QApplication, QComboBox


class WheelGuard(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt naming)
        if (event.type() != QEvent.Type.Wheel
                or not isinstance(watched, (QComboBox, QAbstractSpinBox)) or watched.hasFocus()):
            return False
        area = watched.parentWidget()
        while area is not None and not isinstance(area, QAbstractScrollArea):
            area = area.parentWidget()
        if area is not None:
            QApplication.sendEvent(area.viewport(), event)
        return True  # the field itself never sees it


def install(app: QApplication) -> WheelGuard:
    guard = WheelGuard(app)
    app.installEventFilter(guard)
    return guard
