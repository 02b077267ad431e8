"""Audit chain under tampering (issue 11, item 5).

Someone who has the data key edits the real store file with sqlcipher3: a row edited,
deleted, inserted, appended or reordered, the last row removed, the chain head in `meta`
edited or removed. `storage.audit.verify` and the beheerder's command
`blijf-desktop audit verify` must both say the trail is broken and name the first bad row.

The command logs in before it checks, and a login writes an audit row. That row is linked to
what the (tampered) head says, so for damage at the end of the trail the command names the
row after it; both positions are pinned below."""

import io
import shutil
import subprocess
import sys
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlcipher3

from blijf_desktop.app import main
from blijf_desktop.services.accounts import AccountService
from blijf_desktop.services.auth import AuthService
from blijf_desktop.storage import audit
from blijf_desktop.storage.paths import StorePaths
from tests.conftest import ADMIN, ADMIN_PASS, FAST_POLICY
from tests.reliability.child_store import ROOT, figure

K = 5  # a row in the middle of the trail
SELECT_ROW = ("SELECT seq, at, user_id, action, record_type, record_id, reason, detail"
              " FROM audit_log WHERE seq = ?")


@dataclass(frozen=True)
class Trail:
    folder: Path  # store.db + store.keys, closed cleanly
    key: bytes
    last: int  # seq of the last row


@pytest.fixture(scope="module")
def trail(tmp_path_factory) -> Trail:
    """A passphrase-only store (so the command and a child process need no keyring) with a
    trail of some twenty rows: creation, login, declaration, lock/unlock, logout."""
    folder = tmp_path_factory.mktemp("trail") / "store"
    auth = AuthService(StorePaths(folder), policy=FAST_POLICY)
    session, _recovery = auth.create_store(ADMIN, "Synthetische Beheerder", ADMIN_PASS,
                                           passphrase_only=True)
    AccountService(session).accept_confidentiality()
    for _ in range(6):
        session.lock()
        session.unlock(ADMIN_PASS)
    key = session.data_key
    session.close()
    with closing(_open(folder, key)) as conn:
        last = conn.execute("SELECT max(seq) FROM audit_log").fetchone()[0]
        assert audit.verify(conn).ok
    return Trail(folder, key, last)


def _open(folder: Path, key: bytes):
    """The real file with the real key, as an insider with the key would open it."""
    conn = sqlcipher3.connect(str(folder / "store.db"), isolation_level=None)
    conn.set_key(b"x'" + key.hex().encode("ascii") + b"'")  # the raw data key, as the app
    return conn


def _copy(trail: Trail, target: Path) -> Path:
    target.mkdir()
    for name in ("store.db", "store.keys"):
        shutil.copy2(trail.folder / name, target / name)
    return target


def _row(conn, seq: int) -> audit.AuditRow:
    return audit.AuditRow(*conn.execute(SELECT_ROW, (seq,)).fetchone())


def _hash(conn, seq: int) -> str:
    return conn.execute("SELECT hash FROM audit_log WHERE seq = ?", (seq,)).fetchone()[0]


def _set_head(conn, value: str) -> None:
    conn.execute("UPDATE meta SET value = ? WHERE key = 'audit_head'", (value,))


# -- the tampering: each takes (conn, last seq) -----------------------------------------------
def edit_action(conn, last):
    conn.execute("UPDATE audit_log SET action = 'view' WHERE seq = ?", (K,))


def edit_user(conn, last):
    conn.execute("UPDATE audit_log SET user_id = 99 WHERE seq = ?", (K,))


def edit_time(conn, last):
    conn.execute("UPDATE audit_log SET at = '2020-01-01T00:00:00.000000+00:00' WHERE seq = ?", (K,))


def edit_to_blob(conn, last):
    conn.execute("UPDATE audit_log SET detail = ? WHERE seq = ?", (b"\x00\xff", K))


def edit_and_rehash_row(conn, last):
    """Edited, and the row's own hash made to match: the next row's link still breaks."""
    conn.execute("UPDATE audit_log SET action = 'view' WHERE seq = ?", (K,))
    digest = audit.chain_hash(_hash(conn, K - 1), _row(conn, K))
    conn.execute("UPDATE audit_log SET hash = ? WHERE seq = ?", (digest, K))


