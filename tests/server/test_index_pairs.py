"""Each table on both engines has the same keys and indexes: the same primary key columns, and
the same indexes by their columns, in order, and whether they are unique (names aside: the
local store's UNIQUE constraints have automatic names). An index missing on the server is a
query that reads the whole table there, and grows slow only with a shelter's real data."""

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


def test_the_server_has_the_local_keys_and_indexes(trail_server, tmp_path):
    local, server = _local(tmp_path), _server(trail_server.admin)
    shared = {name: value for name, value in server.items() if name not in SERVER_ONLY}
    assert {name: local.get(name) for name in shared} == shared
