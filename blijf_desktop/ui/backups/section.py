"""Beheer → Back-ups: the folder, how many are kept (and so how long destroyed data can stay
in a backup), the backups there, a backup now with a progress bar, and restoring one."""

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox, QFileDialog, QHBoxLayout, QHeaderView, QProgressBar, QSpinBox, QTableWidgetItem,
    QVBoxLayout, QWidget,
)

from blijf_desktop.domain import backups as rules
from blijf_desktop.domain import settings as setting_rules
from blijf_desktop.i18n import N_, _, format_date, format_datetime, ngettext
from blijf_desktop.services.backups import BackupService
from blijf_desktop.services.errors import InvalidInput
from blijf_desktop.services.settings import Outcome
from blijf_desktop.services.session import Session
from blijf_desktop.ui.backups import worker
from blijf_desktop.ui.backups.messages import backup_failed_message, folder_message
from blijf_desktop.ui.dialogs.common import (
    MessageLabel, add_row, button_row, explanation, form_layout, line_edit, secondary_button,
)
from blijf_desktop.ui.messages import error_message
from blijf_desktop.ui.widgets.list_table import read_only_table

_COLUMNS = (N_("Gemaakt op"), N_("Grootte"), N_("Van deze opslag"))


def size_text(size: int) -> str:
    return _("{n} MB").format(n=f"{size / 1e6:.1f}".replace(".", ","))


def gone_within_text(keep: int, today: date | None = None) -> str:
    """The statement the issue asks for, with the date for data destroyed today."""
    today = today or date.today()
    return ngettext(
        "Er worden {n} back-up bewaard. Wat vandaag wordt vernietigd, staat uiterlijk op {date} "
        "in geen enkele back-up meer (als Blijf Desktop die dag draait).",
        "Er worden {n} back-ups bewaard, één per dag. Vernietigde gegevens verdwijnen daardoor "
        "binnen {n} dagen uit alle back-ups: wat vandaag wordt vernietigd, staat uiterlijk op "
        "{date} in geen enkele back-up meer (als Blijf Desktop die dag draait).", keep).format(
        n=keep, date=format_date(rules.holding_backups_gone_by(today, keep), "long"))


