"""Each table on the server has the local store's columns, in the same order, with the same
kind and the same NOT NULL (a repository's SQL runs on both). Tables not yet on the server are
listed here by name: a new table in a local migration fails this test until it gets its
PostgreSQL form (storage/pg/migrations/, the same number) or joins the list."""

from blijf_desktop.storage.database import Database

# Only in the local store, by design (docs/server-mode.md): unfinished typing stays on the
# desk, encrypted; the FTS5 index and its shadow tables become pg_trgm indexes on persons.
LOCAL_ONLY = {"drafts", "person_search", "person_search_config", "person_search_data",
              "person_search_docsize", "person_search_idx", "search_rebuild"}

# Only on the server: the search text the repository writes (storage/pg/search.py), where the
# local store has its FTS5 index; which login role is which user, and domain/roles.py's
# permissions as rows for the policies, the team a destruction's register row stays with
# (storage/pg/migrations/0027_teams.sql).
SERVER_ONLY = {"person_trigrams", "user_roles", "role_permissions", "destruction_teams",
               "case_saves"}

# Not yet on the server (issue 23, the next sessions).
NOT_YET: set[str] = set()
# backup_settings (0016) is in neither list: 0021 moves its values into settings and drops it,
# and a server's backups are the server's (docs/server-mode.md, section 9).

_KIND = {"INTEGER": "integer", "TEXT": "text", "bigint": "integer", "integer": "integer",
         "text": "text", "BLOB": "bytes", "bytea": "bytes"}


def _local_tables(tmp_path) -> dict[str, list[tuple]]:
    db = Database(tmp_path / "store.db", bytes(range(32)), create=True)
    try:
        names = [row[0] for row in db.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {name: [(column, _KIND.get(kind, kind), bool(notnull or pk))
                       for _cid, column, kind, notnull, _default, pk
                       in db.conn.execute(f"PRAGMA table_info({name})")] for name in names}
    finally:
        db.close()


def _server_tables(admin) -> dict[str, list[tuple]]:
    rows = admin.execute(
        "SELECT table_name, column_name, data_type, is_nullable = 'NO'"
        " FROM information_schema.columns WHERE table_schema = 'blijf'"
        " AND table_name <> 'schema_migrations' ORDER BY table_name, ordinal_position")
    tables: dict[str, list[tuple]] = {}
    for table, column, kind, notnull in rows:
        tables.setdefault(table, []).append((column, _KIND.get(kind, kind), notnull))
    return tables


def test_the_server_has_the_local_columns(trail_server, tmp_path):
    local, server = _local_tables(tmp_path), _server_tables(trail_server.admin)
    shared = {name: columns for name, columns in server.items() if name not in SERVER_ONLY}
    assert {name: local.get(name) for name in shared} == shared


def test_every_local_table_is_on_the_server_or_listed(trail_server, tmp_path):
    local, server = _local_tables(tmp_path), _server_tables(trail_server.admin)
    assert set(local) - set(server) - LOCAL_ONLY == NOT_YET
    assert not (set(server) & (LOCAL_ONLY | NOT_YET))
    assert SERVER_ONLY <= set(server)
