"""Politie-informatie vastleggen: what a police unit gave about the people of one case. Per
person it offers only what Blijf 4.2 allows for that person's category, and the six danger
flags only for a pleger (domain/police.py); the service checks it all again.

An editor (ui/unsaved.py): leaving with typed text asks; over a lock, workspace_state() keeps
every field and restore_workspace() puts it back. Bad input is told next to its field and
nothing typed is lost."""

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from blijf_desktop.domain.exchanges import INITIATIVE_LABELS, PURPOSE_LABELS
from blijf_desktop.domain.police import (
    CHANNEL_LABELS,
    FLAG_LABELS,
    KIND_LABELS,
    UNITS,
    DangerFlag,
    PoliceInfoKind,
    police_info_kinds,
)
from blijf_desktop.domain.risk import ANSWER_LABELS
from blijf_desktop.domain.validation import date_text, past_date
from blijf_desktop.i18n import _
from blijf_desktop.services.errors import InvalidInput
from blijf_desktop.services.exchanges import ExchangeService, PoliceItem
from blijf_desktop.ui import unsaved
from blijf_desktop.ui.dialogs.common import (
    MessageLabel, add_row, boxed, button_row, form_layout, heading, line_edit, primary_button,
    secondary_button,
)
from blijf_desktop.ui.exchanges import labels
from blijf_desktop.ui.exchanges.labels import GROUP_STYLE
from blijf_desktop.ui.messages import error_message, field_problem, input_problem

_TOP = ("unit", "contact", "received_on")


def _compact(show, label):
    def show_compact(text: str, kind: str = "error") -> None:
        show(text, kind)
        label.setStyleSheet(label.styleSheet().replace("padding:10px 12px", "padding:3px 8px"))
    return show_compact


def _combo(choices: list[tuple[str, str]], name: str) -> QComboBox:
    combo = QComboBox()
    for code, text in choices:
        combo.addItem(text, code)
    combo.setAccessibleName(name)
    return combo


