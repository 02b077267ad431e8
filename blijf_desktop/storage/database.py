"""The SQLCipher connection: opened with the raw data key, hardened pragmas, migrations.

The data key never passes through a KDF here: opening costs only SQLCipher's page work, and
passphrases can change without rekeying the store."""

import logging
import shutil
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Iterator

from blijf_desktop.storage import environment, files, functions, wal_check
from blijf_desktop.storage.errors import (
    StoreDamaged,
    StoreError,
    StoreFileMissing,
    StoreTooNew,
    means_damaged_store,
)

log = logging.getLogger(__name__)

_PRAGMAS = (
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
    "PRAGMA foreign_keys = ON",
    "PRAGMA recursive_triggers = ON",  # a REPLACE's implicit delete fires DELETE triggers
    "PRAGMA secure_delete = ON",
    "PRAGMA temp_store = MEMORY",
    "PRAGMA cache_size = -65536",  # at least; grown with the store by cache_kib()
    "PRAGMA busy_timeout = 5000",
)


# SQLCipher decrypts a page on every cache miss. The cache holds three quarters of the store,
# between 64 and 320 MiB: what a search reads (the people, the case index and the search index;
# about 60 % of the store at 100,000 clients: 52 + 6 + 23 of 134 MiB) fits, and after the
# warm-up that follows login (storage/page_warmup.py) the keyed search costs what the plain
# one does (bench/search_levers.py: CPU p95 ratio 1.00 against 1.26 with half the store and a
# cold cache). Pages are taken only as they are read, so a small store never uses more than
# its size; at 300,000 clients (374 MiB) the cap keeps the newest people and the index.
CACHE_MIN_KIB, CACHE_MAX_KIB = 65536, 327680


