"""Nieuwe verstrekking: the guided flow for an outgoing exchange (issue 18), never free text.
Ontvanger en doel → Personen en gegevens → Vorm (chain recipients: anonymised unless strictly
needed, Mensenhandel 6.2, 9.5) → Controle: exactly what leaves, as services/sharing.py computed
it → Vastleggen, which records exactly what was previewed (the hash) → the register.

An editor (ui/unsaved.py): leaving with choices asks; over a lock, workspace_state() keeps every
choice and restore_workspace() puts it back. Refusals are told at the step they are about."""

import logging
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QFileDialog, QFrame, QLabel, QScrollArea, QStackedWidget, QVBoxLayout, QWidget,
)

from blijf_desktop.domain import sharing as rules
from blijf_desktop.i18n import N_, _
from blijf_desktop.services.errors import InvalidInput
from blijf_desktop.services.exchanges import ExchangeService
from blijf_desktop.services.intake import IntakeService
from blijf_desktop.services.session import Session
from blijf_desktop.services.sharing import SharingService
from blijf_desktop.ui import unsaved
from blijf_desktop.ui.dialogs.common import (
    MessageLabel, button_row, heading, primary_button, secondary_button,
)
from blijf_desktop.ui.messages import error_message
from blijf_desktop.ui.sharing import labels
from blijf_desktop.ui.sharing.choice_step import ChoiceStep, quiet
from blijf_desktop.ui.sharing.form_step import FormStep
from blijf_desktop.ui.sharing.pdf_dialog import PdfDialog
from blijf_desktop.ui.sharing.people_step import PeopleStep
from blijf_desktop.ui.sharing.review_step import RecordedPanel, ReviewStep

STEP_NAMES = {"choice": N_("Ontvanger en doel"), "people": N_("Personen en gegevens"),
              "form": N_("Vorm"), "review": N_("Controle")}
# Which step a refusal of the service is about.
FIELD_STEPS = {"recipient": "choice", "purpose": "choice", "channel": "choice",
               "initiative": "choice", "persons": "people", "person": "people",
               "kinds": "people", "signal": "people", "identifiable_reason": "form",
               "preview": "review", "gate": "review", "exchanged_on": "review"}


def _scrolled(widget: QWidget) -> QScrollArea:
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(widget)
    return scroll


log = logging.getLogger(__name__)


