"""The Risico tab of a case: a new screening (signals, the live proposal, another level, Opslaan
with Ctrl+S) and the history of earlier ones. An editor like the others (ui/unsaved.py):
leaving with answers not saved asks; a lock keeps them (workspace_state) and puts them back;
while she types, the answers are also kept as an encrypted draft through the service."""

import logging
from datetime import datetime

from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QHBoxLayout, QTabWidget, QVBoxLayout, QWidget

from blijf_desktop.domain.risk import CURRENT_VERSION, LEVEL_LABELS, assess
from blijf_desktop.domain.validation import description
from blijf_desktop.i18n import _, format_datetime, ngettext
from blijf_desktop.services.errors import InvalidInput
from blijf_desktop.services.risk import Approval, RiskService
from blijf_desktop.ui import unsaved
from blijf_desktop.ui.dialogs.common import MessageLabel
from blijf_desktop.ui.keys import local_shortcut
from blijf_desktop.ui.messages import error_message, field_problem
from blijf_desktop.ui.risk.approval_dialog import ApprovalDialog
from blijf_desktop.ui.risk.proposal_panel import ProposalPanel
from blijf_desktop.ui.risk.screening_form import ScreeningForm
from blijf_desktop.ui.risk.screening_history import ScreeningHistory

log = logging.getLogger(__name__)
NEW, HISTORY = 0, 1


