"""A store made by an older release opens, is upgraded in one step, and a copy is kept."""

from blijf_desktop.storage import database
from blijf_desktop.storage.database import Database, latest_version


def test_a_version_1_store_is_upgraded_and_a_copy_kept(tmp_path, monkeypatch):
    key = bytes(range(32))
    path = tmp_path / "store.db"
    every = database.migrations()
    monkeypatch.setattr(database, "migrations", lambda: every[:1])
    old = Database(path, key, create=True)
    assert old.schema_version == 1
    old.conn.execute("INSERT INTO meta (key, value) VALUES ('kept', 'ja')")
    old.close()
    monkeypatch.setattr(database, "migrations", lambda: every)
    upgraded = Database(path, key)
    assert upgraded.schema_version == latest_version() > 1
    assert upgraded.conn.execute("SELECT value FROM meta WHERE key = 'kept'").fetchone() == ("ja",)
    upgraded.close()
    copy = Database(tmp_path / "store.db.v1.bak", key)  # the copy is encrypted with the same key
    copy.close()
