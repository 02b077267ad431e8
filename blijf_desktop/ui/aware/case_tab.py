"""The AWARE tab of a case: its trajects, "AWARE-traject starten" for a teamleider (reason, and
the direct betrokkenen picked from the case: nothing retyped), and a traject opened in place
with its steps and actions. An editor: the start form and a step form follow ui/unsaved.py."""

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget,
)

from blijf_desktop.domain import aware
from blijf_desktop.domain.roles import may
from blijf_desktop.i18n import _
from blijf_desktop.services.aware import AwareService
from blijf_desktop.ui.aware import labels
from blijf_desktop.ui.aware.step_fields import START, fields_for
from blijf_desktop.ui.aware.step_form import StepForm
from blijf_desktop.ui.aware.traject_view import TrajectPanel
from blijf_desktop.ui.dialogs.common import MessageLabel, secondary_button
from blijf_desktop.ui.messages import error_message
from blijf_desktop.ui.widgets.list_editor import ListWithEditor


class AwareCaseTab(ListWithEditor, QWidget):
    editor_attributes = ("form", "panel")

    def __init__(self, service: AwareService, intake, case, today=date.today, parent=None):
        super().__init__(parent)
        self.service = service
        self.intake = intake
        self.case = case
        self.today = today
        self.build_stack(self._list_page())
        self.refresh()

    def _list_page(self) -> QWidget:
        page = QWidget()
        self.message = MessageLabel()
        self.trajects = QListWidget()
        self.trajects.setAccessibleName(_("AWARE-trajecten van deze casus"))
        self.trajects.itemActivated.connect(
            lambda item: self.open_traject(item.data(Qt.ItemDataRole.UserRole)))
        self.start_button = secondary_button(_("AWARE-traject &starten…"))
        self.start_button.clicked.connect(self.open_start)
        self.start_button.setVisible(may(self.service.session.user.role,
                                         aware.START_PERMISSION))
        row = QHBoxLayout()
        row.addWidget(QLabel(_("Trajecten (Enter opent):")), 1)
        row.addWidget(self.start_button)
        column = QVBoxLayout(page)
        column.addLayout(row)
        column.addWidget(self.message)
        column.addWidget(self.trajects, 1)
        return page

    def refresh(self) -> None:
        self.trajects.clear()
        try:
            views = self.service.for_case(self.case.case_id)
        except Exception as error:
            self.message.show_error(error_message(error))
            return
        for view in views:
            late = labels.attention(view)
            text = _("Traject {id} · {state} · gestart {day}").format(
                id=view.id, state=labels.state(view.state),
                day=labels.day(view.traject.created_at[:10]))
            if late:
                text += " · ⚠ " + ", ".join(late)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, view.id)
            self.trajects.addItem(item)
        if not views:
            self.trajects.addItem(QListWidgetItem(_("Nog geen AWARE-traject.")))

    # -- starting ------------------------------------------------------------------------
    def open_start(self) -> bool:
        if not self.may_leave():
            return False
        title, intro, fields = fields_for(START, self.today, people=self.case.people)
        form = StepForm(title, intro, fields, self._start,
                        _("Het traject is nog niet gestart. Nu starten?"), _("&Starten"))
        form.saved.connect(self.open_traject)
        form.cancelled.connect(self.show_list)
        self.show_editor("form", form)
        form.first_field().setFocus()
        return True

    def _start(self, data: dict) -> int:
        return self.service.start(self.case.case_id, data.get("reason") or "",
                                  data.get("reason_text") or "", data.get("person_ids") or [])

    # -- a traject -----------------------------------------------------------------------
    def open_traject(self, traject_id) -> bool:
        if not isinstance(traject_id, int):
            return False
        if self.form is not None and self.form.has_unsaved_changes():
            if not self.form.may_leave():
                return False
        panel = TrajectPanel(self.service, traject_id, intake=self.intake, today=self.today)
        panel.back.connect(self.show_list)
        self.show_editor("panel", panel)
        return True

    def show_list(self) -> None:
        if not self.close_editor():
            return
        self.refresh()

    # -- the workspace -------------------------------------------------------------------
    def workspace_state(self) -> dict:
        if self.form is not None:
            return {"start": self.form.workspace_state()}
        if self.panel is not None:
            return {"traject": self.panel.workspace_state()}
        return {}

    def restore_workspace(self, state: dict) -> None:
        if isinstance(state.get("start"), dict) and self.open_start():
            self.form.restore_workspace(state["start"])
        traject = state.get("traject")
        if isinstance(traject, dict) and isinstance(traject.get("traject_id"), int):
            if self.open_traject(traject["traject_id"]):
                self.panel.restore_workspace(traject)
