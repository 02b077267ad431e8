"""The environment told apart from damage (issue #16): a read-only folder, a read-only
store.db, a full disk, a file or a missing folder at --store. Each gives its own calm Dutch
message with what is wrong and what to do, and never "beschadigd" or "zet een back-up terug":
restoring a backup over a healthy store is how data gets lost. Real folders, real SQLCipher,
real widgets; the read-only folder and the full disk are real too (tests/reliability/environment.py)."""

import errno
import io
import json
import os
import random
import shutil
import subprocess
import sys
from contextlib import closing
from datetime import date

import pytest
import sqlcipher3
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from blijf_desktop import demo
from blijf_desktop.app import main
from blijf_desktop.config import AppConfig
from blijf_desktop.services.auth import AuthService
from blijf_desktop.services.intake import IntakeService
from blijf_desktop.storage import audit
from blijf_desktop.storage.errors import (
    DiskError,
    DiskFull,
    StoreError,
    StoreFileMissing,
    StoreFolderUnusable,
    StoreReadOnly,
    means_damaged_store,
)
from blijf_desktop.storage.paths import StorePaths
from blijf_desktop.ui.application import AppFlow
from blijf_desktop.ui.dialogs.login import LoginDialog
from blijf_desktop.ui.messages import error_message
from tests.conftest import ADMIN, ADMIN_PASS, FAST_POLICY
from tests.reliability.child_store import (
    ROOT,
    WORKER,
    WORKER_PASS,
    figure,
    folder_digest,
    make_store,
)
from tests.reliability.environment import (
    fill_disk,
    needs_linux,
    read_only,
    read_only_mount,
    small_disk,
)

FALSE_ADVICE = ("beschadigd", "back-up terug")


def _calm(message: str) -> bool:
    return not any(words in message for words in FALSE_ADVICE)


@pytest.fixture
def store(created, paths) -> StorePaths:
    """A healthy store, closed properly."""
    created[0].close()
    return paths


READ_ONLY_WAYS = {"no write permission": read_only, "read-only file system": read_only_mount}


@pytest.mark.parametrize("way", READ_ONLY_WAYS)
def test_a_read_only_folder_answers_the_right_passphrase_with_what_is_wrong(auth, store, way):
    before = folder_digest(store.folder)
    with READ_ONLY_WAYS[way](store.folder):
        with pytest.raises(StoreError) as refused:
            auth.login(ADMIN, ADMIN_PASS)
    message = error_message(refused.value)
    assert message == error_message(StoreReadOnly(str(store.folder)))
    assert "alleen-lezen" in message and store.folder.name in message, message
    assert _calm(message) and not means_damaged_store(refused.value), message
    assert folder_digest(store.folder) == before
    auth.login(ADMIN, ADMIN_PASS).close()  # writable again: the same passphrase opens it


def _label_shown_whole(label, dialog) -> bool:
    top_left = label.mapTo(dialog, label.rect().topLeft())
    return (label.isVisible() and label.height() >= label.heightForWidth(label.width())
            and top_left.y() + label.height() <= dialog.height())


def test_the_login_window_shows_the_whole_read_only_message(qtbot, auth, store):
    dialog = LoginDialog(auth)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.username, ADMIN)
    qtbot.keyClicks(dialog.passphrase.edit, ADMIN_PASS)
    with read_only(store.folder):
        qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    assert dialog.session is None
    message = dialog.message.text()
    assert message == error_message(StoreReadOnly(str(store.folder)))
    assert dialog.passphrase.text() == ADMIN_PASS  # what was typed stays
    qtbot.waitUntil(lambda: _label_shown_whole(dialog.message, dialog))
    login_top = dialog.login_button.mapTo(dialog, dialog.login_button.rect().topLeft()).y()
    label_bottom = dialog.message.mapTo(dialog, dialog.message.rect().bottomLeft()).y()
    assert label_bottom < login_top  # nothing drawn over it


def test_a_read_only_store_file_is_named(auth, store):
    with read_only(store.db):
        with pytest.raises(StoreError) as refused:
            auth.login(ADMIN, ADMIN_PASS)
    message = error_message(refused.value)
    assert message == error_message(StoreReadOnly(str(store.folder), "store.db"))
    assert "store.db" in message and "alleen-lezen" in message and _calm(message), message


# -- a full disk ---------------------------------------------------------------------------------
def _cases(session) -> int:
    return session.db.conn.execute("SELECT count(*) FROM cases").fetchone()[0]


