"""A new data key when someone leaves (issue 22): disabling an account, or Beheer's button,
re-keys the store; an old copy of the key file, and the departed user's passphrase, then open
nothing; accounts whose slot cannot be carried over are named first and need a confirmation;
every re-key is audited (who, when, why)."""

import json
import shutil

import pytest

from blijf_desktop.domain.roles import Role
from blijf_desktop.services.accounts import AccountService
from blijf_desktop.services.rekey import RekeyNeedsConfirmation, RekeyService
from blijf_desktop.storage import audit, database, keyvault
from blijf_desktop.services.errors import AccountPending
from blijf_desktop.storage.errors import StoreDamaged, WrongCredentials
from tests.account_helpers import confirm
from tests.conftest import ADMIN, ADMIN_PASS, ready_user
from tests.storage.legacy_keys import legacy_file

HV, HV_PASS = "hv", "Oranje-Walvis-Zingt-31"
TL, TL_PASS = "tl", "Blauwe-Reiger-Vist-2026"
NEW_PASS = "Groene-Kikker-Danst-88"
TL_NEW = "Witte-Zwaan-Zweeft-77"


@pytest.fixture
def team(created, auth):
    session, recovery = created
    AccountService(session).accept_confidentiality()
    ready_user(created, auth, HV, "Synthetische Hulpverlener", Role.HULPVERLENER, HV_PASS)
    ready_user(created, auth, TL, "Synthetische Teamleider", Role.TEAMLEIDER, TL_PASS)
    return session, recovery


def _rows(session, action: str) -> list:
    return [r for r in audit.recent(session.db.conn, 50) if r.action == action]


def test_disabling_a_user_gives_a_new_data_key_her_old_copy_opens_nothing(team, auth, tmp_path):
    session, recovery = team
    kept = tmp_path / "kept-by-hv.keys"
    shutil.copy(auth.paths.keys, kept)  # what she could have copied before she left
    old_key = session.data_key
    hv = next(u for u in AccountService(session).list_users() if u.username == HV)

    result = AccountService(session).disable_user(hv.id)

    assert session.data_key != old_key and result.dropped == 0
    row = _rows(session, "data_key_replaced")[0]
    assert row.user_id == session.user.id
    # beheerder, teamleider, the fixtures' confirming teamleider, the recovery slot
    assert json.loads(row.detail) == {"reason": "user_left", "user": hv.id, "slots": 4,
                                      "dropped": 0, "new_recovery_key": False}
    session.close()
    # Her old copy still gives her the old key, which no longer reads the store.
    copy_vault = keyvault.Vault(kept, auth.vault.device, auth.vault.policy)
    stale = copy_vault.open_with_passphrase(HV, HV_PASS)
    assert bytes(stale) == old_key
    with pytest.raises(StoreDamaged):
        database.Database(auth.paths.db, stale)
    # The copy put in place of the new file: nobody gets in with it, her least of all.
    current = auth.paths.keys.read_bytes()
    shutil.copy(kept, auth.paths.keys)
    for name, passphrase in ((HV, HV_PASS), (ADMIN, ADMIN_PASS)):
        with pytest.raises(StoreDamaged):
            auth.login(name, passphrase)
    auth.paths.keys.write_bytes(current)
    with pytest.raises(WrongCredentials):  # her slot is gone from the new file
        auth.login(HV, HV_PASS)
    for name, passphrase in ((ADMIN, ADMIN_PASS), (TL, TL_PASS)):
        auth.login(name, passphrase).close()  # the others carry on as before
    auth.vault.open_with_recovery(recovery)  # and the same recovery sheet still works


def test_the_button_names_accounts_without_a_key_pair_and_waits_for_confirmation(team, auth):
    session, recovery = team
    legacy_file(auth.vault, session.data_key, {ADMIN: ADMIN_PASS, HV: HV_PASS, TL: TL_PASS},
                recovery)  # a store from before format 3 ...
    session.close()
    session = auth.login(ADMIN, ADMIN_PASS)  # ... whose beheerder logged in since
    service = RekeyService(session)
    before = auth.paths.keys.read_bytes()
    with pytest.raises(RekeyNeedsConfirmation) as asked:
        service.new_data_key()
    assert sorted(u.username for u in asked.value.accounts) == [HV, TL]
    assert asked.value.new_recovery_key  # the recovery slot, too
    assert auth.paths.keys.read_bytes() == before  # nothing done before she confirms

    result = service.new_data_key(confirmed=True)
    assert result.dropped == 2 and result.recovery_key
    row = _rows(session, "data_key_replaced")[0]
    assert json.loads(row.detail)["reason"] == "button"
    session.close()
    auth.login(ADMIN, ADMIN_PASS).close()
    with pytest.raises(WrongCredentials):
        auth.login(HV, HV_PASS)
    with pytest.raises(Exception):
        auth.vault.open_with_recovery(recovery)  # the old sheet was replaced ...
    # ... the new one works: the teamleider, whom no teamleider with a slot can confirm,
    # recovers alone (audited); the hulpverlener's new passphrase then waits for her.
    with pytest.raises(AccountPending):
        auth.recover(result.recovery_key, HV, NEW_PASS)
    auth.recover(result.recovery_key, TL, TL_NEW).close()
    confirm(auth, TL, TL_NEW, HV)
    auth.login(HV, NEW_PASS).close()


def test_each_rekey_keeps_the_earlier_keys_newest_first(team, auth):
    """Two re-keys by the button: every earlier data key is kept under the newest."""
    session, _recovery = team
    first = session.data_key
    RekeyService(session).new_data_key()
    second = session.data_key
    RekeyService(session).new_data_key()
    assert session.vault.earlier_keys(session.data_key) == [second, first]
    assert len(_rows(session, "data_key_replaced")) == 2


def test_another_open_session_is_locked_and_unlocks_with_the_new_key(team, auth):
    """A session on the store that still holds the old key writes nothing more with it: it
    is locked, and its user's passphrase then gives the new key."""
    session, _recovery = team
    other = auth.login(TL, TL_PASS)
    RekeyService(session).new_data_key()
    assert other.locked
    other.unlock(TL_PASS)
    try:
        assert other.data_key == session.data_key
        assert audit.verify(other.db.conn).ok
    finally:
        other.close()
