"""The app's session on a server (issue 23): each user logs in as her own login role, two desks
see each other's work, and what she typed stays in her encrypted draft store at this desk when
the server or the network goes away (docs/server-mode.md sections 4 and 7)."""

import logging
from datetime import date

import pytest

from blijf_desktop.domain.people import Category, PersonData
from blijf_desktop.domain.roles import Role
from blijf_desktop.services.errors import (
    ServerCaMissing,
    ServerLoginRefused,
    ServerUnreachable,
    TooManyAttempts,
    WrongCredentials,
)
from blijf_desktop.services.intake import IntakeService
from blijf_desktop.services.server_auth import ServerAddress, ServerAuthService
from blijf_desktop.storage.paths import StorePaths
from blijf_desktop.storage.pg.logins import role_name
from tests.conftest import FAST_POLICY
from tests.server.fixtures import server_login

CLIENT = PersonData(Category.CLIENT, first_names="Noor", last_name="Tweebureau",
                    residence="Lelystad", birth_date=date(1991, 4, 2))
FIRST, FIRST_PASS = "anouk", "Rode-Kraanvogel-Vliegt-7"
SECOND, SECOND_PASS = "bente", "Groene-Specht-Klopt-31"


def desk(engine_server, folder, device) -> ServerAuthService:
    return ServerAuthService(engine_server.address(), StorePaths(folder), device, FAST_POLICY)


@pytest.fixture
def two_desks(engine_server, tmp_path, device):
    server_login(engine_server, FIRST, FIRST_PASS, Role.HULPVERLENER, "Synthetische Anouk")
    server_login(engine_server, SECOND, SECOND_PASS, Role.HULPVERLENER, "Synthetische Bente")
    one = desk(engine_server, tmp_path / "desk-1", device).login(FIRST, FIRST_PASS)
    two = desk(engine_server, tmp_path / "desk-2", device).login(SECOND, SECOND_PASS)
    yield one, two
    one.close()
    two.close()


def _backends_of(engine_server, username):
    return engine_server.admin.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s",
        (role_name(username),)).fetchall()


def test_an_intake_saved_at_one_desk_is_found_at_the_other(two_desks):
    one, two = two_desks
    case_id = IntakeService(one).save_intake(CLIENT, [])
    hits = IntakeService(two).search("tweebureau")
    assert [(h.case_id, h.name) for h in hits] == [(case_id, "Noor Tweebureau")]
    assert IntakeService(two).case(case_id).client.data.residence == "Lelystad"


def test_each_desk_logs_in_as_its_users_own_role(two_desks, engine_server):
    one, two = two_desks
    whoami = [s.db.conn.execute("SELECT session_user").fetchone()[0] for s in (one, two)]
    assert whoami == [role_name(FIRST), role_name(SECOND)]
    assert "anouk" not in whoami[0]  # the server's log names a digest, not her


def test_a_wrong_passphrase_and_an_unknown_user_are_refused_alike(engine_server, tmp_path,
                                                                  device, caplog):
    server_login(engine_server, FIRST, FIRST_PASS, Role.HULPVERLENER, "Synthetische Anouk")
    auth = desk(engine_server, tmp_path / "desk", device)
    caplog.set_level(logging.DEBUG)
    refusals = []
    for name, passphrase in ((FIRST, "Verkeerd-Wachtwoord-99"), ("onbekend", FIRST_PASS)):
        with pytest.raises(ServerLoginRefused) as refused:
            auth.login(name, passphrase)
        refusals.append((type(refused.value), str(refused.value)))
    assert refusals[0] == refusals[1]
    logged = caplog.text + str(refusals)
    assert "anouk" not in logged and "onbekend" not in logged and "Verkeerd" not in logged
    with pytest.raises(ServerLoginRefused):
        auth.login(FIRST, "Nog-Een-Verkeerd-Wachtwoord-1")
    assert auth.wait_seconds() > 0  # the desk's back-off counts them, as at a single desk
    with pytest.raises(TooManyAttempts):
        auth.login(FIRST, FIRST_PASS)


def test_an_inactive_account_with_a_working_role_is_refused(engine_server, tmp_path, device):
    user_id = server_login(engine_server, FIRST, FIRST_PASS, Role.HULPVERLENER, "Synth")
    engine_server.admin.execute("UPDATE users SET active = 0 WHERE id = %s", (user_id,))
    with pytest.raises(ServerLoginRefused):
        desk(engine_server, tmp_path / "desk", device).login(FIRST, FIRST_PASS)


