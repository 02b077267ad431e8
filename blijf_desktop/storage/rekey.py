"""A new data key for the store (issue 22: someone left, or the beheerder asked), in phases
that a crash at any moment leaves opening with the old or the new key file, never neither:

1. `store.keys.next`, sealed under the new key (every slot with a key pair gets the new key
   sealed to it; earlier data keys kept wrapped under it), written and fsynced.
2. The WAL emptied into store.db (checkpoint TRUNCATE), then `sqlite3_rekey` on the open
   connection: SQLCipher rewrites every page under the new key in one transaction (its salt
   stays in the file's first bytes). In WAL mode the rewritten pages are WAL frames that
   commit at once or not at all; until a checkpoint copies them, a reader with the old key
   fails on page 1 (read from the WAL), one with the new key reads everything.
3. A checkpoint writes the pages into store.db; then `store.keys.next` replaces `store.keys`
   (rename, folder fsync).

Opening with `store.keys.next` present (storage/keyvault.py `_settle`) tries the new file's
key on the store: if it reads, phase 2 had committed and the new file is put in place; if not,
the old key reads the store and the new file is removed.

`phase_hook` is called with each phase's name; the crash tests replace it to kill the process
there (tests/storage/test_rekey_crash.py). The program never sets it."""

import logging
import os
from dataclasses import dataclass
from typing import Callable

from blijf_desktop.storage import rekey_files
from blijf_desktop.storage.database import Database, key_literal
from blijf_desktop.storage.keyvault import Vault

log = logging.getLogger(__name__)
PHASES = ("next_written", "checkpointed", "rekey_started", "rekeyed", "written_back", "promoted")
phase_hook: Callable[[str], None] = lambda phase: None  # noqa: E731


@dataclass
class Rekeyed:
    data_key: bytearray  # the new key; the caller keeps it and wipes the old one
    recovery_key: str | None  # a new recovery key, when the old slot had no key pair
    slots: int  # slots carried over (the recovery slot included)
    dropped: list[str]  # ids of legacy user slots left out


def rekey(db: Database, vault: Vault, data_key: bytes) -> Rekeyed:
    """Give the open store a new random data key. The caller holds the store (no other
    connection, no backup running) and has confirmed the dropped legacy slots."""
    dropped, _ = vault.legacy_slots(data_key)
    new_key = bytearray(os.urandom(32))
    try:
        recovery = vault.write_next(data_key, new_key)
        phase_hook("next_written")
        conn = db.conn
        if conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]:
            raise StoreBusy()
        phase_hook("checkpointed")
        with key_literal(new_key) as literal:
            phase_hook("rekey_started")
            conn.reset_key(literal)  # sqlite3_rekey with the buffer itself: no str copy
    except BaseException:
        if not rekey_files.store_opens(vault.db_path, new_key):
            rekey_files.discard(vault.next_path)  # nothing committed: the old file holds
        new_key[:] = bytes(len(new_key))
        raise
    phase_hook("rekeyed")
    _finish(db, vault)
    return Rekeyed(new_key, recovery, len(vault.load().slots), dropped)


def _finish(db: Database, vault: Vault) -> None:
    """Phase 3. The store reads with the new key from here on; should this fail (a full disk),
    `store.keys.next` stays and the next opening puts it in place (keyvault `_settle`)."""
    try:
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        phase_hook("written_back")
        rekey_files.promote(vault.next_path, vault.path)
        phase_hook("promoted")
    except OSError as error:
        log.warning("the new key file waits beside the old one: %s", type(error).__name__)


class StoreBusy(Exception):
    """Another connection kept the WAL from being emptied (a backup running): try later."""

    code = "store_busy"
