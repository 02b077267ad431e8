"""What the functioneel beheerder does to an account reaches its login role on a server
(blijf.set_login, migration 0034; docs/server-mode.md section 4): after a role change the
login holds the new role's grants (once a teamleider confirmed), after a reset only the new
passphrase connects, after a disable she cannot connect and her open session is ended. A user
who calls set_login herself, over any PostgreSQL client, is refused by PostgreSQL."""

import pytest
from psycopg import errors

from blijf_desktop.domain.roles import Role
from blijf_desktop.services.account_requests import AccountRequestService
from blijf_desktop.services.accounts import AccountService
from blijf_desktop.services.intake import IntakeService
from blijf_desktop.storage.pg import logins
from blijf_desktop.storage.pg.errors import ServerLoginRefused, ServerUnreachable
from tests.server.fixtures import server_login
from tests.server.test_server_accounts import (
    BEHEER, BEHEER_PASS, LEIDER, LEIDER_PASS, beheerder, desk,  # noqa: F401 (fixture)
)

ANNA, ANNA_PASS = "anna", "Rode-Vos-Sluipt-2026"
NEW_PASS = "Witte-Zwaan-Drijft-77"


@pytest.fixture
def anna(engine_server, beheerder):
    return server_login(engine_server, ANNA, ANNA_PASS, Role.HULPVERLENER,
                        "Synthetische Anna")


def _confirm_as_leider(engine_server, folder, device) -> None:
    leider = desk(engine_server, folder, device).login(LEIDER, LEIDER_PASS)
    try:
        service = AccountRequestService(leider)
        for waiting in service.waiting():
            service.confirm(waiting.request_id, LEIDER_PASS)
    finally:
        leider.close()


def _raw_as(engine_server, username, passphrase):
    from blijf_desktop.storage.pg.connect import connect

    conn = connect(engine_server.address().url, engine_server.cluster.ca_file,
                   user=logins.role_name(username), password=passphrase)
    conn.execute("SET search_path = blijf")
    return conn


def _member_of(engine_server, username) -> set[str]:
    return {name for (name,) in engine_server.admin.execute(
        "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid"
        " JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = %s",
        (logins.role_name(username),))}


def test_after_a_role_change_the_login_has_the_new_roles_grants(engine_server, beheerder,
                                                               anna, tmp_path, device):
    with _raw_as(engine_server, ANNA, ANNA_PASS) as raw:
        assert not raw.execute("SELECT has_table_privilege('exchanges', 'INSERT')").fetchone()[0]
    AccountService(beheerder).change_role(anna, Role.TEAMLEIDER)
    assert _member_of(engine_server, ANNA) == set()  # waits for a teamleider: no grants
    with pytest.raises(ServerLoginRefused):
        desk(engine_server, tmp_path / "anna-1", device).login(ANNA, ANNA_PASS)
    _confirm_as_leider(engine_server, tmp_path / "leider", device)
    assert _member_of(engine_server, ANNA) == {"blijf_teamleider"}
    with _raw_as(engine_server, ANNA, ANNA_PASS) as raw:
        assert raw.execute("SELECT has_table_privilege('exchanges', 'INSERT'),"
                           " has_function_privilege('blijf.destroy(bigint)', 'EXECUTE')"
                           ).fetchone() == (True, True)
    session = desk(engine_server, tmp_path / "anna-2", device).login(ANNA, ANNA_PASS)
    try:
        assert session.user.role is Role.TEAMLEIDER
    finally:
        session.close()


def test_after_a_disable_she_cannot_connect_and_her_open_session_ends(engine_server,
                                                                     beheerder, anna,
                                                                     tmp_path, device):
    open_session = desk(engine_server, tmp_path / "anna-1", device).login(ANNA, ANNA_PASS)
    try:
        result = AccountService(beheerder).disable_user(anna)
        assert (result.slots, result.dropped, result.recovery_key) == (0, 0, None)
        with pytest.raises((ServerUnreachable, ServerLoginRefused)):  # ended by the server
            IntakeService(open_session).search("Jansen")
        with pytest.raises(ServerLoginRefused):  # and not taken up again
            IntakeService(open_session).search("Jansen")
    finally:
        open_session.close()
    assert engine_server.admin.execute("SELECT rolcanlogin FROM pg_roles WHERE rolname = %s",
                                       (logins.role_name(ANNA),)).fetchone() == (False,)
    assert _member_of(engine_server, ANNA) == set()
    with pytest.raises(ServerLoginRefused):
        desk(engine_server, tmp_path / "anna-2", device).login(ANNA, ANNA_PASS)


def test_after_a_reset_only_the_new_passphrase_connects(engine_server, beheerder, anna,
                                                       tmp_path, device):
    AccountService(beheerder).reset_passphrase(anna, NEW_PASS)
    _confirm_as_leider(engine_server, tmp_path / "leider", device)
    with pytest.raises(ServerLoginRefused):
        desk(engine_server, tmp_path / "anna-1", device).login(ANNA, ANNA_PASS)
    session = desk(engine_server, tmp_path / "anna-2", device).login(ANNA, NEW_PASS)
    try:
        assert session.user.must_change_passphrase  # a one-time passphrase
        assert session.user.role is Role.HULPVERLENER
    finally:
        session.close()