def test_a_full_disk_while_saving_an_intake_is_told_and_the_store_still_opens(tmp_path):
    disk = tmp_path / "disk"
    with small_disk(disk, 4096):
        paths, _recovery = make_store(disk / "store")
        auth = AuthService(paths, policy=FAST_POLICY)
        session = auth.login(WORKER, WORKER_PASS)
        intake, rng = IntakeService(session), random.Random(16)
        intake.save_intake(*demo.synthetic_case(rng, date.today()))
        saved = _cases(session)
        filler = fill_disk(disk)
        with pytest.raises(Exception) as saving:  # noqa: PT011 - the kind is what is tested
            for _ in range(20):  # the WAL may still have room for the first
                intake.save_intake(*demo.synthetic_case(rng, date.today()))
        message = error_message(saving.value)
        assert message == error_message(DiskFull())
        assert "vol" in message and "schijf" in message and _calm(message), message
        assert not means_damaged_store(saving.value)
        with pytest.raises(Exception) as drafting:  # noqa: PT011
            intake.save_draft({"stap": 1, "tekst": "x" * 200_000})
        assert error_message(drafting.value) == message
        filler.unlink()
        intake.save_intake(*demo.synthetic_case(rng, date.today()))  # room again: it saves
        assert _cases(session) > saved
        session.close()
        session = auth.login(WORKER, WORKER_PASS)
        try:
            conn = session.db.conn
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert audit.verify(conn).ok
        finally:
            session.close()
    figure("full_disk", saving_refused_calmly=True, store_reopened=True)


def test_a_full_disk_at_login_is_told(tmp_path):
    disk = tmp_path / "disk"
    with small_disk(disk, 4096):
        paths, _recovery = make_store(disk / "store")
        fill_disk(disk)
        with pytest.raises(StoreError) as refused:
            AuthService(paths, policy=FAST_POLICY).login(WORKER, WORKER_PASS)
        assert isinstance(refused.value, DiskFull)
        assert not list(paths.folder.glob("*.new"))  # no half-written file left


# -- the store folder itself ---------------------------------------------------------------------
def _refused_at_start(qtbot, folder) -> str:
    """What the app says when started on `folder`; it must end (status 1) without a dialog."""
    flow = AppFlow(AppConfig(auth=AuthService(StorePaths(folder), policy=FAST_POLICY)))
    try:
        flow.start()
        qtbot.waitUntil(lambda: flow.notice is not None and flow.notice.isVisible())
        text = flow.notice.text()
        assert flow.dialog is None and flow.session is None
        with qtbot.waitSignal(flow.finished, timeout=5000) as finished:
            qtbot.mouseClick(flow.notice.button(QMessageBox.StandardButton.Ok),
                             Qt.MouseButton.LeftButton)
        assert finished.args == [1]
        return text
    finally:
        flow.shutdown()


def _audit_verify(folder, monkeypatch, capsys, passphrase=ADMIN_PASS) -> tuple[int, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(passphrase + "\n"))
    code = main(["--store", str(folder), "audit", "verify", "--user", ADMIN])
    out = capsys.readouterr()
    assert out.out == "" and "Traceback" not in out.err
    return code, out.err.strip()


def test_store_at_a_file(qtbot, tmp_path, monkeypatch, capsys):
    file = tmp_path / "store.txt"
    file.write_text("geen map")
    message = _refused_at_start(qtbot, file)
    assert message == error_message(StoreFolderUnusable("not_a_folder", str(file)))
    assert "staat een bestand" in message and file.name in message and _calm(message), message
    code, err = _audit_verify(file, monkeypatch, capsys)
    assert code == 2 and err == message
    assert file.read_text() == "geen map"


def test_a_missing_folder_whose_parent_is_read_only(qtbot, tmp_path, monkeypatch, capsys):
    parent = tmp_path / "alleen-lezen"
    parent.mkdir()
    with read_only(parent):
        message = _refused_at_start(qtbot, parent / "store")
    assert message == error_message(StoreFolderUnusable("cannot_create", str(parent / "store")))
    assert "bestaat niet" in message and _calm(message) and not (parent / "store").exists()
    code, err = _audit_verify(parent / "store", monkeypatch, capsys)
    assert code == 2 and err == error_message(StoreFolderUnusable("missing", str(parent / "store")))


def test_an_empty_read_only_folder(qtbot, tmp_path):
    folder = tmp_path / "leeg"
    folder.mkdir()
    with read_only(folder):
        message = _refused_at_start(qtbot, folder)
    assert message == error_message(StoreReadOnly(str(folder)))
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("way", READ_ONLY_WAYS)
def test_audit_verify_on_a_read_only_folder(store, monkeypatch, capsys, way):
    with READ_ONLY_WAYS[way](store.folder):
        code, err = _audit_verify(store.folder, monkeypatch, capsys)
    assert code == 2 and err == error_message(StoreReadOnly(str(store.folder))), err


def test_setting_up_on_a_full_disk_leaves_no_half_store(tmp_path, device):
    disk = tmp_path / "disk"
    with small_disk(disk, 1024):
        auth = AuthService(StorePaths(disk / "store"), device, FAST_POLICY)
        auth.claim()
        filler = fill_disk(disk)
        with pytest.raises(DiskFull):
            auth.create_store(ADMIN, "Synthetische Beheerder", ADMIN_PASS)
        assert not auth.store_exists()  # the next start offers set-up again, not "missing"
        filler.unlink()
        auth.create_store(ADMIN, "Synthetische Beheerder", ADMIN_PASS)[0].close()
        auth.release()


