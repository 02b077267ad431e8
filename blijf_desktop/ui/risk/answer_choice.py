"""One signal's answer, ja / nee / onbekend, as a single stop in the tab order: Tab goes from
signal to signal; within one, the arrow keys move, 1-2-3 (or j, n, o) choose, and the mouse
clicks the buttons. The answer is text next to a radio button, never colour alone."""

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QRadioButton, QWidget

from blijf_desktop.domain.risk import ANSWER_LABELS, AnswerValue
from blijf_desktop.i18n import _

ORDER = (AnswerValue.JA, AnswerValue.NEE, AnswerValue.ONBEKEND)
_KEYS = {Qt.Key.Key_1: AnswerValue.JA, Qt.Key.Key_2: AnswerValue.NEE,
         Qt.Key.Key_3: AnswerValue.ONBEKEND, Qt.Key.Key_J: AnswerValue.JA,
         Qt.Key.Key_Y: AnswerValue.JA, Qt.Key.Key_N: AnswerValue.NEE,
         Qt.Key.Key_O: AnswerValue.ONBEKEND, Qt.Key.Key_U: AnswerValue.ONBEKEND}
_STYLE = ("#answerChoice { border:2px solid transparent; border-radius:6px; }"
          "#answerChoice:focus { border-color:#1b5fa8; background:#eef4fb; }"
          "#answerChoice[problem=\"true\"] { border-color:#c0392b; background:#fdecea; }")


class AnswerChoice(QWidget):
    changed = Signal()

    def __init__(self, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("answerChoice")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(_STYLE)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(name)
        self.group = QButtonGroup(self)
        self.buttons: dict[AnswerValue, QRadioButton] = {}
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 2, 6, 2)
        for number, value in enumerate(ORDER, start=1):
            button = QRadioButton(_(ANSWER_LABELS[value]))
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # one tab stop: this widget
            button.setAccessibleName(f"{name}: {_(ANSWER_LABELS[value])}")
            button.setToolTip(_("Toets {n}").format(n=number))
            button.toggled.connect(self._toggled)
            self.group.addButton(button)
            self.buttons[value] = button
            row.addWidget(button)
        row.addStretch(1)
        self._describe()

    def value(self) -> AnswerValue | None:
        return next((v for v, b in self.buttons.items() if b.isChecked()), None)

    def set_value(self, value: AnswerValue | None) -> None:
        if value == self.value():
            return
        self.group.setExclusive(False)  # an exclusive group cannot be emptied otherwise
        for key, button in self.buttons.items():
            button.setChecked(key == value)
        self.group.setExclusive(True)

    def set_problem(self, problem: bool) -> None:
        self.setProperty("problem", problem)
        self.style().unpolish(self)
        self.style().polish(self)

    def _toggled(self, checked: bool) -> None:
        if checked:
            self.set_problem(False)
            self._describe()
            self.changed.emit()
        elif self.value() is None:
            self._describe()
            self.changed.emit()

    def _describe(self) -> None:
        value = self.value()
        self.setAccessibleDescription(_(ANSWER_LABELS[value]) if value else _("niet beantwoord"))

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        key = Qt.Key(event.key())
        if key in _KEYS and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.set_value(_KEYS[key])
            return
        step = {Qt.Key.Key_Left: -1, Qt.Key.Key_Up: -1, Qt.Key.Key_Right: 1,
                Qt.Key.Key_Down: 1}.get(key)
        if step is not None:
            current = self.value()
            index = 0 if current is None and step > 0 else (
                len(ORDER) - 1 if current is None else (ORDER.index(current) + step) % len(ORDER))
            self.set_value(ORDER[index])
            return
        if key == Qt.Key.Key_Space and self.value() is None:
            self.set_value(ORDER[0])
            return
        super().keyPressEvent(event)
