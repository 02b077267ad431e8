"""The signals of one case, for the case view: the list (newest first, Enter opens), "Nieuw
signaal" for who may write one, and a signal opened in place in the form. An editor: it
passes the rule of ui/unsaved.py on to the open form."""

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget,
)

from blijf_desktop.domain.roles import Permission, may
from blijf_desktop.i18n import _
from blijf_desktop.services.signals import SignalService
from blijf_desktop.ui.dialogs.common import MessageLabel, secondary_button
from blijf_desktop.ui.messages import error_message
from blijf_desktop.ui.signals.labels import list_text
from blijf_desktop.ui.signals.signal_form import SignalForm
from blijf_desktop.ui.widgets.list_editor import ListWithEditor


class SignalPanel(ListWithEditor, QWidget):
    editor_attributes = ("form",)

    def __init__(self, session, case_id: int, today=date.today, parent: QWidget | None = None):
        super().__init__(parent)
        self.service = SignalService(session, today=today)
        self.case_id = case_id
        self.may_record = may(session.user.role, Permission.RECORD_SIGNAL)
        self.build_stack(self._list_page())
        self.refresh()

    def _list_page(self) -> QWidget:
        page = QWidget()
        self.message = MessageLabel()
        self.signals = QListWidget()
        self.signals.setAccessibleName(_("Signalen mensenhandel van deze casus"))
        self.signals.itemActivated.connect(
            lambda item: self.open_signal(item.data(Qt.ItemDataRole.UserRole)))
        self.new_button = secondary_button(_("&Nieuw signaal mensenhandel…"))
        self.new_button.clicked.connect(lambda: self.open_signal(None))
        self.new_button.setVisible(self.may_record)
        row = QHBoxLayout()
        row.addWidget(QLabel(_("Signalen (Enter opent):")), 1)
        row.addWidget(self.new_button)
        column = QVBoxLayout(page)
        column.addLayout(row)
        column.addWidget(self.message)
        column.addWidget(self.signals, 1)
        return page

    def refresh(self) -> None:
        self.signals.clear()
        try:
            found = self.service.for_case(self.case_id)
        except Exception as error:
            self.message.show_error(error_message(error))
            return
        for stored in found:
            item = QListWidgetItem(list_text(stored))
            item.setData(Qt.ItemDataRole.UserRole, stored.id)
            self.signals.addItem(item)
        if not found:
            self.signals.addItem(QListWidgetItem(_("Nog geen signaal mensenhandel.")))
        else:
            self.signals.setCurrentRow(0)

    # -- a signal ------------------------------------------------------------------------
    def open_signal(self, signal_id) -> bool:
        """Open a stored signal (an id) or a new one (None); False when she stays."""
        if signal_id is not None and not isinstance(signal_id, int):
            return False  # the "no signal yet" line
        if signal_id is None and not self.may_record:
            return False
        if not self.may_leave():
            return False
        form = SignalForm(self.service, self.case_id, signal_id, may_record=self.may_record)
        form.back.connect(self.show_list)
        form.saved.connect(lambda _id: self.refresh())
        self.show_editor("form", form)
        form.rows[next(iter(form.rows))].focus()
        return True

    def show_list(self) -> None:
        if not self.close_editor():
            return
        self.refresh()
        self.signals.setFocus()

    # -- the workspace -------------------------------------------------------------------
    def workspace_state(self) -> dict:
        if self.form is None:
            return {}
        return {"form": {"signal_id": self.form.signal_id, **self.form.workspace_state()}}

    def restore_workspace(self, state: dict) -> None:
        form = state.get("form") if isinstance(state, dict) else None
        if not isinstance(form, dict):
            return
        signal_id = form.get("signal_id")
        if (signal_id is None or isinstance(signal_id, int)) and self.open_signal(signal_id):
            self.form.restore_workspace(form)
