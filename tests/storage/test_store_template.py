"""The stores tests make from the template (tests/store_template.py) are the stores the app
makes: the same schema, the same rows, under their own key only."""

import os

import pytest

from blijf_desktop.storage import database
from blijf_desktop.storage.database import Database
from blijf_desktop.storage.errors import StoreDamaged

# 0027's first team is stamped with the time its store was made.
_MADE_AT = {("teams", "created_at")}


def _contents(db: Database) -> dict:
    conn = db.conn
    schema = conn.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name").fetchall()
    rows = {}
    for (table,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"):
        columns = [c[1] for c in conn.execute(f'PRAGMA table_info("{table}")')]
        kept = ", ".join(f'"{c}"' for c in columns if (table, c) not in _MADE_AT)
        rows[table] = sorted(conn.execute(f'SELECT {kept} FROM "{table}"').fetchall())
    return {"schema": schema, "rows": rows, "version": db.schema_version}


def test_a_store_from_the_template_equals_a_freshly_migrated_one(tmp_path, store_template):
    key = os.urandom(32)
    copied = Database(tmp_path / "copied.db", key, create=True)
    every = database.migrations()
    with pytest.MonkeyPatch.context() as patch:  # another list: the template does not apply
        patch.setattr(database, "migrations", lambda: list(every))
        assert not store_template.applies()
        migrated = Database(tmp_path / "migrated.db", key, create=True)
    try:
        assert _contents(copied) == _contents(migrated)
        assert copied.schema_version == database.latest_version()
    finally:
        copied.close()
        migrated.close()


def test_a_store_from_the_template_opens_only_with_its_own_key(tmp_path, store_template):
    key = os.urandom(32)
    Database(tmp_path / "store.db", key, create=True).close()
    Database(tmp_path / "store.db", key).close()
    with pytest.raises(StoreDamaged):
        Database(tmp_path / "store.db", store_template.key)