# -- the store folder at login and for audit verify ----------------------------------------------
def _make_file(folder):
    folder.write_text("geen map")


def _store_keys_a_folder(folder):
    (folder / "store.keys").unlink()
    (folder / "store.keys").mkdir()


FOLDER_CASES = {  # what is done to the folder of a healthy store -> what must be told
    "a file": (lambda f: (shutil.rmtree(f), _make_file(f)),
               StoreFolderUnusable(StoreFolderUnusable.NOT_A_FOLDER)),
    "missing": (shutil.rmtree, StoreFolderUnusable(StoreFolderUnusable.MISSING)),
    "empty": (lambda f: [p.unlink() for p in f.iterdir()],
              StoreFolderUnusable(StoreFolderUnusable.NO_STORE)),
    "store.keys a folder": (_store_keys_a_folder,
                            StoreFolderUnusable(StoreFolderUnusable.ENTRY_IS_FOLDER)),
    "store.db missing": (lambda f: (f / "store.db").unlink(), StoreFileMissing()),
}


@pytest.mark.parametrize("case", FOLDER_CASES)
def test_the_folder_is_told_at_login_and_by_audit_verify(auth, store, case, monkeypatch, capsys):
    change, expected = FOLDER_CASES[case]
    change(store.folder)
    expected.folder = str(store.folder)
    with pytest.raises(type(expected)) as refused:
        auth.login(ADMIN, ADMIN_PASS)
    assert getattr(refused.value, "reason", None) == getattr(expected, "reason", None)
    message = error_message(refused.value)
    assert message == error_message(expected) and _calm(message), message
    code, err = _audit_verify(store.folder, monkeypatch, capsys)
    assert code == 2 and err == message


# -- errors met while working, by their codes ----------------------------------------------------
WRITE_UNTIL_TOO_BIG = """
import json, random, resource, signal, sys
from datetime import date
from pathlib import Path
from blijf_desktop import demo
from blijf_desktop.services.intake import IntakeService
from blijf_desktop.storage.errors import means_damaged_store
from blijf_desktop.ui.messages import error_message
from tests.reliability.child_store import WORKER, WORKER_PASS, open_auth

folder = Path(sys.argv[1])
session = open_auth(folder).login(WORKER, WORKER_PASS)
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
limit = max(p.stat().st_size for p in folder.iterdir()) + 64 * 1024
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
intake, rng, found = IntakeService(session), random.Random(7), None
try:
    for _ in range(500):
        intake.save_intake(*demo.synthetic_case(rng, date.today()))
except Exception as error:
    found = {"code": getattr(error, "sqlite_errorcode", None), "damaged": means_damaged_store(error),
             "message": error_message(error)}
resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
session.close()
print(json.dumps(found))
"""


def test_a_write_refused_by_the_system_is_a_disk_problem_not_damage(tmp_path):
    """A real SQLITE_IOERR_WRITE (the file size limit, EFBIG; no root needed)."""
    needs_linux()
    paths, _recovery = make_store(tmp_path / "store")
    done = subprocess.run([sys.executable, "-c", WRITE_UNTIL_TOO_BIG, str(paths.folder)],
                          cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(done.stdout.splitlines()[-1])
    assert found["code"] & 0xFF == 10 and not found["damaged"], found  # SQLITE_IOERR
    assert found["message"] == error_message(DiskError()) and _calm(found["message"])
    session = AuthService(paths, policy=FAST_POLICY).login(WORKER, WORKER_PASS)
    try:
        assert session.db.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert audit.verify(session.db.conn).ok
    finally:
        session.close()


def test_a_read_only_store_met_while_working_is_named_by_its_code(tmp_path):
    """A real SQLITE_READONLY from sqlcipher3 (a connection opened read-only) and the OS
    errors that can only mean a full or read-only disk: the messages error_message() gives."""
    plain = tmp_path / "plain.db"
    with closing(sqlcipher3.connect(str(plain))) as conn:
        conn.execute("CREATE TABLE t (x)")
    with closing(sqlcipher3.connect(f"file:{plain}?mode=ro", uri=True)) as conn:
        with pytest.raises(sqlcipher3.OperationalError) as writing:
            conn.execute("INSERT INTO t VALUES (1)")
    assert error_message(writing.value) == error_message(StoreReadOnly())
    for number, kind in ((errno.ENOSPC, DiskFull), (errno.EDQUOT, DiskFull),
                         (errno.EROFS, StoreReadOnly), (errno.EIO, DiskError)):
        message = error_message(OSError(number, os.strerror(number)))
        assert message == error_message(kind()) and _calm(message), number
