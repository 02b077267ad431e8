"""Accounts on a server (issue 23, docs/server-mode.md section 4): the beheerder's new account
gets its own login role (blijf.create_login) that cannot connect until a teamleider confirms
it (blijf.confirm_login); the passphrase goes to the server as a SCRAM verifier, never into
the beheerder's local draft store."""

import pytest

from blijf_desktop.domain.roles import Role
from blijf_desktop.services.account_requests import AccountRequestService
from blijf_desktop.services.accounts import AccountService
from blijf_desktop.services.server_auth import ServerAuthService
from blijf_desktop.storage.paths import StorePaths
from blijf_desktop.storage.pg import logins
from blijf_desktop.storage.pg.errors import ServerLoginRefused
from tests.conftest import FAST_POLICY
from tests.server.fixtures import server_login

BEHEER, BEHEER_PASS = "beheer", "Paars-Olifant-Wandelt-42"
LEIDER, LEIDER_PASS = "leider", "Blauwe-Reiger-Staat-18"
NIEUW, NIEUW_PASS = "nieuw", "Gele-Kwikstaart-Loopt-5"


def desk(engine_server, folder, device) -> ServerAuthService:
    return ServerAuthService(engine_server.address(), StorePaths(folder), device, FAST_POLICY)


@pytest.fixture
def beheerder(engine_server, tmp_path, device):
    server_login(engine_server, BEHEER, BEHEER_PASS, Role.BEHEERDER, "Synthetische Beheerder")
    server_login(engine_server, LEIDER, LEIDER_PASS, Role.TEAMLEIDER, "Synthetische Leider")
    session = desk(engine_server, tmp_path / "beheer", device).login(BEHEER, BEHEER_PASS)
    yield session
    session.close()


def _new_account(beheerder, role=Role.HULPVERLENER):
    return AccountService(beheerder).add_user(NIEUW, "Synthetische Nieuw", role, NIEUW_PASS)


def _logs_in_as_herself(engine_server, folder, device, new) -> None:
    session = desk(engine_server, folder, device).login(NIEUW, NIEUW_PASS)
    try:
        assert session.user.id == new.id and session.user.role is new.role
        assert session.user.must_change_passphrase
    finally:
        session.close()


def test_a_new_account_connects_only_after_its_login_is_confirmed(engine_server, beheerder,
                                                                  tmp_path, device):
    new = _new_account(beheerder)
    with pytest.raises(ServerLoginRefused):  # her role is no member of blijf_app yet
        desk(engine_server, tmp_path / "nieuw-1", device).login(NIEUW, NIEUW_PASS)
    leider = desk(engine_server, tmp_path / "leider", device).login(LEIDER, LEIDER_PASS)
    try:
        [waiting] = AccountRequestService(leider).waiting()
        assert waiting.user_id == new.id
        with leider.db.transaction() as conn:  # what confirm() does once the approver passed
            logins.confirm_login(conn, new.id)
    finally:
        leider.close()
    _logs_in_as_herself(engine_server, tmp_path / "nieuw-2", device, new)


def test_a_teamleider_confirms_a_new_account_through_the_service(engine_server, beheerder,
                                                                 tmp_path, device):
    new = _new_account(beheerder)
    leider = desk(engine_server, tmp_path / "leider", device).login(LEIDER, LEIDER_PASS)
    try:
        service = AccountRequestService(leider)
        [waiting] = service.waiting()
        service.confirm(waiting.request_id, LEIDER_PASS)
    finally:
        leider.close()
    _logs_in_as_herself(engine_server, tmp_path / "nieuw", device, new)


def test_the_first_teamleider_works_at_once(engine_server, tmp_path, device):
    server_login(engine_server, BEHEER, BEHEER_PASS, Role.BEHEERDER, "Synthetische Beheerder")
    beheerder = desk(engine_server, tmp_path / "beheer", device).login(BEHEER, BEHEER_PASS)
    try:
        # the first teamleider takes effect alone (issue 22; audited, told at her login)
        new = _new_account(beheerder, Role.TEAMLEIDER)
    finally:
        beheerder.close()
    with pytest.raises(ServerLoginRefused):  # the server holds her passphrase, no other
        desk(engine_server, tmp_path / "x", device).login(NIEUW, "Verkeerd-Wachtwoord-99")
    _logs_in_as_herself(engine_server, tmp_path / "nieuw", device, new)
