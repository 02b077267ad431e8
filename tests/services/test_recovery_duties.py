"""Who the recovery key may give a new passphrase (issue 22; Blijf 6.1, 9.1): the recovery
sheet is often kept by the functioneel beheerder, who may not read cases. For an account with
case access or a four-eyes power (a beheerder's own included) the new passphrase waits, as a
beheerder's reset does, until a teamleider confirms it with her passphrase, and the account
must then choose its own."""

import json

import pytest

from blijf_desktop.domain.roles import Role
from blijf_desktop.services.accounts import AccountService
from blijf_desktop.services.errors import AccountPending
from blijf_desktop.storage import audit
from blijf_desktop.storage.errors import WrongCredentials
from tests.account_helpers import confirm
from tests.conftest import ADMIN, CONFIRMER, CONFIRMER_PASS, ready_user

pytestmark = [pytest.mark.engines,
              pytest.mark.local_only("the recovery key is the local store's; a server's "
                                     "passphrases are reset by the beheerder (set_login)")]

HV, HV_PASS = "hv", "Oranje-Walvis-Zingt-31"
CHOSEN = "Door-De-Beheerder-Gekozen-5"


@pytest.fixture
def store(created, auth):
    session, recovery = created
    AccountService(session).accept_confidentiality()
    ready_user(created, auth, HV, "Synthetische Hulpverlener", Role.HULPVERLENER, HV_PASS)
    session.close()
    return recovery


def _recovery_rows(auth) -> list[dict]:
    session = auth.login(CONFIRMER, CONFIRMER_PASS)
    try:
        return [json.loads(r.detail) for r in audit.recent(session.db.conn, 80)
                if r.action == "recovery_used"]
    finally:
        session.close()


def test_the_recovery_key_gives_a_caseworkers_account_only_with_a_teamleader(store, auth):
    with pytest.raises(AccountPending):
        auth.recover(store, HV, CHOSEN)  # the sheet's holder chose it: it does not open yet
    with pytest.raises(AccountPending):
        auth.login(HV, CHOSEN)
    with pytest.raises(WrongCredentials):
        auth.login(HV, HV_PASS)  # her slot was replaced
    assert _recovery_rows(auth)[0]["confirmation"] == "pending"
    confirm(auth, CONFIRMER, CONFIRMER_PASS, HV)
    session = auth.login(HV, CHOSEN)
    try:
        assert session.user.must_change_passphrase  # she chooses her own, as after a reset
    finally:
        session.close()


def test_a_beheerders_own_recovery_waits_for_a_teamleider_too(store, auth):
    """A beheerder confirms weakening settings and reviews destructions (a four-eyes power):
    whoever holds the sheet may not give herself that account alone either."""
    with pytest.raises(AccountPending):
        auth.recover(store, ADMIN, CHOSEN)
    assert _recovery_rows(auth)[0]["confirmation"] == "pending"
    confirm(auth, CONFIRMER, CONFIRMER_PASS, ADMIN)
    session = auth.login(ADMIN, CHOSEN)
    try:
        assert session.user.must_change_passphrase  # she chooses her own, as after a reset
    finally:
        session.close()
