"""One app instance per store: an exclusive OS lock on `store.lock`, held while this process
uses the store. The kernel drops the lock when the process ends, also when it is killed, so a
lock file left behind by a crash is recognised (file there, nobody holding it) and taken over.
The file says only which process holds it and since when: never a user name.

Within one process the lock is re-entrant: every `hold()` on the same file shares one OS lock,
which is let go when the last hold is released."""

import errno
import json
import logging
import os
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from blijf_desktop.storage import environment
from blijf_desktop.storage.errors import StoreInUse

log = logging.getLogger(__name__)
_BUSY = {errno.EACCES, errno.EAGAIN, errno.EWOULDBLOCK, errno.EDEADLK}

if os.name == "nt":
    import msvcrt

    def _lock(fd: int) -> None:  # the first byte; Windows drops it when the process ends
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def _read_facts(fd: int) -> dict | None:
    """What the lock file says (pid, started), or None when empty or unreadable."""
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        facts = json.loads(os.read(fd, 256).decode("ascii"))
        return facts if isinstance(facts, dict) else None
    except (OSError, ValueError):
        return None


class _OsLock:
    def __init__(self, path: Path):
        with environment.explained(path.parent, (path,)):  # e.g. a read-only folder
            fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
        try:
            _lock(fd)
        except OSError as error:
            facts = _read_facts(fd)
            os.close(fd)
            if error.errno in _BUSY:
                raise StoreInUse(facts.get("pid") if facts else None) from None
            raise
        self.fd = fd
        # Facts in a file nobody held: its owner ended without releasing it (killed, power cut).
        self.stale = _read_facts(fd)
        if self.stale:
            log.warning("took over the store lock of process %s, which ended without releasing it",
                        self.stale.get("pid"))
        facts = {"pid": os.getpid(), "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
        try:
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, json.dumps(facts).encode("ascii"))
        except OSError:  # e.g. a full disk: the lock itself holds, the facts are a courtesy
            log.warning("could not write the store lock's facts")

    def release(self) -> None:
        try:
            os.ftruncate(self.fd, 0)  # empty = closed properly; the file itself stays
            _unlock(self.fd)
        finally:
            os.close(self.fd)


# Re-entrant, and with releases put off while the guarded work runs: the garbage collector may
# run a Hold's finalizer (an AuthService or session nobody closed) in the middle of hold().
_guard = threading.RLock()
_busy = False  # this thread is inside the guarded work (only the owner of _guard sees True)
_put_off: list["Hold"] = []
_held: dict[str, tuple[_OsLock, int]] = {}


@contextmanager
def _guarded() -> Iterator[None]:
    global _busy
    with _guard:
        _busy = True
        try:
            yield
        finally:
            _busy = False
            while _put_off:
                _put_off.pop().release()


class Hold:
    """One user of the store in this process. `stale` is what a killed holder left behind
    when this process took the lock over (None when the file was free and clean)."""

    def __init__(self, key: str, stale: dict | None):
        self._key = key
        self.stale = stale
        self.released = False

    def release(self) -> None:
        with _guard:
            if self.released:
                return
            if _busy:
                _put_off.append(self)
                return
            with _guarded():
                self.released = True
                lock, count = _held.pop(self._key)
                if count > 1:
                    _held[self._key] = (lock, count - 1)
                else:
                    lock.release()


def hold(path: Path) -> Hold:
    """Take the store for this process, or raise StoreInUse when another process has it."""
    key = os.path.realpath(path)
    with _guarded():
        lock, count = _held.get(key) or (_OsLock(Path(key)), 0)
        _held[key] = (lock, count + 1)
        return Hold(key, lock.stale)
