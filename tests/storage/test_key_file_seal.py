"""The key file cannot be talked down (issue 22): its passphrase-only mode, each slot's device
binding and Argon2id parameters are sealed under the data key, so an edited file is refused as
damaged and nothing is written from it; recovery keeps the PC binding unless passphrase-only is
chosen (audited); a version 1 file is sealed at the next login."""

import hashlib
import json
import shutil

import pytest

from blijf_desktop.domain.roles import Role
from blijf_desktop.services.accounts import AccountService
from blijf_desktop.services.auth import AuthService
from blijf_desktop.services.backups import BackupService
from blijf_desktop.storage import audit
from blijf_desktop.storage.device import DeviceSecrets
from blijf_desktop.storage.errors import (
    DeviceNotBound, KeyFileDamaged, KeyringUnavailable,
)
from blijf_desktop.storage.keyvault import user_slot_id
from blijf_desktop.ui.messages import error_message
from blijf_desktop.services.errors import AccountPending
from tests.account_helpers import CONFIRMER, CONFIRMER_PASS, confirm
from tests.conftest import ADMIN, ADMIN_PASS, FAST_POLICY, confirm_pending
from tests.keyring_backend import MemoryKeyring
from tests.storage.legacy_keys import legacy_file

HV, HV_PASS = "hv", "Oranje-Walvis-Zingt-31"
NEW_PASS = "Groene-Kikker-Danst-88"
V1_FIELDS = {"format", "version", "store_id", "passphrase_only", "slots"}
V1_SLOT_FIELDS = {"id", "kind", "device_bound", "salt", "nonce", "wrapped", "argon"}


@pytest.fixture
def two_users(created, auth):
    """A store with the beheerder and a hulpverlener, both bound to this PC, closed."""
    session, recovery = created
    accounts = AccountService(session)
    accounts.accept_confidentiality()
    accounts.add_user(HV, "Synthetische Hulpverlener", Role.HULPVERLENER, HV_PASS)
    confirm_pending(created, auth, HV)  # case access waits for a teamleider (issue 22)
    session.close()
    return recovery


@pytest.fixture
def data_key_of(auth, two_users):
    """The store's data key (the recovery key opens it), for writing an older key file."""
    return bytes(auth.vault.open_with_recovery(two_users))


def _body(auth) -> dict:
    return json.loads(auth.paths.keys.read_text())


def _write(auth, body: dict) -> None:
    auth.paths.keys.write_text(json.dumps(body))


def _slot(body: dict, username: str) -> dict:
    return next(s for s in body["slots"] if s["id"] == user_slot_id(body["store_id"], username))


def _digest(auth) -> str:
    return hashlib.sha256(auth.paths.keys.read_bytes()).hexdigest()


def _refused_as_damaged(attempt) -> None:
    with pytest.raises(KeyFileDamaged) as refused:
        attempt()
    assert "beschadigd" in error_message(refused.value)


def test_passphrase_only_switched_on_is_refused_and_recovery_writes_nothing(two_users, auth):
    """The issue's finding: the flag made a normal login fail, and recovery then wrote a slot
    not bound to the PC. Now both refuse the file, with the right passphrase and key too."""
    body = _body(auth)
    body["passphrase_only"] = True
    _write(auth, body)
    before = _digest(auth)
    _refused_as_damaged(lambda: auth.login(ADMIN, ADMIN_PASS))
    _refused_as_damaged(lambda: auth.login(HV, HV_PASS))
    _refused_as_damaged(lambda: auth.recover(two_users, ADMIN, NEW_PASS))
    assert _digest(auth) == before


