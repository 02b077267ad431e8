"""Verzoeken: every request with its kind, person, date received, the deadline that applies and
where it stands. A near deadline is amber and a past one red, each also said in words ("⚠
termijn bijna verstreken (nog 3 dagen)"), never by colour alone; a restricted person carries
"(Verwerking beperkt)". Enter opens a request; Alt+N registers a new one."""

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from blijf_desktop.i18n import N_, _
from blijf_desktop.services.intake import IntakeService
from blijf_desktop.services.rights import RequestService, ref
from blijf_desktop.services.session import Session
from blijf_desktop.ui.aware.labels import day
from blijf_desktop.ui.dialogs.common import MessageLabel, heading, secondary_button
from blijf_desktop.ui.messages import error_message
from blijf_desktop.ui.rights import labels
from blijf_desktop.ui.widgets.list_editor import ListWithEditor
from blijf_desktop.ui.widgets.list_table import list_table

COLUMNS = (N_("Kenmerk"), N_("Soort"), N_("Persoon"), N_("Ontvangen"), N_("Termijn"),
           N_("Let op"), N_("Stand"))


class RequestsTab(ListWithEditor, QWidget):
    def __init__(self, session: Session, today=date.today, parent=None):
        super().__init__(parent)
        self.service = RequestService(session, today=today)
        self.intake = IntakeService(session, today=today)
        self.today = today
        self.rows = []
        self.build_stack(self._list_page())
        self.refresh()

    def _list_page(self) -> QWidget:
        page = QWidget()
        self.open_only = QCheckBox(_("Alleen &lopende verzoeken"))
        self.open_only.toggled.connect(lambda _on: self.refresh())
        self.new_button = secondary_button(_("&Nieuw verzoek…"))
        self.new_button.clicked.connect(self.open_register)
        top = QHBoxLayout()
        top.addWidget(self.open_only)
        top.addStretch(1)
        top.addWidget(self.new_button)
        self.model = QStandardItemModel(0, len(COLUMNS), self)
        self.model.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.table = list_table(self.model, _("Verzoeken van betrokkenen"),
                                (80, 100, 290, 95, 95, 300, 200), alternating=False)
        self.table.activated.connect(lambda index: self.open_request(
            self.rows[index.row()].request_id))
        self.message = MessageLabel()
        self.status = QLabel()
        self.status.setWordWrap(True)  # a long line would widen the window past the screen
        self.status.setStyleSheet("color:#555;")
        layout = QVBoxLayout(page)
        layout.addWidget(heading(_("Verzoeken van betrokkenen")))
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        return page

    def refresh(self) -> None:
        try:
            self.rows = self.service.overview(open_only=self.open_only.isChecked())
        except Exception as error:
            self.message.show_error(error_message(error))
            return
        self.message.clear_message()
        self.model.removeRows(0, self.model.rowCount())
        attention = 0
        for row in self.rows:
            who = row.person_name + (f" ({labels.restricted_text()})"
                                     if row.restricted else "")
            values = (ref(row.request_id), labels.kind(row.kind), who, day(row.received_on),
                      labels.deadline(row.status), labels.attention(row.status),
                      labels.phase(row.status.phase))
            items = [QStandardItem(v) for v in values]
            items[0].setData(_("Verzoek {ref}").format(ref=ref(row.request_id)),
                             Qt.ItemDataRole.AccessibleTextRole)
            shade = labels.colours(row.status.urgency)
            if shade is not None:
                attention += 1
                for item in items:
                    item.setBackground(QBrush(QColor(shade[0])))
                    item.setForeground(QBrush(QColor(shade[1])))
                bold = QFont()
                bold.setBold(True)
                items[5].setFont(bold)
            self.model.appendRow(items)
        self.status.setText(_("{n} verzoeken, waarvan {late} met een termijn die bijna of al "
                              "verstreken is. Enter opent een verzoek; Alt+N legt een nieuw "
                              "verzoek vast.").format(n=len(self.rows), late=attention))
        if self.rows:  # current, not selected: the colour of the first row stays visible
            self.table.setCurrentIndex(self.model.index(0, 0))
            self.table.clearSelection()

    # -- panels ---------------------------------------------------------------------------------
    def open_register(self) -> bool:
        from blijf_desktop.ui.rights.register_panel import RegisterPanel

        if not self.may_leave():
            return False
        panel = RegisterPanel(self.service, self.today)
        panel.saved.connect(self.open_request_after_save)
        panel.cancelled.connect(self.show_list)
        self.show_editor("panel", panel)
        panel.picker.search.setFocus()
        return True

    def open_request_after_save(self, request_id: int) -> None:
        self.show_editor("panel", None)
        self.open_request(request_id)

    def open_request(self, request_id: int) -> bool:
        from blijf_desktop.ui.rights.request_view import RequestView

        if not self.may_leave():
            return False
        panel = RequestView(self.service, self.intake, request_id, self.today)
        panel.back.connect(self.show_list)
        self.show_editor("panel", panel)
        return True

    def show_list(self) -> None:
        if not self.close_editor():
            return
        self.refresh()
        self.table.setFocus()

    # -- the workspace -------------------------------------------------------------------------
    def workspace_state(self) -> dict:
        state: dict = {"open_only": self.open_only.isChecked()}
        if self.panel is not None and hasattr(self.panel, "picker"):
            state["register"] = self.panel.workspace_state()
        elif self.panel is not None:
            state["request"] = self.panel.request_id
        return state

    def restore_workspace(self, state: dict) -> None:
        self.open_only.setChecked(bool(state.get("open_only")))
        if isinstance(state.get("register"), dict) and self.open_register():
            self.panel.restore_workspace(state["register"])
        elif isinstance(state.get("request"), int):
            self.open_request(state["request"])
