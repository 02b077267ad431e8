"""Which engine a connection talks to (docs/server-mode.md, section 2). The server's adapter
(storage/pg/database.PgConnection) says `dialect = "postgresql"`; a sqlite3 connection has no
such attribute: the local store. Where SQL must differ, a repository holds both texts side by
side and picks one with `on_server` (each module keeps its own texts as constants, so that
tests/security/test_sql_formatting.py sees them)."""


def on_server(conn) -> bool:
    return getattr(conn, "dialect", "sqlite") == "postgresql"