def cache_kib(store_bytes: int) -> int:
    return max(CACHE_MIN_KIB, min(CACHE_MAX_KIB, store_bytes * 3 // 4 // 1024))


def _size_cache(conn) -> None:
    """A PRAGMA takes no parameters: the size is an int computed here, never input."""
    pages = int(conn.execute("PRAGMA page_count").fetchone()[0])
    conn.execute(f"PRAGMA cache_size = -{int(cache_kib(pages * PAGE_SIZE))}")


def migrations() -> list[tuple[int, str]]:
    """Numbered SQL migrations shipped with the package, in order."""
    folder = resources.files("blijf_desktop.storage") / "migrations"
    found = []
    for entry in folder.iterdir():
        if entry.name.endswith(".sql"):
            found.append((int(entry.name.split("_", 1)[0]), entry.read_text(encoding="utf-8")))
    return sorted(found)


def latest_version() -> int:
    return migrations()[-1][0]


_HEX_DIGITS = b"0123456789abcdef"
PAGE_SIZE = 4096  # SQLCipher 4's default; the store never changes it


def _raw_key_literal(data_key: bytes | bytearray) -> bytearray:
    """SQLCipher's raw-key form x'<64 hex digits>', built in a bytearray the caller wipes.
    Not a PRAGMA string: a Python str (or bytes) copy of the key cannot be wiped, and is
    freed without clearing, so it stayed readable in the process memory after lock."""
    if len(data_key) != 32:
        raise ValueError("data key must be 32 bytes")
    literal = bytearray(b"x'" + bytes(64) + b"'")
    for index, byte in enumerate(data_key):
        literal[2 + 2 * index] = _HEX_DIGITS[byte >> 4]
        literal[3 + 2 * index] = _HEX_DIGITS[byte & 0x0F]
    return literal


@contextmanager
def key_literal(data_key: bytes | bytearray) -> Iterator[bytearray]:
    """The raw-key literal for sqlite3_key / sqlite3_rekey, wiped when the block ends."""
    literal = _raw_key_literal(data_key)
    try:
        yield literal
    finally:
        literal[:] = bytes(len(literal))


def connect_keyed(path: Path, data_key: bytes | bytearray):
    """A connection to `path` opened with `data_key`: memory security on before the key, the
    key given as a buffer (sqlite3_key, no copy) and wiped at once. Nothing is read yet: a
    wrong key shows at the first statement. The caller closes it."""
    import sqlcipher3

    conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
    try:
        conn.execute("PRAGMA cipher_memory_security = ON")
        with key_literal(data_key) as literal:
            conn.set_key(literal)
    except BaseException:
        conn.close()
        raise
    return conn


def connect_more(path: Path, data_key: bytearray):
    """A second connection to an open, migrated store, for work off the UI thread (the search
    index rebuild): the same key handling, pragmas and SQL functions, no migrations."""
    conn = connect_keyed(path, data_key)
    try:
        for pragma in _PRAGMAS:
            conn.execute(pragma)
        conn.execute("PRAGMA cache_size = -8192")  # the rebuild writes; it reads little twice
        functions.register(conn)
    except BaseException:
        conn.close()
        raise
    return conn


class Database:
    """One open, keyed connection. Use `transaction()` for every write."""

    def __init__(self, path: Path, data_key: bytes, *, create: bool = False):
        """StoreDamaged only when SQLite's checks say so (SQLITE_CORRUPT / SQLITE_NOTADB, or
        the file's shape); a folder or disk that stands in the way is told as what it is
        (storage/environment.py)."""
        self.path = path
        self.conn = None
        try:
            self._open(data_key, create)
        except StoreError:
            raise
        except Exception as error:
            if means_damaged_store(error):
                raise StoreDamaged(type(error).__name__) from error
            found = environment.explain(error, path.parent, self._files())
            if found is None:
                raise
            raise found from error

    def _files(self) -> tuple[Path, ...]:
        return (self.path, *(self.path.with_name(self.path.name + end) for end in ("-wal", "-shm")))

    def _open(self, data_key: bytes, create: bool) -> None:
        path = self.path
        if not create and not path.exists():
            raise StoreFileMissing(str(path.parent))
        if create and not path.exists():
            files.create_private(path)
        if not create:
            self._check_size()
        # A WAL left by a session that never closed, read before SQLite reads it (see _judge_wal).
        scan = None if create else wal_check.scan(wal_check.wal_path(path))
        self.conn = connect_keyed(path, data_key)
        try:
            tables = self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if not create:
                self._check_shape(tables)
            if scan is not None:
                self._judge_wal(scan)
            for pragma in _PRAGMAS:
                self.conn.execute(pragma)
            functions.register(self.conn)  # triggers and migration 0011 call them
            self._migrate()
            _size_cache(self.conn)
        except BaseException:
            self.close()
            raise

    def _judge_wal(self, scan: wal_check.WalScan) -> None:
        """SQLite has read the WAL (the first query above); compare the frames it took with
        the saved transactions the WAL held. If it dropped any, keep a copy of the WAL (still
        as found: recovery and a passive checkpoint do not write it) and leave the marker that
        the next successful login tells. See storage/wal_check.py."""
        frames_in_use = self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()[1]
        lost = scan.lost_commits(frames_in_use)
        if lost:
            copy_name = wal_check.keep_copy(wal_check.wal_path(self.path))
            wal_check.record(wal_check.marker_path(self.path),
                             wal_check.JournalDamage(lost, copy_name))
        # Empty the WAL now: its next round gets new salts, so no frame left from before can
        # pass as part of it (SQLite may otherwise write the same header again).
        busy = self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        if busy:
            log.warning("the WAL could not be emptied after a crash")

    def _check_size(self) -> None:
        """Refuse an empty file, or one that ends in part of a page (cut off), before SQLite
        opens it: once open, closing the connection would checkpoint a WAL left beside it into
        the damaged file, and the user is told that nothing was changed."""
        size = self.path.stat().st_size
        if size == 0 or size % PAGE_SIZE:
            raise StoreDamaged("empty or cut-off store file")

    def _check_shape(self, tables: int) -> None:
        """Refuse, before anything is written, a file that cannot be the store: one without
        tables (SQLite would quietly start a new, empty database in it) or one that ends in
        part of a page (cut off; SQLite would only notice when that page is read)."""
        page_size = int(self.conn.execute("PRAGMA page_size").fetchone()[0])
        if tables == 0 or self.path.stat().st_size % page_size:
            raise StoreDamaged("empty or cut-off store file")

    def damaged_pages(self) -> list[str]:
        """Check every page's HMAC (`PRAGMA cipher_integrity_check`); [] when all are intact.
        Not done at every open: it reads the whole file, ~0.27 s per 50 MB (1.1 s for the
        245 MB bench store) with memory security on. A damaged page is otherwise found when
        it is read, and `storage.errors.means_damaged_store` turns that error into StoreDamaged."""
        return [row[0] for row in self.conn.execute("PRAGMA cipher_integrity_check")]

    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self) -> None:
        current = self.schema_version
        target = latest_version()
        if current > target:
            raise StoreTooNew(current, target)
        if current == target:
            return
        if current > 0:
            self._copy_before_upgrade(current)
        for number, sql in migrations():
            if number > current:
                # executescript commits any open transaction first, so BEGIN/COMMIT live inside
                # the script: a migration applies whole or not at all.
                try:
                    self.conn.executescript(
                        f"BEGIN IMMEDIATE;\n{sql}\nPRAGMA user_version = {int(number)};\nCOMMIT;"
                    )
                except BaseException:
                    if self.conn.in_transaction:
                        self.conn.execute("ROLLBACK")
                    raise

    def _copy_before_upgrade(self, version: int) -> None:
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        copy = self.path.with_name(f"{self.path.name}.v{version}.bak")
        if not copy.exists():
            shutil.copy2(self.path, copy)

    @contextmanager
    def transaction(self) -> Iterator:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except BaseException:
            # SQLite may already have rolled back (e.g. SQLITE_FULL at COMMIT); if not, the
            # next BEGIN would fail on this connection for the rest of the session.
            if self.conn is not None and self.conn.in_transaction:
                try:
                    self.conn.execute("ROLLBACK")
                except Exception as failed:  # the first error is the one to tell
                    log.warning("rollback failed: %s", type(failed).__name__)
            raise

    def close(self) -> None:
        conn, self.conn = self.conn, None
        if conn is not None:
            conn.close()

    @property
    def closed(self) -> bool:
        return self.conn is None
