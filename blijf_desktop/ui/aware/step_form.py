"""One small form per AWARE action (start, request, decision, connect, review, extend, end…),
built from a list of fields (ui/aware/step_fields.py). An editor (ui/unsaved.py): leaving with
typed text asks; workspace_state() keeps every field over a lock. Bad input is told in Dutch
next to its field; nothing typed is lost."""

from dataclasses import dataclass, field
from datetime import date
from typing import Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QPlainTextEdit, QScrollArea, QVBoxLayout, QWidget,
)

from blijf_desktop.domain.validation import parse_date
from blijf_desktop.i18n import _
from blijf_desktop.services.errors import InvalidInput
from blijf_desktop.ui import unsaved
from blijf_desktop.ui.aware.labels import aware_problem
from blijf_desktop.ui.dialogs.common import (
    MessageLabel, add_row, button_row, explanation, form_layout, heading, line_edit,
    primary_button, secondary_button,
)
from blijf_desktop.ui.messages import error_message, field_problem

LINE, TEXT, DATE, COMBO, CHECKS, CHOSEN, YESNO = (
    "line", "text", "date", "combo", "checks", "chosen", "yesno")


@dataclass(frozen=True)
class Field:
    name: str
    label: str  # translated, with & for Alt+letter
    kind: str
    choices: tuple[tuple[object, str], ...] = ()  # (value, translated text)
    initial: object = ""
    note: str = ""  # a grey line under the field
    optional: bool = False
    checked: frozenset = field(default_factory=frozenset)  # CHECKS/CHOSEN ticked at the start


