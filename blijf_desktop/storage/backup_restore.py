"""Restoring a backup: its pages are copied beside the store and checked there, whole,
before anything of the current store is touched; then the current files are set aside, the
copy takes their place, and they come back if the restored store does not open."""

import os
from pathlib import Path
from typing import Callable

from blijf_desktop.storage import audit, backup_file
from blijf_desktop.storage.backup_errors import BackupDamaged, BackupTooNew
from blijf_desktop.storage.backup_file import Contents, Header
from blijf_desktop.storage.backup_make import _connect, contents
from blijf_desktop.storage.database import latest_version
from blijf_desktop.storage.errors import StoreError, means_damaged_store

_JOURNAL = ("-wal", "-shm")


def restoring_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".restoring")


def _remove_with_journal(path: Path) -> None:
    for end in ("", *_JOURNAL):
        path.with_name(path.name + end).unlink(missing_ok=True)


def copy_and_check(backup: Path, header: Header, data_key: bytearray, expected: Contents,
                   target: Path, progress: backup_file.Progress,
                   cancelled: Callable[[], bool]) -> None:
    """The backup's pages at `target`, checked: SHA-256, every page's HMAC, SQLite's own
    check, the audit chain, and the counts the header sealed. BackupDamaged (and nothing
    left at `target`) when any of them fails."""
    if header.schema > latest_version():
        raise BackupTooNew()
    _remove_with_journal(target)  # left by a restore that was cut off
    backup_file.copy_pages(backup, header, target, progress, cancelled)
    progress(0, 0)  # the checks below give no measure of their own
    try:
        _check(target, header, data_key, expected)
    except BaseException:
        _remove_with_journal(target)
        raise


def _check(target: Path, header: Header, data_key: bytearray, expected: Contents) -> None:
    try:
        conn = _connect(target, data_key)
    except Exception as error:
        raise BackupDamaged() from error
    try:
        if conn.execute("PRAGMA cipher_integrity_check").fetchall():
            raise BackupDamaged()
        if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise BackupDamaged()
        if conn.execute("PRAGMA user_version").fetchone()[0] != header.schema:
            raise BackupDamaged()
        if not audit.verify(conn).ok or contents(conn) != expected:
            raise BackupDamaged()
    except StoreError:
        raise
    except Exception as error:
        if means_damaged_store(error):
            raise BackupDamaged() from error
        raise
    finally:
        conn.close()


def rekey_copy(target: Path, backup_key: bytearray, current_key: bytearray) -> None:
    """A checked copy made under an earlier data key (before a re-key), re-keyed to the
    store's current one before it takes the store's place. A crash here leaves only the
    copy beside the store, which the next restore removes."""
    from blijf_desktop.storage.database import key_literal

    conn = _connect(target, backup_key)
    try:
        conn.execute("PRAGMA query_only = OFF")
        with key_literal(current_key) as literal:
            conn.reset_key(literal)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def swap_in(db_path: Path, restored: Path, stamp: str) -> list[tuple[Path, Path]]:
    """Set the current store file and its journal aside (renamed, not deleted) and put
    `restored` in its place. Returns what was set aside, for `put_back` or `discard`."""
    moved = []
    try:
        for end in ("", *_JOURNAL):
            current = db_path.with_name(db_path.name + end)
            if current.exists():
                aside = current.with_name(f"{current.name}.voor-terugzetten-{stamp}")
                os.replace(current, aside)
                moved.append((current, aside))
        os.replace(restored, db_path)
    except BaseException:
        put_back(db_path, moved, remove_restored=False)
        raise
    return moved


def put_back(db_path: Path, moved: list[tuple[Path, Path]], remove_restored: bool = True) -> None:
    """The restored store did not open: the files set aside go back where they were."""
    if remove_restored:
        _remove_with_journal(db_path)
    for original, aside in moved:
        os.replace(aside, original)


def discard(moved: list[tuple[Path, Path]]) -> None:
    """The restored store opened: the old files are no longer needed."""
    for _original, aside in moved:
        aside.unlink(missing_ok=True)
