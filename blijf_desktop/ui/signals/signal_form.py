"""The signaal mensenhandel as a form that follows the covenant's annex section by section, in
one scroll area, pre-filled from the case (services/signals.py prefill). The vermoeden boxes
show their questions: vraag 2 for economic exploitation, vraag 1 for sexual exploitation of a
victim younger than 23 on the signal's date (the form says why it is hidden otherwise). The
summary counts its lines as she types ("n van 5 regels") and says at six that the format asks
for five; nothing typed is taken away.

An editor (ui/unsaved.py): leaving with changes asks; a lock keeps the fields
(workspace_state); while she types, an encrypted draft is kept through the service. Ctrl+S
saves. A signal that was sent is shown read-only."""

import logging

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QGroupBox, QLabel, QScrollArea, QVBoxLayout, QWidget

from blijf_desktop.domain import trafficking_signal as ts
from blijf_desktop.domain.signal_annex import (
    ECONOMIC, MAX_SUMMARY_LINES, QUESTION_1, QUESTION_2, SECTIONS, SEXUAL, SUMMARY,
)
from blijf_desktop.i18n import _
from blijf_desktop.services.errors import InvalidInput
from blijf_desktop.services.signals import SignalService
from blijf_desktop.ui import unsaved
from blijf_desktop.ui.dialogs.common import (
    MessageLabel, button_row, explanation, heading, primary_button, secondary_button,
)
from blijf_desktop.ui.keys import local_shortcut
from blijf_desktop.ui.messages import error_message
from blijf_desktop.ui.signals.labels import signal_problem, summary_too_long
from blijf_desktop.ui.signals.signal_fields import FieldRow, section_title

log = logging.getLogger(__name__)


