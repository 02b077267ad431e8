"""storage/wal_check.py against WALs written by SQLite itself (the standard library's sqlite3
writes the same WAL format as SQLCipher, with readable pages). Each case copies the files of a
connection that is still open, as a crash leaves them, and lets a new connection judge how many
frames it takes. The SQLCipher store and the login are covered in
tests/reliability/test_damaged_files.py; kills in tests/reliability/test_crash_safety.py."""

import shutil
import sqlite3
import struct
from contextlib import closing
from datetime import datetime, timezone
from pathlib import Path

from blijf_desktop.storage import wal_check

HEADER, FRAME_HEADER, PAGE = 32, 24, 4096
FRAME = FRAME_HEADER + PAGE


def live_store(folder: Path, transactions: int):
    """A connection left open (as by a process about to be killed) with its work in the WAL."""
    conn = sqlite3.connect(folder / "live.db", isolation_level=None)
    conn.execute("PRAGMA page_size = 4096")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    for n in range(transactions - 1):
        conn.execute("INSERT INTO notes (body) VALUES (?)", (f"synthetische notitie {n} " * 200,))
    return conn


def crashed_copy(folder: Path, name: str) -> Path:
    target = folder / name
    target.mkdir()
    shutil.copy2(folder / "live.db", target / "store.db")
    shutil.copy2(folder / "live.db-wal", target / "store.db-wal")
    return target / "store.db"


def frames_taken(db: Path) -> int:
    """What SQLite makes of the WAL: the frames it recovers (up to its last good commit)."""
    with closing(sqlite3.connect(db)) as conn:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()[1]


def flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


def test_no_wal_or_no_whole_frame_is_nothing_to_judge(tmp_path):
    assert wal_check.scan(tmp_path / "absent-wal") is None
    (tmp_path / "short-wal").write_bytes(b"\x37\x7f\x06\x82" + bytes(40))
    assert wal_check.scan(tmp_path / "short-wal") is None


def test_an_intact_wal_is_read_as_sqlite_reads_it(tmp_path):
    with closing(live_store(tmp_path, transactions=8)):
        db = crashed_copy(tmp_path, "copy")
    scan = wal_check.scan(wal_check.wal_path(db))
    assert scan.header_intact
    assert len(scan.commit_frames) == 8  # CREATE TABLE and seven inserts
    assert scan.commit_frames[-1] == (db.with_name("store.db-wal").stat().st_size - HEADER) // FRAME
    assert scan.lost_commits(frames_taken(db)) == 0


def test_a_flipped_byte_in_a_middle_frame_counts_every_later_commit(tmp_path):
    with closing(live_store(tmp_path, transactions=8)):
        db = crashed_copy(tmp_path, "copy")
    wal = wal_check.wal_path(db)
    scan = wal_check.scan(wal)
    middle = scan.commit_frames[3]  # the 4th transaction's commit frame (1-based number)
    flip(wal, HEADER + (middle - 1) * FRAME + FRAME_HEADER + 500)
    assert wal_check.scan(wal) == scan  # frame headers untouched: the same commits
    assert scan.lost_commits(frames_taken(db)) == 5  # the 4th and the four after it


def test_a_damaged_header_counts_all_commits_by_the_first_frame_salts(tmp_path):
    with closing(live_store(tmp_path, transactions=5)):
        db = crashed_copy(tmp_path, "copy")
    wal = wal_check.wal_path(db)
    flip(wal, 17)  # a salt byte: the header checksum fails, SQLite ignores the whole WAL
    scan = wal_check.scan(wal)
    assert not scan.header_intact and len(scan.commit_frames) == 5
    assert frames_taken(db) == 0 and scan.lost_commits(0) == 5


def test_a_torn_or_unfinished_tail_is_no_loss(tmp_path):
    """A kill while writing leaves part of a frame, or frames of a transaction that never
    committed: nothing that was reported as saved."""
    with closing(live_store(tmp_path, transactions=4)):
        db = crashed_copy(tmp_path, "copy")
    wal = wal_check.wal_path(db)
    data = wal.read_bytes()
    last = data[-FRAME:]
    uncommitted = last[:4] + struct.pack(">I", 0) + last[8:]  # the same frame, no commit mark
    wal.write_bytes(data + uncommitted + last[:FRAME // 2])  # and then half a frame
    scan = wal_check.scan(wal)
    assert len(scan.commit_frames) == 4
    assert scan.lost_commits(frames_taken(db)) == 0


def test_frames_left_from_an_earlier_generation_are_not_counted(tmp_path):
    """After a checkpoint SQLite writes the WAL again from the start with new salts; the old
    frames after the new ones are stale, not lost."""
    with closing(live_store(tmp_path, transactions=8)) as conn:
        conn.execute("PRAGMA wal_checkpoint(RESTART)")
        conn.execute("INSERT INTO notes (body) VALUES ('kort')")
        db = crashed_copy(tmp_path, "copy")
    wal = wal_check.wal_path(db)
    assert wal.stat().st_size > HEADER + 3 * FRAME  # the old frames are still in the file
    scan = wal_check.scan(wal)
    assert scan.header_intact and scan.commit_frames == (1,)
    assert scan.lost_commits(frames_taken(db)) == 0


def test_set_aside_keeps_the_wal_as_found_beside_it(tmp_path):
    wal = tmp_path / "store.db-wal"
    wal.write_bytes(b"synthetische inhoud")
    copy = wal_check.set_aside(wal, datetime(2026, 11, 23, 2, 5, 9, tzinfo=timezone.utc))
    assert copy.name == "store.db-wal.damaged-20261123T020509000000Z"
    assert copy.parent == tmp_path and copy.read_bytes() == wal.read_bytes()
