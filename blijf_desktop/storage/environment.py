"""Why the store could not be opened, made or written, when the reason lies around it: the
folder is a file, missing, unreadable or read-only, or the disk is full. Looked at only after
something failed, and never by opening store.db (a second descriptor on the file would drop
SQLite's POSIX locks on it)."""

import errno
import os
import stat
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from blijf_desktop.storage.errors import (
    DiskFull,
    EnvironmentProblem,
    StoreError,
    StoreFolderUnusable,
    StoreReadOnly,
    environment_problem,
    means_damaged_store,
)

_NO_WRITE = (errno.EROFS, errno.EACCES, errno.EPERM)
_FULL = (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))
_ALMOST_FULL = 1 << 20  # less than this free, and a failed write was the disk filling up
_PROBE = ".blijf-schrijftest"


def check_folder(folder: Path) -> None:
    """StoreFolderUnusable when `folder` is not a folder this user can read (missing included)."""
    try:
        status = folder.stat()
    except FileNotFoundError:
        raise StoreFolderUnusable(StoreFolderUnusable.MISSING, str(folder)) from None
    except NotADirectoryError:  # a file higher up the path
        raise StoreFolderUnusable(StoreFolderUnusable.NOT_A_FOLDER, str(folder)) from None
    except PermissionError:
        raise StoreFolderUnusable(StoreFolderUnusable.NO_ACCESS, str(folder)) from None
    if not stat.S_ISDIR(status.st_mode):
        raise StoreFolderUnusable(StoreFolderUnusable.NOT_A_FOLDER, str(folder))
    try:
        os.listdir(folder)
    except PermissionError:
        raise StoreFolderUnusable(StoreFolderUnusable.NO_ACCESS, str(folder)) from None


def make_folder(folder: Path) -> None:
    """Create the store folder (parents too) readable by this OS user only; an existing
    folder is left as it is. Says plainly why it cannot be made."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):  # a file at the folder's place, or above it
        raise StoreFolderUnusable(StoreFolderUnusable.NOT_A_FOLDER, str(folder)) from None
    except OSError as error:
        if error.errno in _FULL:
            raise DiskFull(str(folder)) from error
        if error.errno in _NO_WRITE:
            raise StoreFolderUnusable(StoreFolderUnusable.CANNOT_CREATE, str(folder)) from error
        raise


def _writable(folder: Path) -> bool | None:
    """Can a file be made in `folder`? None when making one failed for another reason. A real
    attempt: permission bits say nothing on a read-only disk, or to root."""
    probe = folder / f"{_PROBE}-{os.getpid()}"
    try:
        os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass
    except OSError as error:
        return False if error.errno in _NO_WRITE else None
    probe.unlink(missing_ok=True)
    return True


def _allowed(path: Path, mode: int) -> bool:
    """os.access for this process as it runs (effective ids: a root whose override is off
    is refused like anyone else)."""
    if os.access in os.supports_effective_ids:
        return os.access(path, mode, effective_ids=True)
    return os.access(path, mode)


def _free_bytes(folder: Path) -> int | None:
    try:
        if hasattr(os, "statvfs"):
            found = os.statvfs(folder)
            return found.f_bavail * found.f_frsize
        import shutil

        return shutil.disk_usage(folder).free
    except OSError:
        return None


def explain(error: BaseException, folder: Path, files: tuple[Path, ...] = ()) -> StoreError | None:
    """The environment's part in `error` (an OSError or a SQLite error met while using the
    store in `folder`; `files` are the store files the work touched): a StoreFolderUnusable,
    StoreReadOnly, DiskFull or DiskError. None when the environment is fine and the error's
    code names nothing of the kind, or when the error is damage."""
    if isinstance(error, EnvironmentProblem):
        return error
    if means_damaged_store(error) or not _about_files(error):
        return None
    try:
        check_folder(folder)
    except StoreFolderUnusable as found:
        return found
    named = environment_problem(error, str(folder))
    if isinstance(named, DiskFull):
        return named
    if _writable(folder) is False:
        return StoreReadOnly(str(folder))
    for path in (path for path in files if path.exists()):
        if path.is_dir():
            return StoreFolderUnusable(StoreFolderUnusable.ENTRY_IS_FOLDER, str(folder))
        if not _allowed(path, os.R_OK):
            return StoreFolderUnusable(StoreFolderUnusable.NO_ACCESS, str(folder))
        if not _allowed(path, os.W_OK):
            return StoreReadOnly(str(folder), path.name)
    free = _free_bytes(folder)
    if free is not None and free < _ALMOST_FULL and not isinstance(named, StoreReadOnly):
        return DiskFull(str(folder))  # ENOSPC in fsync or in the -shm file: SQLite says IOERR
    return named


def _about_files(error: BaseException) -> bool:
    return isinstance(error, OSError) or hasattr(error, "sqlite_errorcode")


@contextmanager
def explained(folder: Path, files: tuple[Path, ...] = ()) -> Iterator[None]:
    """Raise what `explain` finds in place of an OSError or SQLite error from the block."""
    try:
        yield
    except Exception as error:
        if isinstance(error, StoreError):
            raise
        found = explain(error, folder, files)
        if found is None:
            raise
        raise found from error
