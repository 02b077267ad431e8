"""Bewaartermijnen: what is due (and soon due), the proposals to destroy, their review by a
second user, carrying out, and the statement. Shows case ids, dates and kinds only, never a
name (so the functioneel beheerder may use it). Keyboard only: the tables and buttons are in
tab order, every control has an accessible name, Alt+letter reaches each button."""

from datetime import date

from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QFileDialog, QLabel, QWidget

from blijf_desktop.domain.destruction import DestructionState
from blijf_desktop.domain.roles import Permission, may
from blijf_desktop.i18n import _
from blijf_desktop.services.retention import RetentionService
from blijf_desktop.services.session import Session
from blijf_desktop.ui.dialogs.common import (
    MessageLabel,
    busy_cursor,
    button_row,
    confirm_default_no,
    explanation,
    heading,
    line_edit,
    scrolling_page_layout,
    secondary_button,
)
from blijf_desktop.ui.messages import error_message
from blijf_desktop.ui.retention import labels
from blijf_desktop.ui.widgets.list_table import list_table


def _model(headers: list[str]) -> QStandardItemModel:
    model = QStandardItemModel(0, len(headers))
    model.setHorizontalHeaderLabels(headers)
    return model


def _name_headers(table, name: str) -> None:
    """Headers named for a screen reader; Tab leaves the table (arrows move the rows)."""
    table.horizontalHeader().setAccessibleName(_("Kolommen: {table}").format(table=name))
    table.setTabKeyNavigation(False)


