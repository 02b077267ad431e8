"""Which engine a connection talks to (docs/server-mode.md, section 2). The server's adapter
(storage/pg/database.PgConnection) says `dialect = "postgresql"`; a sqlite3 connection has no
such attribute: the local store. Where SQL must differ, a repository holds both texts side by
side and picks one with `on_server` (each module keeps its own texts as constants, so that
tests/security/test_sql_formatting.py sees them)."""


def on_server(conn) -> bool:
    return getattr(conn, "dialect", "sqlite") == "postgresql"


def trail_unread(conn) -> bool:
    """A server connection whose role may append to the audit trail but not read it (every
    desk's role but the beheerder's: docs/server-mode.md section 4). What a desk reads back
    from the trail goes through definer functions there (migrations 0033, 0034); nothing in
    storage/ asks this any more."""
    return on_server(conn) and not conn.reads_trail
