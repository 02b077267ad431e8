"""A new data key, killed (SIGKILL) at each phase (issue 22): the store always opens again,
with the old or the new key file, nothing committed is lost, and no half state is left."""

import json
import os
import subprocess
import sys

import pytest

from blijf_desktop.domain.roles import Role
from blijf_desktop.services.accounts import AccountService
from blijf_desktop.storage import audit, rekey
from blijf_desktop.storage.device import SERVICE
from tests.conftest import ADMIN, ADMIN_PASS, ready_user

HV, HV_PASS = "hv", "Oranje-Walvis-Zingt-31"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.fixture
def store(created, auth, keyring_backend):
    """A closed store with the beheerder, a hulpverlener and ~8 MB of pages to rewrite."""
    session, _recovery = created
    AccountService(session).accept_confidentiality()
    ready_user(created, auth, HV, "Synthetische Hulpverlener", Role.HULPVERLENER, HV_PASS)
    with session.db.transaction() as conn:
        conn.execute("CREATE TABLE filler (x BLOB)")
        conn.executemany("INSERT INTO filler VALUES (randomblob(4000))", [()] * 2000)
    store_id = session.vault.store_id()
    session.close()
    return store_id, keyring_backend.get_password(SERVICE, store_id)


def _run_child(auth, store, phase: str, delay: float | None = None):
    store_id, secret = store
    order = {"folder": str(auth.paths.folder), "store_id": store_id, "secret": secret,
             "phase": phase, "delay": delay, "marker": f"marker-{phase}-{delay}"}
    env = {**os.environ, "PYTHONPATH": ROOT, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-m", "tests.storage.rekey_child"], cwd=ROOT,
                          input=json.dumps(order), capture_output=True, text=True, env=env,
                          timeout=120)
    assert done.returncode == -9, done.stderr[-2000:]
    return order["marker"]


def _opens_whole(auth, marker: str, after: bool | None) -> None:
    for name, passphrase in ((ADMIN, ADMIN_PASS), (HV, HV_PASS)):
        session = auth.login(name, passphrase)
        try:
            conn = session.db.conn
            ids = {row[0] for row in conn.execute("SELECT record_id FROM audit_log")}
            assert marker in ids  # committed before the re-key began: never lost
            if after is not None:
                assert (marker + "-after" in ids) == after
            assert audit.verify(conn).ok
            assert conn.execute("SELECT count(*) FROM filler").fetchone()[0] == 2000
            assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        finally:
            session.close()
    assert not auth.vault.next_path.exists()  # the opening finished or undid it


@pytest.mark.parametrize("phase", rekey.PHASES)
def test_killed_at_each_phase_the_store_opens_with_nothing_lost(store, auth, phase):
    before = auth.paths.keys.read_bytes()
    marker = _run_child(auth, store, phase)
    _opens_whole(auth, marker, after=False)
    committed = rekey.PHASES.index(phase) >= rekey.PHASES.index("rekeyed")
    assert (auth.paths.keys.read_bytes() != before) == committed
    if committed:
        assert json.loads(auth.paths.keys.read_text())["previous"]  # the old key, kept


@pytest.mark.parametrize("delay", [0.0, 0.01, 0.03, 0.08])
def test_killed_while_sqlcipher_rewrites_the_pages(store, auth, delay):
    """SIGKILL from a timer started just before sqlite3_rekey: in the middle of the page
    rewrite, or just after; either key file then opens a whole store."""
    marker = _run_child(auth, store, "rekey_started", delay)
    _opens_whole(auth, marker, after=None)
