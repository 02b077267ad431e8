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


def test_0031_keeps_every_account_request_and_its_rules(tmp_path, monkeypatch):
    """0031 rebuilds account_requests (a wider role CHECK) without RENAME: the rows of a store
    at version 30 come through whole, the beheerder's role is admitted, and the rows stay
    never deleted and decided once."""
    import pytest
    import sqlcipher3

    key = bytes(range(32))
    path = tmp_path / "store.db"
    every = database.migrations()
    monkeypatch.setattr(database, "migrations", lambda: [m for m in every if m[0] < 31])
    old = Database(path, key, create=True)
    conn = old.conn
    conn.execute("INSERT INTO users (id, username, display_name, role, active, created_at)"
                 " VALUES (1, 'b', 'B', 'functioneel_beheerder', 1, '2026-12-01'),"
                 " (2, 'h', 'H', 'hulpverlener', 1, '2026-12-01')")
    conn.execute("INSERT INTO account_requests (user_id, kind, role, requested_by, requested_at)"
                 " VALUES (2, 'new', 'hulpverlener', 1, '2026-12-01T10:00:00+00:00')")
    with pytest.raises(sqlcipher3.IntegrityError):  # 0022's CHECK: no beheerder role yet
        conn.execute("INSERT INTO account_requests (user_id, kind, role, requested_by,"
                     " requested_at) VALUES (1, 'new', 'functioneel_beheerder', 2, 'x')")
    old.close()
    monkeypatch.setattr(database, "migrations", lambda: every)
    upgraded = Database(path, key)
    conn = upgraded.conn
    assert conn.execute("SELECT user_id, kind, role, requested_by FROM account_requests"
                        ).fetchall() == [(2, "new", "hulpverlener", 1)]
    conn.execute("INSERT INTO account_requests (user_id, kind, role, requested_by, requested_at)"
                 " VALUES (1, 'new', 'functioneel_beheerder', 2, '2026-12-02T10:00:00+00:00')")
    with pytest.raises(sqlcipher3.IntegrityError, match="never deleted"):
        conn.execute("DELETE FROM account_requests")
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert "account_requests_kept" not in names and "account_requests_one_open" in names
    upgraded.close()
