"""Reading what a search reads into the page cache after login (issue 19).

SQLCipher decrypts a page each time it comes into the cache. A search reads the index, the
rows of the people it checks, the case index for their clients and the team of each case (the
need-to-know gate), scattered over the store:
on a cold cache the keyed search paid about a fifth more CPU than the same engine unkeyed
(bench/search_levers.py, 100,000 clients), almost all of it first reads. Read once after
login, in short steps on the connection that searches, the pages stay decrypted in that
connection's cache (sized to hold them, database.cache_kib) and the keyed search costs what
the plain one does. Nothing is read into Python: each step counts rows inside SQLite. The
pages are as secret as the rest of the open store's memory: SQLCipher wipes them when the
store closes at lock (cipher_memory_security).

The people come first, oldest to newest, then the case index and the cases' teams, then the
search index: when the
store is larger than the cache, what was read last (the index, the newest people) stays."""

from __future__ import annotations

from collections.abc import Iterator

from blijf_desktop.storage.dialects import on_server

# (the next position and how many read, from rows after `?`, `?` at a time). `substr` loads
# an index block whole (its overflow pages too); `count(*)` alone would skip them.
_PARTS = (
    "SELECT max(id), count(first_names) FROM"
    " (SELECT id, first_names FROM persons WHERE id > ? ORDER BY id LIMIT ?)",
    "SELECT max(case_id), count(*) FROM (SELECT case_id FROM persons INDEXED BY persons_case"
    " WHERE case_id > ? ORDER BY case_id LIMIT ?)",
    "SELECT max(case_id), count(team_id) FROM"
    " (SELECT case_id, team_id FROM case_teams WHERE case_id > ? ORDER BY case_id LIMIT ?)",
    "SELECT max(id), count(substr(block, 1, 1)) FROM"
    " (SELECT id, block FROM person_search_data WHERE id > ? ORDER BY id LIMIT ?)",
)
# Rows per step by part: about 20 ms each on a keyed store (a person's row is ~130 bytes, a
# case's team a few, an index block ~4 KiB).
ROWS_PER_STEP = (8000, 20000, 50000, 150)


def steps(conn) -> Iterator[int]:
    """One short read per `next()`; yields the rows read so far. The caller holds no
    transaction open across steps (each step is one statement) and may stop at any time.
    Nothing on a server: its pages are not decrypted at the desk, its cache is the server's."""
    if on_server(conn):
        return
    read = 0
    for sql in _PARTS:
        rows = ROWS_PER_STEP[_PARTS.index(sql)]
        after = -(2**63)
        while True:
            last, count = conn.execute(sql, (after, rows)).fetchone()
            if last is None:
                break
            read += count
            after = last
            yield read
            if count < rows:
                break
