"""Datalekken (functioneel beheerder): the breach register with the running 72-hour clock per
open incident ("nog 5 uur", "23 uur te laat": words and colour), the break-in signals with
"Registreren als incident", and the forms to register, change, notify and close. The PDF for
the partners is saved from here. An editor page: leaving a form with typed text asks."""

from datetime import datetime, timezone
from typing import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QFileDialog, QStackedWidget, QVBoxLayout, QWidget

from blijf_desktop.domain import incidents as rules
from blijf_desktop.domain.incidents import (
    KIND_LABELS, RECIPIENT_LABELS, RISK_LABELS, RULES, Kind, Notification, Phase, Recipient, Risk,
)
from blijf_desktop.i18n import N_, _, format_datetime
from blijf_desktop.services.errors import InvalidInput
from blijf_desktop.services.incidents import IncidentInput, IncidentService, IncidentView
from blijf_desktop.services.session import Session
from blijf_desktop.ui.dialogs.common import (
    MessageLabel, button_row, explanation, heading, page_layout, primary_button,
    secondary_button,
)
from blijf_desktop.ui.incidents.break_ins import BreakInsPanel
from blijf_desktop.ui.incidents.clock_panel import ClockPanel
from blijf_desktop.ui.incidents.form import IncidentEditor, notification_form
from blijf_desktop.ui.incidents.labels import clock_colours, clock_text, incident_problem
from blijf_desktop.ui.messages import error_message
from blijf_desktop.ui.pages.beheer import section_heading
from blijf_desktop.ui.widgets.list_table import list_table, replace_shown

COLUMNS = (N_("Nr"), N_("Soort"), N_("Ontdekt op"), N_("Risico"), N_("Melding AP (72 uur)"),
           N_("Partners"), N_("Status"))
CLOCK_COLUMN = 4
TICK_MS = 30_000


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _when(value: datetime | None) -> str:
    return format_datetime(value.astimezone(), "short") if value else ""


def running_clock(view: IncidentView, now: datetime) -> rules.Clock:
    made = [Notification(Recipient(n.recipient), n.at, Phase(n.phase) if n.phase else None,
                         n.late_reason) for n in view.notifications]
    risk = Risk(view.incident.risk) if view.incident.risk else None
    return rules.ap_clock(view.incident.found_at, risk, made, now)