class PoliceInfoForm(QWidget):
    saved = Signal(int)
    cancelled = Signal()

    def __init__(self, exchanges: ExchangeService, case, today=date.today, parent=None):
        """`case`: the case as IntakeService.case() gives it (its people and categories)."""
        super().__init__(parent)
        self.exchanges = exchanges
        self.case = case
        self.today = today
        self.texts: dict[str, QPlainTextEdit] = {}  # "<person id>:<kind>"
        self.flags: dict[str, QComboBox] = {}  # "<person id>:<flag>", pleger only
        body = QWidget()
        column = QVBoxLayout(body)
        column.addWidget(heading(_("Politie-informatie vastleggen")))
        column.addWidget(boxed(_("Politie-informatie is alleen voor de eigen taak van Blijf "
                                 "Groep en gaat nooit naar buiten (convenant art. 5.2 en 5.8). "
                                 "Per persoon staat alleen wat de politie volgens art. 4.2 mag "
                                 "geven. Laat leeg wat u niet kreeg."), "info"))
        column.addLayout(self._receipt_fields())
        for person in case.people:
            column.addWidget(self._person_box(person))
        self.message = MessageLabel()
        column.addWidget(self.message)
        self.save_button = primary_button(_("Vastleggen"))
        self.save_button.clicked.connect(self.save)
        cancel = secondary_button(_("Annuleren"))
        cancel.clicked.connect(self.cancel)
        column.addLayout(button_row(cancel, self.save_button))
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self._initial = self.state()
        self.recorded_id: int | None = None

    # -- building ----------------------------------------------------------------------
    def _receipt_fields(self):
        form = form_layout()
        self.unit = _combo([("", _("— kies een eenheid —"))]
                           + [(code, _(u.label)) for code, u in UNITS.items()], _("Eenheid"))
        self.contact = line_edit(400)
        self.received_on = line_edit(20)
        self.received_on.setPlaceholderText(_("dd-mm-jjjj"))
        self.received_on.setText(date_text(self.today()))
        self.channel = _combo([(c.value, _(t)) for c, t in CHANNEL_LABELS.items()], "")
        self.purpose = _combo([(p.value, _(t)) for p, t in PURPOSE_LABELS.items()], "")
        self.initiative = _combo([(i.value, _(t)) for i, t in INITIATIVE_LABELS.items()], "")
        self.errors = {name: MessageLabel() for name in _TOP}
        for label in self.errors.values():  # one line under its field, not a tall box
            label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
            label.show_message = _compact(label.show_message, label)
        for name, text, field in (("unit", _("Eenheid"), self.unit),
                                  ("contact", _("Agent of contactpersoon"), self.contact),
                                  ("received_on", _("Ontvangen op"), self.received_on)):
            add_row(form, text, field)
            form.addRow("", self.errors[name])
        add_row(form, _("Mondeling of schriftelijk"), self.channel)
        add_row(form, _("Doel"), self.purpose)
        add_row(form, _("Gevraagd of ongevraagd"), self.initiative)
        self.contact.textEdited.connect(lambda: self.errors["contact"].clear_message())
        self.received_on.textEdited.connect(lambda: self.errors["received_on"].clear_message())
        self.unit.currentIndexChanged.connect(lambda: self.errors["unit"].clear_message())
        return form

    def _person_box(self, person) -> QGroupBox:
        name = person.data.full_name()
        box = QGroupBox(f"{name} — {labels.category(person.data.category)}")
        box.setAccessibleName(box.title())
        box.setStyleSheet(GROUP_STYLE)
        form = form_layout()
        for kind in police_info_kinds(person.data.category):
            if kind is PoliceInfoKind.GEVARENCLASSIFICATIE:
                form.addRow(QLabel(_(KIND_LABELS[kind]) + ":"))
                for flag in DangerFlag:
                    combo = _combo([("", _("niet gegeven"))]
                                   + [(a.value, _(t)) for a, t in ANSWER_LABELS.items()], "")
                    self.flags[f"{person.id}:{flag.value}"] = combo
                    add_row(form, _(FLAG_LABELS[flag]), combo)
                    combo.setAccessibleName(f"{_(FLAG_LABELS[flag])} ({name})")
                continue
            edit = QPlainTextEdit()
            edit.setTabChangesFocus(True)  # Tab moves on: keyboard-only works
            edit.setFixedHeight(64)
            self.texts[f"{person.id}:{kind.value}"] = edit
            add_row(form, _(KIND_LABELS[kind]), edit)
            edit.setAccessibleName(f"{_(KIND_LABELS[kind])} ({name})")
        box.setLayout(form)
        return box

    # -- what was typed ----------------------------------------------------------------
    def state(self) -> dict:
        return {"unit": self.unit.currentData(), "contact": self.contact.text(),
                "received_on": self.received_on.text(), "channel": self.channel.currentData(),
                "purpose": self.purpose.currentData(),
                "initiative": self.initiative.currentData(),
                "texts": {k: e.toPlainText() for k, e in self.texts.items()},
                "flags": {k: c.currentData() for k, c in self.flags.items()}}

    def has_unsaved_changes(self) -> bool:
        return self.state() != self._initial

    def may_leave(self) -> bool:
        return unsaved.leave(self, _("De politie-informatie is nog niet vastgelegd. Nu "
                                     "vastleggen?"), self.save)

    def workspace_state(self) -> dict:
        return {"case_id": self.case.case_id, "fields": self.state()}

    def restore_workspace(self, state: dict) -> None:
        fields = state.get("fields") or {}
        for name in ("unit", "channel", "purpose", "initiative"):
            combo = getattr(self, name)
            index = combo.findData(fields.get(name))
            if index >= 0:
                combo.setCurrentIndex(index)
        self.contact.setText(str(fields.get("contact", "")))
        self.received_on.setText(str(fields.get("received_on", "")))
        for key, value in (fields.get("texts") or {}).items():
            if key in self.texts and isinstance(value, str):
                self.texts[key].setPlainText(value)
        for key, value in (fields.get("flags") or {}).items():
            if key in self.flags and self.flags[key].findData(value) >= 0:
                self.flags[key].setCurrentIndex(self.flags[key].findData(value))

    # -- saving --------------------------------------------------------------------------
    def _items(self) -> list[PoliceItem]:
        items = []
        for key, edit in self.texts.items():
            person_id, kind = key.split(":")
            if edit.toPlainText().strip():
                items.append(PoliceItem(int(person_id), PoliceInfoKind(kind), edit.toPlainText()))
        given: dict[int, dict] = {}
        for key, combo in self.flags.items():
            person_id, flag = key.split(":")
            if combo.currentData():
                given.setdefault(int(person_id), {})[DangerFlag(flag)] = combo.currentData()
        items += [PoliceItem(pid, PoliceInfoKind.GEVARENCLASSIFICATIE, flags=flags)
                  for pid, flags in given.items()]
        return items

    def _check_top(self) -> bool:
        problems = {}
        if not self.unit.currentData():
            problems["unit"] = _("Kies de eenheid die de informatie gaf.")
        if not self.contact.text().strip():
            problems["contact"] = _("Vul in van welke agent of contactpersoon dit komt.")
        checked = past_date(self.received_on.text(), self.today())
        if checked.error or checked.value is None:
            problems["received_on"] = (field_problem(checked.error, "received_on")
                                       if checked.error else _("Vul de datum van ontvangst in."))
        for name, label in self.errors.items():
            if name in problems:
                label.show_error(problems[name])
            else:
                label.clear_message()
        return not problems

    def save(self) -> bool:
        """True when recorded. On any problem everything typed stays, with a message."""
        self.message.clear_message()
        if not self._check_top():
            return False
        items = self._items()
        if not items:
            self.message.show_error(_("Vul bij minstens één persoon in wat de politie gaf."))
            return False
        try:
            exchange_id = self.exchanges.record_incoming_police_info(
                self.case.case_id, self.unit.currentData(), self.contact.text(),
                past_date(self.received_on.text(), self.today()).value,
                self.channel.currentData(), items, purpose=self.purpose.currentData(),
                asked=self.initiative.currentData())
        except InvalidInput as error:
            if error.field in self.errors:
                self.errors[error.field].show_error(input_problem(error.field, error.problem))
            else:
                self.message.show_error(input_problem(error.field, error.problem))
            return False
        except Exception as error:
            self.message.show_error(error_message(error))
            return False
        self._initial = self.state()
        self.recorded_id = exchange_id
        self.saved.emit(exchange_id)
        return True

    def cancel(self) -> None:
        """Annuleren: asks when something was typed; Opslaan there records (and says so)."""
        self.recorded_id = None
        if self.may_leave() and self.recorded_id is None:
            self._initial = self.state()
            self.cancelled.emit()