class DisclosureFlow(QWidget):
    recorded = Signal(int)
    closed = Signal()

    def __init__(self, session: Session, case_id: int, today=date.today, parent=None,
                 confirm_reveal=None):
        super().__init__(parent)
        self.sharing = SharingService(session, today=today)
        self.exchanges = ExchangeService(session, today=today)
        self.case_id = case_id
        self.preview = None
        self.preview_args: dict | None = None  # what the shown preview was computed from
        self.offer_key: tuple | None = None
        self.recorded_id: int | None = None
        self.done_panel: RecordedPanel | None = None
        self.pdf_dialog: PdfDialog | None = None
        case = IntakeService(session, today=today).case(case_id)
        self.steps = {"choice": ChoiceStep(self.sharing.recipients(), self.sharing.purposes),
                      "people": PeopleStep(confirm_reveal), "form": FormStep(),
                      "review": ReviewStep()}
        self.choice, self.people = self.steps["choice"], self.steps["people"]
        self.form, self.review = self.steps["form"], self.steps["review"]
        self.people.set_signals(self._signals(session, case_id, today))
        self.pages = {name: _scrolled(step) for name, step in self.steps.items()}
        self.stack = QStackedWidget()
        for page in self.pages.values():
            self.stack.addWidget(page)
        self.step_line = QLabel()
        font = self.step_line.font()
        font.setBold(True)
        self.step_line.setFont(font)
        self.message = MessageLabel()
        self.cancel_button = secondary_button(_("Annuleren"))
        self.cancel_button.setToolTip(_("Annuleren (Esc)"))
        self.back_button = secondary_button(_("V&orige"))
        self.next_button = primary_button(_("&Volgende"))
        self.record_button = primary_button(_("Vast&leggen"))
        self.pdf_button = secondary_button(_("&PDF bekijken…"))
        self.pdf_button.setToolTip(_("Het document zoals de ontvanger het krijgt"))
        self.gate_line = MessageLabel()  # on Controle: whether Vastleggen may, and if not why
        self.cancel_button.clicked.connect(self.cancel)
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.record_button.clicked.connect(self.record)
        self.pdf_button.clicked.connect(self.show_pdf)
        self.choice.recipient_changed.connect(self._recipient_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Nieuwe verstrekking")))
        layout.addWidget(quiet(_("Casus van {name} (BG-{id:05d})").format(
            name=case.client.data.full_name(), id=case_id)))
        layout.addWidget(self.step_line)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.gate_line)
        self.nav = button_row(self.back_button, self.next_button, self.pdf_button,
                              self.record_button, left=(self.cancel_button,))
        layout.addLayout(self.nav)
        self.position = 0
        self._initial = self.state()
        self.go(0)

    # -- the steps ---------------------------------------------------------------------
    def path(self) -> list[str]:
        """The steps for the chosen recipient: Vorm only where it is anonymised by default."""
        recipient = self.choice.recipient()
        form = recipient is None or rules.anonymised_by_default(recipient)
        return ["choice", "people", *(("form",) if form else ()), "review"]

    def current(self) -> str:
        return self.path()[self.position]

    def go(self, position: int) -> None:
        path = self.path()
        self.position = max(0, min(position, len(path) - 1))
        name = path[self.position]
        self.stack.setCurrentWidget(self.pages[name])
        last = name == "review"
        self.back_button.setVisible(self.position > 0)
        self.next_button.setVisible(not last)
        self.record_button.setVisible(last)
        self.pdf_button.setVisible(last and self.choice.channel.value() == "schriftelijk")
        self._update_record_button()
        self._show_step_line()
        self._tab_order(self.steps[name])
        target = self.steps[name].first_field()
        (target or self.next_button).setFocus(Qt.FocusReason.OtherFocusReason)

    def _recipient_changed(self) -> None:
        """Its purposes were built anew; Vorm may come or go from the steps."""
        self._show_step_line()
        if self.current() == "choice":
            self._tab_order(self.choice)

    def _show_step_line(self) -> None:
        if self.recorded_id is not None:
            return
        path = self.path()
        self.position = min(self.position, len(path) - 1)
        self.step_line.setText(_("Stap {n} van {total} — {name}").format(
            n=self.position + 1, total=len(path), name=_(STEP_NAMES[path[self.position]])))
        self.step_line.setAccessibleName(self.step_line.text())

    def _update_record_button(self) -> None:
        """Vastleggen only through an open gate; closed, the line says which step is missing."""
        open_ = self.preview is not None and self.preview.gate.open
        self.record_button.setEnabled(open_)
        self.pdf_button.setEnabled(open_)  # no document of what may not leave
        on_review = self.current() == "review" and self.recorded_id is None
        if not on_review or self.preview is None:
            self.gate_line.clear_message()
            self.record_button.setToolTip("")
        elif open_:
            self.gate_line.show_message(_("Alle stappen zijn gezet. Vastleggen zet deze "
                                          "verstrekking in het register."), "success")
            self.record_button.setToolTip("")
        else:
            missing = labels.gate_line(self.preview.gate.missing)
            self.gate_line.show_message(_("Vastleggen kan nog niet. {missing}").format(
                missing=missing), "warning")
            self.record_button.setToolTip(missing)
        self.record_button.setAccessibleDescription(self.record_button.toolTip())

    def _tab_order(self, step: QWidget) -> None:
        """The step's fields in the order they show, then the buttons (boxes built later
        would otherwise come after the buttons). Hidden ones stay in: Tab passes them by."""
        chain = [w for w in step.findChildren(QWidget)  # a combo's popup is a window of its own
                 if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.window() is self.window()]
        chain += [self.cancel_button, self.back_button, self.next_button, self.pdf_button,
                  self.record_button]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

    def next(self) -> bool:
        self.message.clear_message()
        name = self.current()
        if name == "review" or not self.steps[name].check():
            return False
        if name == "choice" and not self._load_offer():
            return False
        if self.path()[self.position + 1] == "review" and not self._compute_preview():
            return False
        self.go(self.position + 1)
        return True

    def back(self) -> None:
        self.message.clear_message()
        self.go(self.position - 1)

    def _load_offer(self) -> bool:
        chosen = self.choice.state()
        key = (chosen["recipient"], chosen["purpose"])
        if key == self.offer_key:
            return True
        try:
            offers = self.sharing.offer(self.case_id, *key)
        except Exception as error:
            self._tell(error)
            return False
        # Another recipient or purpose: she ticks again what this one needs (Mensenhandel 9.4;
        # Blijf 5.6), and a secret address confirmed for another recipient does not go along.
        before = self.people.chosen()
        self.people.show_offers(offers)
        if before:
            self.people.message.show_message(_(
                "De ontvanger of het doel is veranderd. Vink opnieuw aan wat voor dit doel "
                "nodig is."), "info")
        self.offer_key = key
        return True

    @staticmethod
    def _signals(session, case_id: int, today) -> list[tuple[int, str]]:
        """The case's signals mensenhandel, for the choice of which one goes."""
        from blijf_desktop.services.signals import SignalService
        from blijf_desktop.ui.signals.labels import list_text

        try:
            return [(s.id, list_text(s)) for s in SignalService(session, today=today)
                    .for_case(case_id)]
        except Exception as error:  # shown as no choice; the service refuses a missing one
            log.warning("signals not listed: %s", type(error).__name__)
            return []

    # -- the preview ---------------------------------------------------------------------
    def _arguments(self) -> dict:
        chosen = self.choice.state()
        identifiable = "form" in self.path() and self.form.identifiable()
        return {"recipient": chosen["recipient"], "purpose": chosen["purpose"],
                "chosen": self.people.chosen(), "identifiable": identifiable,
                "identifiable_reason": self.form.reason_text() if identifiable else "",
                "reveal_secret": self.people.revealed(),
                "signal_id": self.people.chosen_signal()}

    def _compute_preview(self) -> bool:
        arguments = self._arguments()
        self.review.message.clear_message()
        try:
            self.preview = self.sharing.preview(self.case_id, **arguments)
        except Exception as error:
            self.preview = self.preview_args = None
            self._tell(error)
            return False
        self.preview_args = arguments
        chosen = self.choice.state()
        self.review.show_preview(self.preview, chosen["asked"], chosen["channel"])
        self._update_record_button()
        return True

    def show_pdf(self) -> None:
        try:
            pdf = self.sharing.document(self.preview)
        except Exception as error:
            self.review.show_problem(error_message(error))
            return
        self.pdf_dialog = PdfDialog(pdf, _("Document voor {recipient}").format(
            recipient=labels.recipient(self.preview.recipient)), self)
        self.pdf_dialog.open()

    def _tell(self, error: Exception) -> None:
        """A refusal at the step it is about (that step is shown), anything else above the
        buttons; nothing chosen is lost."""
        if not isinstance(error, InvalidInput) or error.field not in FIELD_STEPS:
            self.message.show_error(error_message(error))
            return
        step = FIELD_STEPS[error.field]
        text = labels.problem(error.field, error.problem)
        if step in self.path():
            self.go(self.path().index(step))
        if step == "choice":
            self.choice.show_problem(error.field, text)
        else:
            self.steps[step].show_problem(text)

    # -- recording -------------------------------------------------------------------------
    def record(self) -> bool:
        """Vastleggen: exactly what was previewed, or nothing (with why). True when recorded."""
        if self.current() != "review" or self.preview is None or not self.preview.gate.open:
            return False
        chosen = self.choice.state()
        try:
            exchange_id = self.sharing.disclose(
                self.case_id, expected_sha256=self.preview.content_sha256,
                oral_or_written=chosen["channel"], asked=chosen["asked"], **self.preview_args)
        except InvalidInput as error:
            if error.problem == "changed_since_preview":
                if self._compute_preview():
                    self.review.show_problem(labels.problem(error.field, error.problem))
                return False
            self._tell(error)
            return False
        except Exception as error:
            self.message.show_error(error_message(error))
            return False
        self._recorded(exchange_id, chosen["channel"] == "schriftelijk")
        return True

    def _recorded(self, exchange_id: int, written: bool) -> None:
        self.recorded_id = exchange_id
        self.done_panel = RecordedPanel(exchange_id, written)
        self.done_panel.save_pdf.connect(self.save_pdf)
        self.done_panel.close_flow.connect(self.closed.emit)
        self.stack.addWidget(self.done_panel)
        self.stack.setCurrentWidget(self.done_panel)
        self.step_line.setText(_("Vastgelegd"))
        self.gate_line.clear_message()
        for button in (self.back_button, self.next_button, self.record_button,
                       self.pdf_button, self.cancel_button):
            button.hide()
        self.done_panel.back_button.setFocus()
        self.recorded.emit(exchange_id)

    def save_pdf(self) -> bool:
        path, _filter = QFileDialog.getSaveFileName(
            self, _("PDF opslaan"), f"verstrekking-{self.recorded_id}.pdf",
            _("PDF-bestanden (*.pdf)"))
        if not path:
            return False
        try:
            self.exchanges.save_document(self.recorded_id, path)  # private, whole or not
        except Exception as error:
            self.done_panel.message.show_error(error_message(error))
            return False
        self.done_panel.message.show_message(_("Opgeslagen."), "success")
        return True

    # -- the editor rule ---------------------------------------------------------------------
    def state(self) -> dict:
        return {"choice": self.choice.state(), "people": self.people.state(),
                "form": self.form.state()}

    def has_unsaved_changes(self) -> bool:
        return self.recorded_id is None and self.state() != self._initial

    def may_leave(self) -> bool:
        return unsaved.leave(self, _("De verstrekking is nog niet vastgelegd. Nu vastleggen?"),
                             self._record_from_question)

    def _record_from_question(self) -> bool:
        """Opslaan in the question records only what she has seen: on Controle with the gate
        open; elsewhere Controle is shown (or the step that is missing) and she stays."""
        if self.current() == "review" and self.preview is not None:
            return self.record()
        while self.current() != "review":
            if not self.next():
                return False
        self.review.show_problem(_("Controleer wat er meegaat en kies dan Vastleggen."))
        return False

    def cancel(self) -> None:
        """Annuleren or Esc: asks when something was chosen."""
        if self.may_leave():
            self._initial = self.state()
            self.closed.emit()

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.matches(QKeySequence.StandardKey.Cancel):
            event.accept()
            self.cancel()
            return
        super().keyPressEvent(event)

    def workspace_state(self) -> dict:
        return {"case_id": self.case_id, "fields": self.state(), "step": self.current()}

    def restore_workspace(self, state: dict) -> None:
        fields = state.get("fields") or {}
        self.choice.restore(fields.get("choice") or {})
        self.form.restore(fields.get("form") or {})
        if self.choice.purpose.value() is None:
            return
        chosen = self.choice.state()
        try:
            offers = self.sharing.offer(self.case_id, chosen["recipient"], chosen["purpose"])
        except Exception as error:
            self._tell(error)
            return
        self.people.show_offers(offers, keep=fields.get("people") or {})
        self.offer_key = (chosen["recipient"], chosen["purpose"])
        step = state.get("step")
        if step not in self.path() or step == "choice":
            return
        if step == "review" and not self._compute_preview():
            return
        self.go(self.path().index(step))
