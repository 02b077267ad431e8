"""The search index brought up to date after login, with a progress bar in the status bar
(services/search_index.py). Started when the main window opens and again after unlocking:
the lock and closing the app stop it between two steps (ui/backups/worker.stop_all), and it
goes on where it stopped. The Cliënten page says meanwhile that not everyone may be found.

Once the index is whole, the pages a search reads are read into the store's page cache in
short steps between events (services/search_index.py warm_cache), so that the first searches
after login cost what later ones do. Not before: the rebuild writes on a connection of its own,
and a write by another connection empties this connection's cache."""

import logging
from typing import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QStatusBar, QWidget

from blijf_desktop.i18n import _
from blijf_desktop.services.search_index import SearchIndexService
from blijf_desktop.services.session import Session
from blijf_desktop.ui.backups import worker

log = logging.getLogger(__name__)
WAIT_FOR_BACKUP_MS = 30_000
WARM_STEP_EVERY_MS = 10  # a step reads ~20 ms: the window answers between two


class SearchIndexUpdate(QObject):
    def __init__(self, session: Session, status: QStatusBar, locked: Callable[[], bool],
                 parent: QObject | None = None):
        super().__init__(parent)
        self.session, self.locked = session, locked
        self.thread: worker.JobThread | None = None
        self.job = None
        self.warm_steps = None
        self.warm_timer = QTimer(self)
        self.warm_timer.setInterval(WARM_STEP_EVERY_MS)
        self.warm_timer.timeout.connect(self._warm_step)
        self.panel = QWidget()
        row = QHBoxLayout(self.panel)
        row.setContentsMargins(8, 0, 8, 0)
        self.label = QLabel(_("De zoekindex wordt bijgewerkt…"))
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setFixedWidth(160)
        self.bar.setTextVisible(False)
        self.bar.setAccessibleName(_("Voortgang van het bijwerken van de zoekindex"))
        row.addWidget(self.label)
        row.addWidget(self.bar)
        status.addPermanentWidget(self.panel)
        self.panel.hide()
        QTimer.singleShot(0, self.start)

    def start(self) -> None:
        """Start (or go on with) the rebuild if one is waiting; nothing when the index is whole."""
        if self.thread is not None or self.locked() or self.session.locked:
            return
        if worker.running():  # a backup first (it needs a quiet journal for its snapshot)
            QTimer.singleShot(WAIT_FOR_BACKUP_MS, self.start)
            return
        try:
            self.job = SearchIndexService(self.session).start_rebuild()
        except Exception as error:  # e.g. a session not ready yet: tried at the next unlock
            log.warning("search index update not started: %s", type(error).__name__)
            return
        if self.job is None:
            self._warm()
            return
        progress = SearchIndexService(self.session).progress()
        self.bar.setValue(progress.permille if progress else 0)
        self.panel.show()
        self.thread = worker.JobThread(self.job.run)
        self.thread.progressed.connect(self._progressed)
        self.thread.done.connect(self._done)
        self.thread.start_job()

    def _progressed(self, permille: int, _total: int) -> None:
        self.bar.setValue(max(0, permille))
        self.bar.setToolTip(_("{percent} % klaar").format(percent=max(0, permille) // 10))

    def _done(self) -> None:
        thread, self.thread = self.thread, None
        job, self.job = self.job, None
        if thread is not None and thread.error is not None:
            # Nothing is lost: each step is whole or undone; the next login goes on.
            log.warning("search index update stopped: %s", type(thread.error).__name__)
            self.label.setText(_("Bijwerken van de zoekindex onderbroken; het gaat verder bij "
                                 "de volgende aanmelding."))
            self.bar.hide()
            return
        if job is not None and job.finished:
            self.panel.hide()
            self._warm()

    def _warm(self) -> None:
        self.warm_steps = SearchIndexService(self.session).warm_cache()
        self.warm_timer.start()

    def _warm_step(self) -> None:
        try:
            if self.locked() or self.session.locked:
                raise StopIteration  # the lock closes the store; start() warms again after it
            next(self.warm_steps)
        except StopIteration:
            self.warm_timer.stop()
            self.warm_steps = None
        except Exception as error:  # only slower searches: nothing to tell the user
            log.warning("page cache warm-up stopped: %s", type(error).__name__)
            self.warm_timer.stop()
            self.warm_steps = None
