"""AWARE: the overview of every traject (the covenant's check on running connections): case
reference (a case id, never a BSN), the client's name only for a role that may see persons,
the step, next review, end date and an awaited police answer; what is late is highlighted in
words and colour. Enter opens a traject: its steps and the next allowed actions. A teamleider
saves the list of running connections for the check with the police (case reference, unit,
start and end date only) as a PDF only she can read."""

from datetime import date
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QFileDialog, QHBoxLayout, QLabel,
    QVBoxLayout, QWidget,
)

from blijf_desktop.domain.aware import STATE_LABELS
from blijf_desktop.domain.police import UNITS
from blijf_desktop.domain.roles import Permission, may
from blijf_desktop.i18n import N_, _
from blijf_desktop.services.aware import AwareService
from blijf_desktop.services.aware_list import RunningConnectionsList
from blijf_desktop.services.errors import InvalidInput
from blijf_desktop.services.intake import IntakeService
from blijf_desktop.services.session import Session
from blijf_desktop.ui.aware import labels
from blijf_desktop.ui.dialogs.common import MessageLabel, heading, secondary_button
from blijf_desktop.ui.messages import error_message
from blijf_desktop.ui.widgets.list_editor import ListWithEditor
from blijf_desktop.ui.widgets.list_table import list_table

COLUMNS = (N_("Casus"), N_("Cliënt"), N_("Stap"), N_("Volgende evaluatie"), N_("Einddatum"),
           N_("Politie-antwoord"), N_("Let op"))