def test_a_reset_waits_for_a_teamleider_before_it_connects(engine_server, beheerder, anna,
                                                          tmp_path, device):
    """The beheerder knows the one-time passphrase: it opens nothing before a confirmation."""
    AccountService(beheerder).reset_passphrase(anna, NEW_PASS)
    for passphrase in (ANNA_PASS, NEW_PASS):
        with pytest.raises(ServerLoginRefused):
            desk(engine_server, tmp_path / "anna", device).login(ANNA, passphrase)


@pytest.mark.parametrize("caller", ["hulpverlener", "teamleider"])
def test_a_user_calling_set_login_herself_is_refused_by_postgresql(engine_server, beheerder,
                                                                  anna, caller):
    username, passphrase = (ANNA, ANNA_PASS) if caller == "hulpverlener" else (LEIDER,
                                                                                LEIDER_PASS)
    for call in ("SELECT blijf.set_login(%s, 'functioneel_beheerder', true, NULL)",
                 "SELECT blijf.end_sessions(%s::text)"):
        with _raw_as(engine_server, username, passphrase) as raw:
            with pytest.raises(errors.InsufficientPrivilege):
                raw.execute(call, (anna if "set_login" in call else logins.role_name(ANNA),))
    assert _member_of(engine_server, ANNA) == {"blijf_hulpverlener"}


def test_the_beheerder_may_not_change_her_own_login_nor_end_sessions(engine_server, beheerder,
                                                                     anna):
    me = beheerder.user.id
    with _raw_as(engine_server, BEHEER, BEHEER_PASS) as raw:
        with pytest.raises(errors.InsufficientPrivilege):  # never her own
            raw.execute("SELECT blijf.set_login(%s, 'functioneel_beheerder', true, NULL)", (me,))
    with _raw_as(engine_server, BEHEER, BEHEER_PASS) as raw:
        with pytest.raises(errors.InsufficientPrivilege):  # only through set_login
            raw.execute("SELECT blijf.end_sessions(%s)", (logins.role_name(ANNA),))
    with _raw_as(engine_server, BEHEER, BEHEER_PASS) as raw:
        with pytest.raises(errors.InvalidParameterValue):  # only what the account says
            raw.execute("SELECT blijf.set_login(%s, 'teamleider', true, NULL)", (anna,))
    with _raw_as(engine_server, BEHEER, BEHEER_PASS) as raw:
        with pytest.raises(errors.InvalidParameterValue):  # a disable is the row's first
            raw.execute("SELECT blijf.set_login(%s, NULL, false, NULL)", (anna,))
    with _raw_as(engine_server, BEHEER, BEHEER_PASS) as raw:
        with pytest.raises(errors.InvalidParameterValue):  # never a passphrase itself
            raw.execute("SELECT blijf.set_login(%s, 'hulpverlener', true, 'Geheim-1234')",
                        (anna,))
    assert _member_of(engine_server, ANNA) == {"blijf_hulpverlener"}


def test_only_the_session_ender_may_end_sessions_and_only_the_login_maker_calls_it(
        engine_server):
    admin = engine_server.admin
    rows = dict(admin.execute(
        "SELECT p.proname, pg_get_userbyid(p.proowner) FROM pg_proc p"
        " JOIN pg_namespace n ON n.oid = p.pronamespace"
        " WHERE n.nspname = 'blijf' AND p.proname IN ('set_login', 'end_sessions')"))
    assert rows == {"set_login": "blijf_login_maker", "end_sessions": "blijf_session_ender"}
    for role, may in (("blijf_session_ender", True), ("blijf_login_maker", False),
                      ("blijf_owner", False), ("blijf_gate", False), ("blijf_app", False)):
        assert admin.execute("SELECT has_function_privilege(%s, 'pg_terminate_backend(integer,"
                             " bigint)', 'EXECUTE') AND pg_has_role(%s, 'pg_signal_backend',"
                             " 'USAGE')", (role, role)).fetchone()[0] is may, role
    for role, may in (("blijf_login_maker", True), ("blijf_beheerder", False),
                      ("blijf_app", False), ("public", False)):
        assert admin.execute("SELECT has_function_privilege(%s, 'blijf.end_sessions(text)',"
                             " 'EXECUTE')", (role,)).fetchone()[0] is may, role


def test_her_own_passphrase_change_reaches_her_login_only(engine_server, beheerder, anna,
                                                         tmp_path, device):
    from blijf_desktop.services.accounts import AccountService as Accounts

    session = desk(engine_server, tmp_path / "anna", device).login(ANNA, ANNA_PASS)
    try:
        Accounts(session).change_own_passphrase(ANNA_PASS, NEW_PASS)
    finally:
        session.close()
    with pytest.raises(ServerLoginRefused):
        _raw_as(engine_server, ANNA, ANNA_PASS)
    with _raw_as(engine_server, ANNA, NEW_PASS) as raw:
        with pytest.raises(errors.InvalidParameterValue):  # never a passphrase itself
            raw.execute("SELECT blijf.set_own_passphrase('Platte-Tekst-Wachtwoord-1')")
    with _raw_as(engine_server, LEIDER, LEIDER_PASS) as raw:  # nobody else's login
        assert raw.execute("SELECT has_function_privilege('blijf.set_own_passphrase(text)',"
                           " 'EXECUTE')").fetchone()[0]
        raw.execute("SELECT blijf.set_own_passphrase(%s)",
                    (logins.scram_secret(raw, "Andere-Leider-Zin-31"),))
    with _raw_as(engine_server, ANNA, NEW_PASS):  # hers untouched
        pass
    with _raw_as(engine_server, LEIDER, "Andere-Leider-Zin-31"):  # the leider changed her own
        pass
