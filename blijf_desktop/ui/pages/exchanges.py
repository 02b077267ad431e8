"""Verstrekkingen: the register of every exchange in or out, with filters (person, counterparty,
period, direction); Enter opens what was exchanged. "Politie-informatie vastleggen…" picks a
case and opens the form; `open_police_form(case_id)` opens it for a known case (for the case
view to call). "Nieuwe verstrekking…" (teamleider, Permission.DISCLOSE) picks a case and opens
the guided flow (ui/sharing/flow.py); `open_disclosure_flow(case_id)` opens it for a known case.
The form and the flow are editors: leaving them or a lock never loses what was typed or chosen."""

from datetime import date

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox, QFileDialog, QHBoxLayout, QLabel, QLineEdit,
    QStackedWidget, QVBoxLayout, QWidget,
)

from blijf_desktop.domain.exchanges import DIRECTION_LABELS
from blijf_desktop.domain.roles import Permission, may
from blijf_desktop.domain.sharing import RECIPIENTS
from blijf_desktop.domain.validation import parse_date
from blijf_desktop.i18n import N_, _
from blijf_desktop.services.exchanges import ExchangeService
from blijf_desktop.services.intake import IntakeService
from blijf_desktop.services.session import Session
from blijf_desktop.ui.dialogs.common import MessageLabel, heading, line_edit, secondary_button
from blijf_desktop.ui.exchanges import labels
from blijf_desktop.ui.messages import error_message, field_problem
from blijf_desktop.ui.widgets.list_table import list_table, replace_shown

FILTER_DELAY_MS = 200
NEW_DISCLOSURE_KEY = "Ctrl+Shift+N"  # Ctrl+N is a new intake, everywhere in the window
COLUMNS = (N_("Datum"), N_("Richting"), N_("Aan of van"), N_("Doel"), N_("Betrokkenen"),
           N_("Gegevens"), N_("Door"))


def _labelled(text: str, field: QWidget) -> QWidget:
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    label = QLabel(text)
    label.setBuddy(field)
    field.setAccessibleName(text.replace("&", ""))
    column.addWidget(label)
    column.addWidget(field)
    return box


