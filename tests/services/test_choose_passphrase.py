"""The first own passphrase after a one-time one, without typing the one-time one again
(issue #16): allowed only while this session's login or unlock with that one-time passphrase is
fresh and unused; refused otherwise, with nothing changed."""

import pytest

from blijf_desktop.domain.audit import AuditAction
from blijf_desktop.domain.roles import Role
from blijf_desktop.services import session as session_module
from blijf_desktop.services.accounts import AccountService
from blijf_desktop.services.errors import AccountPending, CurrentPassphraseNeeded, WeakPassphrase
from blijf_desktop.storage import audit
from blijf_desktop.storage.errors import StoreLocked, WrongCredentials
from tests.conftest import ADMIN, ADMIN_PASS, confirm_pending
from tests.engine_expect import wrong
from tests.server.fixtures import trail_of

pytestmark = pytest.mark.engines

HV = "hv"
ONE_TIME = "Eenmalig-Oranje-Vlieger-5"
OWN = "Eigen-Groene-Schildpad-Rust-8"
SECOND_ONE_TIME = "Nieuw-Eenmalig-Paraplu-6"


@pytest.fixture
def admin(created):
    session, _recovery = created
    AccountService(session).accept_confidentiality()
    return AccountService(session)


@pytest.fixture
def hv_id(admin, created, auth):
    hv = admin.add_user(HV, "Synthetische Hulpverlener", Role.HULPVERLENER, ONE_TIME).id
    confirm_pending(created, auth, HV)
    return hv


@pytest.fixture
def first_login(auth, hv_id):
    """The new user, logged in just now with her one-time passphrase."""
    session = auth.login(HV, ONE_TIME)
    yield session
    session.close()


def changed_rows(session) -> list[tuple]:
    """The session user's own passphrase changes (the confirming teamleider has hers)."""
    return [(r.user_id, r.action, r.record_type, r.record_id, r.reason, r.detail)
            for r in audit.recent(trail_of(session), 500)
            if r.action == AuditAction.PASSPHRASE_CHANGED.value
            and r.user_id == session.user.id]


def key_file(session) -> bytes:
    return session.paths.keys.read_bytes()


def test_right_after_the_login_the_one_time_passphrase_is_not_asked_again(auth, first_login,
                                                                         hv_id, engine):
    own = AccountService(first_login)
    assert first_login.user.must_change_passphrase
    assert not own.current_passphrase_needed()
    own.accept_confidentiality()  # the declaration comes first in the app; still fresh
    own.choose_own_passphrase(OWN)
    assert first_login.ready and not first_login.user.must_change_passphrase
    # the same audit row as a change with the current passphrase
    assert changed_rows(first_login) == [(hv_id, "passphrase_changed", "user", str(hv_id),
                                          None, None)]
    # used up: no second change without the current passphrase
    assert own.current_passphrase_needed()
    with pytest.raises(CurrentPassphraseNeeded):
        own.choose_own_passphrase("Nog-Een-Ander-Wachtwoord-9")
    auth.login(HV, OWN).close()
    with pytest.raises(wrong(engine)):
        auth.login(HV, ONE_TIME)


def test_refused_for_a_session_not_opened_with_a_one_time_passphrase(auth, admin, created):
    session, _recovery = created  # opened by set-up with an own passphrase
    before = key_file(session)
    assert admin.current_passphrase_needed()
    with pytest.raises(CurrentPassphraseNeeded):
        admin.choose_own_passphrase(OWN)
    assert key_file(session) == before and changed_rows(session) == []
    session.close()
    auth.login(ADMIN, ADMIN_PASS).close()  # her own passphrase is untouched


def test_refused_after_a_login_with_an_own_passphrase(auth, first_login):
    AccountService(first_login).change_own_passphrase(ONE_TIME, OWN)
    first_login.close()
    session = auth.login(HV, OWN)
    try:
        with pytest.raises(CurrentPassphraseNeeded):
            AccountService(session).choose_own_passphrase("Nog-Een-Ander-Wachtwoord-9")
    finally:
        session.close()