def test_a_switched_device_binding_is_refused_as_damaged(two_users, auth):
    body = _body(auth)
    _slot(body, ADMIN)["device_bound"] = False
    _write(auth, body)
    _refused_as_damaged(lambda: auth.login(ADMIN, ADMIN_PASS))  # her own slot
    _refused_as_damaged(lambda: auth.login(HV, HV_PASS))  # anyone's opening checks them all
    _refused_as_damaged(lambda: auth.recover(two_users, HV, NEW_PASS))
    # The device pin (format 3) tells the edit before any passphrase is tried: a wrong one
    # learns only what its editor knew, and is not counted as a failed login.
    _refused_as_damaged(lambda: auth.login(ADMIN, "Niet-Het-Goede-Wachtwoord"))
    assert auth.guard.wait_seconds() == 0


def test_the_whole_file_talked_down_consistently_is_refused(two_users, auth):
    """Mode and every binding switched together, as a careful editor would."""
    body = _body(auth)
    body["passphrase_only"] = True
    for slot in body["slots"]:
        if slot["kind"] == "user":
            slot["device_bound"] = False
    _write(auth, body)
    _refused_as_damaged(lambda: auth.login(ADMIN, ADMIN_PASS))
    _refused_as_damaged(lambda: auth.recover(two_users, ADMIN, NEW_PASS))


@pytest.mark.parametrize("field, change", [("iterations", 1), ("memory_kib", 1024)])
def test_edited_kdf_parameters_are_refused_as_damaged(two_users, auth, field, change):
    body = _body(auth)
    _slot(body, HV)["argon"][field] += change
    _write(auth, body)
    _refused_as_damaged(lambda: auth.login(ADMIN, ADMIN_PASS))
    _refused_as_damaged(lambda: auth.recover(two_users, HV, NEW_PASS))
    # Her own login too (issue 22, item 2): the device pin over every slot's header is checked
    # before any Argon2id work, so the edit is told as damage, not counted as a failed login.
    before = _failures(auth)
    _refused_as_damaged(lambda: auth.login(HV, HV_PASS))
    assert _failures(auth) == before


def _failures(auth) -> int:
    return json.loads(auth.paths.attempts.read_text()).get("failures", 0) \
        if auth.paths.attempts.exists() else 0


def test_recovery_keeps_the_pc_binding(two_users, auth, paths, tmp_path):
    with pytest.raises(AccountPending):  # a beheerder's recovery waits for a teamleider
        auth.recover(two_users, ADMIN, NEW_PASS)
    confirm(auth, CONFIRMER, CONFIRMER_PASS, ADMIN)
    session = auth.login(ADMIN, NEW_PASS)
    try:
        rows = [r for r in audit.recent(session.db.conn, 40) if r.action == "recovery_used"]
        assert json.loads(rows[0].detail)["passphrase_only"] is False
        assert not [r for r in audit.recent(session.db.conn, 40)
                    if r.action == "passphrase_only_mode"]
    finally:
        session.close()
    body = _body(auth)
    assert body["passphrase_only"] is False and _slot(body, ADMIN)["device_bound"] is True
    copied = tmp_path / "copied"
    shutil.copytree(paths.folder, copied)
    elsewhere = AuthService(type(paths)(copied), DeviceSecrets(MemoryKeyring()), FAST_POLICY)
    with pytest.raises(DeviceNotBound):  # the copied folder does not open on another PC
        elsewhere.login(ADMIN, NEW_PASS)


def test_passphrase_only_at_recovery_is_an_explicit_audited_choice(two_users, paths):
    class NoKeyring(DeviceSecrets):
        def available(self) -> bool:
            return False

    no_keyring = AuthService(paths, NoKeyring(MemoryKeyring()), FAST_POLICY)
    with pytest.raises(KeyringUnavailable):  # never chosen for her by the file
        no_keyring.recover(two_users, ADMIN, NEW_PASS)
    # No teamleider's slot opens on a PC without this store's device secret: nobody here could
    # confirm, so the beheerder's recovery takes effect alone (audited as such).
    session = no_keyring.recover(two_users, ADMIN, NEW_PASS, passphrase_only=True)
    try:
        rows = {r.action: r for r in audit.recent(session.db.conn, 20)}
        assert json.loads(rows["recovery_used"].detail)["confirmation"] == "alone"
        assert json.loads(rows["passphrase_only_mode"].detail) == {"via": "recovery"}
        assert rows["passphrase_only_mode"].user_id == session.user.id
    finally:
        session.close()
    body = json.loads(paths.keys.read_text())
    assert body["passphrase_only"] is True and _slot(body, ADMIN)["device_bound"] is False
    assert _slot(body, HV)["device_bound"] is True  # her slot is hers to change
    no_keyring.login(ADMIN, NEW_PASS).close()


