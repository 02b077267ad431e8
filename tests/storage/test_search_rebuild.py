"""An upgrade that changes the search index opens at once and rebuilds the index after login,
in steps that survive a kill (issue 19, storage/search_rebuild.py): killed halfway, the next
run finishes, and afterwards everyone is in the index exactly once, in the new form."""

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from blijf_desktop.domain.people import Category, PersonData
from blijf_desktop.domain import search
from blijf_desktop.domain.search import build
from blijf_desktop.storage import database, persons, search_rebuild
from blijf_desktop.storage.database import Database

KEY = bytes(range(32))
ROOT = Path(__file__).resolve().parents[2]


def _old_store(path: Path, monkeypatch, count: int) -> list[int]:
    """A store from before 0030 (the 0017 index, written by 0017's triggers) with `count`
    people, every fifth a Müller; then opened by this version. Their ids."""
    every = database.migrations()
    monkeypatch.setattr(database, "migrations", lambda: [m for m in every if m[0] < 30])
    # what the folding gave before 0030: đ the only letter with a second spelling
    monkeypatch.setattr(search, "_has_second", lambda text: "đ" in text or "Đ" in text)
    old = Database(path, KEY, create=True)
    old.conn.execute("INSERT INTO users (id, username, display_name, role, created_at) VALUES"
                     " (1, 'x', 'Synthetische Gebruiker', 'hulpverlener', '2026-01-01')")
    old.conn.execute("INSERT INTO cases (id, created_at, created_by) VALUES (1, '2026-01-01', 1)")
    ids = []
    with old.transaction() as conn:
        for n in range(count):
            last = "Müller" if n % 5 == 0 else "Jansen"
            ids.append(persons.insert_person(conn, 1, PersonData(
                Category.DERDE, first_names=f"Persoon{n:05d}", last_name=last), 1))
    old.close()
    monkeypatch.undo()
    return ids


def _found(conn, text: str) -> list[int]:
    return [h.person_id for h in persons.find(conn, build(text), -1, hide_restricted=False)]


def _indexed_rowids(conn) -> list[int]:
    return [r[0] for r in conn.execute("SELECT rowid FROM person_search")]


def test_the_upgrade_leaves_the_rebuild_for_after_login_and_search_answers_meanwhile(
        tmp_path, monkeypatch):
    ids = _old_store(tmp_path / "store.db", monkeypatch, 60)
    db = Database(tmp_path / "store.db", KEY)
    try:
        left = search_rebuild.progress(db.conn)
        assert left is not None and left.done == 0 and left.total == max(ids)
        assert len(_found(db.conn, "muller")) == 12  # the old entries answer meanwhile
        assert _found(db.conn, "mueller") == []  # the new spelling only once rebuilt
        left = search_rebuild.step(db.conn, 25)
        assert left.done == 25 and 0 < left.permille < 1000
        assert len(_found(db.conn, "mueller")) == 5  # the newest 25 first
        search_rebuild.run_all(db.conn, 25)
        assert search_rebuild.progress(db.conn) is None
        assert sorted(_found(db.conn, "mueller")) == ids[::5]
        assert sorted(_indexed_rowids(db.conn)) == sorted(-i for i in ids)
    finally:
        db.close()


def test_a_change_during_the_rebuild_is_kept(tmp_path, monkeypatch):
    ids = _old_store(tmp_path / "store.db", monkeypatch, 30)
    db = Database(tmp_path / "store.db", KEY)
    try:
        search_rebuild.step(db.conn, 10)  # ids 21..30 done, 1..20 waiting
        with db.transaction() as conn:
            conn.execute("UPDATE persons SET last_name = 'Schröder' WHERE id IN (?, ?)",
                         (ids[0], ids[-1]))
            new = persons.insert_person(conn, 1, PersonData(
                Category.DERDE, first_names="Nieuw", last_name="Müller"), 1)
        assert sorted(_found(db.conn, "schroeder")) == [ids[0], ids[-1]]
        search_rebuild.run_all(db.conn, 7)
        assert sorted(_found(db.conn, "schroeder")) == [ids[0], ids[-1]]
        assert _found(db.conn, "nieuw mueller") == [new]
        assert sorted(_indexed_rowids(db.conn)) == sorted(-i for i in [*ids, new])
    finally:
        db.close()


_KILLED_CHILD = textwrap.dedent("""
    import os, signal, sys
    sys.path.insert(0, sys.argv[2])
    from pathlib import Path
    from blijf_desktop.storage import search_rebuild
    from blijf_desktop.storage.database import Database

    db = Database(Path(sys.argv[1]), bytes(range(32)))
    real, calls = search_rebuild._step, []

    def dying(conn, *args):
        real(conn, *args)
        calls.append(1)
        if len(calls) == 4:  # inside the fourth step's transaction, before its COMMIT
            os.kill(os.getpid(), signal.SIGKILL)

    search_rebuild._step = dying
    search_rebuild.run_all(db.conn, 10)
""")


def test_killed_halfway_the_next_run_finishes_with_everyone_once(tmp_path, monkeypatch):
    path = tmp_path / "store.db"
    ids = _old_store(path, monkeypatch, 80)
    Database(path, KEY).close()  # migrated to 0030: the rebuild is waiting
    child = subprocess.run([sys.executable, "-c", _KILLED_CHILD, str(path), str(ROOT)],
                           capture_output=True, timeout=120)
    assert child.returncode == -signal.SIGKILL, child.stderr.decode()[-2000:]
    db = Database(path, KEY)
    try:
        left = search_rebuild.progress(db.conn)
        assert left is not None and left.done == 30  # three steps kept, the fourth undone
        search_rebuild.run_all(db.conn, 10)
        assert search_rebuild.progress(db.conn) is None
        rowids = _indexed_rowids(db.conn)
        assert sorted(rowids) == sorted(-i for i in ids)  # nobody twice, nobody missing
        assert sorted(_found(db.conn, "persoon")) == ids
        assert sorted(_found(db.conn, "mueller")) == ids[::5]
        for n in (0, 37, 79):
            assert _found(db.conn, f"persoon{n:05d}") == [ids[n]]
    finally:
        db.close()
