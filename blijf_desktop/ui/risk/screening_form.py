"""The signals of a risicotaxatie in their three parts, each answered ja / nee / onbekend with
an optional note. Holds what is typed; RiskTab saves it. Tab order: answer, note, next answer."""

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from blijf_desktop.domain.risk import MAX_NOTE, SCREENINGS, Answer, AnswerValue
from blijf_desktop.domain.risk_signals import PART_LABELS, WEIGHT_LABELS, Part
from blijf_desktop.i18n import _
from blijf_desktop.ui.intake.parts import put_text
from blijf_desktop.ui.risk.answer_choice import AnswerChoice


class ScreeningForm(QScrollArea):
    changed = Signal()

    def __init__(self, version: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.version = version
        self.screening = SCREENINGS[version]
        self.choices: dict[str, AnswerChoice] = {}
        self.notes: dict[str, QLineEdit] = {}
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        # Long signal texts wrap; nothing may hide beyond a sideways scroll.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner = QWidget()
        layout = QVBoxLayout(inner)
        hint = QLabel(_("Beantwoord elk signaal. Tab gaat naar het volgende veld; kies met de "
                        "pijltjes of met 1 (ja), 2 (nee) en 3 (onbekend)."))
        hint.setWordWrap(True)
        hint.setStyleSheet("color:#555;")
        layout.addWidget(hint)
        for part in Part:
            layout.addWidget(self._part(part))
        layout.addStretch(1)
        self.setWidget(inner)
        chain = [w for code in self.screening.codes for w in (self.choices[code], self.notes[code])]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

    def _part(self, part: Part) -> QGroupBox:
        box = QGroupBox(_(PART_LABELS[part]))
        box.setStyleSheet("QGroupBox { font-weight:600; } QGroupBox * { font-weight:normal; }")
        grid = QGridLayout(box)
        grid.setColumnStretch(0, 1)
        grid.setHorizontalSpacing(12)
        row = 0
        for signal in self.screening.signals:
            if signal.part is not part:
                continue
            text = _(signal.text)
            weight = _("weegt {weight}").format(weight=_(WEIGHT_LABELS[signal.weight]))
            label = QLabel(f"{html.escape(text)} <span style='color:#666'>({weight})</span>")
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)
            choice = AnswerChoice(text)
            choice.changed.connect(self.changed)
            note = QLineEdit()
            note.setMaxLength(MAX_NOTE)
            note.setPlaceholderText(_("Toelichting (niet verplicht)"))
            note.setAccessibleName(_("Toelichting bij: {signal}").format(signal=text))
            note.textChanged.connect(self.changed)
            label.setBuddy(choice)
            grid.addWidget(label, row, 0, 1, 2)
            grid.addWidget(choice, row + 1, 0)
            grid.addWidget(note, row + 1, 1)
            grid.setColumnMinimumWidth(1, 160)
            self.choices[signal.code] = choice
            self.notes[signal.code] = note
            row += 2
        return box

    # -- what is typed -------------------------------------------------------------------
    def answers(self) -> dict[str, Answer]:
        """The answered signals (a note without an answer waits for its answer)."""
        return {code: Answer(choice.value(), self.notes[code].text())
                for code, choice in self.choices.items() if choice.value() is not None}

    def unanswered(self) -> list[str]:
        return [code for code, choice in self.choices.items() if choice.value() is None]

    def is_empty(self) -> bool:
        return not self.answers() and not any(n.text().strip() for n in self.notes.values())

    def state(self) -> dict:
        return {"version": self.version,
                "answers": {c: a.value.value for c, a in self.answers().items()},
                "notes": {c: n.text() for c, n in self.notes.items() if n.text()}}

    def set_state(self, state: dict) -> None:
        """Put typed answers and notes back (a draft, a lock); unknown codes are left out."""
        answers = state.get("answers") if isinstance(state.get("answers"), dict) else {}
        notes = state.get("notes") if isinstance(state.get("notes"), dict) else {}
        for code, choice in self.choices.items():
            value = answers.get(code)
            choice.set_value(AnswerValue(value) if value in {v.value for v in AnswerValue}
                             else None)
            put_text(self.notes[code], str(notes.get(code, "")))

    def clear(self) -> None:
        self.set_state({})

    def mark_problems(self, codes: list[str]) -> None:
        for code, choice in self.choices.items():
            choice.set_problem(code in codes)
        if codes:
            self.choices[codes[0]].setFocus()
            self.ensureWidgetVisible(self.choices[codes[0]])