def test_a_version_1_file_is_sealed_at_the_next_login(two_users, auth, data_key_of):
    """A store made before the seal (version 1, every slot wrapping the data key itself) is
    sealed as version 3 at the next login, and that user's slot gets its key pair."""
    legacy_file(auth.vault, data_key_of, {ADMIN: ADMIN_PASS, HV: HV_PASS}, two_users, version=1)
    body = _body(auth)
    assert set(body) == V1_FIELDS and all(set(s) == V1_SLOT_FIELDS for s in body["slots"])
    auth.vault.open_with_recovery(two_users)  # version 1 still opens (nothing sealed yet)
    assert _body(auth)["version"] == 1
    auth.login(HV, HV_PASS).close()
    sealed = _body(auth)
    assert sealed["version"] == 3 and "mac" in sealed and "pin" in sealed
    assert all("mac" in s for s in sealed["slots"])
    assert "public" in _slot(sealed, HV) and "public" not in _slot(sealed, ADMIN)
    assert _slot(sealed, ADMIN)["wrapped"] == _slot(body, ADMIN)["wrapped"]
    auth.login(ADMIN, ADMIN_PASS).close()
    assert "public" in _slot(_body(auth), ADMIN)
    sealed = _body(auth)
    sealed["passphrase_only"] = True  # and from now on an edit is found
    _write(auth, sealed)
    _refused_as_damaged(lambda: auth.login(ADMIN, ADMIN_PASS))


def test_a_version_1_file_with_a_switched_flag_is_refused(two_users, auth, data_key_of):
    """What the issue found, on a store made before the seal: refused before any write."""
    legacy_file(auth.vault, data_key_of, {ADMIN: ADMIN_PASS, HV: HV_PASS}, two_users, version=1)
    body = _body(auth)
    body["passphrase_only"] = True
    _write(auth, body)
    before = _digest(auth)
    _refused_as_damaged(lambda: auth.login(ADMIN, ADMIN_PASS))
    _refused_as_damaged(lambda: auth.recover(two_users, ADMIN, NEW_PASS))
    assert _digest(auth) == before


def test_nothing_is_written_from_a_file_edited_during_a_session(two_users, auth, tmp_path):
    session = auth.login(ADMIN, ADMIN_PASS)
    try:
        good = auth.paths.keys.read_bytes()
        body = json.loads(good)
        body["passphrase_only"] = True
        _write(auth, body)
        accounts = AccountService(session)
        _refused_as_damaged(lambda: accounts.add_user(
            "nieuw", "Synthetische Collega", Role.HULPVERLENER, "Paarse-Egel-Slaapt-77"))
        _refused_as_damaged(accounts.new_recovery_key)
        backups = BackupService(session)
        (tmp_path / "backups").mkdir()
        backups.choose_folder(str(tmp_path / "backups"))
        _refused_as_damaged(backups.start_backup)  # a backup would carry the mode sealed
        downgraded = json.loads(good)
        downgraded["version"] = 1
        downgraded.pop("mac")
        for slot in downgraded["slots"]:
            slot.pop("mac")
        _write(auth, downgraded)  # back to version 1 to escape the seal
        _refused_as_damaged(lambda: accounts.add_user(
            "nieuw", "Synthetische Collega", Role.HULPVERLENER, "Paarse-Egel-Slaapt-77"))
    finally:
        session.close()