class ExchangesPage(QWidget):
    def __init__(self, session: Session, today=date.today, parent=None):
        super().__init__(parent)
        self.session = session
        self.exchanges = ExchangeService(session, today=today)
        self.intake = IntakeService(session, today=today)
        self.today = today
        self.records = []
        self.entry_view = self.picker = self.form = self.flow = None
        self.last_recorded: int | None = None
        self.stack = QStackedWidget()
        self.stack.addWidget(self._list_page())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.timer = QTimer(self, singleShot=True, interval=FILTER_DELAY_MS)
        self.timer.timeout.connect(self.refresh)
        for edit in (self.person, self.date_from, self.date_to):
            edit.textChanged.connect(lambda _text: self.timer.start())
        for combo in (self.counterparty, self.direction):
            combo.currentIndexChanged.connect(lambda _index: self.refresh())
        self.refresh()

    # -- the register ------------------------------------------------------------------
    def _list_page(self) -> QWidget:
        page = QWidget()
        self.person = QLineEdit()
        self.person.setPlaceholderText(_("naam, geboortedatum…"))
        self.person.setClearButtonEnabled(True)
        self.counterparty = QComboBox()
        self.counterparty.addItem(_("alle"), "")
        for code, recipient in RECIPIENTS.items():
            self.counterparty.addItem(_(recipient.label), code)
        self.date_from, self.date_to = line_edit(10), line_edit(10)
        for edit in (self.date_from, self.date_to):
            edit.setPlaceholderText(_("dd-mm-jjjj"))
            edit.setMaximumWidth(120)
        self.direction = QComboBox()
        self.direction.addItem(_("beide"), "")
        for code, text in DIRECTION_LABELS.items():
            self.direction.addItem(_(text), code.value)
        filters = QHBoxLayout()
        for text, field, stretch in ((_("&Persoon"), self.person, 2),
                                     (_("Aan &of van"), self.counterparty, 2),
                                     (_("&Van (datum)"), self.date_from, 0),
                                     (_("&Tot en met"), self.date_to, 0),
                                     (_("&Richting"), self.direction, 1)):
            filters.addWidget(_labelled(text, field), stretch)
        role = self.session.user.role
        self.police_button = secondary_button(_("Politie-informatie vastleggen…"))
        self.police_button.clicked.connect(self.pick_case)
        self.new_button = secondary_button(_("&Nieuwe verstrekking…"))
        self.new_button.setToolTip(_("Nieuwe verstrekking via de begeleide stappen ({key})")
                                   .format(key=NEW_DISCLOSURE_KEY))
        self.new_button.clicked.connect(self.pick_case_for_disclosure)
        if may(role, Permission.DISCLOSE):  # only while the register is on screen
            self.new_shortcut = QShortcut(QKeySequence(NEW_DISCLOSURE_KEY), page)
            self.new_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            self.new_shortcut.activated.connect(self.pick_case_for_disclosure)
        top = QHBoxLayout()
        top.addWidget(heading(_("Verstrekkingen")), 1)
        top.addWidget(self.new_button)
        top.addWidget(self.police_button)
        self.model = QStandardItemModel(0, len(COLUMNS), self)
        self.model.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.table = list_table(self.model, _("Register van verstrekkingen"),
                                (90, 80, 200, 190, 220, 200))
        self.table.activated.connect(lambda index: self.open_row(index.row()))
        self.message = MessageLabel()
        self.status = QLabel()
        self.status.setStyleSheet("color:#555;")
        layout = QVBoxLayout(page)
        layout.addLayout(top)
        # Set once they have a parent: setVisible(True) on a parentless button shows a window.
        self.police_button.setHidden(not may(role, Permission.RECORD_POLICE_INFO))
        self.new_button.setHidden(not may(role, Permission.DISCLOSE))
        layout.addLayout(filters)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        return page

    def _period(self) -> tuple[date | None, date | None] | None:
        found = []
        for edit in (self.date_from, self.date_to):
            text = edit.text().strip()
            day = parse_date(text) if text else None
            if text and day is None:
                self.message.show_error(field_problem("date_format"))
                return None
            found.append(day)
        return found[0], found[1]

    def refresh(self) -> None:
        self.timer.stop()
        period = self._period()
        if period is None:
            return  # the message says what is wrong; the typed filters stay
        try:
            self.records = self.exchanges.register(
                person=self.person.text(), counterparty=self.counterparty.currentData() or None,
                date_from=period[0], date_to=period[1],
                direction=self.direction.currentData() or None)
        except Exception as error:
            self.message.show_error(error_message(error))
            return
        self.message.clear_message()
        self.model.removeRows(0, self.model.rowCount())
        for record in self.records:
            values = (labels.when(record), labels.direction(record.direction),
                      labels.counterparty(record.counterparty), labels.purpose(record.purpose),
                      ", ".join(record.person_names), labels.kinds_summary(record),
                      record.recorded_by_name)
            row = [QStandardItem(v) for v in values]
            row[0].setData(record.id, Qt.ItemDataRole.UserRole)
            self.model.appendRow(row)
        self.status.setText(_("{n} registraties. Enter opent wat is uitgewisseld.").format(
            n=len(self.records)))
        if self.records:
            self.table.selectRow(0)

    def select_exchange(self, exchange_id: int) -> None:
        row = next((i for i, r in enumerate(self.records) if r.id == exchange_id), None)
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def focus_search(self) -> None:
        if self.may_leave():
            self.show_list()
            self.person.setFocus()

    # -- an entry ----------------------------------------------------------------------
    def open_row(self, row: int) -> None:
        self.open_entry(self.records[row].id)

    def open_entry(self, exchange_id: int) -> None:
        from blijf_desktop.ui.exchanges.entry_view import ExchangeEntryView

        try:
            view = ExchangeEntryView(self.exchanges.entry(exchange_id))
        except Exception as error:
            self.message.show_error(error_message(error))
            return
        view.back.connect(self.show_list)
        view.save_document.connect(self.save_document)
        self._replace("entry_view", view)

    def save_document(self, exchange_id: int) -> None:
        """The exact document that left, written only where the user chooses."""
        path, _filter = QFileDialog.getSaveFileName(self, _("Document opslaan"),
                                                    f"verstrekking-{exchange_id}.pdf")
        if not path:
            return
        try:
            self.exchanges.save_document(exchange_id, path)  # private (0600), whole or not
        except Exception as error:
            self.message.show_error(error_message(error))

    # -- police information --------------------------------------------------------------
    def pick_case(self) -> None:
        from blijf_desktop.ui.exchanges.case_picker import CasePicker

        if not self.may_leave():
            return
        picker = CasePicker(self.intake)
        picker.picked.connect(self.open_police_form)
        picker.cancelled.connect(self.show_list)
        self._replace("picker", picker)
        picker.search.setFocus()

    def open_police_form(self, case_id: int) -> bool:
        """The form for one case (the case view may call this later)."""
        from blijf_desktop.ui.exchanges.police_form import PoliceInfoForm

        if self.form is not None and not self.form.may_leave():
            return False
        try:
            form = PoliceInfoForm(self.exchanges, self.intake.case(case_id), today=self.today)
        except Exception as error:
            self.message.show_error(error_message(error))
            return False
        form.saved.connect(self._police_saved)
        form.cancelled.connect(self.show_list)
        self._replace("picker", None)
        self._replace("form", form)
        form.unit.setFocus()
        return True

    def _police_saved(self, exchange_id: int) -> None:
        self._replace("form", None)
        self.show_list()
        self.open_entry(exchange_id)

    # -- a new exchange through the guided flow (issue 18) ----------------------------------
    def pick_case_for_disclosure(self) -> None:
        from blijf_desktop.ui.exchanges.case_picker import CasePicker

        if not self.may_leave():
            return
        picker = CasePicker(self.intake, _("Nieuwe verstrekking: kies de casus"))
        picker.picked.connect(self.open_disclosure_flow)
        picker.cancelled.connect(self.show_list)
        self._replace("picker", picker)
        picker.search.setFocus()

    def open_disclosure_flow(self, case_id: int) -> bool:
        from blijf_desktop.ui.sharing.flow import DisclosureFlow

        if self.flow is not None and not self.flow.may_leave():
            return False
        try:
            flow = DisclosureFlow(self.session, case_id, today=self.today)
        except Exception as error:
            self.message.show_error(error_message(error))
            return False
        flow.recorded.connect(self._disclosure_recorded)
        flow.closed.connect(self._flow_closed)
        self._replace("picker", None)
        self._replace("flow", flow)
        flow.choice.first_field().setFocus()
        return True

    def _disclosure_recorded(self, exchange_id: int) -> None:
        """The register behind the flow lists it at once, selected."""
        self.last_recorded = exchange_id
        self.refresh()
        self.select_exchange(exchange_id)

    def _flow_closed(self) -> None:
        self._replace("flow", None)
        self.show_list()
        if self.last_recorded is not None:
            self.select_exchange(self.last_recorded)
            self.table.setFocus()

    # -- the stack and the editor rule ------------------------------------------------------
    def _replace(self, attribute: str, widget: QWidget | None) -> None:
        replace_shown(self, self.stack, attribute, widget)

    def editors(self) -> list[QWidget]:
        return [e for e in (self.form, self.flow) if e is not None]

    def show_list(self) -> None:
        if self.form is not None and not self.form.has_unsaved_changes():
            self._replace("form", None)
        if self.flow is not None and not self.flow.has_unsaved_changes():
            self._replace("flow", None)
        for name in ("entry_view", "picker"):
            self._replace(name, None)
        self.stack.setCurrentIndex(0)
        self.refresh()

    def has_unsaved_changes(self) -> bool:
        return any(editor.has_unsaved_changes() for editor in self.editors())

    def may_leave(self) -> bool:
        for name in ("form", "flow"):
            editor = getattr(self, name)
            if editor is None or not editor.has_unsaved_changes():
                continue
            self.stack.setCurrentWidget(editor)
            if not editor.may_leave():
                return False
            if getattr(self, name) is editor and editor.has_unsaved_changes():
                self._replace(name, None)  # Niet opslaan: her choices go
        return True

    def workspace_state(self) -> dict:
        state = {"filters": {"person": self.person.text(), "from": self.date_from.text(),
                             "to": self.date_to.text()}}
        if self.form is not None:
            state["form"] = self.form.workspace_state()
        elif self.flow is not None and self.flow.recorded_id is None:
            state["flow"] = self.flow.workspace_state()
        elif self.flow is not None:
            state["entry_id"] = self.flow.recorded_id
        elif self.entry_view is not None:
            state["entry_id"] = self.entry_view.record.id
        return state

    def restore_workspace(self, state: dict) -> None:
        filters = state.get("filters") or {}
        self.person.setText(str(filters.get("person", "")))
        self.date_from.setText(str(filters.get("from", "")))
        self.date_to.setText(str(filters.get("to", "")))
        self.refresh()
        form = state.get("form")
        if isinstance(form, dict) and isinstance(form.get("case_id"), int):
            if self.open_police_form(form["case_id"]):
                self.form.restore_workspace(form)
        elif isinstance(state.get("flow"), dict) and isinstance(state["flow"].get("case_id"), int):
            if self.open_disclosure_flow(state["flow"]["case_id"]):
                self.flow.restore_workspace(state["flow"])
        elif isinstance(state.get("entry_id"), int):
            self.open_entry(state["entry_id"])
