"""The files of a re-key in progress (storage/rekey.py), and how opening tells which key file
fits the store after a crash. No key is kept here."""

import os
from pathlib import Path

from blijf_desktop.storage.database import connect_keyed


def next_path(keys_path: Path) -> Path:
    return keys_path.with_name(keys_path.name + ".next")


def _sync_folder(folder: Path) -> None:
    if hasattr(os, "O_DIRECTORY"):
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def promote(pending: Path, keys_path: Path) -> None:
    """Phase 3: the new key file takes the old one's place in one rename, made durable."""
    os.replace(pending, keys_path)
    _sync_folder(keys_path.parent)


def discard(pending: Path) -> None:
    """Roll back: the store still has the old key, so the new file goes."""
    pending.unlink(missing_ok=True)
    _sync_folder(pending.parent)


def store_opens(db_path: Path, data_key: bytes) -> bool:
    """Whether `data_key` reads the store (its first page, through the WAL if one is there).
    A wrong key fails SQLCipher's page HMAC; nothing is written with it."""
    import sqlcipher3

    if not db_path.exists():
        return False
    conn = connect_keyed(db_path, data_key)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except sqlcipher3.DatabaseError:
        return False
    finally:
        conn.close()
