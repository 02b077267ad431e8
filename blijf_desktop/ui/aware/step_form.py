"""One small form per AWARE action (start, request, decision, connect, review, extend, end…),
built from a list of fields (ui/aware/step_fields.py). An editor (ui/unsaved.py): leaving with
typed text asks; workspace_state() keeps every field over a lock. Bad input is told in Dutch
next to its field; nothing typed is lost.

Given `keep_draft` and `drop_draft` (the traject view hands them the service), a short pause
after typing keeps the same state as an encrypted draft, so that a crash or a power cut loses
nothing; "Niet opslaan" drops it, and so does emptying the form again."""

import logging
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Callable

from PySide6.QtCore import QTimer, Signal
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

log = logging.getLogger(__name__)
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
    DRAFT_DELAY_MS = 1500

    def __init__(self, title: str, intro: str, fields: list[Field],
                 submit: Callable[[dict], int], leave_question: str, submit_label: str = "",
                 parent=None, *, keep_draft: Callable[[dict], None] | None = None,
                 drop_draft: Callable[[], None] | None = None,
                 problem_text: Callable[[str, str], str] = aware_problem):
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
        self._keep_draft, self._drop_draft = keep_draft, drop_draft
        self._finished = False  # recorded or dropped: no more drafts from this form
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(self.DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self.save_draft_now)
        self.message = MessageLabel()
        self.draft_note = explanation("")
        self.draft_note.setStyleSheet("QLabel { color:#555555; }")
        self.draft_note.hide()
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
        layout.addWidget(self.draft_note)
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
        self._kept = self._initial  # what the store holds for this form; the initial: nothing
        for widget in self.widgets.values():
            if isinstance(widget, dict):
                for check in widget.values():
                    check.toggled.connect(self._changed)
            elif isinstance(widget, QComboBox):
                widget.currentIndexChanged.connect(self._changed)
            else:
                widget.textChanged.connect(self._changed)

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
        """Nothing unsaved: True (a draft of a form emptied again goes). Else the question;
        Niet opslaan also drops the draft."""
        if not self.has_unsaved_changes():
            self.save_draft_now()
            return True
        return unsaved.leave(self, self.leave_question, self.save, self.discard)

    def workspace_state(self) -> dict:
        return {"fields": self.state()}

    def restore_workspace(self, state: dict) -> None:
        """Put typed values back (a lock, a draft); what does not fit a field is left out."""
        fields = state.get("fields") if isinstance(state, dict) else None
        for name, value in (fields.items() if isinstance(fields, dict) else ()):
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

    # -- the draft ---------------------------------------------------------------------
    def _changed(self, *_args) -> None:
        if self._keep_draft is not None and not self._finished:
            self._draft_timer.start()

    def keep_drafts(self) -> None:
        """Before the store closes (ui/work_pages.py)."""
        self.save_draft_now()

    def save_draft_now(self) -> bool:
        """Keep what is typed as the draft now; a form as it opened keeps none. False when it
        could not be written (locked meanwhile, a full disk): the form still holds it."""
        self._draft_timer.stop()
        if self._keep_draft is None or self._finished:
            return False
        state = self.state()
        if state == self._kept:
            return True
        try:
            if state == self._initial:
                self._drop_draft()
            else:
                self._keep_draft(self.workspace_state())
        except Exception as error:  # never a value in the log
            log.warning("aware draft not kept: %s", type(error).__name__)
            return False
        self._kept = state
        if state != self._initial:
            self.show_draft_note(_("Concept bewaard om {time}.").format(
                time=datetime.now().strftime("%H:%M")))
        return True

    def resume_draft(self, state: dict, note: str) -> None:
        """Put a kept draft back (it is what the store holds) and say so in a quiet line."""
        self.restore_workspace(state)
        self._draft_timer.stop()
        self._kept = self.state()
        self.show_draft_note(note)

    def show_draft_note(self, text: str) -> None:
        self.draft_note.setText(text)
        self.draft_note.setAccessibleName(text)
        self.draft_note.setVisible(bool(text))

    def discard(self) -> None:
        """Niet opslaan: what was typed is not kept, not as a draft either."""
        self._draft_timer.stop()
        self._finished = True
        if self._drop_draft is not None:
            try:
                self._drop_draft()
            except Exception as error:
                log.warning("aware draft not removed: %s", type(error).__name__)

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
        self._draft_timer.stop()  # recording the step removed the draft (the service)
        self._finished = True
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