class IncidentsPage(QWidget):
    def __init__(self, session: Session, now: Callable[[], datetime] = _now, parent=None):
        super().__init__(parent)
        self.session, self.now = session, now
        self.service = IncidentService(session, now=now)
        self.views: list[IncidentView] = []
        self.editor = None  # an IncidentEditor or a notification StepForm
        self.stack = QStackedWidget()
        self.stack.addWidget(self._list_page())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)
        self.timer.start()
        self.refresh()

    def _list_page(self) -> QWidget:
        page = QWidget()
        layout = page_layout(page)
        layout.addWidget(heading(_("Datalekken en incidenten")))
        layout.addWidget(explanation("\n".join(
            f"• {_(rule.text)} ({rule.source})" for rule in RULES
            if rule.code in ("partners_at_once", "ap_within_72h", "late_reason"))))
        self.model = QStandardItemModel(0, len(COLUMNS))
        self.model.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.table = list_table(self.model, _("Incidenten"), (50, 150, 130, 100, 200, 90),
                                alternating=False)
        self.table.horizontalHeader().setAccessibleName(_("Kolomkoppen"))
        self.table.activated.connect(lambda _index: self.change_selected())
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.new_button = primary_button(_("&Nieuw incident…"))
        self.new_button.clicked.connect(lambda: self.new_incident())
        self.change_button = secondary_button(_("&Wijzigen…"))
        self.change_button.clicked.connect(self.change_selected)
        self.notify_button = secondary_button(_("&Melding vastleggen…"))
        self.notify_button.clicked.connect(self.notify_selected)
        self.close_button = secondary_button(_("&Afsluiten"))
        self.close_button.clicked.connect(self.close_selected)
        self.report_button = secondary_button(_("P&DF voor partners…"))
        self.report_button.clicked.connect(self.save_report)
        self.detail = explanation("")
        self.detail.setAccessibleName(_("Gegevens van het incident"))
        self.message = MessageLabel()
        self.break_ins = BreakInsPanel(self.session)
        self.break_ins.register_requested.connect(self.new_incident)
        QShortcut(QKeySequence("Ctrl+Shift+N"), page, activated=lambda: self.new_incident())
        layout.addWidget(self.table, 1)
        layout.addLayout(button_row(self.new_button, left=(
            self.change_button, self.notify_button, self.close_button, self.report_button)))
        layout.addWidget(self.message)
        layout.addWidget(self.detail)
        layout.addSpacing(8)
        layout.addWidget(section_heading(_("Inbraakpogingen")))
        layout.addWidget(self.break_ins)
        self.clock = ClockPanel(self.session)
        layout.addWidget(self.clock)
        return page

    # -- the list ----------------------------------------------------------------------------
    def refresh(self, select_id: int | None = None) -> None:
        try:
            self.views = self.service.incidents()
        except Exception as error:
            self.views = []
            self.message.show_error(error_message(error))
        self.model.removeRows(0, self.model.rowCount())
        for view in self.views:
            row = view.incident
            cells = [str(row.id), _(KIND_LABELS[Kind(row.kind)]), _when(row.found_at),
                     _(RISK_LABELS[Risk(row.risk)]) if row.risk else _("nog inschatten"), "",
                     _("ja") if view.partners_told else _("nog niet"),
                     _("afgesloten") if view.closed else _("open")]
            self.model.appendRow([QStandardItem(text) for text in cells])
        self.tick()
        for index, view in enumerate(self.views):
            if view.id == select_id:
                self.table.selectRow(index)
        self._selection_changed()

    def tick(self) -> None:
        """The clock column, recomputed from the moment now (no store access)."""
        now = self.now()
        for index, view in enumerate(self.views):
            clock = running_clock(view, now)
            item = self.model.item(index, CLOCK_COLUMN)
            item.setText(clock_text(clock))
            background, ink = clock_colours(clock, view.closed)
            item.setBackground(QBrush(QColor(background)))
            item.setForeground(QBrush(QColor(ink)))
            item.setData(clock.state.value, Qt.ItemDataRole.UserRole)

    def selected(self) -> IncidentView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.views[rows[0].row()] if rows else None

    def _selection_changed(self, *_args) -> None:
        view = self.selected()
        open_one = view is not None and not view.closed
        for button in (self.change_button, self.notify_button, self.close_button):
            button.setEnabled(open_one)
        self.report_button.setEnabled(view is not None)
        self.detail.setText(self._detail_text(view) if view else "")

    @staticmethod
    def _detail_text(view: IncidentView) -> str:
        lines = [_("Meldingen:")] if view.notifications else [_("Nog geen meldingen.")]
        for n in view.notifications:
            lines.append(f"• {_(RECIPIENT_LABELS[Recipient(n.recipient)])}: {_when(n.at)}"
                         + (f" ({n.phase})" if n.phase else ""))
        if view.open_decisions:
            lines.append(_("Nog nodig om af te sluiten:"))
            lines += [f"• {incident_problem(f, c)}" for f, c in view.open_decisions.items()]
        return "\n".join(lines)

    # -- actions -----------------------------------------------------------------------------
    def new_incident(self, prefill: IncidentInput | None = None) -> None:
        if not self.may_leave():
            return
        self._show(IncidentEditor(self.service, prefill=prefill, now=self.now))

    def change_selected(self) -> None:
        view = self.selected()
        if view is None or view.closed or not self.may_leave():
            return
        self._show(IncidentEditor(self.service, view, now=self.now))

    def notify_selected(self) -> None:
        view = self.selected()
        if view is None or view.closed or not self.may_leave():
            return
        self._show(notification_form(self.service, view.id, self.now))

    def close_selected(self) -> None:
        view = self.selected()
        if view is None:
            return
        try:
            self.service.close(view.id)
        except InvalidInput as error:
            self.message.show_error(incident_problem(error.field, error.problem))
            return
        except Exception as error:
            self.message.show_error(error_message(error))
            return
        self.refresh(select_id=view.id)
        self.message.show_message(_("Incident {n} is afgesloten.").format(n=view.id), "success")

    def save_report(self) -> None:
        view = self.selected()
        if view is None:
            return
        path, _filter = QFileDialog.getSaveFileName(
            self, _("PDF voor partners opslaan"), f"incident-{view.id}.pdf", _("PDF (*.pdf)"))
        if not path:
            return
        try:
            self.service.save_report(view.id, path)
        except InvalidInput as error:
            self.message.show_error(incident_problem(error.field, error.problem))
            return
        except Exception as error:
            self.message.show_error(error_message(error))
            return
        self.message.show_message(_("De PDF voor de partners is opgeslagen."), "success")

    def _show(self, editor) -> None:
        self.message.clear_message()
        editor.saved.connect(self._saved)
        editor.cancelled.connect(self._back)
        replace_shown(self, self.stack, "editor", editor)
        first = editor.form.first_field() if hasattr(editor, "form") else editor.first_field()
        if first is not None:
            first.setFocus()

    def _saved(self, incident_id: int) -> None:
        self._back()
        self.refresh(select_id=incident_id)
        self.message.show_message(_("Vastgelegd bij incident {n}.").format(n=incident_id),
                                  "success")

    def _back(self) -> None:
        replace_shown(self, self.stack, "editor", None)
        self.stack.setCurrentIndex(0)
        self.table.setFocus()

    # -- an editor page ----------------------------------------------------------------------
    def has_unsaved_changes(self) -> bool:
        return self.editor is not None and self.editor.has_unsaved_changes()

    def may_leave(self) -> bool:
        return self.editor is None or self.editor.may_leave()

    def keep_drafts(self) -> None:
        if isinstance(self.editor, IncidentEditor):
            self.editor.keep_drafts()

    def workspace_state(self) -> dict:
        if isinstance(self.editor, IncidentEditor):
            return {"editor": self.editor.workspace_state()}
        return {}

    def restore_workspace(self, state: dict) -> None:
        kept = state.get("editor") if isinstance(state, dict) else None
        if not isinstance(kept, dict):
            return
        incident_id = kept.get("incident_id")
        view = self.service.incident(incident_id) if isinstance(incident_id, int) else None
        editor = IncidentEditor(self.service, view, now=self.now)
        editor.form.restore_workspace(kept)
        self._show(editor)

    def before_lock(self) -> None:
        self.timer.stop()
        self.views = []
        self.model.removeRows(0, self.model.rowCount())
        self.detail.setText("")
        self.break_ins.before_lock()