def _buddy(text: str, field: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(field)
    field.setAccessibleName(text.replace("&", "").rstrip(":"))
    return label


class RetentionPage(QWidget):
    def __init__(self, session: Session, today=date.today, parent=None):
        super().__init__(parent)
        self.session = session
        self.service = RetentionService(session, today=today)
        role = session.user.role
        self.may_propose = may(role, Permission.PROPOSE_DESTRUCTION)
        self.may_approve = may(role, Permission.APPROVE_DESTRUCTION)
        self.due_rows, self.proposal_rows = [], []
        layout = scrolling_page_layout(self)
        layout.addWidget(heading(_("Bewaartermijnen")))
        layout.addWidget(explanation(_(
            "Dossiers waarvan de bewaartermijn is verstreken of binnen 90 dagen verstrijkt. "
            "Vernietigen gebeurt met vier ogen: wie voorstelt, beoordeelt niet. Hier staan "
            "alleen dossiernummers, datums en soorten gegevens, geen namen.")))
        self.message = MessageLabel()
        layout.addWidget(self.message)

        self.due_model = _model([_("Dossier"), _("Soort gegevens"), _("Gesloten op"),
                                 _("Termijn tot"), _("Stand"), _("Grond"), _("Voorstel")])
        self.due = list_table(self.due_model, _("Verstreken en binnenkort verstrijkende "
                                                "termijnen"), (70, 290, 100, 100, 140, 190))
        _name_headers(self.due, _("termijnen"))
        layout.addWidget(_buddy(_("Ter&mijnen"), self.due))
        layout.addWidget(self.due, 2)
        self.note = line_edit(1000)
        self.propose_button = secondary_button(_("&Voorstellen om te vernietigen"))
        self.propose_button.clicked.connect(self.propose)
        self.due.selectionModel().currentRowChanged.connect(lambda *_a: self._enable())
        layout.addWidget(_buddy(_("&Toelichting bij het voorstel (niet verplicht):"), self.note))
        layout.addWidget(self.note)
        layout.addLayout(button_row(self.propose_button))

        self.proposal_model = _model([_("Nr."), _("Dossier"), _("Omvang"), _("Reden"),
                                      _("Stand"), _("Voorgesteld door"), _("Beoordeeld door")])
        self.proposals = list_table(self.proposal_model, _("Voorstellen tot vernietiging"),
                                    (50, 70, 170, 260, 190, 130))
        self.proposals.selectionModel().currentRowChanged.connect(lambda *_a: self._enable())
        _name_headers(self.proposals, _("voorstellen"))
        layout.addWidget(_buddy(_("Voorste&llen"), self.proposals))
        layout.addWidget(self.proposals, 2)
        self.review_note = line_edit(1000)
        layout.addWidget(_buddy(_("&Reden bij terugzetten (of opmerking bij goedkeuren):"),
                                self.review_note))
        layout.addWidget(self.review_note)
        self.approve_button = secondary_button(_("&Goedkeuren"))
        self.send_back_button = secondary_button(_("Terug&zetten"))
        self.carry_out_button = secondary_button(_("Vernietigen &uitvoeren…"))
        self.statement_button = secondary_button(_("Verklaring &opslaan…"))
        self.approve_button.clicked.connect(self.approve)
        self.send_back_button.clicked.connect(self.send_back)
        self.carry_out_button.clicked.connect(self.carry_out)
        self.statement_button.clicked.connect(self.save_statement)
        self.hint = explanation("")
        layout.addWidget(self.hint)
        layout.addLayout(button_row(self.approve_button, self.send_back_button,
                                    self.carry_out_button, self.statement_button))
        self.refresh()

    # -- showing -------------------------------------------------------------------------
    def refresh(self) -> None:
        try:
            self.due_rows = self.service.overview()
            self.proposal_rows = self.service.proposals()
        except Exception as error:
            self.message.show_error(error_message(error))
            return
        self.due_model.removeRows(0, self.due_model.rowCount())
        for row in self.due_rows:
            proposal = labels.state(row.proposal.state) if row.proposal else "—"
            self.due_model.appendRow([QStandardItem(v) for v in (
                str(row.case_id), labels.kind(row.kind), labels.day(row.closed_on),
                labels.day(row.ends_on), labels.status(row.status), labels.because(row.because),
                proposal)])
        me = self.session.user.id
        self.proposal_model.removeRows(0, self.proposal_model.rowCount())
        for p in self.proposal_rows:
            self.proposal_model.appendRow([QStandardItem(v) for v in (
                str(p.id), str(p.case_id), labels.scope(p), labels.reason(p.reason_code),
                labels.state(p.state), labels.user(p.proposed_by, me),
                labels.user(p.reviewed_by, me))])
        for table, rows in ((self.due, self.due_rows), (self.proposals, self.proposal_rows)):
            if rows:
                table.selectRow(0)
        self._enable()

    def _current(self, table, rows):
        row = table.currentIndex().row()
        return rows[row] if 0 <= row < len(rows) else None

    def current_due(self):
        return self._current(self.due, self.due_rows)

    def current_proposal(self):
        return self._current(self.proposals, self.proposal_rows)

    def _enable(self) -> None:
        due = self.current_due()
        self.propose_button.setEnabled(bool(self.may_propose and due and due.proposal is None
                                            and due.status == "verlopen"))
        chosen = self.current_proposal()
        state = chosen.state if chosen else None
        own = bool(chosen and chosen.proposed_by == self.session.user.id)
        waiting = state is DestructionState.VOORGESTELD and self.may_approve
        self.approve_button.setEnabled(waiting and not own)
        self.send_back_button.setEnabled(waiting and not own)
        self.carry_out_button.setEnabled(state is DestructionState.BEOORDEELD
                                         and self.may_approve)
        self.statement_button.setEnabled(state is DestructionState.VERNIETIGD)
        self.hint.setText(_("U stelde dit voor: een collega beoordeelt het.")
                          if waiting and own else "")

    # -- acting --------------------------------------------------------------------------
    def _run(self, action) -> bool:
        try:
            with busy_cursor():
                action()
        except Exception as error:
            self.message.show_error(error_message(error))
            return False
        self.message.clear_message()
        self.refresh()
        return True

    def propose(self) -> None:
        due = self.current_due()
        if due is not None and self._run(lambda: self.service.propose(
                due.case_id, due.kind, note=self.note.text())):
            self.note.clear()
            self.message.show_message(_("Voorgesteld. Een collega beoordeelt het voorstel."),
                                      "info")

    def approve(self) -> None:
        chosen = self.current_proposal()
        if chosen is not None and self._run(lambda: self.service.approve(
                chosen.id, self.review_note.text())):
            self.review_note.clear()

    def send_back(self) -> None:
        chosen = self.current_proposal()
        if chosen is not None and self._run(lambda: self.service.send_back(
                chosen.id, self.review_note.text())):
            self.review_note.clear()

    def carry_out(self) -> None:
        chosen = self.current_proposal()
        if chosen is None or not confirm_default_no(
                self, _("Definitief vernietigen"),
                _("Dossier {case} wordt onherstelbaar vernietigd ({scope}). Dit kan niet "
                  "ongedaan worden gemaakt.").format(case=chosen.case_id,
                                                     scope=labels.scope(chosen)),
                _("Vernietigen"), _("Niet nu")):
            return
        if self._run(lambda: self.service.carry_out(chosen.id)):
            self.message.show_message(_("Vernietigd. U kunt de verklaring nu opslaan."), "info")

    def save_statement(self) -> None:
        chosen = self.current_proposal()
        if chosen is None:
            return
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Verklaring opslaan"), f"verklaring-vernietiging-{chosen.id}.pdf")
        if path:
            self._run(lambda: self.service.save_statement(chosen.id, path))
