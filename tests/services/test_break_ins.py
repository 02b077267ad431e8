"""Break-in signals (Blijf 9.1): failed logins per account id (a typed unknown name only
counted), wrong recovery keys, a PC not bound, a second instance refused. Recorded beside the
locked store, moved into the audit trail at the next login, shown to the functioneel beheerder
and to no other role, and never holding what was typed."""

import json
import time

import pytest

from blijf_desktop.services.accounts import AccountService
from blijf_desktop.services.break_ins import BreakInService
from blijf_desktop.services.errors import (
    DeviceNotBound, PermissionDenied, StoreInUse, WrongRecoveryKey,
)
from blijf_desktop.storage import attempts, audit, instance_lock, users
from tests.conftest import ADMIN, ADMIN_PASS, CASEWORKER, CASEWORKER_PASS
from tests.engine_expect import wrong

pytestmark = pytest.mark.engines

UNKNOWN_NAME = "geheime-naam-Kanarie-7Q"
WRONG_PASS = "Verkeerd-Wachtwoord-Kanarie-7Q"


def fail_login(auth, username):
    with pytest.raises(wrong("server" if getattr(auth, "server_mode", False) else "local")):
        auth.login(username, WRONG_PASS)


def typed_anywhere(session) -> list[str]:
    """Where the typed name or passphrase turns up: the audit trail, the counter file."""
    rows = json.dumps([r.__dict__ for r in audit.recent(session.db.conn, 10_000)])
    counter = session.paths.attempts.read_text() if session.paths.attempts.exists() else ""
    return [where for where, text in (("audit", rows), ("counter", counter))
            if "Kanarie" in text]


@pytest.fixture
def ready_admin(created):
    session, _recovery = created
    AccountService(session).accept_confidentiality()
    session.close()


def test_failed_logins_per_account_and_unknown_names_counted(caseworker, auth, engine):
    """On a server the desk cannot tell a wrong passphrase from an unknown name (the server
    refuses both alike, and the desk holds no other user's slot): all count, nobody named."""
    caseworker.close()
    now = [time.time()]
    auth.guard.clock = lambda: now[0]
    fail_login(auth, CASEWORKER)
    fail_login(auth, CASEWORKER.upper())  # the same account, however typed
    fail_login(auth, UNKNOWN_NAME)
    counter = auth.paths.attempts.read_text()
    assert "Kanarie" not in counter and CASEWORKER not in counter
    now[0] += 3600  # the back-off has passed
    admin = auth.login(ADMIN, ADMIN_PASS)
    try:
        found = BreakInService(admin).since_last_login()
        hulp = users.by_username(admin.db.conn, CASEWORKER).id
        (login,) = found.signals
        named = {hulp: 2} if engine == "local" else {}
        assert (login.kind, login.count, login.users, login.unknown_names) == (
            "login", 3, named, 3 - sum(named.values()))
        assert login.first <= login.last and found.user_ids == list(named)
        assert typed_anywhere(admin) == []
        assert not admin.paths.attempts.exists()  # moved into the trail
    finally:
        admin.close()
    admin = auth.login(ADMIN, ADMIN_PASS)  # nothing since her last login
    try:
        assert BreakInService(admin).since_last_login().total == 0
        assert BreakInService(admin).last_days(1).total == 3
    finally:
        admin.close()


@pytest.mark.local_only("a recovery key and the store's device binding are the local store's")
def test_recovery_keys_devices_and_instances_are_signalled(ready_admin, auth, device,
                                                           monkeypatch, created):
    _session, recovery = created
    with pytest.raises(WrongRecoveryKey):
        auth.recover("AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH", ADMIN, "Nieuw-Wachtwoord-Lang-1")

    def busy(_path):
        raise StoreInUse(12345)

    monkeypatch.setattr(instance_lock, "hold", busy)
    with pytest.raises(StoreInUse):
        auth.claim()
    monkeypatch.undo()
    store_id = auth.vault.store_id()
    secret = device.get(store_id)
    device.delete(store_id)  # as on another PC: the store's device secret is not here
    with pytest.raises(DeviceNotBound):
        auth.login(ADMIN, ADMIN_PASS)
    device.backend.set_password("Blijf Desktop", store_id, secret.hex())
    admin = auth.login(ADMIN, ADMIN_PASS)
    try:
        found = {s.kind: s.count for s in BreakInService(admin).since_last_login().signals}
        assert found == {"recovery": 1, "instance": 1, "device": 1}
        actions = [r.action for r in audit.recent(admin.db.conn, 50)]
        assert {"recovery_failed", "instance_refused", "device_refused"} <= set(actions)
    finally:
        admin.close()


def test_other_roles_never_see_them(caseworker, auth):
    with pytest.raises(PermissionDenied):
        BreakInService(caseworker).since_last_login()
    with pytest.raises(PermissionDenied):
        BreakInService(caseworker).last_days(30)


@pytest.mark.local_only("the keyring copy of the counter is keyed by the local store's key "
                        "file; a server desk has none to compare with (yet)")
def test_an_edited_counter_file_names_no_one(ready_admin, auth):
    auth.paths.attempts.write_text(json.dumps({
        "failures": 1, "first_failure": 1.0, "last_failure": 1.0,
        "events": [{"kind": "login", "at": 1.0, "slot": "Kanarie-in-het-bestand"},
                   {"kind": "Kanarie", "at": 2.0}, {"kind": "recovery", "at": "gisteren"}]}))
    admin = auth.login(ADMIN, ADMIN_PASS)
    try:
        login, counter = BreakInService(admin).since_last_login().signals
        assert (login.count, login.users, login.unknown_names) == (1, {}, 1)
        # written behind the app's back: its copy in the keyring counted none
        assert (counter.kind, counter.count) == ("counter", 1)
        assert typed_anywhere(admin) == []
    finally:
        admin.close()


def test_the_counter_keeps_at_most_max_events_and_counts_the_rest(tmp_path):
    path = tmp_path / "login-attempts.json"
    for i in range(attempts.MAX_EVENTS + 5):
        attempts.record_event(path, attempts.INSTANCE, float(i))
    state = attempts.load(path)
    assert len(state.events) == attempts.MAX_EVENTS and state.dropped == {"instance": 5}
    assert state.failures == 0  # no back-off for a signal