def delete_row(conn, last):
    conn.execute("DELETE FROM audit_log WHERE seq = ?", (K,))


def delete_first_row(conn, last):
    conn.execute("DELETE FROM audit_log WHERE seq = 1")


def delete_last_row(conn, last):
    conn.execute("DELETE FROM audit_log WHERE seq = ?", (last,))


def delete_last_row_and_head(conn, last):
    conn.execute("DELETE FROM audit_log WHERE seq = ?", (last,))
    conn.execute("DELETE FROM meta WHERE key = 'audit_head'")


def insert_row(conn, last):
    """A made-up row slid in at K, later rows renumbered, links copied from the row before."""
    conn.execute("UPDATE audit_log SET seq = -(seq + 1) WHERE seq >= ?", (K,))
    conn.execute("UPDATE audit_log SET seq = -seq WHERE seq < 0")
    conn.execute("INSERT INTO audit_log (seq, at, user_id, action, prev_hash, hash)"
                 " SELECT ?, at, user_id, 'view', prev_hash, hash FROM audit_log WHERE seq = ?",
                 (K, K - 1))


def append_row(conn, last):
    """A made-up last row with a correct link and hash; only the head does not know it."""
    row = audit.AuditRow(last + 1, audit.now_utc(), 1, "view", "person", "1", None, None)
    prev = _hash(conn, last)
    conn.execute("INSERT INTO audit_log (seq, at, user_id, action, record_type, record_id,"
                 " prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                 (row.seq, row.at, row.user_id, row.action, row.record_type, row.record_id,
                  prev, audit.chain_hash(prev, row)))


def swap_rows(conn, last):
    conn.execute("UPDATE audit_log SET seq = -1 WHERE seq = ?", (K,))
    conn.execute("UPDATE audit_log SET seq = ? WHERE seq = ?", (K, K + 1))
    conn.execute("UPDATE audit_log SET seq = ? WHERE seq = -1", (K + 1,))


def swap_times(conn, last):
    first, second = (conn.execute("SELECT at FROM audit_log WHERE seq = ?", (s,)).fetchone()[0]
                     for s in (K, K + 1))
    conn.execute("UPDATE audit_log SET at = ? WHERE seq = ?", (second, K))
    conn.execute("UPDATE audit_log SET at = ? WHERE seq = ?", (first, K + 1))


def edit_head_hash(conn, last):
    _set_head(conn, f"{last}:{_hash(conn, last - 1)}")


def mangle_head(conn, last):
    _set_head(conn, "kapot")


def delete_head(conn, last):
    conn.execute("DELETE FROM meta WHERE key = 'audit_head'")


def set_head_back(conn, last):
    _set_head(conn, f"3:{_hash(conn, 3)}")


def wipe_trail(conn, last):
    conn.execute("DELETE FROM audit_log")
    conn.execute("DELETE FROM meta WHERE key = 'audit_head'")


def rewrite_rest_of_chain(conn, last):
    """Row K edited and every later hash and the head recomputed: what a hash chain inside
    the store cannot show (no secret beyond the data key, no copy of the head elsewhere)."""
    conn.execute("UPDATE audit_log SET action = 'view' WHERE seq = ?", (K,))
    prev = _hash(conn, K - 1)
    for seq in range(K, last + 1):
        digest = audit.chain_hash(prev, _row(conn, seq))
        conn.execute("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?", (prev, digest, seq))
        prev = digest
    _set_head(conn, f"{last}:{prev}")


# (tamper, first bad seq and problem from verify, first bad seq the command names); L = last seq
KINDS = [
    (edit_action, lambda L: (K, "edited"), lambda L: K),
    (edit_user, lambda L: (K, "edited"), lambda L: K),
    (edit_time, lambda L: (K, "edited"), lambda L: K),
    (edit_to_blob, lambda L: (K, "edited"), lambda L: K),
    (edit_and_rehash_row, lambda L: (K + 1, "inserted"), lambda L: K + 1),
    (delete_row, lambda L: (K, "missing"), lambda L: K),
    (delete_first_row, lambda L: (1, "missing"), lambda L: 1),
    (delete_last_row, lambda L: (L, "missing"), lambda L: L),
    (delete_last_row_and_head, lambda L: (L, "head"), lambda L: L),
    (insert_row, lambda L: (K, "inserted"), lambda L: K),
    (append_row, lambda L: (L + 1, "inserted"), lambda L: L + 2),
    (swap_rows, lambda L: (K, "inserted"), lambda L: K),
    (swap_times, lambda L: (K, "edited"), lambda L: K),
    (edit_head_hash, lambda L: (L, "head"), lambda L: L + 1),
    (mangle_head, lambda L: (L + 1, "head"), lambda L: L + 1),
    (delete_head, lambda L: (L + 1, "head"), lambda L: L + 1),
    (set_head_back, lambda L: (4, "inserted"), lambda L: L + 1),
    (wipe_trail, lambda L: (1, "missing"), lambda L: 1),
]


