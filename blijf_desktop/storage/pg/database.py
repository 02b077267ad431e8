"""The server's counterpart of storage/database.py: one connection, `transaction()` for every
write, and `conn` with the sqlite3 calls the repositories make (`execute` with `?`
parameters, `fetchone`/`fetchall`, `lastrowid`, `rowcount`), so a repository's code runs on
either engine (docs/server-mode.md)."""

from __future__ import annotations

import logging
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from blijf_desktop.storage.pg import schema
from blijf_desktop.storage.pg.connect import connect, driver
from blijf_desktop.storage.pg.dialect import inserted_table, to_psycopg
from blijf_desktop.storage.pg.errors import (
    ServerSchemaMissing,
    ServerSchemaTooNew,
    ServerUnreachable,
)

log = logging.getLogger(__name__)

# pg_advisory_xact_lock key for appending to the audit trail: two desks append one after the
# other, each to the head the other left (storage/audit.py). Any fixed 64-bit number.
AUDIT_HEAD_LOCK = 0x626C696A66  # "blijf"


class PgCursor:
    """The part of sqlite3.Cursor the repositories use."""

    def __init__(self, cursor, lastrowid: int | None = None):
        self._cursor = cursor
        self.lastrowid = lastrowid

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    def fetchone(self):
        return self._cursor.fetchone() if self._cursor.description else None

    def fetchall(self) -> list:
        return self._cursor.fetchall() if self._cursor.description else []

    def fetchmany(self, size: int) -> list:
        return self._cursor.fetchmany(size) if self._cursor.description else []

    def __iter__(self):
        return iter(self.fetchall())

    def close(self) -> None:
        self._cursor.close()


class PgConnection:
    """A psycopg connection that takes the repositories' sqlite3-style calls."""

    dialect = "postgresql"

    def __init__(self, raw, reopen=None):
        """`reopen`: makes a new raw connection after this one was lost (a server restart, a
        network gone and back), tried at the next statement outside a transaction."""
        self.raw = raw
        self._reopen = reopen
        self._in_block = False
        rows = raw.execute(
            "SELECT table_name, bool_or(column_name = 'id' AND is_identity = 'YES')"
            " FROM information_schema.columns WHERE table_schema = %s GROUP BY table_name",
            (schema.SCHEMA,)).fetchall()
        self._id_tables = frozenset(name for name, identity in rows if identity)
        self._after_commit: list = []

    def after_commit(self, action) -> None:
        """Run `action` once the open transaction has committed; dropped on a rollback. For
        what lives outside the server and must follow a save, never precede it: the local
        draft a save replaces is deleted only after the commit (docs section 7)."""
        if not self.in_transaction:
            raise RuntimeError("after_commit outside a transaction")
        self._after_commit.append(action)

    @property
    def lost(self) -> bool:
        return self.raw.closed or self.raw.broken

    def usable(self) -> None:
        """A lost connection is made again here, never inside a transaction: a save whose
        connection broke fails as a whole (ServerUnreachable) and the next one starts anew."""
        if self.lost and not self._in_block:
            if self._reopen is None:
                raise ServerUnreachable()
            self.raw = self._reopen()

    def execute(self, sql: str, params=()) -> PgCursor:
        self.usable()
        table = inserted_table(sql)
        text = to_psycopg(sql)
        returning = table in self._id_tables
        if returning:
            text = text.rstrip().rstrip(";") + " RETURNING id"
        try:
            cursor = self.raw.cursor()
            cursor.execute(text, tuple(params))
        except (driver().OperationalError, driver().InterfaceError) as error:
            if self.lost:
                raise ServerUnreachable() from None
            raise error
        return PgCursor(cursor, cursor.fetchone()[0] if returning else None)

    def lock_audit_head(self) -> None:
        """Held to the end of the transaction (called by storage/audit.append)."""
        self.raw.execute("SELECT pg_advisory_xact_lock(%s)", (AUDIT_HEAD_LOCK,))

    @property
    def in_transaction(self) -> bool:
        return self.raw.info.transaction_status != driver().pq.TransactionStatus.IDLE

    def close(self) -> None:
        self.raw.close()


class ServerDatabase:
    """One connection to the server as the logged-in user's role, in the Blijf schema."""

    def __init__(self, conninfo: str, ca_file: Path, **extra):
        """`extra`: e.g. the login role and its password. They are kept while this is open,
        to connect again after a server restart or a lost network (like the local store's
        data key, they are dropped at `close`, i.e. at a lock or logout)."""
        self._extra = dict(extra)
        self._open = lambda: self._connected(connect(conninfo, ca_file, **self._extra))
        self.conn = PgConnection(self._open(), reopen=lambda: self._open())

    def password_changed(self, password: str) -> None:
        """Her login's password was changed through this connection: a reconnect uses it."""
        self._extra["password"] = password

    def _connected(self, raw):
        try:
            raw.execute("SET search_path = blijf")  # schema.SCHEMA
            self._check_version(raw)
        except BaseException:
            raw.close()
            raise
        return raw

    @staticmethod
    def _check_version(raw) -> None:
        found = raw.execute("SELECT to_regclass('schema_migrations') IS NOT NULL").fetchone()[0]
        number = raw.execute("SELECT max(number) FROM schema_migrations").fetchone()[0] if found else None
        if number is None or number < schema.latest_version():
            raise ServerSchemaMissing()
        if number > schema.latest_version():
            raise ServerSchemaTooNew()

    @property
    def schema_version(self) -> int:
        return self.conn.raw.execute("SELECT max(number) FROM schema_migrations").fetchone()[0]

    @contextmanager
    def transaction(self) -> Iterator[PgConnection]:
        conn = self.conn
        conn.usable()
        conn._after_commit = []
        conn._in_block = True
        try:
            with conn.raw.transaction():
                yield conn
        except (driver().OperationalError, driver().InterfaceError):
            conn._after_commit = []
            if conn.lost:
                raise ServerUnreachable() from None
            raise
        except BaseException:
            conn._after_commit = []
            raise
        finally:
            conn._in_block = False
        actions, conn._after_commit = conn._after_commit, []
        for action in actions:
            action()

    def close(self) -> None:
        conn, self.conn = self.conn, None
        self._open = None
        self._extra = {}
        if conn is not None:
            conn._reopen = None
            conn.close()

    @property
    def closed(self) -> bool:
        return self.conn is None
