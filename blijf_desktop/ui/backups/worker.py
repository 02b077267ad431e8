"""Long backup work off the UI thread. A `JobThread` runs one job's `run(progress, cancelled)`
(services/backups.py, services/restore.py, services/restore_start.py) and reports progress as
a signal, at most once per percent. Threads are kept here, not by the page that started them:
the lock destroys pages, and `stop_all()` (called by the lock and at close) cancels every
job and waits for it, so no job holds a key or a connection after the lock."""

from typing import Callable

from PySide6.QtCore import QThread, Signal

_running: set["JobThread"] = set()


class JobThread(QThread):
    progressed = Signal(int, int)  # permille done (0-1000), or -1 for "busy, no measure"
    # On the UI thread once the job has ended; connect to this, not to `finished`: the
    # thread object is deleted right after it, and a queued call to a slot of a deleted
    # sender would be dropped.
    done = Signal()

    def __init__(self, work: Callable[[Callable[[int, int], None], Callable[[], bool]], object]):
        super().__init__()
        self._work = work
        self._last = None
        self.result = None
        self.error: Exception | None = None
        self.finished.connect(self._ended)

    def start_job(self) -> None:
        _running.add(self)
        self.start()

    def run(self) -> None:  # the worker thread
        try:
            self.result = self._work(self._progress, self.isInterruptionRequested)
        except Exception as error:  # told on the UI thread
            self.error = error

    def _progress(self, done: int, total: int) -> None:
        permille = -1 if total <= 0 else min(1000, done * 1000 // total)
        if permille != self._last:
            self._last = permille
            self.progressed.emit(permille, 1000)

    def cancel(self) -> None:
        self.requestInterruption()

    def _ended(self) -> None:
        _running.discard(self)
        self.done.emit()
        self.deleteLater()


def stop_all() -> None:
    """Cancel every running job and wait until each has stopped (a chunk takes milliseconds;
    the checks of a restore copy can take some seconds and are waited for)."""
    for thread in list(_running):
        thread.cancel()
    for thread in list(_running):
        thread.wait()
        _running.discard(thread)  # stopped now; its `done` still comes on the UI thread


def running() -> bool:
    return bool(_running)
