"""SQLCipher decrypts a page on every cache miss: the store's page cache grows with the store,
three quarters of it between 64 and 320 MiB, so that what a search reads fits (issue 19; figures in bench/search_levers.py)."""

from blijf_desktop.storage.database import Database, cache_kib

MIB = 2**20


def test_the_cache_is_three_quarters_of_the_store_within_bounds():
    assert cache_kib(15 * MIB) == 65536  # 10,000 clients: the minimum
    assert cache_kib(134 * MIB) == 134 * 1024 * 3 // 4  # 100,000 clients: 100 MiB
    assert cache_kib(374 * MIB) == 280 * 1024 + 512  # 300,000 clients: 280.5 MiB
    assert cache_kib(4096 * MIB) == 327680  # never more than 320 MiB


def test_an_opened_store_gets_its_cache(tmp_path):
    db = Database(tmp_path / "store.db", bytes(range(32)), create=True)
    try:
        assert db.conn.execute("PRAGMA cache_size").fetchone()[0] == -65536
    finally:
        db.close()
