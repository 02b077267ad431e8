"""Beheer's part for a new data key (issue 22): the button "Nieuwe gegevenssleutel", the
confirmation that names the accounts that would need a new passphrase, the work off the UI
thread with a progress dialog, and a calm message after. Disabling an account goes through
the same confirmation and progress (`run_disable`)."""

from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from blijf_desktop.i18n import _
from blijf_desktop.services.rekey import RekeyFailed, RekeyPlan, RekeyService
from blijf_desktop.services.session import Session
from blijf_desktop.ui.backups import worker
from blijf_desktop.ui.dialogs.common import (
    MessageLabel, button_row, explanation, secondary_button,
)
from blijf_desktop.ui.dialogs.recovery_key import RecoveryKeyDialog
from blijf_desktop.ui.messages import error_message


def plan_text(plan: RekeyPlan) -> str:
    """What the confirmation says beyond the question: who will need a new passphrase."""
    parts = [_("Daarna opent een oude kopie van het sleutelbestand (store.keys) de gegevens "
               "niet meer. Wie nu kan aanmelden, kan dat daarna ook, met hetzelfde wachtwoord. "
               "Back-ups van vóór vandaag kunt u blijven terugzetten.")]
    if plan.accounts:
        names = "\n".join(f"• {u.display_name} ({u.username})" for u in plan.accounts)
        parts.append(_("Deze accounts zijn sinds de vorige versie van Blijf Desktop niet meer "
                       "aangemeld. Hun wachtwoord gaat niet mee naar de nieuwe sleutel: zij "
                       "hebben daarna een nieuw wachtwoord nodig (Wachtwoord opnieuw "
                       "instellen, of de herstelsleutel):") + "\n" + names)
    if plan.new_recovery_key:
        parts.append(_("Ook de herstelsleutel gaat niet mee: u krijgt een nieuwe. Druk het "
                       "nieuwe herstelblad af en vernietig het oude."))
    return "\n\n".join(parts)


def confirm(parent: QWidget, title: str, question: str, plan: RekeyPlan, yes: str,
            then: Callable[[], None], intro: str = "") -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Question, title, question,
                      QMessageBox.StandardButton.NoButton, parent)
    box.setInformativeText("\n\n".join(filter(None, (intro, plan_text(plan)))))
    accept = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(_("Annuleren"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.finished.connect(lambda _result: box.clickedButton() == accept and then())
    box.open()
    return box


def run_with_progress(parent: QWidget, work: Callable[[], object],
                      done: Callable[[object, Exception | None], None]) -> worker.JobThread:
    """`work` in a worker thread behind a modal progress dialog without a cancel button (a
    re-key is one transaction: it finishes or does not happen)."""
    dialog = QProgressDialog(_("De nieuwe gegevenssleutel wordt gemaakt. Alle gegevens worden "
                               "opnieuw versleuteld; dit duurt enkele seconden."), "", 0, 0,
                             parent)
    dialog.setWindowTitle(_("Nieuwe gegevenssleutel"))
    dialog.setCancelButton(None)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(300)  # a small store is done before it would show
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    thread = worker.JobThread(lambda _progress, _cancelled: work())

    def ended() -> None:
        dialog.close()
        done(thread.result, thread.error)

    thread.done.connect(ended)
    thread.start_job()
    return thread


def success_text() -> str:
    return _("De nieuwe gegevenssleutel is in gebruik. Oude kopieën van het sleutelbestand "
             "openen de gegevens niet meer; iedereen meldt zich aan zoals altijd.")


def failure_text(error: Exception) -> str:
    if isinstance(error, RekeyFailed):
        return _("De nieuwe gegevenssleutel is niet gemaakt. De gegevens zijn ongewijzigd en "
                 "openen met de huidige sleutel. Probeer het later opnieuw (bijvoorbeeld als "
                 "er geen back-up loopt).")
    return error_message(error)


class DataKeySection:
    """The button, its explanation and its message, laid out by BeheerPage."""

    def __init__(self, session: Session, parent: QWidget, accounts):
        self.session, self.parent, self.accounts = session, parent, accounts
        self.service = RekeyService(session)
        self.button = secondary_button(_("Nieuwe gegevenssleutel…"))
        self.button.clicked.connect(self.ask)
        self.message = MessageLabel()
        self.thread: worker.JobThread | None = None

    def add_to(self, layout, section_heading) -> None:
        layout.addWidget(section_heading(_("Gegevenssleutel")))
        layout.addWidget(explanation(_(
            "Heeft iemand de organisatie verlaten, of is een kopie van het sleutelbestand "
            "zoekgeraakt? Maak dan een nieuwe gegevenssleutel. Bij het uitschakelen van een "
            "gebruiker gebeurt dit vanzelf.")))
        layout.addLayout(button_row(left=(self.button,)))
        layout.addWidget(self.message)

    def ask(self) -> None:
        self.message.clear_message()
        try:
            plan = self.service.plan()
        except Exception as error:
            self.message.show_error(error_message(error))
            return
        confirm(self.parent, _("Nieuwe gegevenssleutel"),
                _("Een nieuwe gegevenssleutel maken?"), plan, _("Nieuwe sleutel maken"),
                lambda: self.start(lambda: self.service.new_data_key(confirmed=True),
                                   self.message, lambda: None))

    def start(self, work: Callable[[], object], message: MessageLabel,
              after: Callable[[], None], success: str | None = None) -> None:
        self.button.setEnabled(False)

        def done(result, error) -> None:
            self.thread = None
            self.button.setEnabled(True)
            after()
            if error is not None:
                message.show_error(failure_text(error))
                return
            message.show_message(success or success_text(), "success")
            recovery_key = getattr(result, "recovery_key", None)
            if recovery_key:
                dialog = RecoveryKeyDialog(recovery_key, self.session.vault.store_id(),
                                           self.accounts, self.parent)
                dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
                dialog.open()

        self.thread = run_with_progress(self.parent, work, done)
