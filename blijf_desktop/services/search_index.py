"""The search index brought up to date after login, off the UI thread (issue 19).

An upgrade that changes what the index holds leaves the work to be done in steps
(storage/search_rebuild.py). `start_rebuild()` (UI thread) hands a job a copy of the key;
`SearchIndexJob.run()` (a worker thread) does the steps on a connection of its own, each a
short transaction, and stops between two when cancelled (the lock, closing the app): the
next login goes on where it stopped. Search answers meanwhile; `progress()` says how far the
index is, so the search page can say that not everyone may be found yet."""

import logging
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Callable

from blijf_desktop.services.session import Session, requires
from blijf_desktop.storage import database, page_warmup, search_rebuild
from blijf_desktop.storage.search_rebuild import Progress

log = logging.getLogger(__name__)

__all__ = ["Progress", "SearchIndexJob", "SearchIndexService"]

# A step holds the store's write lock: short enough that a save on the UI thread waits no
# more than a blink (busy_timeout is 5 s), long enough that the work is not all overhead.
STEP_SECONDS = 0.25
FIRST_BATCH, MIN_BATCH, MAX_BATCH = 200, 20, 5000
# Between two steps the store is left alone a moment: a backup's snapshot needs an empty
# journal and no writer for an instant (storage/backup_make.py), and a save on the UI thread
# finds the lock free.
PAUSE_SECONDS = 0.05


class SearchIndexJob:
    """One run of the rebuild, on its own connection. Holds a copy of the data key until
    `run` ends, and wipes it whatever happens."""

    def __init__(self, db_path: Path, data_key: bytearray,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep):
        self._db_path, self._data_key, self._clock, self._sleep = db_path, data_key, clock, sleep
        self.finished = False  # the index is whole

    def run(self, progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> None:
        try:
            conn = database.connect_more(self._db_path, self._data_key)
        finally:
            self.wipe()
        try:
            self._steps(conn, progress, cancelled)
        finally:
            conn.close()

    def _steps(self, conn, progress, cancelled) -> None:
        batch = FIRST_BATCH
        while not cancelled():
            start = self._clock()
            left = search_rebuild.step(conn, batch)
            if left is None:
                self.finished = True
                progress(1, 1)
                return
            progress(left.permille, 1000)
            took = self._clock() - start
            if took < STEP_SECONDS / 2:
                batch = min(MAX_BATCH, batch * 2)
            elif took > STEP_SECONDS * 2:
                batch = max(MIN_BATCH, batch // 2)
            self._sleep(PAUSE_SECONDS)

    def wipe(self) -> None:
        self._data_key[:] = bytes(len(self._data_key))


class SearchIndexService:
    def __init__(self, session: Session):
        self.session = session

    @requires(None)
    def progress(self) -> Progress | None:
        """How far the rebuild is, or None when the index is whole (search finds everyone)."""
        return search_rebuild.progress(self.session.db.conn)

    @requires(None)
    def start_rebuild(self) -> SearchIndexJob | None:
        """A job to run off the UI thread, or None when there is nothing to do. Housekeeping
        any logged-in user's session may do: it shows nobody anything."""
        if search_rebuild.progress(self.session.db.conn) is None:
            return None
        return SearchIndexJob(self.session.paths.db, self.session.data_key_copy())

    @requires(None)
    def warm_cache(self) -> Iterator[int]:
        """Short reads that bring what a search reads into the page cache, one per `next()`
        (storage/page_warmup.py), for the UI thread's idle moments after login; the rows read
        so far. Stops by itself when the session locks. Shows nobody anything."""
        for read in page_warmup.steps(self.session.db.conn):
            yield read
            if self.session.locked:
                return