def test_refused_after_a_reset_made_while_the_session_was_open(auth, admin, first_login, hv_id,
                                                                created):
    """Nobody at this session typed the new one-time passphrase: she must, to change it."""
    own = AccountService(first_login)
    own.accept_confidentiality()
    own.change_own_passphrase(ONE_TIME, OWN)
    admin.reset_passphrase(hv_id, SECOND_ONE_TIME)
    confirm_pending(created, auth, HV)
    first_login.refresh_user()
    assert first_login.user.must_change_passphrase
    before = key_file(first_login)
    with pytest.raises(CurrentPassphraseNeeded):
        own.choose_own_passphrase("Nog-Een-Ander-Wachtwoord-9")
    assert key_file(first_login) == before
    own.change_own_passphrase(SECOND_ONE_TIME, "Nog-Een-Ander-Wachtwoord-9")  # the long way


def later(session, seconds: float) -> None:
    """Let `seconds` pass on the session's clock."""
    clock = session.clock
    session.clock = lambda: clock() + seconds


def test_refused_once_the_login_is_older_than_the_idle_lock(first_login):
    own = AccountService(first_login)
    later(first_login, session_module.ONE_TIME_PROOF_SECONDS - 5)
    assert not own.current_passphrase_needed()
    later(first_login, 10)
    assert own.current_passphrase_needed()
    with pytest.raises(CurrentPassphraseNeeded):
        own.choose_own_passphrase(OWN)
    own.change_own_passphrase(ONE_TIME, OWN)  # the long way still works


def test_refused_after_a_sleep_the_monotonic_clock_did_not_count(first_login):
    """A laptop asleep with the first-login dialog open: only the wall clock moved on."""
    own = AccountService(first_login)
    wall = first_login.wall_clock
    first_login.wall_clock = lambda: wall() + session_module.ONE_TIME_PROOF_SECONDS + 60
    assert own.current_passphrase_needed()
    with pytest.raises(CurrentPassphraseNeeded):
        own.choose_own_passphrase(OWN)


def test_an_unlock_with_the_one_time_passphrase_proves_it_again(first_login):
    own = AccountService(first_login)
    later(first_login, session_module.ONE_TIME_PROOF_SECONDS + 1)
    assert own.current_passphrase_needed()
    first_login.lock()
    with pytest.raises(StoreLocked):
        own.choose_own_passphrase(OWN)
    first_login.unlock(ONE_TIME)
    assert not own.current_passphrase_needed()
    own.choose_own_passphrase(OWN)
    assert not first_login.user.must_change_passphrase


@pytest.mark.local_only("on a server a reset replaces her login's password, not her draft "
                        "slot at this desk: she logs in anew, which sets the old draft store "
                        "aside (docs/server-mode.md section 7); an unlock cannot take it")
def test_a_reset_while_locked_is_proven_by_the_unlock(auth, admin, first_login, hv_id, created):
    own = AccountService(first_login)
    own.accept_confidentiality()
    own.change_own_passphrase(ONE_TIME, OWN)
    first_login.lock()
    admin.reset_passphrase(hv_id, SECOND_ONE_TIME)
    with pytest.raises(AccountPending):  # issue 22: the beheerder knows it; a teamleider first
        first_login.unlock(SECOND_ONE_TIME)
    confirm_pending(created, auth, HV)
    with pytest.raises(WrongCredentials):
        first_login.unlock(OWN)  # the reset replaced her slot: only the new one-time opens it
    first_login.unlock(SECOND_ONE_TIME)
    assert not own.current_passphrase_needed()
    own.choose_own_passphrase("Nog-Een-Ander-Wachtwoord-9")
    auth.login(HV, "Nog-Een-Ander-Wachtwoord-9").close()


def test_the_one_time_passphrase_is_not_kept_as_her_own(first_login):
    own = AccountService(first_login)
    before = key_file(first_login)
    with pytest.raises(WeakPassphrase) as refused:
        own.choose_own_passphrase(ONE_TIME)
    assert refused.value.problem == "same_as_current"
    with pytest.raises(WeakPassphrase):
        own.choose_own_passphrase("kort")
    assert key_file(first_login) == before and first_login.user.must_change_passphrase
    own.choose_own_passphrase(OWN)  # a refusal does not use the login up