class AwarePage(ListWithEditor, QWidget):
    def __init__(self, session: Session, today=date.today, parent=None):
        super().__init__(parent)
        self.session = session
        self.service = AwareService(session, today=today)
        self.intake = (IntakeService(session, today=today)
                       if may(session.user.role, Permission.VIEW_PERSONS) else None)
        self.today = today
        self.running_list = RunningConnectionsList(session, today=today)
        self.rows = []
        self.build_stack(self._list_page())
        self.refresh()

    def _list_page(self) -> QWidget:
        page = QWidget()
        self.state_filter = QComboBox()
        self.state_filter.addItem(_("alle stappen"), "")
        for state, text in STATE_LABELS.items():
            self.state_filter.addItem(_(text), state.value)
        self.unit_filter = QComboBox()
        self.unit_filter.addItem(_("alle eenheden"), "")
        for code, unit in UNITS.items():
            self.unit_filter.addItem(_(unit.label), code)
        self.overdue_only = QCheckBox(_("Alleen wat te &laat is"))
        filters = QHBoxLayout()
        for text, combo in ((_("&Stap"), self.state_filter), (_("&Eenheid"), self.unit_filter)):
            label = QLabel(text)
            label.setBuddy(combo)
            combo.setAccessibleName(text.replace("&", ""))
            filters.addWidget(label)
            filters.addWidget(combo, 1)
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.overdue_only.toggled.connect(lambda _on: self.refresh())
        filters.addWidget(self.overdue_only)
        self.model = QStandardItemModel(0, len(COLUMNS), self)
        self.model.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        # Rows that are late carry their own colour: no alternating shades.
        self.table = list_table(self.model, _("AWARE-trajecten"),
                                (70, 170, 150, 140, 110, 170, 190), alternating=False)
        header = self.table.horizontalHeader()
        # "Let op" (what is late, in words) beside the step, not off to the right of a
        # narrow window: the row's colour must never be the only sign.
        header.moveSection(len(COLUMNS) - 1, 3)
        self.table.setColumnHidden(1, self.intake is None)
        self.table.activated.connect(lambda index: self.open_traject(self.rows[index.row()].traject_id))
        self.message = MessageLabel()
        self.status = QLabel()
        self.status.setStyleSheet("color:#555;")
        self.list_button = secondary_button(_("Lijst lopende aansluitingen af&drukken…"))
        self.list_button.setToolTip(_("Voor de check met de politie: alleen casus, eenheid, "
                                      "begin- en einddatum. Volgt het eenheidsfilter."))
        self.list_button.clicked.connect(self.choose_list_path)
        self.list_button.setVisible(may(self.session.user.role, Permission.AWARE_REQUEST))
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.list_button)
        layout = QVBoxLayout(page)
        layout.addWidget(heading(_("AWARE-trajecten")))
        layout.addLayout(filters)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        return page

    # -- the list for the police -----------------------------------------------------------
    def choose_list_path(self) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        suggested = str(Path(folder) / _("lopende-aansluitingen.pdf"))
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Lijst lopende aansluitingen opslaan als PDF"), suggested,
            _("PDF-bestanden (*.pdf)"))
        if path:
            self.save_list(Path(path))

    def save_list(self, path: Path) -> bool:
        """Save the list (the unit filter applies) where the user chose, readable by her only."""
        self.message.clear_message()
        try:
            rows = self.running_list.save_running_connections(
                path, unit=self.unit_filter.currentData() or None)
        except InvalidInput as error:
            if error.field != "file":
                self.message.show_error(error_message(error))
            else:
                self.message.show_error(_("Het bestand kon niet worden opgeslagen. Kies een "
                                          "andere map en probeer het opnieuw."))
            return False
        except Exception as error:  # shown inline, never a traceback
            self.message.show_error(error_message(error))
            return False
        self.message.show_message(
            _("Opgeslagen als {name}: {n} lopende aansluiting(en). Alleen u kunt het bestand "
              "lezen; verwijder het na de check met de politie.").format(name=path.name, n=rows),
            "success")
        return True

    def refresh(self) -> None:
        try:
            self.rows = self.service.overview(state=self.state_filter.currentData() or None,
                                              unit=self.unit_filter.currentData() or None,
                                              overdue_only=self.overdue_only.isChecked())
        except Exception as error:
            self.message.show_error(error_message(error))
            return
        self.message.clear_message()
        self.model.removeRows(0, self.model.rowCount())
        late_rows = 0
        for row in self.rows:
            awaited = (_("verwacht vóór {day}").format(day=labels.day(row.answer_by))
                       if row.awaiting_police else "")
            late = labels.attention(row)
            values = (str(row.case_id), row.client_name or "", labels.state(row.state),
                      labels.day(row.next_review), labels.day(row.end_date), awaited,
                      ", ".join(late))
            items = [QStandardItem(v) for v in values]
            items[0].setData(row.traject_id, Qt.ItemDataRole.UserRole)
            items[0].setData(_("Casus {n}").format(n=row.case_id),
                             Qt.ItemDataRole.AccessibleTextRole)
            if late:
                late_rows += 1
                for item in items:
                    item.setBackground(QBrush(QColor(labels.OVERDUE_BACKGROUND)))
                    item.setForeground(QBrush(QColor(labels.OVERDUE_TEXT)))
                bold = QFont()
                bold.setBold(True)
                items[-1].setFont(bold)
                items[-1].setText("⚠ " + items[-1].text())
            self.model.appendRow(items)
        self.status.setText(_("{n} trajecten, waarvan {late} met iets te laat. Enter opent een "
                              "traject.").format(n=len(self.rows), late=late_rows))
        if self.rows:  # current, not selected: the highlight of a late row stays visible
            self.table.setCurrentIndex(self.model.index(0, 0))
            self.table.clearSelection()

    def focus_search(self) -> None:
        if self.may_leave():
            self.show_list()
            self.state_filter.setFocus()

    # -- a traject -----------------------------------------------------------------------
    def open_traject(self, traject_id: int) -> bool:
        from blijf_desktop.ui.aware.traject_view import TrajectPanel

        if not self.may_leave():
            return False
        panel = TrajectPanel(self.service, traject_id, intake=self.intake, today=self.today)
        panel.back.connect(self.show_list)
        self.show_editor("panel", panel)
        return True

    def show_list(self) -> None:
        if not self.close_editor():
            return
        self.refresh()
        self.table.setFocus()

    # -- the workspace -------------------------------------------------------------------
    def workspace_state(self) -> dict:
        state = {"state": self.state_filter.currentData() or "",
                 "unit": self.unit_filter.currentData() or ""}
        if self.panel is not None:
            state["traject"] = self.panel.workspace_state()
        return state

    def restore_workspace(self, state: dict) -> None:
        for combo, key in ((self.state_filter, "state"), (self.unit_filter, "unit")):
            index = combo.findData(state.get(key, ""))
            if index >= 0:
                combo.setCurrentIndex(index)
        traject = state.get("traject")
        if isinstance(traject, dict) and isinstance(traject.get("traject_id"), int):
            if self.open_traject(traject["traject_id"]):
                self.panel.restore_workspace(traject)
