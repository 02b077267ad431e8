"""Each table on both engines has the same keys, indexes and checks: the same primary key
columns, the same indexes by their columns, in order, and whether they are unique (names aside:
the local store's UNIQUE constraints have automatic names), and as many CHECK constraints. An
index missing on the server is a query that reads the whole table there, and grows slow only
with a shelter's real data; a missing check lets there what the local store refuses."""

import re

from blijf_desktop.storage.database import Database
from tests.server.test_schema_pairs import SERVER_ONLY


def _local(tmp_path) -> dict[str, tuple]:
    db = Database(tmp_path / "store.db", bytes(range(32)), create=True)
    try:
        conn = db.conn
        tables = [row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        found = {}
        for table in tables:
            key = tuple(name for _cid, name, *_rest, pk in sorted(
                conn.execute(f"PRAGMA table_info({table})"), key=lambda c: c[-1]) if pk)
            indexes = set()
            for _seq, index, unique, origin, _partial in conn.execute(
                    f"PRAGMA index_list({table})"):
                if origin != "pk":
                    columns = tuple(row[2] for row in conn.execute(f"PRAGMA index_info({index})"))
                    indexes.add((columns, bool(unique)))
            found[table] = (key, indexes)
        return found
    finally:
        db.close()


def _server(admin) -> dict[str, tuple]:
    rows = admin.execute(
        "SELECT t.relname, i.indisprimary, i.indisunique,"
        " array(SELECT a.attname FROM unnest(i.indkey) WITH ORDINALITY AS k(attnum, n)"
        "       JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.n)"
        " FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid"
        " WHERE t.relnamespace = 'blijf'::regnamespace AND t.relname <> 'schema_migrations'")
    found: dict[str, tuple] = {}
    for table, primary, unique, columns in rows:
        key, indexes = found.setdefault(table, ((), set()))
        if primary:
            found[table] = (tuple(columns), indexes)
        else:
            indexes.add((tuple(columns), unique))
    return found


# Indexes only the server has, on purpose (by their columns, unique or not).
SERVER_EXTRA_INDEXES = {
    # One break per audit row, and her open breaks by user (blijf.break_glass, my_open_cases:
    # the server checks what the local store's session holds).
    "break_glass": {(("audit_seq",), True), (("user_id", "case_id"), False)},
    # The policy and destroy() reach a request through its case (correlated EXISTS).
    "rights_requests": {(("case_id",), False)},
}
# The same index in another form: teams(lower(name)) is the local teams(name COLLATE NOCASE)
# (an expression index has no column: PostgreSQL reports it with none).
SAME_IN_ANOTHER_FORM = {"teams": ({(("name",), True)}, {((), True)})}


def test_the_server_has_the_local_keys_and_indexes(trail_server, tmp_path):
    local, server = _local(tmp_path), _server(trail_server.admin)
    shared = {}
    for name, (key, indexes) in server.items():
        if name in SERVER_ONLY:
            continue
        assert SERVER_EXTRA_INDEXES.get(name, set()) <= indexes, name
        indexes = indexes - SERVER_EXTRA_INDEXES.get(name, set())
        if name in SAME_IN_ANOTHER_FORM:
            local_form, server_form = SAME_IN_ANOTHER_FORM[name]
            assert server_form <= indexes, name
            indexes = (indexes - server_form) | local_form
        shared[name] = (key, indexes)
    assert {name: local.get(name) for name in shared} == shared


# Checks only the server has, on purpose: the audit chain's numbers start at 1 (0001).
SERVER_STRICTER = {"audit_log": 1}


def _local_checks(tmp_path) -> dict[str, int]:
    db = Database(tmp_path / "checks.db", bytes(range(32)), create=True)
    try:
        return {name: len(re.findall(r"\bCHECK\s*\(", sql, re.IGNORECASE)) for name, sql in
                db.conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'")}
    finally:
        db.close()


def test_the_server_has_as_many_checks_as_the_local_store(trail_server, tmp_path):
    """How many CHECK constraints each table has (their text differs between the engines: a
    forgotten one shows as a count)."""
    local = _local_checks(tmp_path)
    server = dict(trail_server.admin.execute(
        "SELECT t.relname, count(c.oid) FROM pg_class t"
        " LEFT JOIN pg_constraint c ON c.conrelid = t.oid AND c.contype = 'c'"
        " WHERE t.relnamespace = 'blijf'::regnamespace AND t.relkind = 'r'"
        " AND t.relname <> 'schema_migrations' GROUP BY t.relname").fetchall())
    shared = {name: n - SERVER_STRICTER.get(name, 0) for name, n in server.items()
              if name not in SERVER_ONLY}
    assert {name: local.get(name) for name in shared} == shared
    assert shared["consents"] == 9 and shared["exchanges"] == 6
