"""Back-off that holds (issue 22; Blijf 9.1): the failed-login count is also kept in the OS
keyring (here the file keyring the proofs use, outside the store folder), the larger count
holds, a disagreement is a break-in signal, and the wait never exceeds the cap whatever the
clock did."""

import json

import pytest

from blijf_desktop.domain import backoff
from blijf_desktop.services.accounts import AccountService
from blijf_desktop.services.auth import AuthService
from blijf_desktop.services.break_ins import BreakInService
from blijf_desktop.storage import audit
from blijf_desktop.storage.device import DeviceSecrets
from blijf_desktop.storage.errors import TooManyAttempts, WrongCredentials
from blijf_desktop.storage.paths import StorePaths
from tests.conftest import ADMIN, ADMIN_PASS, FAST_POLICY
from tests.security.file_keyring import FileKeyring

pytestmark = pytest.mark.engines

WRONG_PASS = "Verkeerd-Wachtwoord-123"
HOURS_AHEAD = 5 * 3600


class Pc:
    """One PC: its keyring file and a clock the test moves; `app()` starts the app anew."""

    def __init__(self, folder, keyring_file):
        self.folder, self.keyring = folder, FileKeyring(keyring_file)
        self.now = 1_800_000_000.0

    def app(self) -> AuthService:
        return AuthService(StorePaths(self.folder), DeviceSecrets(self.keyring), FAST_POLICY,
                           clock=lambda: self.now)

    def fail(self, times: int) -> None:
        """`times` wrong passphrases, each as soon as the back-off lets it."""
        for _ in range(times):
            self.now += self.app().wait_seconds()
            with pytest.raises(WrongCredentials):
                self.app().login(ADMIN, WRONG_PASS)


@pytest.fixture
def pc(tmp_path):
    pc = Pc(tmp_path / "store", tmp_path / "os-keyring" / "keyring.json")
    session, _recovery = pc.app().create_store(ADMIN, "Synthetische Beheerder", ADMIN_PASS)
    AccountService(session).accept_confidentiality()
    session.close()
    return pc


def _actions(session) -> dict[str, dict]:
    return {r.action: json.loads(r.detail or "{}") for r in audit.recent(session.db.conn, 50)}


def test_deleting_the_counter_file_does_not_reset_the_backoff(pc):
    pc.fail(6)
    waiting = backoff.delay_after(6)
    assert pc.app().wait_seconds() == waiting > 0
    (pc.folder / "login-attempts.json").unlink()
    assert pc.app().wait_seconds() == waiting  # a new app start, the file gone
    with pytest.raises(TooManyAttempts):  # even the right passphrase waits
        pc.app().login(ADMIN, ADMIN_PASS)
    pc.now += waiting
    session = pc.app().login(ADMIN, ADMIN_PASS)
    try:
        assert session.failed_attempts_seen == 6  # told at the next login, none hidden
        found = _actions(session)
        assert found["login_failed"]["count"] == 6
        assert found["login_counter_mismatch"]["count"] == 1
        signals = {s.kind: s.count for s in BreakInService(session).since_last_login().signals}
        assert signals == {"login": 6, "counter": 1}
    finally:
        session.close()
    assert pc.app().wait_seconds() == 0  # both counts cleared by the success
    assert "login-attempts" not in pc.keyring.path.read_text()


def test_a_disagreement_is_signalled_and_the_count_goes_on_from_the_larger(pc):
    pc.fail(5)
    (pc.folder / "login-attempts.json").unlink()
    pc.fail(1)  # counted on from 5, not from 0
    assert pc.app().wait_seconds() == backoff.delay_after(6)
    counter = json.loads((pc.folder / "login-attempts.json").read_text())
    assert counter["failures"] == 6
    assert [e["kind"] for e in counter["events"]] == ["counter", "login"]


def test_a_deleted_keyring_copy_is_signalled_too(pc):
    pc.fail(4)
    entries = json.loads(pc.keyring.path.read_text())
    entries["Blijf Desktop"] = {k: v for k, v in entries["Blijf Desktop"].items()
                                if not k.endswith("/login-attempts")}
    pc.keyring.path.write_text(json.dumps(entries))
    assert pc.app().wait_seconds() == backoff.delay_after(4)  # the file still counts
    pc.now += backoff.delay_after(4)
    session = pc.app().login(ADMIN, ADMIN_PASS)
    try:
        assert _actions(session)["login_counter_mismatch"]["count"] == 1
    finally:
        session.close()


def test_the_wait_is_capped_after_the_clock_ran_ahead(pc):
    """Failures recorded while the clock ran five hours ahead, then the clock put right."""
    pc.now += HOURS_AHEAD
    pc.fail(16)
    assert pc.app().wait_seconds() == backoff.MAX_DELAY_SECONDS
    pc.now -= HOURS_AHEAD + backoff.MAX_DELAY_SECONDS  # back to the right time
    assert pc.app().wait_seconds() == backoff.MAX_DELAY_SECONDS  # not five hours
    pc.now += backoff.MAX_DELAY_SECONDS / 2
    assert pc.app().wait_seconds() == backoff.MAX_DELAY_SECONDS / 2  # and it counts down
    pc.now += backoff.MAX_DELAY_SECONDS / 2
    assert pc.app().wait_seconds() == 0
    pc.app().login(ADMIN, ADMIN_PASS).close()


def test_the_cap_holds_with_the_file_deleted_after_a_clock_jump(pc):
    pc.now += HOURS_AHEAD
    pc.fail(16)
    (pc.folder / "login-attempts.json").unlink()
    pc.now -= HOURS_AHEAD
    assert 0 < pc.app().wait_seconds() <= backoff.MAX_DELAY_SECONDS
    pc.now += backoff.MAX_DELAY_SECONDS
    assert pc.app().wait_seconds() == 0
