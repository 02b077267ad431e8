"""Rebuilding the search index after login, in short steps that survive a kill (issue 19).

A migration that changes what the index holds (0030) does not rebuild it while the user waits
at the login window (at 100,000 clients that took minutes): it records in `search_rebuild`
that every person with an id below `below` is still to be indexed again. `step` then takes
the next batch, newest first (the people most looked for come back first), and re-indexes it
in one transaction together with the new `below`: killed halfway, a step is undone whole and
taken again at the next login; nobody is indexed twice (each row is deleted before it is
inserted) nor left out (`below` only moves past rows that were written).

Meanwhile the triggers keep the index current for every change, in the new form; a person
not reached yet is found by her old entry (0017 -> 0030: all but the new spellings), or not
yet when the old index was dropped (a store from before 0017). After the last batch the
index's segments are merged in small steps (FTS5 'merge'), then the row goes."""

from dataclasses import dataclass

from blijf_desktop.storage import dialects

_COLUMNS = ("first_names, last_name, born_year, residence, birth_place, street, postcode,"
            " phone, phone_national, email")
_VALUES = ("blijf_first_names_text(first_names, prefix, last_name),"
           " blijf_surname_text(first_names, prefix, last_name),"
           " blijf_year_text(birth_date), blijf_fold(residence), blijf_fold(birth_place),"
           " blijf_address_text(street, address_secret),"
           " blijf_address_text(postcode, address_secret),"
           " blijf_fold(phone), blijf_national_phone(phone), blijf_fold(email)")
MERGE_PAGES = 200  # pages written per merge step: a few tenths of a second


@dataclass(frozen=True)
class Progress:
    done: int  # persons indexed again (an estimate from the ids: they are dense)
    total: int
    merging: bool  # every person indexed, segments being merged

    @property
    def permille(self) -> int:
        if self.merging or self.total <= 0:
            return 1000 if self.merging else 0
        return min(999, self.done * 1000 // self.total)


def progress(conn) -> Progress | None:
    """What is left of the rebuild, or None when the index is whole."""
    if dialects.on_server(conn):
        return None  # a server's search text is written with each person (storage/pg/search.py)
    row = conn.execute("SELECT below, top, merging FROM search_rebuild").fetchone()
    if row is None:
        return None
    below, top, merging = row
    return Progress(max(0, top - below), max(0, top - 1), bool(merging))


def step(conn, batch: int) -> Progress | None:
    """One batch (or one merge step) in its own transaction; the progress after it, None when
    done. The caller holds no transaction."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        row = conn.execute("SELECT below, merging FROM search_rebuild").fetchone()
        if row is not None:
            _step(conn, row[0], bool(row[1]), batch)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return progress(conn)


def _step(conn, below: int, merging: bool, batch: int) -> None:
    if merging:
        before = conn.total_changes
        conn.execute("INSERT INTO person_search (person_search, rank) VALUES ('merge', ?)",
                     (-MERGE_PAGES,))
        if conn.total_changes - before < 2:  # FTS5: nothing left to merge
            conn.execute("DELETE FROM search_rebuild")
        return
    low = conn.execute("SELECT min(id) FROM (SELECT id FROM persons WHERE id < ?"
                       " ORDER BY id DESC LIMIT ?)", (below, batch)).fetchone()[0]
    if low is None:
        conn.execute("UPDATE search_rebuild SET below = 0, merging = 1")
        return
    conn.execute("DELETE FROM person_search WHERE rowid IN"
                 " (SELECT -id FROM persons WHERE id >= ? AND id < ?)", (low, below))
    conn.execute(f"INSERT INTO person_search (rowid, {_COLUMNS}) SELECT -id, {_VALUES}"
                 " FROM persons WHERE id >= ? AND id < ?", (low, below))
    conn.execute("UPDATE search_rebuild SET below = ?", (low,))


def run_all(conn, batch: int = 2000) -> None:
    """The whole rebuild at once (tests, tools): steps until done."""
    while step(conn, batch) is not None:
        pass