class BackupSection(QWidget):
    restored = Signal()  # the store was replaced: the window logs out
    settings_changed = Signal()  # saved or waiting: Beheer → Instellingen shows it

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.service = BackupService(session)
        self.thread: worker.JobThread | None = None
        self._job = None
        self._entries = []

        self.folder = line_edit(1000)
        self.choose_button = secondary_button(_("Kiezen…"))
        self.choose_button.setAccessibleName(_("Back-upmap kiezen"))
        self.choose_button.clicked.connect(self.choose_folder)
        folder_row = QWidget()
        row = QHBoxLayout(folder_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.folder, 1)
        row.addWidget(self.choose_button)
        folder_row.setFocusProxy(self.folder)
        self.keep = QSpinBox()
        self.keep.setRange(rules.KEEP_MIN, rules.KEEP_MAX)
        self.keep.valueChanged.connect(self._show_statement)
        self.schedule = QComboBox()
        for code in setting_rules.RULES[setting_rules.BACKUP_SCHEDULE].choices:
            self.schedule.addItem(_(setting_rules.SCHEDULE_LABELS[code]), code)
        self.save_button = secondary_button(_("Instellingen opslaan"))
        self.save_button.clicked.connect(self.save_settings)
        self.statement = explanation("")
        self.statement.setAccessibleName(_("Hoe lang vernietigde gegevens in back-ups staan"))
        self.settings_message = MessageLabel()

        self.table = read_only_table([_(c) for c in _COLUMNS], _("Back-ups in de map"))
        self.table.setMinimumHeight(120)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.last_label = explanation("")
        self.backup_button = secondary_button(_("Nu back-up maken"))
        self.backup_button.clicked.connect(self.make_backup)
        self.cancel_button = secondary_button(_("Afbreken"))
        self.cancel_button.setAccessibleName(_("Back-up afbreken"))
        self.cancel_button.clicked.connect(self.cancel)
        self.restore_button = secondary_button(_("Terugzetten…"))
        self.restore_button.clicked.connect(self.restore)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(_("Voortgang van de back-up"))
        self.progress.setRange(0, 1000)
        self.progress.setFormat("%p%")
        self.progress.hide()
        self.message = MessageLabel()

        form = form_layout()
        add_row(form, _("Back-up&map:"), folder_row)
        add_row(form, _("Aantal back-ups &bewaren:"), self.keep)
        add_row(form, _("Automatische back-up:"), self.schedule)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(explanation(_(
            "Een back-up is een versleutelde kopie van alle gegevens. Zonder het wachtwoord van "
            "een huidige beheerder of de herstelsleutel is hij niet te openen. Bij de eerste "
            "aanmelding van de dag (of van de week) wordt er automatisch een gemaakt; oudere "
            "worden daarna verwijderd. Minder of minder vaak back-ups gaat pas in als een "
            "tweede gebruiker het bevestigt (Beheer → Instellingen).")))
        layout.addLayout(form)
        layout.addWidget(self.statement)
        layout.addLayout(button_row(left=(self.save_button,)))
        layout.addWidget(self.settings_message)
        layout.addWidget(self.last_label)
        layout.addWidget(self.table)
        layout.addLayout(button_row(left=(self.backup_button, self.cancel_button,
                                          self.restore_button)))
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        for first, second in ((self.folder, self.choose_button), (self.choose_button, self.keep),
                              (self.keep, self.schedule), (self.schedule, self.save_button),
                              (self.save_button, self.table),
                              (self.table, self.backup_button),
                              (self.backup_button, self.cancel_button),
                              (self.cancel_button, self.restore_button)):
            QWidget.setTabOrder(first, second)
        self.refresh()

    # -- showing -------------------------------------------------------------------------
    def refresh(self) -> None:
        try:
            settings = self.service.settings()
            self._entries = self.service.backups()
            last = self.service.last_made()
        except Exception as error:
            self.message.show_error(error_message(error))
            return
        if not self.folder.isModified():
            self.folder.setText(settings.folder or "")
        self.keep.blockSignals(True)
        self.keep.setValue(settings.keep)
        self.keep.blockSignals(False)
        self.schedule.setCurrentIndex(self.schedule.findData(settings.schedule))
        self._show_statement()
        self.last_label.setText(_("Laatste back-up: {when}").format(
            when=format_datetime(last.astimezone(), "short")) if last
            else _("Er is nog geen back-up gemaakt."))
        self.table.setRowCount(len(self._entries))
        for row, entry in enumerate(self._entries):
            cells = (format_datetime(entry.created.astimezone(), "short"), size_text(entry.size),
                     _("ja") if entry.ours else _("nee"))
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self._running_changed()

    def _show_statement(self) -> None:
        self.statement.setText(gone_within_text(self.keep.value()))

    def _running_changed(self) -> None:
        running = self.thread is not None
        self.backup_button.setEnabled(not running)
        self.restore_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)

    # -- settings ------------------------------------------------------------------------
    def choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, _("Back-upmap kiezen"), self.folder.text())
        if chosen:
            self.folder.setText(chosen)
            self.folder.setModified(True)

    def save_settings(self) -> None:
        self.settings_message.clear_message()
        try:
            if self.folder.text().strip() != (self.service.settings().folder or ""):
                self.service.choose_folder(self.folder.text())
            outcomes = {self.service.set_keep(self.keep.value()),
                        self.service.set_schedule(self.schedule.currentData())}
        except InvalidInput as error:
            self.settings_message.show_error(folder_message(error.problem)
                                             if error.field == "folder" else error_message(error))
            self.folder.setFocus()
            return
        except Exception as error:
            self.settings_message.show_error(error_message(error))
            return
        self.folder.setModified(False)
        self.settings_changed.emit()
        if Outcome.PENDING in outcomes:  # the stronger value stays until a second user confirms
            self.settings_message.show_message(_(
                "Opgeslagen. Minder of minder vaak back-ups wacht op bevestiging door een tweede "
                "gebruiker (Beheer → Instellingen); tot dan geldt de huidige waarde."), "info")
            self.refresh()  # shows what is in force; the asked value is in Instellingen
            return
        self.settings_message.show_message(_("De instellingen zijn opgeslagen."), "success")
        self.refresh()

    # -- a backup now --------------------------------------------------------------------
    def make_backup(self) -> None:
        self.message.clear_message()
        try:
            job = self.service.start_backup()
        except Exception as error:
            self.message.show_error(backup_failed_message(error))
            return
        self.thread = worker.JobThread(job.run)
        self.thread.progressed.connect(self._progressed)
        self._job = job
        self.thread.done.connect(self._backup_done)  # a slot: dropped if the page is gone
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)
        self.progress.show()
        self._running_changed()
        self.thread.start_job()
        self.cancel_button.setFocus()

    def _progressed(self, permille: int, _total: int) -> None:
        if permille < 0:
            self.progress.setRange(0, 0)  # busy
        else:
            self.progress.setRange(0, 1000)
            self.progress.setValue(permille)

    def cancel(self) -> None:
        if self.thread is not None:
            self.thread.cancel()

    def _backup_done(self) -> None:
        job, self._job, self.thread = self._job, None, None
        self.progress.hide()
        if self.session.locked:  # stopped by the lock: nothing was made, nothing to say
            return
        try:
            entry = self.service.finish_backup(job)
        except Exception as error:
            self.message.show_error(backup_failed_message(error))
        else:
            self.message.show_message(_("Back-up gemaakt: {name} ({size}).").format(
                name=entry.name, size=size_text(entry.size)), "success")
        self.refresh()
        self.backup_button.setFocus()

    # -- restoring -----------------------------------------------------------------------
    def selected_path(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        folder = self.folder.text().strip()
        if not rows or not folder:
            return None
        from pathlib import Path

        return str(Path(folder) / self._entries[rows[0].row()].name)

    def restore(self) -> None:
        from blijf_desktop.ui.backups.restore_dialog import RestoreDialog

        dialog = RestoreDialog(self.session, self.selected_path(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self.restored.emit)
        dialog.open()

