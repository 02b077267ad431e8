"""Making a backup while the app runs: a consistent snapshot of store.db, copied page for
page as it is on disk (still encrypted), without stopping the user's work.

The snapshot: a connection of its own empties the WAL into store.db (checkpoint TRUNCATE) and
then opens a read transaction. Started on an empty WAL, that reader reads store.db alone, and
SQLite lets no checkpoint write into store.db while it reads (a checkpoint needs WAL read
lock 0, which such a reader holds). The user's saves meanwhile go to the WAL and are in the
next backup. If a save slips in between the checkpoint and the read, it is tried again."""

import errno
import os
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable

from blijf_desktop.storage import audit, backup_file
from blijf_desktop.storage.backup_errors import BackupBusy, BackupFolderProblem
from blijf_desktop.storage.backup_file import Contents, Header
from blijf_desktop.storage.database import connect_keyed
from blijf_desktop.storage.errors import DiskError, StoreDamaged, StoreError, means_damaged_store
from blijf_desktop.storage.keyvault import RECOVERY_SLOT_ID, KeyFile

_SNAPSHOT_TRIES = 50


@dataclass(frozen=True)
class Made:
    path: Path
    header: Header


def folder_problem(error: OSError, folder: Path) -> BackupFolderProblem | None:
    """What an OSError met while writing in the backup folder says about that folder."""
    reasons = {errno.ENOSPC: BackupFolderProblem.FULL, errno.EFBIG: BackupFolderProblem.FULL,
               getattr(errno, "EDQUOT", errno.ENOSPC): BackupFolderProblem.FULL,
               errno.EROFS: BackupFolderProblem.READ_ONLY,
               errno.EACCES: BackupFolderProblem.READ_ONLY,
               errno.EPERM: BackupFolderProblem.READ_ONLY,
               errno.ENOENT: BackupFolderProblem.MISSING,
               errno.ENOTDIR: BackupFolderProblem.NOT_A_FOLDER,
               errno.EIO: BackupFolderProblem.DISK_ERROR}
    reason = reasons.get(error.errno)
    return BackupFolderProblem(reason, str(folder)) if reason else None


def check_folder(folder: Path, store_folder: Path) -> None:
    """BackupFolderProblem when `folder` cannot take backups (checked before any work)."""
    if not folder.exists():
        raise BackupFolderProblem(BackupFolderProblem.MISSING, str(folder))
    if not folder.is_dir():
        raise BackupFolderProblem(BackupFolderProblem.NOT_A_FOLDER, str(folder))
    if os.path.realpath(folder) == os.path.realpath(store_folder):
        raise BackupFolderProblem(BackupFolderProblem.INSIDE_STORE, str(folder))


def _connect(db_path: Path, data_key: bytearray):
    conn = connect_keyed(db_path, data_key)
    conn.execute("PRAGMA busy_timeout = 5000")
    conn.execute("PRAGMA query_only = ON")
    return conn


def _start_snapshot(conn, wal: Path, cancelled: Callable[[], bool]) -> None:
    for _attempt in range(_SNAPSHOT_TRIES):
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("BEGIN")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        if not wal.exists() or wal.stat().st_size == 0:
            return  # this read transaction reads store.db alone (see the module's text)
        conn.execute("COMMIT")
        if cancelled():
            break
        time.sleep(0.1)
    raise BackupBusy()


def contents(conn) -> Contents:
    count = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
    head = conn.execute("SELECT value FROM meta WHERE key = 'audit_head'").fetchone()
    return Contents(cases=count("SELECT count(*) FROM cases"),
                    persons=count("SELECT count(*) FROM persons"),
                    audit_rows=count("SELECT count(*) FROM audit_log"),
                    audit_head=head[0] if head else "")


def make(db_path: Path, data_key: bytearray, keys: KeyFile, folder: Path, app_version: str,
         created: datetime, progress: backup_file.Progress,
         cancelled: Callable[[], bool]) -> Made:
    """Write one backup of the store at `db_path` into `folder`; `keys` is the store's key
    file now (its recovery slot goes into the header). Raises BackupFolderProblem for the
    folder, a StoreError for the store, BackupCancelled when `cancelled()` said so."""
    from blijf_desktop.domain import backups as rules

    check_folder(folder, db_path.parent)
    target = folder / rules.file_name(created)
    if target.exists():
        target = target.with_name(target.stem + f"-{os.getpid() % 1000:03d}" + target.suffix)
    try:
        conn = _connect(db_path, data_key)
    except Exception as error:
        raise StoreDamaged(type(error).__name__) if means_damaged_store(error) else error
    try:
        _start_snapshot(conn, db_path.with_name(db_path.name + "-wal"), cancelled)
        page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])
        db_bytes = int(conn.execute("PRAGMA page_count").fetchone()[0]) * page_size
        schema = int(conn.execute("PRAGMA user_version").fetchone()[0])
        found = contents(conn)
        if not audit.verify(conn).ok:
            raise StoreDamaged("audit chain")  # a backup must not carry a broken trail unseen
        recovery = keys.slot(RECOVERY_SLOT_ID)
        draft = Header(backup_file.FORMAT_VERSION, created.isoformat(), app_version, schema,
                       keys.store_id, keys.passphrase_only, db_bytes, "",
                       backup_file.key_check(data_key, keys.store_id),
                       recovery.to_json() if recovery else None, {})
        return Made(target, _write(target, db_path, draft, data_key, found, progress,
                                   cancelled))
    except StoreError:
        raise
    except Exception as error:
        if means_damaged_store(error):
            raise StoreDamaged(type(error).__name__) from error
        raise
    finally:
        conn.close()


def _write(target: Path, db_path: Path, draft: Header, data_key: bytearray, found: Contents,
           progress, cancelled) -> Header:
    # Our own descriptor on store.db. Closing it drops this process's POSIX locks on the file
    # (a POSIX rule); SQLite's own bookkeeping inside the process is not affected, and other
    # processes are kept away by store.lock. The copy before a migration does the same.
    reader = open(db_path, "rb")

    def read(offset: int, size: int) -> bytes:
        try:
            reader.seek(offset)
            return reader.read(size)
        except OSError as error:
            raise DiskError(str(db_path.parent)) from error

    def finish(sha256: str) -> Header:
        return backup_file.seal(Header(**{**draft.__dict__, "sha256": sha256}), data_key, found)

    try:
        return backup_file.write(target, read, draft.db_bytes, finish, progress, cancelled)
    except OSError as error:
        raise (folder_problem(error, target.parent)
               or BackupFolderProblem(BackupFolderProblem.DISK_ERROR, str(target.parent))
               ) from error
    finally:
        reader.close()
