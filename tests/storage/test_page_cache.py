"""SQLCipher decrypts a page on every cache miss: the store's page cache grows with the store,
between 64 and 256 MiB (issue 19; figures in bench/search_levers.py)."""

from blijf_desktop.storage.database import Database, cache_kib

MIB = 2**20


def test_the_cache_is_half_the_store_within_bounds():
    assert cache_kib(15 * MIB) == 65536  # 10,000 clients: the minimum
    assert cache_kib(128 * MIB) == 65536  # 100,000 clients
    assert cache_kib(374 * MIB) == 374 * 1024 // 2  # 300,000 clients: 187 MiB
    assert cache_kib(4096 * MIB) == 262144  # never more than 256 MiB


def test_an_opened_store_gets_its_cache(tmp_path):
    db = Database(tmp_path / "store.db", bytes(range(32)), create=True)
    try:
        assert db.conn.execute("PRAGMA cache_size").fetchone()[0] == -65536
    finally:
        db.close()
