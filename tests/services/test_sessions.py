"""Lock, back-off, permissions and first-login duties, through the services."""

import pytest

from blijf_desktop.domain import backoff
from blijf_desktop.domain.roles import Role
from blijf_desktop.services.accounts import AccountService
from blijf_desktop.services.audit_trail import AuditTrailService
from blijf_desktop.services.auth import AuthService
from blijf_desktop.services.errors import LastBeheerder, PermissionDenied, SessionNotReady, WeakPassphrase
from blijf_desktop.storage.device import DeviceSecrets
from blijf_desktop.storage.errors import StoreLocked, WrongCredentials
from tests.conftest import ADMIN, ADMIN_PASS, FAST_POLICY, confirm_pending

pytestmark = pytest.mark.engines

HV_PASS = "Oranje-Walvis-Zingt-31"
HV_OWN = "Paarse-Zebra-Leest-64"


def test_lock_closes_the_connection_and_forgets_the_key(created):
    session, _ = created
    AccountService(session).accept_confidentiality()
    connection = session.db.conn
    session.lock()
    assert session.locked
    with pytest.raises(Exception):
        connection.execute("SELECT 1")  # the real connection object is closed
    with pytest.raises(StoreLocked):
        session.data_key
    with pytest.raises(StoreLocked):
        AccountService(session).list_users()
    with pytest.raises(WrongCredentials):
        session.unlock("Niet-Het-Goede-Wachtwoord")
    assert session.locked
    session.unlock(ADMIN_PASS)
    assert [u.username for u in AccountService(session).list_users()] == [ADMIN]


def test_backoff_delays_are_exponential_and_capped():
    delays = [backoff.delay_after(n) for n in range(1, 20)]
    assert delays[:backoff.FREE_ATTEMPTS - 1] == [0, 0]
    grown = delays[backoff.FREE_ATTEMPTS - 1:]
    assert all(b == min(2 * a, backoff.MAX_DELAY_SECONDS) for a, b in zip(grown, grown[1:]))
    assert max(delays) == backoff.MAX_DELAY_SECONDS


def _hulpverlener(created, auth):
    session, _ = created
    accounts = AccountService(session)
    if session.user.confidentiality_accepted_at is None:
        accounts.accept_confidentiality()
    accounts.add_user("hv", "Synthetische Hulpverlener", Role.HULPVERLENER, HV_PASS)
    confirm_pending(created, auth, "hv")
    return auth.login("hv", HV_PASS)


def test_new_user_must_accept_and_change_before_working(created, auth):
    session, _ = created
    admin = AccountService(session)
    admin.accept_confidentiality()
    admin.add_user("tweede", "Tweede Beheerder", Role.BEHEERDER, HV_PASS)
    second = auth.login("tweede", HV_PASS)
    assert second.user.must_change_passphrase and not second.ready
    with pytest.raises(SessionNotReady):
        AccountService(second).list_users()
    second.close()
    hv = _hulpverlener(created, auth)
    accounts = AccountService(hv)
    accounts.accept_confidentiality()
    accounts.change_own_passphrase(HV_PASS, HV_OWN)
    assert hv.ready
    hv.close()
    auth.login("hv", HV_OWN).close()


def test_services_refuse_what_the_role_may_not_do(created, auth):
    hv = _hulpverlener(created, auth)
    accounts = AccountService(hv)
    accounts.accept_confidentiality()
    accounts.change_own_passphrase(HV_PASS, HV_OWN)
    for call in (accounts.list_users,
                 lambda: accounts.add_user("x", "X", Role.BEHEERDER, HV_PASS),
                 lambda: accounts.reset_passphrase(1, HV_PASS),
                 lambda: accounts.disable_user(1),
                 AuditTrailService(hv).verify,
                 AuditTrailService(hv).recent):
        with pytest.raises(PermissionDenied):
            call()
    hv.close()


def test_last_beheerder_cannot_be_disabled(created):
    session, _ = created
    accounts = AccountService(session)
    accounts.accept_confidentiality()
    with pytest.raises(LastBeheerder):
        accounts.disable_user(session.user.id)


def test_reset_passphrase_forces_a_change(created, auth):
    session, _ = created
    accounts = AccountService(session)
    accounts.accept_confidentiality()
    hv = accounts.add_user("hv", "Synthetische Hulpverlener", Role.HULPVERLENER, HV_PASS)
    accounts.reset_passphrase(hv.id, "Gele-Vogel-Fluit-55")
    confirm_pending(created, auth, "hv")
    again = auth.login("hv", "Gele-Vogel-Fluit-55")
    assert again.user.must_change_passphrase
    again.close()


@pytest.mark.local_only("set-up makes a local store; a server is made by `server init`")
def test_weak_passphrase_is_refused_at_setup(auth):
    with pytest.raises(WeakPassphrase):
        auth.create_store(ADMIN, "Synthetische Beheerder", "kort")
    assert not auth.store_exists()


def test_setup_without_keyring_needs_the_explicit_passphrase_only_choice(paths):
    from keyring.backends.fail import Keyring as FailKeyring

    from blijf_desktop.storage.errors import KeyringUnavailable

    auth = AuthService(paths, DeviceSecrets(FailKeyring()), FAST_POLICY)
    assert not auth.keyring_available()
    with pytest.raises(KeyringUnavailable):
        auth.create_store(ADMIN, "Synthetische Beheerder", ADMIN_PASS)
    session, _ = auth.create_store(ADMIN, "Synthetische Beheerder", ADMIN_PASS,
                                   passphrase_only=True)
    AccountService(session).accept_confidentiality()
    assert "passphrase_only_mode" in [r.action for r in AuditTrailService(session).recent()]
    session.close()
    assert auth.passphrase_only()
    auth.login(ADMIN, ADMIN_PASS).close()


def test_plaintext_keyring_backends_count_as_no_keyring():
    import keyring.backend

    class PlaintextLike(keyring.backend.KeyringBackend):
        priority = 1
        get_password = set_password = delete_password = None

    PlaintextLike.__module__ = "keyrings.alt.file"
    assert not DeviceSecrets(PlaintextLike()).available()


def test_a_forced_change_must_pick_a_new_passphrase(created, auth):
    hv = _hulpverlener(created, auth)
    accounts = AccountService(hv)
    with pytest.raises(WeakPassphrase) as refused:
        accounts.change_own_passphrase(HV_PASS, HV_PASS)
    assert refused.value.problem == "same_as_current"
    hv.close()


@pytest.mark.local_only("the store's own key slot and file: a server login unwraps no store key")
def test_a_login_that_fails_after_unlocking_leaves_no_key_behind(created, auth, tmp_path):
    """The slot opens, but the store file is another store's: the user gets StoreDamaged and
    the data key that was unwrapped is zeroed at once, not left for the garbage collector."""
    from blijf_desktop.storage.errors import StoreDamaged
    from blijf_desktop.storage.paths import StorePaths

    session, _ = created
    session.close()
    other = AuthService(StorePaths(tmp_path / "other"), auth.device, FAST_POLICY)
    other_session, _ = other.create_store("ander", "Synthetische Ander", ADMIN_PASS)
    other_session.close()
    auth.paths.db.write_bytes((tmp_path / "other" / "store.db").read_bytes())

    unwrapped = []
    real_open = auth.vault.open_with_passphrase

    def keep_a_reference(*args):
        key = real_open(*args)
        unwrapped.append(key)
        return key

    auth.vault.open_with_passphrase = keep_a_reference
    with pytest.raises(StoreDamaged):
        auth.login(ADMIN, ADMIN_PASS)
    assert len(unwrapped) == 1 and unwrapped[0] == bytearray(32)
