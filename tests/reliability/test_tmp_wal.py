from contextlib import closing
from tests.reliability.test_damaged_files import template, WAL_DAMAGE, _copy, _frames, _open_raw, INTAKES  # noqa
from blijf_desktop.storage import wal_check

def test_x(template, tmp_path):
    for number, (name, damage) in enumerate(WAL_DAMAGE.items()):
        folder = _copy(template.crashed, tmp_path / str(number), ("store.db", "store.db-wal", "store.keys"))
        wal = (folder / "store.db-wal").read_bytes()
        damaged, first = damage(wal)
        (folder / "store.db-wal").write_bytes(damaged)
        scan = wal_check.scan(folder / "store.db-wal")
        with closing(_open_raw(folder / "store.db", template.key)) as conn:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            row = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        print(name, len(wal)//4120, 'commits', scan.commit_frames[-13:], scan.header_intact, 'ckpt', row, 'lost', scan.lost_commits(row[1]))
