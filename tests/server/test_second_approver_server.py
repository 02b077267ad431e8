"""A second user confirms at another's desk on a server (issue 23; services/second_approver.py):
her passphrase is her login's password there, so the desk proves it by a short login as her
own role (ServerSession.prove_passphrase), never by a key slot it does not have. The server
names the account behind the login (blijf.my_user_id); a wrong passphrase, an unknown name, an account waiting
for its confirmation and a disabled one prove nothing."""

import pytest

from blijf_desktop.domain.roles import Role
from blijf_desktop.services.errors import WrongCredentials
from blijf_desktop.storage.pg.logins import role_name
from tests.server.fixtures import make_account, server_login
from tests.server.test_server_session import desk

AUTHOR, AUTHOR_PASS = "schrijver", "Oranje-Merel-Zingt-44"
LEAD, LEAD_PASS = "leider", "Paarse-Reiger-Staat-12"


@pytest.fixture
def author(engine_server, tmp_path, device):
    server_login(engine_server, AUTHOR, AUTHOR_PASS, Role.HULPVERLENER, "Synthetische Auteur")
    session = desk(engine_server, tmp_path / "desk", device).login(AUTHOR, AUTHOR_PASS)
    yield session
    session.close()


def _her_logins(engine_server, username) -> int:
    """Her connections, once a closed one's backend has ended (it ends just after the
    client closes, not with it)."""
    import time

    deadline = time.monotonic() + 5
    while True:
        count = engine_server.admin.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE usename = %s",
            (role_name(username),)).fetchone()[0]
        if count == 0 or time.monotonic() > deadline:
            return count
        time.sleep(0.05)


def test_her_passphrase_proves_her_account_and_leaves_no_connection(author, engine_server):
    server_login(engine_server, LEAD, LEAD_PASS, Role.TEAMLEIDER, "Synthetische Teamleider")
    author.prove_passphrase(LEAD, LEAD_PASS)  # no WrongCredentials
    assert _her_logins(engine_server, LEAD) == 0  # the proof's login is closed at once
    assert author.db.conn.execute("SELECT session_user").fetchone()[0] == role_name(AUTHOR)


def test_a_wrong_passphrase_or_an_unknown_name_proves_nothing(author, engine_server):
    server_login(engine_server, LEAD, LEAD_PASS, Role.TEAMLEIDER, "Synthetische Teamleider")
    for name, passphrase in ((LEAD, "Verkeerd-Wachtwoord-1"), ("bestaat-niet", LEAD_PASS)):
        with pytest.raises(WrongCredentials):
            author.prove_passphrase(name, passphrase)


def test_an_account_waiting_for_confirmation_proves_nothing(author, engine_server):
    make_account(engine_server.admin, LEAD, None, passphrase=LEAD_PASS)  # no app role yet
    engine_server.logins.add(role_name(LEAD))
    with pytest.raises(WrongCredentials):
        author.prove_passphrase(LEAD, LEAD_PASS)


def test_a_disabled_account_proves_nothing(author, engine_server):
    lead_id = server_login(engine_server, LEAD, LEAD_PASS, Role.TEAMLEIDER, "Synthetisch")
    engine_server.admin.execute("UPDATE users SET active = 0 WHERE id = %s", (lead_id,))
    with pytest.raises(WrongCredentials):  # her login maps to no active account
        author.prove_passphrase(LEAD, LEAD_PASS)
