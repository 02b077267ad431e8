"""Files of the store: private to the OS user, and small ones written so that a crash leaves
the old or the new file, never half of one."""

import logging
import os
from pathlib import Path

from blijf_desktop.storage import environment
from blijf_desktop.storage.errors import DocumentNotSaved

log = logging.getLogger(__name__)

PRIVATE = 0o600  # read and write for the owner only
_POSIX = os.name == "posix"  # on Windows the folder's ACL decides; mode bits mean little


def write_atomically(path: Path, data: bytes) -> None:
    """A file of the store. A read-only folder or a full disk raises what it is
    (storage/environment.py), and leaves no half-written temporary file behind."""
    with environment.explained(path.parent, (path,)):
        _replace(path, data)


def save_document(path: Path, data: bytes) -> None:
    """A document saved where the user chose: private from its first byte, whole or not at
    all, and never written into what a symbolic link at `path` points to (the link itself is
    replaced). A problem raises DocumentNotSaved, about that place and not about the store."""
    try:
        _replace(path, data)
    except OSError as error:
        raise DocumentNotSaved.from_os_error(error) from None


def _replace(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".new")
    try:
        _write_new(tmp, data)
        os.replace(tmp, path)
    except BaseException:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
        raise
    if hasattr(os, "O_DIRECTORY"):
        fd = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _write_new(tmp: Path, data: bytes) -> None:
    tmp.unlink(missing_ok=True)  # one left by a crash keeps its old mode if opened again
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), PRIVATE)
    with open(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def create_private(path: Path) -> None:
    """An empty file, private from its first byte (SQLite would create it readable by all,
    and gives its -wal and -shm files the same mode as the database file)."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                     PRIVATE))


def make_private(paths: list[Path]) -> None:
    """Take group and other access away from files that have it (a store made by an earlier
    version, or copied in). Files of another owner are left as they are."""
    if not _POSIX:
        return
    for path in paths:
        try:
            status = path.stat()
        except FileNotFoundError:
            continue
        if status.st_mode & 0o077 and status.st_uid == os.getuid():
            try:
                os.chmod(path, PRIVATE)
            except OSError as error:  # e.g. a network share that ignores modes: log in anyway
                log.warning("could not make a store file private: %s", type(error).__name__)
