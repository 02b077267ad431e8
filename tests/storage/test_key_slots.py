"""Key slots: passphrase change, recovery on another PC, removed users, tampered slots.
Slots from another store and damaged key files: tests/security/test_wrong_keys.py and
tests/reliability/test_damaged_files.py."""

import json

import pytest

from blijf_desktop.domain.roles import Role
from blijf_desktop.services.accounts import AccountService
from blijf_desktop.services.auth import AuthService
from blijf_desktop.storage.device import DeviceSecrets
from blijf_desktop.storage.errors import KeyFileDamaged, WrongCredentials, WrongRecoveryKey
from blijf_desktop.storage.keyvault import format_recovery_key, parse_recovery_key
from tests.conftest import ADMIN, ADMIN_PASS, FAST_POLICY, confirm_pending
from tests.keyring_backend import MemoryKeyring

NEW_PASS = "Groene-Kikker-Danst-88"
HV_PASS = "Oranje-Walvis-Zingt-31"


def _ready(session):
    accounts = AccountService(session)
    accounts.accept_confidentiality()
    return accounts


def test_passphrase_change_keeps_data_and_retires_the_old_passphrase(created, auth):
    session, _ = created
    accounts = _ready(session)
    added = accounts.add_user("hv", "Synthetische Hulpverlener", Role.HULPVERLENER, HV_PASS)
    accounts.change_own_passphrase(ADMIN_PASS, NEW_PASS)
    session.close()
    with pytest.raises(WrongCredentials):
        auth.login(ADMIN, ADMIN_PASS)
    again = auth.login(ADMIN, NEW_PASS)
    assert [u.username for u in AccountService(again).list_users()] == ["beheer", "hv"]
    assert AccountService(again).list_users()[1].id == added.id
    again.close()


def test_change_needs_the_current_passphrase(created):
    session, _ = created
    with pytest.raises(WrongCredentials):
        _ready(session).change_own_passphrase("Niet-Het-Goede-Wachtwoord", NEW_PASS)


def test_recovery_key_opens_the_store_on_another_pc(created, paths):
    session, recovery = created
    _ready(session).add_user("hv", "Synthetische Hulpverlener", Role.HULPVERLENER, HV_PASS)
    session.close()
    other_pc = MemoryKeyring()
    elsewhere = AuthService(paths, DeviceSecrets(other_pc), FAST_POLICY)
    recovered = elsewhere.recover(recovery.lower().replace("-", " "), ADMIN, NEW_PASS)
    assert [u.username for u in AccountService(recovered).list_users()] == ["beheer", "hv"]
    recovered.close()
    # the new passphrase is bound to the new PC's device secret
    assert other_pc.entries
    elsewhere.login(ADMIN, NEW_PASS).close()


def test_removed_users_slot_no_longer_opens_the_store(created, auth):
    session, _ = created
    accounts = _ready(session)
    hv = accounts.add_user("hv", "Synthetische Hulpverlener", Role.HULPVERLENER, HV_PASS)
    confirm_pending(created, auth, "hv")
    auth.login("hv", HV_PASS).close()
    accounts.disable_user(hv.id)
    with pytest.raises(WrongCredentials):
        auth.vault.open_with_passphrase("hv", HV_PASS)
    with pytest.raises(WrongCredentials):
        auth.login("hv", HV_PASS)


def test_edited_kdf_parameters_are_refused(created, auth, paths):
    created[0].close()
    body = json.loads(paths.keys.read_text())
    body["slots"][0]["argon"]["iterations"] += 1
    paths.keys.write_text(json.dumps(body))
    with pytest.raises(KeyFileDamaged):  # the device pin: damage, not a wrong passphrase
        auth.login(ADMIN, ADMIN_PASS)


def test_recovery_key_format_round_trips_and_tolerates_typing():
    raw = bytes(range(20))
    text = format_recovery_key(raw)
    assert len(text.split("-")) == 8
    assert parse_recovery_key(text) == raw
    assert parse_recovery_key(text.lower().replace("-", "  ")) == raw
    with pytest.raises(WrongRecoveryKey):
        parse_recovery_key(text[:-2])


def test_new_recovery_key_retires_the_old_one(created, auth):
    session, old = created
    new = _ready(session).new_recovery_key()
    session.close()
    with pytest.raises(WrongRecoveryKey):
        auth.vault.open_with_recovery(old)
    assert len(auth.vault.open_with_recovery(new)) == 32