class SignalForm(QWidget):
    saved = Signal(int)
    back = Signal()
    DRAFT_DELAY_MS = 1500

    def __init__(self, service: SignalService, case_id: int, signal_id: int | None = None,
                 may_record: bool = True, parent: QWidget | None = None):
        super().__init__(parent)
        self.service = service
        self.case_id = case_id
        self.signal_id = signal_id
        self.read_only = not may_record
        self.rows: dict[str, FieldRow] = {}
        self.boxes: dict[str, QGroupBox] = {}
        self.message = MessageLabel()
        self.question_note = explanation("")
        self.question_note.setStyleSheet("QLabel { color:#5a3b06; }")
        self.question_note.hide()
        self.save_button = primary_button(_("&Opslaan"))
        self.save_button.clicked.connect(self.save)
        self.back_button = secondary_button(_("&Terug naar de signalen"))
        self.back_button.clicked.connect(self.back.emit)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self._sections())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading(_("Signaal mensenhandel")))
        layout.addWidget(explanation(_(
            "Volgt het ‘Format casus mensenhandel’ van het convenant. Wat de casus al weet, is "
            "ingevuld. Geslacht, nationaliteit, verblijfstatus en woonsituatie legt u alleen in "
            "het signaal vast.")))
        layout.addWidget(self.message)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(button_row(self.save_button, left=(self.back_button,)))
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(self.DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self.save_draft_now)
        local_shortcut(QKeySequence.StandardKey.Save, self, self.save)
        self._load()
        self._initial = self.state()
        if not self.read_only:
            self._resume_draft()
        for row in self.rows.values():
            row.connect(self._changed)
        self._refresh()

    # -- building ----------------------------------------------------------------------------
    def _sections(self) -> QWidget:
        inner = QWidget()
        column = QVBoxLayout(inner)
        for section in SECTIONS:
            title = section_title(section.heading)
            box = QGroupBox(_(section.heading))
            box.setAccessibleName(title)
            rows = QVBoxLayout(box)
            group = ""
            for spec in section.fields:
                if spec.group != group:
                    group = spec.group
                    label = QLabel("<b>%s</b>" % _(group))
                    rows.addWidget(label)
                row = FieldRow(spec, title)
                if spec.group:
                    row.layout().setContentsMargins(18, 0, 0, 0)
                self.rows[spec.code] = row
                rows.addWidget(row)
            if section.code == "vermoeden":
                rows.addWidget(self.question_note)
            self.boxes[section.code] = box
            column.addWidget(box)
        column.addStretch(1)
        return inner

    def _load(self) -> None:
        """The stored signal, or a new one pre-filled from the case."""
        try:
            if self.signal_id is None:
                values = self.service.prefill(self.case_id)
            else:
                stored = self.service.get(self.signal_id)
                values = stored.fields
                if stored.sent:
                    self.read_only = True
                    self.message.show_message(_("Dit signaal is verstuurd en kan niet meer "
                                                "worden gewijzigd."), "info")
        except Exception as error:
            self.message.show_error(error_message(error))
            values = ts.blank()
            self.read_only = True
        self._put(values)
        if self.read_only:
            for row in self.rows.values():
                row.set_read_only()
            self.save_button.hide()

    # -- what was typed -----------------------------------------------------------------------
    def state(self) -> dict[str, str]:
        return {code: row.value() for code, row in self.rows.items()}

    def _put(self, values: dict) -> None:
        for code, row in self.rows.items():
            row.set_value(values.get(code, ""))

    def _changed(self, *_args) -> None:
        self._refresh()
        if not self.read_only:
            self._draft_timer.start()

    def _refresh(self) -> None:
        values = self.state()
        self._count_summary(values[SUMMARY])
        applies = ts.applicable_questions(values)
        for question in (QUESTION_1, QUESTION_2):
            self.boxes[question].setVisible(question in applies)
        notes = []
        if values[SEXUAL] == "ja" and QUESTION_1 not in applies:
            notes.append(_(
                "Vraag 1 wordt alleen gesteld als het slachtoffer op de datum van het signaal "
                "jonger is dan {limit} jaar (het format, voetnoot 13); het slachtoffer was toen "
                "{age} jaar.").format(limit=ts.YOUTH_AGE, age=ts.victim_age(values)))
        hidden = [s for s in SECTIONS if s.question and s.question not in applies
                  and any(values[f.code] for f in s.fields)]
        if hidden:
            notes.append(_("Wat u typte bij een vraag die niet (meer) van toepassing is, blijft "
                           "hier staan maar wordt niet opgeslagen."))
        self.question_note.setText("\n".join(notes))
        self.question_note.setAccessibleName(" ".join(notes))
        self.question_note.setVisible(bool(notes))

    def _count_summary(self, text: str) -> None:
        row = self.rows[SUMMARY]
        lines = ts.summary_lines(text)
        row.note.setText(_("{n} van {max} regels").format(n=lines, max=MAX_SUMMARY_LINES))
        row.note.setAccessibleName(row.note.text())
        row.note.setStyleSheet("QLabel { color:%s; }" % (
            "#8a1c1c" if lines > MAX_SUMMARY_LINES else "#555555"))
        row.note.show()
        if lines > MAX_SUMMARY_LINES:
            row.error.show_error(summary_too_long(lines))
        elif row.error.property("live_lines"):
            row.error.clear_message()
        row.error.setProperty("live_lines", lines > MAX_SUMMARY_LINES)

    # -- the editor rule ----------------------------------------------------------------------
    def has_unsaved_changes(self) -> bool:
        return not self.read_only and self.state() != self._initial

    def may_leave(self) -> bool:
        return unsaved.leave(self, _("Het signaal is nog niet opgeslagen."), save=self.save,
                             discard=self.discard)

    def workspace_state(self) -> dict:
        if not self.has_unsaved_changes():
            return {}
        return {"signal_id": self.signal_id, "fields": self.state()}

    def restore_workspace(self, state: dict) -> None:
        fields = state.get("fields") if isinstance(state, dict) else None
        if isinstance(fields, dict) and not self.read_only:
            self._put(fields)

    def discard(self) -> None:
        self._draft_timer.stop()
        self._put(self._initial)
        try:
            self.service.discard_draft(self.case_id)
        except Exception as error:
            log.warning("signal draft not removed: %s", type(error).__name__)

    def keep_drafts(self) -> None:
        """Before the store closes (ui/work_pages.py)."""
        self.save_draft_now()

    def save_draft_now(self) -> bool:
        self._draft_timer.stop()
        try:
            if self.has_unsaved_changes():
                self.service.save_draft(self.case_id, {"signal_id": self.signal_id,
                                                       "fields": self.state()})
            return True
        except Exception as error:  # locked meanwhile, a full disk: the form still holds it
            log.warning("signal draft not kept: %s", type(error).__name__)
            return False

    def _resume_draft(self) -> None:
        try:
            draft = self.service.load_draft(self.case_id)
        except Exception as error:
            log.warning("signal draft not read: %s", type(error).__name__)
            return
        if isinstance(draft, dict) and draft.get("signal_id") == self.signal_id \
                and isinstance(draft.get("fields"), dict):
            self._put(draft["fields"])
            self.message.show_message(_("Uw niet opgeslagen wijzigingen in dit signaal staan "
                                        "weer klaar."), "info")

    # -- saving -------------------------------------------------------------------------------
    def save(self) -> bool:
        """True when stored; otherwise everything typed stays, with the reason beside it."""
        if self.read_only:
            return False
        self.message.clear_message()
        for row in self.rows.values():
            row.error.clear_message()
        values = self.state()
        checked = ts.check(values, self.service.today())
        if checked.problems:
            self._show_problems(checked.problems, values)
            return False
        try:
            self.signal_id = self.service.save(self.case_id, values, self.signal_id)
        except InvalidInput as error:
            self._show_problems({error.field: error.problem}, values)
            return False
        except Exception as error:
            self.message.show_error(error_message(error))
            return False
        self._draft_timer.stop()
        self._put(ts.asked_only(checked.values))  # what is stored, as stored
        self._initial = self.state()
        self.message.show_message(_("Signaal opgeslagen."), "success")
        self.saved.emit(self.signal_id)
        return True

    def _show_problems(self, problems: dict[str, str], values: dict[str, str]) -> None:
        first = None
        lines = ts.summary_lines(values.get(SUMMARY, ""))
        for field, problem in problems.items():
            target = self.rows.get(ECONOMIC if field == "vermoeden" else field)
            text = signal_problem(field, problem, lines)
            if target is None:
                self.message.show_error(text)
                continue
            target.error.show_error(text)
            first = first or target
        if first is not None:
            first.focus()
            self.scroll.ensureWidgetVisible(first)
        if len(problems) > 1 and first is not None:
            self.message.show_error(_("Nog niet opgeslagen: kijk bij de gemarkeerde velden."))
