"""Key file format 3 (issue 22): each slot holds a key pair, its private key wrapped under the
passphrase (or recovery key), the data key sealed to its public key (HPKE), so the app can
write a slot for a new data key without the passphrase. Older slots are given their key pair
at their user's next login, the recovery slot at the next use of the recovery key."""

import json

import pytest

from blijf_desktop.domain.roles import Role
from blijf_desktop.services.accounts import AccountService
from blijf_desktop.storage import sealing
from blijf_desktop.storage.keyvault import RECOVERY_SLOT_ID, user_slot_id
from tests.conftest import ADMIN, ADMIN_PASS, confirm_pending
from tests.storage.legacy_keys import legacy_file

HV, HV_PASS = "hv", "Oranje-Walvis-Zingt-31"
NEW_PASS = "Groene-Kikker-Danst-88"


@pytest.fixture
def store(created, auth):
    session, recovery = created
    accounts = AccountService(session)
    accounts.accept_confidentiality()
    accounts.add_user(HV, "Synthetische Hulpverlener", Role.HULPVERLENER, HV_PASS)
    confirm_pending(created, auth, HV)
    data_key = session.data_key
    session.close()
    return recovery, data_key


def _slots(auth) -> dict:
    body = json.loads(auth.paths.keys.read_text())
    ids = {user_slot_id(body["store_id"], n): n for n in (ADMIN, HV)} | {RECOVERY_SLOT_ID: "R"}
    return {ids.get(s["id"], s["id"]): s for s in body["slots"]}


def test_a_new_store_writes_key_pairs_and_never_the_data_key(store, auth):
    recovery, data_key = store
    body = json.loads(auth.paths.keys.read_text())
    assert body["version"] == 3 and body["previous"] == []
    raw = auth.paths.keys.read_bytes()
    assert data_key.hex().encode() not in raw and data_key not in raw
    for slot in _slots(auth).values():
        assert {"public", "sealed", "mac"} <= set(slot)
    assert bytes(auth.vault.open_with_recovery(recovery)) == data_key
    with _closing(auth.login(HV, HV_PASS)) as s:
        assert s.data_key == data_key


class _closing:
    def __init__(self, session):
        self.session = session

    def __enter__(self):
        return self.session

    def __exit__(self, *exc):
        self.session.close()


def test_the_sealed_key_opens_only_with_the_slots_own_header(store, auth):
    """The data key is sealed with the slot's header as HPKE info: moved to another slot's
    public key or header, it does not open."""
    _recovery, data_key = store
    info = b"blijf-desktop data key v3\0" + b"another header"
    private, public = sealing.new_key_pair()
    sealed = sealing.seal(public, data_key, b"blijf-desktop data key v3\0header")
    assert sealing.open_sealed(private, sealed, info) is None
    assert sealing.open_sealed(private, sealed, b"blijf-desktop data key v3\0header") == data_key


def test_a_version_2_file_gets_key_pairs_at_each_login_and_recovery(store, auth):
    recovery, data_key = store
    legacy_file(auth.vault, data_key, {ADMIN: ADMIN_PASS, HV: HV_PASS}, recovery, version=2)
    assert all("public" not in s for s in _slots(auth).values())
    assert auth.vault.legacy_slots(data_key)[1] is True  # the recovery slot, too
    _closing(auth.login(HV, HV_PASS)).session.close()
    slots = _slots(auth)
    assert "public" in slots[HV] and "public" not in slots[ADMIN]
    assert json.loads(auth.paths.keys.read_text())["version"] == 3
    assert auth.vault.legacy_slots(data_key) == ([user_slot_id(
        json.loads(auth.paths.keys.read_text())["store_id"], ADMIN)], True)
    auth.recover(recovery, ADMIN, NEW_PASS).close()
    assert auth.vault.legacy_slots(data_key) == ([], False)
    assert bytes(auth.vault.open_with_recovery(recovery)) == data_key  # the same sheet
    _closing(auth.login(HV, HV_PASS)).session.close()
