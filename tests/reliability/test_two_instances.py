"""Proof 7, two instances: a second app instance on the same store (another process) is told
the store is in use and changes nothing; a lock left by a killed instance is recognised and
taken over. Within one process the lock is shared by all its sessions."""

import json
import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from blijf_desktop.config import AppConfig
from blijf_desktop.services.auth import AuthService
from blijf_desktop.storage import attempts, audit
from blijf_desktop.storage.errors import StoreInUse, WrongCredentials
from blijf_desktop.ui.application import AppFlow
from blijf_desktop.ui.messages import error_message
from tests.conftest import FAST_POLICY
from tests.reliability.child_store import (
    ADMIN,
    ADMIN_PASS,
    ROOT,
    figure,
    folder_digest,
    make_store,
    start_child,
)

IN_USE_NL = ("Blijf Desktop is al geopend met deze gegevens (op deze pc). Sluit het andere "
             "venster of wacht tot het is afgesloten.")
IN_USE_EN = ("Blijf Desktop is already open with this data (on this PC). Close the other window "
             "or wait until it has closed.")
TIMEOUT = 30


@pytest.fixture
def paths(tmp_path):
    return make_store(tmp_path / "store")[0]


@contextmanager
def first_instance(paths):
    """Another process that has logged in and keeps the store open: (process, its pid)."""
    child = start_child("instance_worker", "hold", str(paths.folder), stdin=subprocess.PIPE,
                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    watchdog = threading.Timer(TIMEOUT, child.kill)
    watchdog.start()
    try:
        line = child.stdout.readline()
        assert line.startswith("holding "), child.stderr.read()
        yield child, int(line.split()[1])
    finally:
        watchdog.cancel()
        if child.poll() is None:
            child.kill()
        child.wait()
        for stream in (child.stdin, child.stdout, child.stderr):
            stream.close()


def quit_normally(child) -> None:
    child.stdin.close()
    assert child.wait(TIMEOUT) == 0, child.stderr.read()


def second_instance(paths) -> dict:
    """Another process tries to log in with the right passphrase; what it was told."""
    run = start_child("instance_worker", "try", str(paths.folder), stdout=subprocess.PIPE,
                      stderr=subprocess.PIPE, text=True)
    out, err = run.communicate(timeout=TIMEOUT)
    assert run.returncode == 0, err
    return json.loads(out)


def cli_audit_verify(paths) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "blijf_desktop", "--store", str(paths.folder),
                           "audit", "verify", "--user", ADMIN], input=ADMIN_PASS + "\n",
                          capture_output=True, text=True, timeout=TIMEOUT, cwd=ROOT)


def test_a_second_process_is_refused_with_the_message_and_changes_nothing(paths):
    with first_instance(paths) as (child, pid):
        before = folder_digest(paths.folder)
        started = time.perf_counter()
        told = second_instance(paths)
        refused_ms = (time.perf_counter() - started) * 1000
        assert told == {"opened": False, "error": "StoreInUse", "holder_pid": pid,
                        "messages": {"nl": IN_USE_NL, "en": IN_USE_EN}}
        cli = cli_audit_verify(paths)  # the command line refuses before asking the passphrase
        assert (cli.returncode, cli.stdout, cli.stderr.strip()) == (2, "", IN_USE_NL)
        auth = AuthService(paths, policy=FAST_POLICY)
        with pytest.raises(StoreInUse):
            auth.login(ADMIN, ADMIN_PASS)
        with pytest.raises(StoreInUse):
            auth.claim()
        after = folder_digest(paths.folder)
        changed = sorted(name for name in before.keys() | after.keys()
                         if before.get(name) != after.get(name))
        # Nothing changed but the break-in signal beside the store (Blijf 9.1, issue 21):
        # each refusal counted, no back-off, nothing else.
        assert changed == ["login-attempts.json"]
        assert only_instance_refusals(paths) == 4
        quit_normally(child)
    assert (paths.folder / "store.lock").read_bytes() == b""  # released on a normal quit
    assert second_instance(paths) == {"opened": True}
    assert cli_audit_verify(paths).returncode == 0
    figure("two_instances", second_instance_attempts=4, refused=4, store_files=len(before),
           store_files_changed=len(changed), refused_in_ms=round(refused_ms))


def test_the_gui_of_a_second_instance_says_so_and_ends(qtbot, paths):
    with first_instance(paths):
        before = folder_digest(paths.folder)
        flow = AppFlow(AppConfig(auth=AuthService(paths, policy=FAST_POLICY)))
        try:
            flow.start()
            qtbot.waitUntil(lambda: flow.notice is not None and flow.notice.isVisible())
            assert flow.notice.text() == error_message(StoreInUse())
            assert flow.dialog is None and flow.session is None  # no set-up, no login screen
            with qtbot.waitSignal(flow.finished, timeout=5000) as finished:
                qtbot.mouseClick(flow.notice.button(QMessageBox.StandardButton.Ok),
                                 Qt.MouseButton.LeftButton)
            assert finished.args == [1]
        finally:
            flow.shutdown()
        after = folder_digest(paths.folder)
        assert {k: v for k, v in after.items() if k != "login-attempts.json"} == before
        assert only_instance_refusals(paths) == 1


def only_instance_refusals(paths) -> int:
    """How many refused instances the signal file beside the store counts; it holds nothing
    else (no failed login, no back-off)."""
    state = attempts.load(paths.attempts)
    assert state.failures == 0 and {e.kind for e in state.events} == {attempts.INSTANCE}
    return len(state.events)


def test_a_killed_instance_leaves_a_stale_lock_that_is_taken_over(paths):
    lock_file = paths.folder / "store.lock"
    with first_instance(paths) as (child, pid):
        child.send_signal(signal.SIGKILL)
        assert child.wait(TIMEOUT) == -signal.SIGKILL
    assert json.loads(lock_file.read_text())["pid"] == pid  # left behind, nobody holds it
    auth = AuthService(paths, policy=FAST_POLICY)
    hold = auth.claim()
    assert hold.stale is not None and hold.stale["pid"] == pid
    session = auth.login(ADMIN, ADMIN_PASS)
    try:
        conn = session.db.conn
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA cipher_integrity_check").fetchall() == []
        assert audit.verify(conn).ok
        assert second_instance(paths)["opened"] is False  # taken over: held by us now
    finally:
        session.close()
        auth.release()
    assert second_instance(paths) == {"opened": True}
    figure("two_instances_stale_lock", killed_pid=pid, stale_lock_recognised=True,
           taken_over=True, store_intact=True)


def test_the_lock_is_per_process_and_ends_with_the_last_user(paths):
    first, second = (AuthService(paths, policy=FAST_POLICY) for _ in range(2))
    one = first.login(ADMIN, ADMIN_PASS)
    two = second.login(ADMIN, ADMIN_PASS)  # same process: no conflict with itself
    one.close()
    assert second_instance(paths)["opened"] is False
    two.close()
    with pytest.raises(WrongCredentials):  # a failed login keeps no hold behind
        first.login(ADMIN, "Verkeerd-Wachtwoord-99")
    first.claim()  # the UI's claim lasts from start to quit, also between sessions
    assert second_instance(paths)["opened"] is False
    first.release()
    assert second_instance(paths) == {"opened": True}