class RiskTab(QWidget):
    DRAFT_DELAY_MS = 1500

    def __init__(self, risk: RiskService, case_id: int, with_children: bool,
                 may_record: bool = True, parent: QWidget | None = None):
        super().__init__(parent)
        self.risk = risk
        self.case_id = case_id
        self.may_record = may_record
        self.message = MessageLabel()
        self.form = ScreeningForm(CURRENT_VERSION)
        self.panel = ProposalPanel(CURRENT_VERSION, with_children)
        self.panel.setFixedWidth(330)
        self.history = ScreeningHistory()
        self.inner = QTabWidget()
        new_page = QWidget()
        row = QHBoxLayout(new_page)
        row.addWidget(self.form, 1)
        row.addWidget(self.panel)
        self.inner.addTab(new_page, _("Nieuwe taxatie"))
        self.inner.addTab(self.history, _("Eerdere taxaties"))
        self.inner.setTabEnabled(NEW, may_record)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.message)
        layout.addWidget(self.inner, 1)
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(self.DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self.save_draft_now)
        self.form.changed.connect(self._changed)
        self.panel.changed.connect(self._changed)
        self.panel.save_button.clicked.connect(self.save)
        local_shortcut(QKeySequence.StandardKey.Save, new_page, self.save)
        self._refresh_proposal()
        self.load_history()
        if not may_record:
            self.inner.setCurrentIndex(HISTORY)
        else:
            self._resume_draft()

    # -- live proposal, drafts -------------------------------------------------------------
    def _changed(self) -> None:
        self._refresh_proposal()
        if self.may_record:
            self._draft_timer.start()

    def _refresh_proposal(self) -> None:
        answers = self.form.answers()
        self.panel.show_assessment(assess(CURRENT_VERSION, answers),
                                   complete=not self.form.unanswered())

    def _state(self) -> dict:
        return {**self.form.state(), **self.panel.state()}

    def _put_state(self, state: dict) -> None:
        self.form.set_state(state)
        self._refresh_proposal()
        self.panel.set_state(state)

    def save_draft_now(self) -> bool:
        self._draft_timer.stop()
        try:
            if self.has_unsaved_changes():
                self.risk.save_draft(self.case_id, self._state())
            return True
        except Exception as error:  # locked meanwhile, a full disk: the form still holds it
            log.warning("risk draft not kept: %s", type(error).__name__)
            return False

    def _resume_draft(self) -> None:
        try:
            draft = self.risk.load_draft(self.case_id)
        except Exception as error:
            log.warning("risk draft not read: %s", type(error).__name__)
            return
        if draft and draft.get("version") == CURRENT_VERSION:
            self._put_state(draft)
            self._draft_timer.stop()
            self.message.show_message(_("Uw niet afgeronde taxatie van deze casus staat weer "
                                        "klaar."), "info")

    def load_history(self) -> None:
        try:
            entries = self.risk.history(self.case_id)
            self.history.show_entries(entries)
        except Exception as error:
            self.message.show_error(error_message(error))
        else:  # the newest screening's level is in force: a lower one needs four eyes
            if entries:
                when = datetime.fromisoformat(entries[0].screening.created_at).astimezone()
                self.panel.set_in_force(entries[0].level, format_datetime(when, "short"))
            else:
                self.panel.set_in_force(None)
        count = len(self.history.entries)
        self.inner.setTabText(HISTORY, _("Eerdere taxaties ({n})").format(n=count))

    # -- the editor rule ---------------------------------------------------------------------
    def has_unsaved_changes(self) -> bool:
        return not self.form.is_empty() or bool(self.panel.reason_text().strip())

    def may_leave(self) -> bool:
        return unsaved.leave(self, _("De risicotaxatie die u invulde is nog niet opgeslagen."),
                             save=self.save, discard=self.discard)

    def workspace_state(self) -> dict:
        return self._state() if self.has_unsaved_changes() else {}

    def restore_workspace(self, state: dict) -> None:
        if state and state.get("version") == CURRENT_VERSION:
            self._put_state(state)
            self.inner.setCurrentIndex(NEW)

    def discard(self) -> None:
        self._draft_timer.stop()
        self._put_state({})
        try:
            self.risk.discard_draft(self.case_id)
        except Exception as error:
            log.warning("risk draft not removed: %s", type(error).__name__)

    # -- saving ------------------------------------------------------------------------------
    def save(self) -> bool:
        """True when recorded; otherwise everything typed stays, with the reason beside it."""
        self.message.clear_message()
        self.panel.message.clear_message()
        self.panel.reason_message.clear_message()
        missing = self.form.unanswered()
        self.form.mark_problems(missing)
        if missing:
            self.panel.message.show_error(ngettext(
                "Nog {n} signaal zonder antwoord; het is gemarkeerd. Er is nog niets opgeslagen.",
                "Nog {n} signalen zonder antwoord; het eerste is gemarkeerd. Er is nog niets "
                "opgeslagen.", len(missing)).format(n=len(missing)))
            return False
        chosen = self.panel.chosen()
        reason = self.panel.reason_text()
        if self.panel.needs_reason():
            written = description(reason)
            if written.error or not written.value:
                self.panel.reason_message.show_error(error_message(InvalidInput(
                    "reason", written.error or "reason_required")))
                self.panel.reason.setFocus()
                return False
        answers = self.form.answers()

        def record(approval: Approval | None = None):
            return self.risk.record(self.case_id, CURRENT_VERSION, answers, chosen, reason,
                                    approval)

        try:
            if self.panel.lowering():
                in_force = self.panel.in_force if self.panel.lowering_in_force() else None
                dialog = ApprovalDialog(_(LEVEL_LABELS[self.panel.proposed]),
                                        _(LEVEL_LABELS[self.panel.new_level()]), record, self,
                                        in_force=_(LEVEL_LABELS[in_force]) if in_force else None)
                accepted = dialog.exec() == QDialog.DialogCode.Accepted
                if dialog.form_error is not None:
                    raise dialog.form_error
                if not accepted:
                    self.panel.message.show_message(_("Niet bevestigd: er is nog niets "
                                                      "opgeslagen."), "warning")
                    return False
            else:
                record()
        except InvalidInput as error:
            target = self.panel.reason_message if error.field == "reason" else self.panel.message
            if error.field in self.form.choices:
                self.form.mark_problems([error.field])
                target.show_error(field_problem(error.problem))
            else:
                target.show_error(error_message(error))
            return False
        except Exception as error:
            self.panel.message.show_error(error_message(error))
            return False
        self._draft_timer.stop()
        self._put_state({})
        self.load_history()
        self.inner.setCurrentIndex(HISTORY)
        self.message.show_message(_("Taxatie opgeslagen."), "success")
        return True