def _tampered(trail: Trail, target: Path, tamper) -> Path:
    folder = _copy(trail, target)
    with closing(_open(folder, trail.key)) as conn:
        tamper(conn, trail.last)
    return folder


def _verify(folder: Path, key: bytes) -> audit.VerifyResult:
    with closing(_open(folder, key)) as conn:
        return audit.verify(conn)


def _command(folder: Path, monkeypatch, capsys) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(ADMIN_PASS + "\n"))
    code = main(["--store", str(folder), "audit", "verify", "--user", ADMIN])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_every_kind_of_tampering_is_found_at_its_position(trail, tmp_path, monkeypatch, capsys):
    wrong = []
    found_direct = found_command = 0
    for tamper, direct_expected, command_expected in KINDS:
        folder = _tampered(trail, tmp_path / tamper.__name__, tamper)
        result = _verify(folder, trail.key)
        expected = direct_expected(trail.last)
        if (result.ok, result.first_bad_seq, result.problem) == (False, *expected):
            found_direct += 1
        else:
            wrong.append((tamper.__name__, "verify", result, expected))
        code, out, err = _command(folder, monkeypatch, capsys)
        seq = command_expected(trail.last)
        if code == 1 and f"verbroken bij regel {seq} (" in out and "Traceback" not in err:
            found_command += 1
        else:
            wrong.append((tamper.__name__, "command", code, out, err, seq))
    figure("audit_tamper", kinds_tried=len(KINDS), found_by_verify=found_direct,
           found_by_command=found_command, first_bad_row_named=found_direct + found_command,
           last_seq=trail.last)
    assert wrong == []


def test_the_untampered_trail_passes_both_checks(trail, tmp_path, monkeypatch, capsys):
    folder = _copy(trail, tmp_path / "intact")
    assert _verify(folder, trail.key) == audit.VerifyResult(True, trail.last)
    code, out, _err = _command(folder, monkeypatch, capsys)
    assert code == 0 and "Audittrail in orde" in out


def test_the_command_in_its_own_process_names_the_row(trail, tmp_path):
    folder = _tampered(trail, tmp_path / "child", edit_action)
    done = subprocess.run(
        [sys.executable, "-m", "blijf_desktop", "--store", str(folder), "audit", "verify",
         "--user", ADMIN], input=ADMIN_PASS + "\n", capture_output=True, text=True,
        cwd=ROOT, timeout=120)
    assert done.returncode == 1, done.stderr
    assert f"Audittrail verbroken bij regel {K} (" in done.stdout
    assert "Traceback" not in done.stderr


def test_a_tampered_trail_is_not_mended_by_later_use(trail, tmp_path, monkeypatch, capsys):
    """Logging in and working after a break keeps the break visible: new rows are linked to
    what the head says, never re-chained over the damage."""
    folder = _tampered(trail, tmp_path / "used", delete_head)
    auth = AuthService(StorePaths(folder), policy=FAST_POLICY)
    for _ in range(3):
        auth.login(ADMIN, ADMIN_PASS).close()
    result = _verify(folder, trail.key)
    assert (result.ok, result.first_bad_seq) == (False, trail.last + 1)


def test_known_limit_a_key_holder_who_rehashes_the_rest_is_not_seen(trail, tmp_path):
    """Documented limit (SECURITY.md): with the data key, a whole consistent rewrite of the
    chain verifies. Only a copy of the head kept outside the store could show it."""
    folder = _tampered(trail, tmp_path / "rewrite", rewrite_rest_of_chain)
    result = _verify(folder, trail.key)
    figure("audit_tamper_limit", consistent_rewrite_detected=not result.ok)
    assert result.ok
