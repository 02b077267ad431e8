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
    damaged = wal_check.scan(wal)
    assert damaged.commit_frames == scan.commit_frames  # frame headers untouched
    assert middle not in damaged.genuine_frames() and middle + 1 in damaged.genuine_frames()
    assert damaged.lost_commits(frames_taken(db)) == 5  # the 4th and the four after it


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


def test_a_save_cut_off_over_an_earlier_round_is_no_loss(tmp_path):
    """SQLite writes a frame's header, then its page. Killed in between, where the WAL is
    being written over frames of an earlier round, the file holds a whole-length frame with
    the new header (current salts, commit mark) and the old page: an interrupted save."""
    with closing(live_store(tmp_path, transactions=8)) as conn:
        old_round = (tmp_path / "live.db-wal").read_bytes()
        conn.execute("PRAGMA wal_checkpoint(RESTART)")
        conn.execute("INSERT INTO notes (body) VALUES ('kort')")
        conn.execute("INSERT INTO notes (body) VALUES ('nog een')")
        db = crashed_copy(tmp_path, "copy")
    wal = wal_check.wal_path(db)
    data = bytearray(wal.read_bytes())
    second = HEADER + FRAME  # the second frame of the new round: the second insert's commit
    data[second + FRAME_HEADER:second + FRAME] = old_round[second + FRAME_HEADER:second + FRAME]
    wal.write_bytes(bytes(data))
    scan = wal_check.scan(wal)
    assert scan.commit_frames == (1, 2) and scan.genuine_frames() == (1,)
    assert frames_taken(db) == 1  # SQLite drops the cut-off save
    assert scan.lost_commits(1) == 0


def test_a_flipped_byte_in_the_last_transaction_looks_like_a_cut_off_save(tmp_path):
    """The price of never calling a crash damage (see storage/wal_check.py): the last
    transaction's own frame damaged is not reported."""
    with closing(live_store(tmp_path, transactions=6)):
        db = crashed_copy(tmp_path, "copy")
    wal = wal_check.wal_path(db)
    flip(wal, wal.stat().st_size - 100)
    scan = wal_check.scan(wal)
    assert frames_taken(db) < scan.commit_frames[-1]  # SQLite did drop it
    assert scan.lost_commits(frames_taken(db)) == 0


def test_keep_copy_keeps_the_wal_as_found_beside_it(tmp_path):
    wal = tmp_path / "store.db-wal"
    wal.write_bytes(b"synthetische inhoud")
    name = wal_check.keep_copy(wal, datetime(2026, 11, 23, 2, 5, 9, tzinfo=timezone.utc))
    assert name == "store.db-wal.damaged-20261123T020509000000Z"
    assert (tmp_path / name).read_bytes() == wal.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == [wal.name, name]  # no temporary left


def test_keep_copy_that_cannot_be_written_gives_none_and_leaves_nothing(tmp_path):
    """A full disk or a folder in the way: the loss is still told, without a copy."""
    wal = tmp_path / "store.db-wal"
    wal.write_bytes(b"synthetische inhoud")
    moment = datetime(2026, 11, 23, 2, 5, 9, tzinfo=timezone.utc)
    (tmp_path / "store.db-wal.damaged-20261123T020509000000Z").mkdir()  # the name is taken
    assert wal_check.keep_copy(wal, moment) is None
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "store.db-wal", "store.db-wal.damaged-20261123T020509000000Z"]  # no .new left


def test_the_marker_keeps_every_event_until_told_and_survives_damage(tmp_path):
    marker = tmp_path / wal_check.MARKER_NAME
    assert wal_check.recorded(marker) == []
    wal_check.record(marker, wal_check.JournalDamage(3, "store.db-wal.damaged-x"))
    events = wal_check.recorded(marker)
    assert events == [wal_check.JournalDamage(3, "store.db-wal.damaged-x")]
    audited = wal_check.mark_audited(marker, events)
    assert audited[0].audited and wal_check.recorded(marker) == audited
    wal_check.record(marker, wal_check.JournalDamage(2, None))  # a second one, not yet told
    assert wal_check.recorded(marker) == [*audited, wal_check.JournalDamage(2, None)]
    marker.write_text("{niet te lezen")
    assert wal_check.recorded(marker) == [wal_check.JournalDamage(0, None)]  # still tells
    wal_check.told(marker)
    assert wal_check.recorded(marker) == []


def test_a_save_cut_off_by_a_power_cut_is_no_loss_whatever_part_reached_the_disk(tmp_path):
    """synchronous=FULL syncs a transaction's frames after its commit frame: a power cut
    before that can keep a later frame and lose an earlier one. Never reported as saved."""
    with closing(live_store(tmp_path, transactions=4)) as conn:
        conn.execute("INSERT INTO notes (body) VALUES (?)", ("lang " * 6000,))  # several frames
        db = crashed_copy(tmp_path, "copy")
    wal = wal_check.wal_path(db)
    scan = wal_check.scan(wal)
    last_start = scan.commit_frames[-2] + 1  # the first frame of the last transaction
    assert scan.commit_frames[-1] - last_start >= 2
    data = bytearray(wal.read_bytes())
    offset = HEADER + (last_start - 1) * FRAME + FRAME_HEADER
    data[offset:offset + PAGE] = bytes(PAGE)  # this block never reached the disk
    wal.write_bytes(bytes(data))
    damaged = wal_check.scan(wal)
    assert frames_taken(db) == scan.commit_frames[-2]  # SQLite drops the last transaction
    assert damaged.lost_commits(scan.commit_frames[-2]) == 0
