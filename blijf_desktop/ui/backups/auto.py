"""The daily automatic backup: at login and every hour while the app runs, whoever is
logged in; made off the UI thread, told in the status bar. The folder is the beheerder's
choice (Beheer → Back-ups); without one nothing happens."""

import logging
from typing import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QStatusBar

from blijf_desktop.i18n import _
from blijf_desktop.services.backups import BackupService
from blijf_desktop.services.session import Session
from blijf_desktop.ui.backups import worker
from blijf_desktop.ui.backups.messages import backup_failed_message

log = logging.getLogger(__name__)
CHECK_EVERY_MS = 60 * 60 * 1000


class AutoBackup(QObject):
    def __init__(self, session: Session, status: QStatusBar, locked: Callable[[], bool],
                 parent: QObject | None = None):
        super().__init__(parent)
        self.session, self.status, self.locked = session, status, locked
        self._job = None
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        QTimer.singleShot(0, self.check)

    def check(self) -> None:
        if self.locked() or self.session.locked or worker.running():
            return
        try:
            job = BackupService(self.session).start_automatic_backup()
        except Exception as error:  # e.g. a session not ready yet: try at the next check
            log.warning("automatic backup not started: %s", type(error).__name__)
            return
        if job is None:
            return
        self.status.showMessage(_("Automatische back-up wordt gemaakt…"))
        thread = worker.JobThread(job.run)
        self._job = job
        thread.done.connect(self._done)  # a slot: dropped if the window is gone
        thread.start_job()

    def _done(self) -> None:
        job, self._job = self._job, None
        if self.session.locked:  # stopped by the lock: tried again after unlocking
            self.status.clearMessage()
            return
        try:
            BackupService(self.session).finish_backup(job)
        except Exception as error:
            self.status.showMessage(_("Automatische back-up mislukt. ") + backup_failed_message(
                error).replace("\n", " "))
            return
        self.status.showMessage(_("Automatische back-up gemaakt."), 15000)