def test_a_missing_certificate_or_no_server_is_told_as_such(engine_server, tmp_path, device):
    server_login(engine_server, FIRST, FIRST_PASS, Role.HULPVERLENER, "Synth")
    address = engine_server.address()
    without_ca = ServerAddress(address.url, tmp_path / "geen-ca.pem")
    with pytest.raises(ServerCaMissing):
        ServerAuthService(without_ca, StorePaths(tmp_path / "a"), device, FAST_POLICY).login(
            FIRST, FIRST_PASS)
    nobody = ServerAddress(address.url.replace(f":{engine_server.cluster.port}/", ":1/"),
                           address.ca_file)
    with pytest.raises(ServerUnreachable):
        ServerAuthService(nobody, StorePaths(tmp_path / "b"), device, FAST_POLICY).login(
            FIRST, FIRST_PASS)


def test_a_lost_connection_loses_nothing_typed_and_the_next_save_goes_through(two_desks,
                                                                              engine_server):
    one, _two = two_desks
    intake = IntakeService(one)
    intake.save_draft({"client": {"last_name": "Tweebureau"}})
    assert _backends_of(engine_server, FIRST)  # the server ends her connection
    with pytest.raises(ServerUnreachable):
        intake.save_intake(CLIENT, [])
    assert intake.load_draft() == {"client": {"last_name": "Tweebureau"}}  # still here
    case_id = intake.save_intake(CLIENT, [])  # connected again on the next call
    assert intake.load_draft() is None  # gone only after the server committed
    assert IntakeService(one).case(case_id).client.data.last_name == "Tweebureau"


def test_a_failed_save_keeps_the_draft(two_desks):
    one, _two = two_desks
    intake = IntakeService(one)
    intake.save_draft({"client": {"last_name": "Half"}})
    with pytest.raises(Exception):
        with one.db.transaction() as conn:
            from blijf_desktop.services import drafts

            drafts.discard_on_commit(one, conn, "intake")
            raise RuntimeError("the save fails before its commit")
    assert intake.load_draft() == {"client": {"last_name": "Half"}}


def test_drafts_are_kept_encrypted_at_the_desk_per_user(two_desks, tmp_path):
    one, two = two_desks
    IntakeService(one).save_draft({"client": {"last_name": "Geheimnaam"}})
    assert IntakeService(two).load_draft() is None  # another user, another store
    folder = tmp_path / "desk-1" / "server-drafts"
    [store] = list(folder.iterdir())
    assert store.name == role_name(FIRST) and "anouk" not in store.name
    data = b"".join(p.read_bytes() for p in store.iterdir() if p.is_file())
    assert b"Geheimnaam" not in data and b"anouk" not in data


def test_lock_and_unlock_on_the_server_keep_the_draft(two_desks):
    one, _two = two_desks
    intake = IntakeService(one)
    intake.save_draft({"client": {"first_names": "Nog Niet Klaar"}})
    one.lock()
    assert one.locked
    with pytest.raises(WrongCredentials):
        one.unlock("Verkeerd-Wachtwoord-99")
    one.unlock(FIRST_PASS)
    assert intake.load_draft() == {"client": {"first_names": "Nog Niet Klaar"}}
    assert intake.search("nog") == []  # the server answers again


def test_a_passphrase_changed_elsewhere_starts_a_new_draft_store_and_keeps_the_old(
        engine_server, tmp_path, device):
    server_login(engine_server, FIRST, FIRST_PASS, Role.HULPVERLENER, "Synth")
    auth = desk(engine_server, tmp_path / "desk", device)
    session = auth.login(FIRST, FIRST_PASS)
    IntakeService(session).save_draft({"client": {"last_name": "Van Voor"}})
    session.close()
    new = "Paarse-Ekster-Zingt-12"
    engine_server.admin.execute(f'ALTER ROLE "{role_name(FIRST)}" PASSWORD \'{new}\'')
    session = auth.login(FIRST, new)
    try:
        assert session.drafts_set_aside and IntakeService(session).load_draft() is None
        kept = [p.name for p in (tmp_path / "desk" / "server-drafts").iterdir()]
        assert len(kept) == 2 and any(".aside-" in name for name in kept)
    finally:
        session.close()


def test_an_account_disabled_while_locked_does_not_unlock(two_desks, engine_server):
    one, _two = two_desks
    one.lock()
    engine_server.admin.execute("UPDATE users SET active = 0 WHERE id = %s", (one.user.id,))
    with pytest.raises(ServerLoginRefused):
        one.unlock(FIRST_PASS)
    assert one.locked