class StepForm(QWidget):
    saved = Signal(int)
    cancelled = Signal()

    def __init__(self, title: str, intro: str, fields: list[Field],
                 submit: Callable[[dict], int], leave_question: str, submit_label: str = "",
                 parent=None, problem_text: Callable[[str, str], str] = aware_problem):
        """`problem_text(field, code)`: the Dutch message for a refusal (another feature's
        codes)."""
        super().__init__(parent)
        self.problem_text = problem_text
        self.fields = {f.name: f for f in fields}
        self.submit = submit
        self.leave_question = leave_question
        self.widgets: dict[str, object] = {}
        self.errors: dict[str, MessageLabel] = {}
        self.saved_now = False
        self.message = MessageLabel()
        form = form_layout()
        for spec in fields:
            widget = self._widget(spec)
            box = QWidget()
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(3)
            column.addWidget(widget)
            if spec.note:
                note = explanation(spec.note)
                note.setStyleSheet("QLabel { color:#555555; }")
                column.addWidget(note)
            self.errors[spec.name] = MessageLabel()
            column.addWidget(self.errors[spec.name])
            box.setFocusProxy(widget)
            add_row(form, spec.label, box)
            widget.setAccessibleName(spec.label.replace("&", ""))
        self.save_button = primary_button(submit_label or _("&Vastleggen"))
        self.save_button.clicked.connect(self.save)
        self.cancel_button = secondary_button(_("Annuleren"))
        self.cancel_button.clicked.connect(self.cancel)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.addWidget(heading(title))
        if intro:
            layout.addWidget(explanation(intro))
        layout.addWidget(self.message)
        layout.addLayout(form)
        layout.addLayout(button_row(self.save_button, left=(self.cancel_button,)))
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self._initial = self.state()

    # -- building ----------------------------------------------------------------------
    def _widget(self, spec: Field):
        if spec.kind in (LINE, DATE):
            edit = line_edit(10 if spec.kind == DATE else 200)
            if spec.kind == DATE:
                edit.setPlaceholderText(_("dd-mm-jjjj"))
                edit.setMaximumWidth(140)
            edit.setText(str(spec.initial or ""))
            self.widgets[spec.name] = edit
            return edit
        if spec.kind == TEXT:
            edit = QPlainTextEdit(str(spec.initial or ""))
            edit.setTabChangesFocus(True)  # Tab moves on: keyboard-only works
            edit.setFixedHeight(72)
            self.widgets[spec.name] = edit
            return edit
        if spec.kind in (COMBO, YESNO):
            combo = QComboBox()
            choices = spec.choices if spec.kind == COMBO else ((True, _("ja")), (False, _("nee")))
            combo.addItem(_("— kies —"), None)
            for value, text in choices:
                combo.addItem(text, value)
            index = combo.findData(spec.initial) if spec.initial not in ("", None) else 0
            combo.setCurrentIndex(max(index, 0))
            self.widgets[spec.name] = combo
            return combo
        box = QWidget()  # CHECKS (a dict code -> bool) or CHOSEN (a list of the ticked)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        boxes = {}
        for value, text in spec.choices:
            check = QCheckBox(text)
            check.setChecked(value in spec.checked)
            check.setAccessibleName(text)
            column.addWidget(check)
            boxes[value] = check
        if boxes:
            box.setFocusProxy(next(iter(boxes.values())))
        self.widgets[spec.name] = boxes
        return box

    # -- what was typed ----------------------------------------------------------------
    def _raw(self, name: str):
        widget = self.widgets[name]
        if isinstance(widget, dict):
            return [str(v) for v, check in widget.items() if check.isChecked()]
        if isinstance(widget, QComboBox):
            return widget.currentIndex()
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText()
        return widget.text()

    def state(self) -> dict:
        return {name: self._raw(name) for name in self.fields}

    def has_unsaved_changes(self) -> bool:
        return self.state() != self._initial

    def may_leave(self) -> bool:
        return unsaved.leave(self, self.leave_question, self.save)

    def workspace_state(self) -> dict:
        return {"fields": self.state()}

    def restore_workspace(self, state: dict) -> None:
        for name, value in (state.get("fields") or {}).items():
            widget = self.widgets.get(name)
            if isinstance(widget, dict) and isinstance(value, list):
                for code, check in widget.items():
                    check.setChecked(str(code) in value)
            elif isinstance(widget, QComboBox) and isinstance(value, int):
                if 0 <= value < widget.count():
                    widget.setCurrentIndex(value)
            elif isinstance(widget, QPlainTextEdit) and isinstance(value, str):
                widget.setPlainText(value)
            elif widget is not None and isinstance(value, str):
                widget.setText(value)

    # -- saving ------------------------------------------------------------------------
    def data(self) -> dict | None:
        """The values for the service; None (with messages beside the fields) when a date
        cannot be read."""
        found, ok = {}, True
        for name, spec in self.fields.items():
            self.errors[name].clear_message()
            widget = self.widgets[name]
            if spec.kind == DATE:
                text = widget.text().strip()
                found[name] = parse_date(text) if text else None
                if text and found[name] is None:
                    self.errors[name].show_error(field_problem("date_format"))
                    ok = False
            elif spec.kind == CHECKS:
                found[name] = {code: check.isChecked() for code, check in widget.items()}
            elif spec.kind == CHOSEN:
                found[name] = [code for code, check in widget.items() if check.isChecked()]
            elif spec.kind in (COMBO, YESNO):
                found[name] = widget.currentData()
            else:
                found[name] = self._raw(name)
        return found if ok else None

    def save(self) -> bool:
        """True when recorded. On any problem everything typed stays, with a message."""
        self.message.clear_message()
        data = self.data()
        if data is None:
            return False
        try:
            new_id = self.submit(data)
        except InvalidInput as error:
            text = self.problem_text(error.field, error.problem)
            if error.field in self.errors:
                self.errors[error.field].show_error(text)
                self.widgets_focus(error.field)
            else:
                self.message.show_error(text)
            return False
        except Exception as error:
            self.message.show_error(error_message(error))
            return False
        self._initial = self.state()
        self.saved_now = True
        self.saved.emit(new_id)
        return True

    def widgets_focus(self, name: str) -> None:
        widget = self.widgets[name]
        target = next(iter(widget.values()), None) if isinstance(widget, dict) else widget
        if target is not None:
            target.setFocus()

    def first_field(self) -> QWidget | None:
        if not self.fields:
            return self.save_button
        name = next(iter(self.fields))
        widget = self.widgets[name]
        return next(iter(widget.values()), None) if isinstance(widget, dict) else widget

    def cancel(self) -> None:
        """Annuleren: asks when something was typed; Opslaan there records (and says so)."""
        self.saved_now = False
        if self.may_leave() and not self.saved_now:
            self._initial = self.state()
            self.cancelled.emit()


def today_text(today: Callable[[], date]) -> str:
    from blijf_desktop.domain.validation import date_text

    return date_text(today())
